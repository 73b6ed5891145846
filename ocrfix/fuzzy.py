"""The fuzzy fallback: frequent words within a small edit distance of a damaged token.

The confusion table knows the misreadings it has seen. For a token it can explain no other
way (`emetiertid`, `tyeks`), we compare the token with the ~30,000 most frequent Swedish word
forms (`ocrfix/data/sv_frequent.txt`, Zipf ≥ 3) of about its length, with rapidfuzz's
Levenshtein distance and a cut-off, which is fast enough in C to be done in full: there is no
scan of the whole 1.3 M-form lexicon.

    >>> [word for word, distance in nearest("tyeks")]
    ['tycks']
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

DATA_PATH = Path(__file__).resolve().parent / "data" / "sv_frequent.txt"

# Beyond this many edits two words are different words, not one misread; and a token must
# be long enough that so many edits leave most of it standing (a four-letter word has too
# many neighbours one edit away: `cite`, `lite`, `site`, `kite`).
MAX_DISTANCE = 2
MIN_LENGTH_PER_EDIT = 5


@functools.lru_cache(maxsize=1)
def _by_length() -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = defaultdict(list)
    for word in DATA_PATH.read_text(encoding="utf-8").split():
        buckets[len(word)].append(word)
    return dict(buckets)


def nearest(token: str, limit: int = 5) -> list[tuple[str, int]]:
    """Frequent words within the allowed distance of `token` (lower case), nearest first."""
    word = token.lower()
    max_distance = min(MAX_DISTANCE, len(word) // MIN_LENGTH_PER_EDIT)
    if max_distance < 1:
        return []
    buckets = _by_length()
    choices = [
        w
        for n in range(len(word) - max_distance, len(word) + max_distance + 1)
        for w in buckets.get(n, ())
    ]
    matches = process.extract(
        word, choices, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=limit
    )
    return [(match, int(distance)) for match, distance, _ in matches if match != word]
