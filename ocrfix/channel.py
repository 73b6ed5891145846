"""The OCR channel: how likely an engine is to print `ocr` where the page said `truth`.

The table (`ocrfix/data/sv_confusions.tsv`) is learned by `lexicon/confusions.py` from pages
of Swedish that were rendered and read back by Tesseract, so it knows, for instance, that the
English model prints `d` for `ä` and `6` for `ö`, and `m` for `rn`::

    >>> model = get_confusions()
    >>> [truth for truth, _ in model.truths_for("6")]
    ['ö']

Candidate generation walks the damaged word left to right. At each position it either keeps
the letter or replaces a stretch the table knows (`d` → `ä`, `m` → `rn`), and it only goes on
while what it has built so far starts some word of the lexicon, so the search stays small
however long the word is. When the built part is a complete word that may begin a compound,
it may also start a new part: that is how `ungdomsvarden` finds `ungdoms` + `vården`, a
compound no word list holds.
"""

from __future__ import annotations

import functools
import heapq
import math
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ocrfix.lexicon import BEGIN, END, MIDDLE, STANDALONE, Lexicon

DATA_PATH = Path(__file__).resolve().parent / "data" / "sv_confusions.tsv"
HEADER = "#ocrfix-confusions v1"

# A lost letter is recoverable only when enough of the word is left to identify it: `nn`
# could be `nån`, `enn`, `inn`, ...
MIN_LENGTH_FOR_LOST_LETTER = 3

# What keeping a letter costs when the table never saw it misread (−log10 P(c|c)).
DEFAULT_KEEP_COST = 0.001


class Candidate(NamedTuple):
    """A word the damaged token may have been, with the evidence for it."""

    word: str  # lower case; the caller restores the token's case
    parts: tuple[str, ...]  # one part, or the parts of a compound
    channel_cost: float  # −log10 P(token | word)
    edits: tuple[tuple[str, str], ...]  # (ocr, truth) confusions used


@dataclass(frozen=True)
class ConfusionModel:
    """Confusions by the OCR string: `by_ocr["d"] == (("ä", 2.1), ("ö", 1.6), ...)`."""

    by_ocr: dict[str, tuple[tuple[str, float], ...]]
    keep_cost: dict[str, float]
    max_ocr_len: int

    def truths_for(self, ocr: str) -> tuple[tuple[str, float], ...]:
        """What `ocr` may have been on the page, cheapest first."""
        return self.by_ocr.get(ocr, ())

    def cost_of_keeping(self, char: str) -> float:
        return self.keep_cost.get(char, DEFAULT_KEEP_COST)

    @classmethod
    def load(cls, path: Path) -> ConfusionModel:
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or lines[0] != HEADER:
            raise ValueError(f"{path}: not an ocrfix confusion table (expected {HEADER!r})")
        by_ocr: dict[str, list[tuple[str, float]]] = {}
        lost: dict[str, float] = {}  # truth letter -> P(misread as anything)
        for line in lines[1:]:
            if line.startswith("#") or not line.strip():
                continue
            ocr, truth, count, truth_count, cost, *_ = line.split("\t")
            by_ocr.setdefault(ocr, []).append((truth, float(cost)))
            if len(truth) == 1:
                lost[truth] = lost.get(truth, 0.0) + 10 ** -float(cost)
        keep = {c: -math.log10(max(1e-6, 1.0 - p)) for c, p in lost.items()}
        return cls(
            {o: tuple(sorted(ts, key=lambda t: t[1])) for o, ts in by_ocr.items()},
            keep,
            max((len(o) for o in by_ocr), default=1),
        )


@functools.lru_cache(maxsize=2)
def get_confusions(path: str | None = None) -> ConfusionModel:
    """The packaged confusion table (or the one at `path`), loaded once."""
    return ConfusionModel.load(Path(path) if path else DATA_PATH)


def generate(
    token: str,
    lexicon: Lexicon,
    model: ConfusionModel,
    *,
    max_edits: int = 3,
    max_cost: float = 6.0,
    beam: float = 3.0,
    max_parts: int = 3,
) -> list[Candidate]:
    """Words `token` may be a misreading of, cheapest channel cost first.

    `token` is searched in lower case; the result holds listed words and compounds whose
    parts the lexicon accepts in their places. At most `max_edits` confusions are used, and
    a path is dropped once it costs `beam` more than the best word found.
    """
    word = token.lower()
    n = len(word)
    found: dict[str, Candidate] = {}
    best = math.inf
    # Heap of (cost, position, part being built, finished parts, edits).
    heap: list[tuple[float, int, str, tuple[str, ...], tuple[tuple[str, str], ...]]] = [
        (0.0, 0, "", (), ())
    ]
    settled: dict[tuple[int, str, tuple[str, ...]], float] = {}
    has_prefix = lexicon.has_prefix

    while heap:
        cost, i, part, parts, edits = heapq.heappop(heap)
        if cost > best + beam or cost > max_cost:
            break
        key = (i, part, parts)
        if settled.get(key, math.inf) <= cost:
            continue
        settled[key] = cost
        if i == n and part:
            entry = lexicon.lookup(part)
            if entry is not None:
                pieces: tuple[str, ...]
                if not parts and entry.flags & STANDALONE:
                    result, pieces = part, (part,)
                elif parts and entry.flags & END:
                    result, pieces = "".join(parts) + part, (*parts, part)
                    whole = lexicon.lookup(result)
                    if whole is not None and whole.flags & STANDALONE:
                        pieces = (result,)  # a listed word, whichever way it was reached
                else:
                    result, pieces = "", ()
                if result and result not in found:
                    found[result] = Candidate(result, pieces, cost, edits)
                    best = min(best, cost)
        # A finished part may begin (or continue) a compound.
        if part and len(parts) + 1 < max_parts and i < n:
            entry = lexicon.lookup(part)
            role = BEGIN if not parts else MIDDLE
            if entry is not None and entry.flags & role and len(part) >= 2:
                heapq.heappush(heap, (cost, i, "", (*parts, part), edits))
        if len(edits) < max_edits and n >= MIN_LENGTH_FOR_LOST_LETTER:
            # A letter the engine lost entirely: the table's rows with an empty OCR side.
            for truth, edit_cost in model.truths_for(""):
                grown = part + truth
                if has_prefix(grown) and not (edits and edits[-1][0] == ""):
                    heapq.heappush(
                        heap, (cost + edit_cost, i, grown, parts, (*edits, ("", truth)))
                    )
        if i == n:
            continue
        char = word[i]
        if char.isalpha() and has_prefix(part + char):
            heapq.heappush(
                heap, (cost + model.cost_of_keeping(char), i + 1, part + char, parts, edits)
            )
        if len(edits) >= max_edits:
            continue
        for length in range(1, min(model.max_ocr_len, n - i) + 1):
            ocr = word[i : i + length]
            for truth, edit_cost in model.truths_for(ocr):
                grown = part + truth
                if truth and not has_prefix(grown):
                    continue
                heapq.heappush(
                    heap, (cost + edit_cost, i + length, grown, parts, (*edits, (ocr, truth)))
                )
    return sorted(found.values(), key=lambda c: c.channel_cost)
