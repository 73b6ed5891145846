"""The OCR channel: how likely an engine is to print `ocr` where the page said `truth`.

Every misreading is possible, at a cost (−log10 of its probability). The **general prior**
says what any engine tends to do, from the shapes of the glyphs alone:

- a mark added, dropped or changed on the same letter (`a`/`ä`/`å`, `o`/`ö`/`ø`, `é`/`e`):
  :data:`MARK_COST`;
- shapes that look alike (`rn`/`m`, `cl`/`d`, `li`/`h`, `ii`/`ä`, `1`/`l`/`I`, `0`/`O`/`ö`,
  `6`/`ö`, `&`/`å`, `f`/`t`, `e`/`c`, `B`/`R`, `n`/`u`): :data:`LOOKALIKE_COST`;
- a mark for a glyph the engine could not read (`_`, `[`, `~`, `|` ...): it stands for some
  letter, any one, so it costs little (:data:`GLYPH_COST`);
- any other substitution, a letter lost or a letter added: more.

Tables learned from OCR output (the packaged Tesseract profile, a corpus profile, what a page
shows; see :mod:`ocrfix.profile`) lower the costs of what that engine really does. The costs
of a reading come from aligning the token with the word (:func:`align`) into runs of
difference:

    >>> align("socialndmnden", "socialnämnden")
    ((('d', 'ä'),), 'socialnmnden')
    >>> channel = Channel()
    >>> round(channel.run_cost("rn", "m"), 2), round(channel.run_cost("q", "ä"), 2)
    (2.5, 4.0)
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

from rapidfuzz.distance import Levenshtein

from ocrfix.folding import same_class
from ocrfix.memo import remember

#: Marks an engine prints where it could not read a glyph: each stands for some letter.
UNKNOWN_GLYPHS = frozenset("[]_~^*|\\{}¦\ufffd")

#: The same letter with a mark added, dropped or changed (`a` for `å`, `ø` for `ö`).
MARK_COST = 2.0
#: Glyphs of like shape (`rn`/`m`, `1`/`l`, `6`/`ö`, `f`/`t`).
LOOKALIKE_COST = 2.5
#: Letters an engine confuses within one family of the folded key (`o` for `å`).
FAMILY_COST = 3.0
#: An unknown-glyph mark for one letter, any letter.
GLYPH_COST = 1.0
#: An unknown-glyph mark printed where there was no letter (a speck read as a glyph).
GLYPH_EXTRA_COST = 2.0
#: Any other substitution of one letter.
OTHER_COST = 4.0
#: A wide glyph read as two (`ii` or `id` for `ä`), or two as one, costs the cheaper of the
#: two glyphs' own misreadings of the letter and this.
SPLIT_COST = 1.5
#: A letter printed that was not there.
INSERT_COST = 4.0
#: A letter the engine lost.
DELETE_COST = 3.5

# Look-alike glyphs, both ways: each pair is a confusion of shape every engine makes.
_LOOKALIKE_PAIRS = """
    rn:m cl:d li:h in:m ni:m nn:m iu:m ri:n vv:w ii:ü ii:ä ii:ö fi:n fl:n lt:k
    1:l 1:i 1:I l:I l:i i:j l:| i:| I:| l:! i:! f:t t:l c:e e:o n:u u:v v:y h:b h:n
    o:0 O:0 ö:0 ö:6 b:6 G:6 å:4 ä:4 a:4 s:5 S:5 z:2 Z:2 B:8 g:9 q:9 D:O O:Q C:G
    B:R P:R F:P E:F D:n &:å @:å @:a é:ö é:å ü:ö ø:ö æ:ä
"""
_LOOKALIKES = frozenset(
    pair
    for item in _LOOKALIKE_PAIRS.split()
    for a, b in [item.split(":")]
    for pair in ((a.lower(), b.lower()), (b.lower(), a.lower()))
)
_MULTI_LOOKALIKE_LENGTH = 2
# Unreadable-glyph marks that are also a letter's look-alike (`|` for `l`): as a run of their
# own the general prior prices them as the look-alike, inside a longer run as an unreadable
# glyph, which is cheaper (Channel.run_cost).
_DEARER_ALONE = frozenset(ocr for ocr, _ in _LOOKALIKES if ocr in UNKNOWN_GLYPHS)


def is_lookalike(ocr: str, truth: str) -> bool:
    """True for glyphs of like shape (`rn`/`m`, `n`/`u`, `c`/`e`), either way round."""
    return (ocr.lower(), truth.lower()) in _LOOKALIKES


def _base(char: str) -> str:
    """The letter without its mark: `å` → `a`, `ø` → `o`, `æ` → `a`."""
    special = {"ø": "o", "æ": "a", "œ": "o"}
    if char in special:
        return special[char]
    return unicodedata.normalize("NFD", char)[:1]


def single_cost(ocr: str, truth: str) -> float:
    """The general prior's cost of printing the character `ocr` for `truth` (lower case)."""
    if ocr == truth:
        return 0.0
    if ocr in UNKNOWN_GLYPHS:
        return GLYPH_COST
    if (ocr, truth) in _LOOKALIKES:
        return LOOKALIKE_COST
    if ocr.isalpha() and truth.isalpha() and _base(ocr) == _base(truth):
        return MARK_COST
    if same_class(ocr, truth):
        return FAMILY_COST
    return OTHER_COST


