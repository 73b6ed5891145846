"""Remembering what was worked out, within a bound on memory.

A corpus repeats its words and its misreadings, so a process remembers what it worked out
for each (a token's readings, an alignment, a lexicon verdict). Each such cache holds at most
a set number of entries, chosen for the memory an entry takes; when it is full, its older half
is forgotten (a dict keeps the order entries came in), so what a corpus meets again soon stays
and a process's memory stays bounded however many documents it repairs. Where an answer is
costly to work out again, :func:`recall` makes each use count as new, so what is used often
stays however long ago it was first worked out.

>>> cache: dict[str, int] = {}
>>> for n, word in enumerate(["a", "b", "c", "d", "e"]):
...     _ = remember(cache, word, n, limit=4)
>>> cache
{'c': 2, 'd': 3, 'e': 4}
"""

from __future__ import annotations

import itertools
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remember(cache: dict[K, V], key: K, value: V, limit: int) -> V:
    """Store `value` under `key` in `cache`, which holds at most `limit` entries; return it."""
    if len(cache) >= limit:
        forget_older_half(cache)
    cache[key] = value
    return value


_MISSING = object()


def recall(cache: dict[K, V], key: K) -> V | None:
    """The value `cache` holds under `key` (None if none), made its newest entry.

    >>> cache = {"a": 1, "b": 2}
    >>> recall(cache, "a"), list(cache)
    (1, ['b', 'a'])
    """
    value = cache.pop(key, _MISSING)
    if value is _MISSING:
        return None
    cache[key] = value  # type: ignore[assignment]  # not _MISSING: a V
    return value  # type: ignore[return-value]


def forget_older_half(cache: dict[K, V]) -> None:
    """Forget the half of `cache`'s entries that came in first."""
    for key in list(itertools.islice(cache, len(cache) // 2)):
        del cache[key]


__all__ = ["remember", "recall", "forget_older_half"]
