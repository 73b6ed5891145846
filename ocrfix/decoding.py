"""Bytes of unknown encoding in, Swedish text out.

Files from Swedish archives come in UTF-8 (with or without a byte-order mark), UTF-16, and the
legacy 8-bit encodings: Windows-1252, Latin-1, DOS code page 850 and Mac Roman. A byte-order
mark settles it; valid UTF-8 is taken as UTF-8 (other encodings almost never produce it by
chance). Otherwise every legacy encoding that can decode the bytes is tried, and the Swedish
lexicon decides: the reading whose words with non-ASCII letters are Swedish wins.

    >>> decode_bytes("Östersjön är kall".encode("cp850"))
    ('Östersjön är kall', 'cp850')
    >>> decode_bytes("Östersjön är kall".encode("mac_roman"))
    ('Östersjön är kall', 'mac_roman')

Data that is not text at all (NUL bytes without a UTF-16 byte-order mark, or many control
characters) is refused with a ValueError rather than turned into nonsense.
"""

from __future__ import annotations

import codecs

import regex

from ocrfix.lexicon import get_lexicon

# The legacy encodings we consider, in the order a tie is settled: Windows-1252 first, as
# the most common, and Latin-1 (its subset for letters) next.
LEGACY_ENCODINGS: tuple[str, ...] = ("cp1252", "latin-1", "cp850", "mac_roman")

BINARY_ERROR_TEXT = (
    "the data looks binary, not text ({reason}); ocrfix repairs text files only"
)

# A text file may have a few control characters (form feeds, a stray escape); more than this
# share of them is a binary file.
MAX_CONTROL_SHARE = 0.02
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
_NON_ASCII_WORD_RE = regex.compile(r"\p{L}*[^\x00-\x7f\s\p{P}\p{N}]\p{L}*")


def _check_not_binary(data: bytes) -> None:
    if b"\x00" in data:
        raise ValueError(BINARY_ERROR_TEXT.format(reason="it contains NUL bytes"))
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise ValueError(
            BINARY_ERROR_TEXT.format(reason=f"{controls} control bytes in its first {len(sample)}")
        )


def _swedishness(text: str) -> int:
    """Words with non-ASCII letters that are Swedish, less those that are not."""
    lexicon = get_lexicon()
    score = 0
    for word in _NON_ASCII_WORD_RE.findall(text):
        if word.isalpha() and lexicon.is_word(word):
            score += 1
        else:
            score -= 1
    return score


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode `data` and say how: `(text, encoding name)`.

    The name is a Python codec name: `utf-8`, `utf-8-sig`, `utf-16`, `cp1252`, `latin-1`,
    `cp850` or `mac_roman`.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_bytes takes bytes, but it was given {type(data).__name__}")
    data = bytes(data)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise ValueError(
                f"the data has a UTF-8 byte-order mark but is not UTF-8: {error}"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise ValueError(f"the data has a UTF-16 byte-order mark but is not UTF-16: {error}")
    _check_not_binary(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[int, int, str, str] | None = None
    for rank, encoding in enumerate(LEGACY_ENCODINGS):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        key = (_swedishness(text), -rank, text, encoding)
        if best is None or key[:2] > best[:2]:
            best = key
    assert best is not None  # latin-1 decodes any bytes
    return best[2], best[3]