def _general_single(ocr: str, truth: str) -> float:
    """The general prior's cost of one glyph for one letter, a glyph for none (`truth` is
    empty) or none for a letter (`ocr` is empty)."""
    if not truth:
        return GLYPH_EXTRA_COST if ocr in UNKNOWN_GLYPHS else INSERT_COST
    if not ocr:
        return DELETE_COST
    return single_cost(ocr, truth)


def cost_by_parts(ocr: str, truth: str, single: Callable[[str, str], float]) -> float:
    """The cheapest way to explain the run `ocr` printed for `truth` glyph by glyph, with
    `single` pricing one glyph for one letter, for none, or none for a letter; look-alike pairs
    (`rn` for `m`); and a wide glyph read as two, or two as one (`ii` or `id` for `ä`), priced
    as the cheaper of its usual misreadings plus SPLIT_COST."""
    n, m = len(ocr), len(truth)
    # A small edit-distance table: runs are a few letters long. Each glyph's price for each
    # letter, for none, and each letter's loss are asked of `single` once, not once a cell
    # (a split or a merge prices the same glyph and letter as a cell beside it).
    lost = [single("", letter) for letter in truth]
    prices = [[single(glyph, letter) for letter in truth] for glyph in ocr]
    # The letter pairs a glyph may be read as one of (`m` for `rn`), in column order.
    letter_pairs = [truth[j - 2 : j] for j in range(2, m + 1)]
    row = [0.0] * (m + 1)
    for j in range(1, m + 1):
        row[j] = row[j - 1] + lost[j - 1]
    above2: list[float] = []  # the row two rows up, once there is one
    for i in range(1, n + 1):
        glyph = ocr[i - 1]
        price = prices[i - 1]
        added = single(glyph, "")
        above = row
        row = [above[0] + added] + [0.0] * m
        glyph_pair = ocr[i - 2 : i] if i >= 2 else ""
        price2 = prices[i - 2] if i >= 2 else price
        for j in range(1, m + 1):
            # (Comparisons, not min(): this loop is the channel's hot spot.)
            best = above[j - 1] + price[j - 1]
            other = above[j] + added
            if other < best:
                best = other
            other = row[j - 1] + lost[j - 1]
            if other < best:
                best = other
            if i >= 2:
                if (glyph_pair, truth[j - 1]) in _LOOKALIKES:
                    other = above2[j - 1] + LOOKALIKE_COST
                else:
                    other = above2[j - 1] + (min(price2[j - 1], price[j - 1]) + SPLIT_COST)
                if other < best:
                    best = other
            if j >= 2:
                if (glyph, letter_pairs[j - 2]) in _LOOKALIKES:
                    other = above[j - 2] + LOOKALIKE_COST
                else:
                    other = above[j - 2] + (min(price[j - 2], price[j - 1]) + SPLIT_COST)
                if other < best:
                    best = other
            row[j] = best
        above2 = above
    return row[m]


def general_cost(ocr: str, truth: str) -> float:
    """The general prior's cost of the run `ocr` printed for `truth`."""
    if (ocr, truth) in _LOOKALIKES:
        return LOOKALIKE_COST
    if len(ocr) <= 1 and len(truth) <= 1:
        return _general_single(ocr, truth)
    return cost_by_parts(ocr, truth, _general_single)


Runs = tuple[tuple[str, str], ...]

# Alignments already made: a corpus repeats its misreadings. At most this many (ocrfix.memo;
# about 440 bytes each).
_ALIGNED: dict[tuple[str, str], tuple[Runs, str]] = {}
_ALIGNED_LIMIT = 20_000
# A channel's costs of runs remembered at most (about 150 bytes each): the priors live as
# long as the process.
_RUN_COSTS_LIMIT = 30_000


def align(token: str, word: str) -> tuple[Runs, str]:
    """The runs (ocr, truth) in which lower-case `token` differs from `word`, and the
    letters it printed right (in order), from the fewest edits that turn one into the other.
    """
    one = _one_edit(token, word)
    if one is not None:
        return one
    key = (token, word)
    known = _ALIGNED.get(key)
    if known is not None:
        return known
    return remember(_ALIGNED, key, _aligned_by_table(token, word), _ALIGNED_LIMIT)


