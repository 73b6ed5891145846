"""
The messages ocrfix gives when it is called the wrong way, kept in one place.

They are constants so that tests can check the exact text, and so that the
wording can be improved in one spot. Each message says what to do instead.
"""

from __future__ import annotations

from ocrfix.config import Config

BYTES_ERROR_TEXT = """\
ocrfix works on text (str), but it was given bytes.

Use ocrfix.repair_bytes(data), which decodes bytes of unknown encoding
(UTF-8, UTF-16, Windows-1252, Latin-1, code page 850, Mac Roman) with the
help of the Swedish lexicon, or decode them yourself first, for example with
data.decode("utf-8").
"""

TYPE_ERROR_TEXT = "ocrfix works on text (str), but it was given {type_name}."

CONFIG_TYPE_ERROR_TEXT = (
    "config must be an ocrfix.Config (or None for the defaults), but it was given "
    "{type_name}. Make one with ocrfix.Config(...)."
)


def check_text(text: object) -> str:
    """
    Return ``text`` if it is a ``str``; raise a helpful TypeError if not.

    >>> check_text(None)
    Traceback (most recent call last):
      ...
    TypeError: ocrfix works on text (str), but it was given NoneType.
    """
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(BYTES_ERROR_TEXT)
    raise TypeError(TYPE_ERROR_TEXT.format(type_name=type(text).__name__))


def check_config(config: object) -> Config:
    """Return ``config``, or the default Config for None; refuse anything else."""
    if config is None:
        return _DEFAULT_CONFIG
    if isinstance(config, Config):
        return config
    raise TypeError(CONFIG_TYPE_ERROR_TEXT.format(type_name=type(config).__name__))


_DEFAULT_CONFIG = Config()
