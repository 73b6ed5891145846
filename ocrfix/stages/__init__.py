"""The repair stages, one concern each; :mod:`ocrfix.pipeline` runs them in order."""