def _aligned_by_table(token: str, word: str) -> tuple[Runs, str]:
    """`align`'s answer from the edit table: any pair."""
    runs: list[tuple[str, str]] = []
    kept: list[str] = []
    # A run of edits between two equal stretches is one run: where it starts in each string.
    ocr_from = truth_from = -1
    # Plain tuples (tag, src_start, src_end, dest_start, dest_end), cheaper to read than the
    # Opcode objects: `as_list` gives tuples, as rapidfuzz documents (its stubs say Opcode).
    opcodes = cast(
        "list[tuple[str, int, int, int, int]]", Levenshtein.opcodes(token, word).as_list()
    )
    for tag, src_start, src_end, dest_start, dest_end in opcodes:
        if tag == "equal":
            if ocr_from >= 0:
                runs.append((token[ocr_from:src_start], word[truth_from:dest_start]))
                ocr_from = -1
            kept.append(token[src_start:src_end])
        elif ocr_from < 0:
            ocr_from, truth_from = src_start, dest_start
    if ocr_from >= 0:
        runs.append((token[ocr_from:], word[truth_from:]))
    # A run of letters for as many letters is that many misreadings, each its own evidence
    # (`a__` for `att` is `_` for `t` twice).
    split: list[tuple[str, str]] = []
    for ocr, truth in runs:
        if len(ocr) == len(truth) > 1:
            split.extend(zip(ocr, truth))
        else:
            split.append((ocr, truth))
    return tuple(split), "".join(kept)


def _one_edit(token: str, word: str) -> tuple[Runs, str] | None:
    """What `align` makes of a token one edit from `word` (a letter misread, lost or added),
    found by comparing the two from the start; None for any other pair. Such a pair has only
    one alignment (a lost or added letter in a run of equal ones is the same letter wherever
    it is put), so it needs no edit table, and no room in the memo."""
    length = len(token)
    extra = length - len(word)
    if not -1 <= extra <= 1:
        return None
    at = 0
    shorter = min(length, len(word))
    while at < shorter and token[at] == word[at]:
        at += 1
    if extra == 0:
        if at == length or token[at + 1 :] != word[at + 1 :]:
            return None
        return ((token[at], word[at]),), token[:at] + token[at + 1 :]
    if extra == 1:  # the token has a glyph more, one the page does not have
        return (((token[at], ""),), word) if token[at + 1 :] == word[at:] else None
    return ((("", word[at]),), token) if token[at:] == word[at + 1 :] else None


class Channel:
    """Costs of misreadings: learned ones where known, the general prior elsewhere.

    `costs` maps (ocr, truth) runs to −log10 P(ocr | truth); `keep_costs` maps a letter to
    −log10 P(printed right | letter), for letters a page misreads so often that printing
    them right is itself news (default: free).
    """

    __slots__ = ("costs", "keep_costs", "_cache")

    def __init__(
        self,
        costs: Mapping[tuple[str, str], float] | None = None,
        keep_costs: Mapping[str, float] | None = None,
    ) -> None:
        self.costs = dict(costs or {})
        self.keep_costs = dict(keep_costs or {})
        self._cache: dict[tuple[str, str], float] = {}

    def run_cost(self, ocr: str, truth: str) -> float:
        """−log10 P(`ocr` printed | `truth` on the page) for one run: as learned, or as its
        glyphs explain it one by one, whichever is cheaper."""
        key = (ocr, truth)
        cost = self._cache.get(key)
        if cost is None:
            learned = self.costs.get(key, math.inf)
            if len(ocr) <= 1 and len(truth) <= 1:
                cost = min(learned, general_cost(ocr, truth))
            elif _DEARER_ALONE.isdisjoint(ocr):
                # Glyph by glyph a plain channel (each subclass prices runs its own way) is
                # never dearer than the general prior, so neither is its table than
                # general_cost's: only a look-alike pair whole can be cheaper, and the
                # general table need not be filled.
                whole = LOOKALIKE_COST if key in _LOOKALIKES else math.inf
                cost = min(learned, whole, cost_by_parts(ocr, truth, self.run_cost))
            else:
                cost = min(learned, general_cost(ocr, truth),
                           cost_by_parts(ocr, truth, self.run_cost))
            remember(self._cache, key, cost, _RUN_COSTS_LIMIT)
        return cost

    def cost(self, runs: Runs, kept: str) -> float:
        """−log10 P(token | word) for a reading aligned into `runs` and the `kept` letters."""
        # A run is its own key in the costs known (every channel's run_cost keeps them so):
        # most are known, and asked for there without a call.
        known = self._cache
        total = 0.0
        for run in runs:
            cost = known.get(run)
            total += self.run_cost(run[0], run[1]) if cost is None else cost
        return total + self.keep_cost(kept)

    def keep_cost(self, token: str) -> float:
        """−log10 P(token printed as it stands | it is the word on the page)."""
        if not self.keep_costs:
            return 0.0
        keep = self.keep_costs
        # Only the letters with a cost: adding 0.0 for the others changes no sum.
        return sum([keep[char] for char in token if char in keep], 0.0)


def table_rows(path: Path, header: str) -> list[list[str]]:
    """The rows of a confusion table written by lexicon/confusions.py, each split into its
    fields: ocr, truth, count, truth count, cost."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != header:
        raise ValueError(f"{path}: not an ocrfix confusion table (expected {header!r})")
    return [line.split("\t") for line in lines[1:] if line.strip() and not line.startswith("#")]


def load_table(path: Path, header: str) -> dict[tuple[str, str], float]:
    """The (ocr, truth) → cost rows of a confusion table written by lexicon/confusions.py."""
    return {(ocr, truth): float(cost) for ocr, truth, _, _, cost, *_ in table_rows(path, header)}
