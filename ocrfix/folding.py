"""The folded key: a word with the letters OCR engines confuse collapsed into one class.

Every engine has its own misreadings, but they fall into a few families: the Swedish vowels
with and without their marks (`å`, `ä`, `a`, `ö`, `o`, and `é`, `æ`, `ø`, which the English,
German and Danish models print for them), the digits that look like them (`4`, `6`, `0`), the
thin strokes (`i`, `l`, `1`, `I`, `|`) and a few shapes that merge (`rn` for `m`). A word and
any misreading of it inside those families have the same key::

    >>> fold("Socialnämnden") == fold("Socialnåmnden") == fold("socialnamnden")
    True
    >>> fold("6verens") == fold("överens"), fold("ti11") == fold("till")
    (True, True)
    >>> fold("sorn") == fold("som")
    True

so the candidate index (:mod:`ocrfix.candidates`) finds all of them with one look-up, however
many such letters a word lost. A misreading across families (`d` for `ä`, `t` for `f`) is one
edit between keys, which the index finds another way. The key is only a way to find
candidates: how likely each reading is, is the channel's business (:mod:`ocrfix.channel`).

The builder of the index (`lexicon/index.py`) and the reader use this one function, so the
packaged index must be rebuilt whenever :data:`FOLD_VERSION` changes.
"""

from __future__ import annotations

#: Bumped whenever the classes change: the packaged index records the version it was built
#: with, and the reader refuses an index built with another.
FOLD_VERSION = 1

# Each class is named by the character it folds to; every member is a character some engine
# prints for another member (or a mark that engines add or drop on it).
_CLASSES = {
    # The vowels whose marks engines lose or mistake for each other: å/ä/a (German models
    # print ä for å, Danish ones å for ä and ö, English ones a, é or 4), ö/o/ø (6 and 0 for
    # ö), and é, which the English model prints for ö and å.
    "a": "aàáâãäåæªoòóôõöøœéè@&460",
    # Thin upright strokes: i, l, the digit 1, the capital I (lower-cased to i) and a bar.
    "i": "iíìîïl1|!¡",
    "e": "eêë",
    "u": "uüúùû",
    "y": "yýÿ",
    "s": "s5$§",
    "z": "z2",
    "n": "nñ",
    "c": "cç",
    "b": "b8",
    "g": "g9",
}

# Glyph pairs that engines read as one letter (and the reverse): folded before the classes,
# so that `sorn` and `som` meet. Only pairs rare inside Swedish words: `in`, `nn` and `li`
# are common there and would blur too many words together.
_MERGES = (("rn", "m"), ("cl", "d"), ("vv", "w"))

_FOLD_MAP = str.maketrans(
    {char: name for name, members in _CLASSES.items() for char in members}
)


def fold(word: str) -> str:
    """The folded key of `word` (lower-cased first)."""
    key = word.lower()
    for pair, single in _MERGES:
        if pair in key:
            key = key.replace(pair, single)
    return key.translate(_FOLD_MAP)


def same_class(a: str, b: str) -> bool:
    """True when the single characters `a` and `b` fold to the same class."""
    return a.lower().translate(_FOLD_MAP) == b.lower().translate(_FOLD_MAP)
