"""
ocrfix on parallel frameworks.

Each integration is a module of its own with its own optional dependencies, so importing this
package (or :mod:`ocrfix`) imports none of them:

- :mod:`ocrfix.integrations.dask`: repair a ``dask.bag`` of texts or a text column of a
  ``dask.dataframe`` (``pip install 'ocrfix[dask]'``).
- :mod:`ocrfix.integrations.spacy`: ocrfix as the tokenizer of a spaCy pipeline, with extensions
  that lead back to the original text (``pip install 'ocrfix[spacy]'``).

Spark needs no module: the pattern is a few lines of PySpark, documented in ``docs/spark.md``.
"""
