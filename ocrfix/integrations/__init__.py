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

from __future__ import annotations


def missing_extra(module: str, needs: str, extra: str, error: ImportError) -> ImportError:
    """The error an integration raises at import when its extra is not installed: what it
    needs, what was missing, and the command that installs it."""
    return ImportError(
        f"{module} needs {needs}, and an import failed: {error}. "
        f"Install with: pip install 'ocrfix[{extra}]'"
    )
