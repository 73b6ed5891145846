"""
ocrfix on parallel frameworks.

Each integration is a module of its own with its own optional dependencies, so importing this
package (or :mod:`ocrfix`) imports none of them:

- :mod:`ocrfix.integrations.dask`: repair a ``dask.bag`` of texts or a text column of a
  ``dask.dataframe`` (``pip install 'ocrfix[dask]'``).

Spark needs no module: the pattern is a few lines of PySpark, documented in ``docs/spark.md``.
"""
