"""The damage profile: what an engine did to a page, a corpus, or the pages of one engine.

A profile counts misreadings: how often the page said `truth` and the engine printed `ocr`
instead (``confusions``), and how often each letter occurred at all (``letters``), printed
right or wrong. From these and a prior, :meth:`Profile.channel` makes the costs the word
stage weighs readings with (:class:`ocrfix.channel.Channel`):

    rate(ocr | truth) = (confusions[ocr, truth] + STRENGTH · prior) / (letters[truth] + STRENGTH)

so a page that printed `å` for `ä` forty times, and never printed an `ä`, reads `år` as `är`,
while a page that printed `ä` right two hundred times makes any misreading of `ä` less likely
than the prior says. The prior weighs as much as a few lines of text: a short page soon
speaks for itself, and a page that shows nothing is judged by the prior alone.

There are two priors, one for each kind of question:

- a token no lexicon knows (`åven`) shows that something was misread, so any known misreading
  may explain it: the **open** prior is the general prior of :mod:`ocrfix.channel`, with the
  packaged Tesseract profile where it knows more;
- a real word (`år`) is changed only as often as the page's own evidence says its engine
  makes that misreading: the **clean** prior is what careful typing does, about once in a
  thousand letters for a lost mark.

Profiles are learned per page by the word stage, or per corpus with ``ocrfix profile learn``
(:func:`ocrfix.learn.learn_corpus`), saved as JSON, and read back with ``Config(profile=...)``:
a corpus profile then stands in for the prior on every page of that corpus.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ocrfix.channel import (
    MARK_COST,
    Channel,
    cost_by_parts,
    general_cost,
    is_lookalike,
    load_table,
    table_rows,
)
from ocrfix.memo import remember

FORMAT = "ocrfix-profile/1"
DATA_PATH = Path(__file__).resolve().parent / "data" / "sv_confusions.tsv"
TABLE_HEADER = "#ocrfix-confusions v1"

#: How many occurrences of a letter the prior weighs as, when a page's rates are estimated.
STRENGTH = 10.0
#: The clean prior: how much rarer a misreading is in carefully typed text than the general
#: prior says OCR makes it. A lost mark (MARK_COST 2.0) becomes about one in a thousand.
CLEAN_SHIFT = 1.0
#: A letter whose printed-right rate a page lowers this far costs at most this to keep.
MAX_KEEP_COST = 1.0
#: How much a page's evidence of one look-alike confusion (`n` for `u`) counts for the
#: reverse one (`u` for `n`).
REVERSE_WEIGHT = 0.5
#: A corpus profile's rate counts for real words only once seen this often in the corpus.
MIN_CORPUS_EVIDENCE = 5.0

_ALL = ""  # the key of `letters` that counts every letter (the truth of an added glyph)


@dataclass
class Profile:
    """Counts of misreadings and of letters, with where they were learned."""

    confusions: dict[tuple[str, str], float] = field(default_factory=dict)
    letters: dict[str, float] = field(default_factory=dict)
    documents: int = 0
    source: str = ""

    # -- counting -------------------------------------------------------------------------

    def add_letters(self, text: str, weight: float = 1.0) -> None:
        """Count the letters of `text` (lower case) as occurrences of themselves."""
        letters = self.letters
        for char in text:
            letters[char] = letters.get(char, 0.0) + weight
        letters[_ALL] = letters.get(_ALL, 0.0) + weight * len(text)

    def add_confusion(self, ocr: str, truth: str, weight: float) -> None:
        key = (ocr, truth)
        self.confusions[key] = self.confusions.get(key, 0.0) + weight

    def update(self, other: Profile) -> None:
        """Add the counts of `other` to these."""
        for key, count in other.confusions.items():
            self.confusions[key] = self.confusions.get(key, 0.0) + count
        for char, count in other.letters.items():
            self.letters[char] = self.letters.get(char, 0.0) + count
        self.documents += other.documents

    @property
    def letter_count(self) -> float:
        """How many letters the profile was learned from, printed right or wrong."""
        return self.letters.get(_ALL, 0.0)

    def occurrences(self, truth: str) -> float:
        """How often `truth` occurred: a letter's count, the rarest letter of a longer
        truth, or every letter for an added glyph (truth ``""``)."""
        if len(truth) == 1 or not truth:
            return self.letters.get(truth, 0.0)
        return min(self.letters.get(char, 0.0) for char in truth)

    def rate(self, ocr: str, truth: str) -> float:
        """The profile's own rate of printing `ocr` for `truth` (0 when it never saw
        `truth`)."""
        seen = self.occurrences(truth)
        if seen <= 0:
            return 0.0
        return min(1.0, self.confusions.get((ocr, truth), 0.0) / seen)

    # -- channels ---------------------------------------------------------------------------

    def channel(self, prior: Channel, *, strength: float = STRENGTH) -> Channel:
        """The costs of this profile's evidence drawn towards `prior` (see the module)."""
        return PosteriorChannel(self, prior, strength)

    # -- reading it -------------------------------------------------------------------------

    def top(self, n: int = 15) -> list[tuple[str, str, float, float]]:
        """The `n` commonest misreadings: (ocr, truth, count, rate), most frequent first."""
        rows = [
            (ocr, truth, count, self.rate(ocr, truth))
            for (ocr, truth), count in self.confusions.items()
            if count > 0
        ]
        rows.sort(key=lambda row: (-row[2], row[0], row[1]))
        return rows[:n]

    def describe(self, n: int = 15) -> str:
        """The profile as text: where it was learned, then its commonest misreadings."""
        lines = [
            f"profile: {self.source or 'unnamed'} ({self.documents} document"
            f"{'s' if self.documents != 1 else ''}, {self.letter_count:,.0f} letters)",
            f"{'printed':>8}  {'for':<6} {'count':>8}  {'rate':>6}",
        ]
        for ocr, truth, count, rate in self.top(n):
            lines.append(f"{ocr or '∅':>8}  {truth or '∅':<6} {count:8.1f}  {rate:6.3f}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        rows = sorted(
            ((ocr, truth, round(count, 3)) for (ocr, truth), count in self.confusions.items()
             if count >= 0.001),
            key=lambda row: (-row[2], row[0], row[1]),
        )
        confusions = [list(row) for row in rows]
        return {
            "format": FORMAT,
            "source": self.source,
            "documents": self.documents,
            "letters": {c: round(v, 3) for c, v in sorted(self.letters.items())},
            "confusions": confusions,
        }

    def dumps(self) -> str:
        """The profile as its file holds it (JSON)."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.dumps(), encoding="utf-8")

    @classmethod
    def from_json(cls, data: object, where: str = "profile") -> Profile:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{where}: not an ocrfix profile (expected format {FORMAT!r})")
        try:
            letters = {str(c): float(v) for c, v in data["letters"].items()}
            confusions = {
                (str(ocr), str(truth)): float(count) for ocr, truth, count in data["confusions"]
            }
            documents = int(data.get("documents", 0))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"{where}: a malformed ocrfix profile ({error})") from None
        if any(v < 0 or math.isnan(v) for v in (*letters.values(), *confusions.values())):
            raise ValueError(f"{where}: a malformed ocrfix profile (negative counts)")
        return cls(confusions, letters, documents, str(data.get("source", "")))

    @classmethod
    def loads(cls, text: str, where: str = "profile") -> Profile:
        """The profile a file holds, from its text; `where` names it in errors."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"{where}: not an ocrfix profile (bad JSON: {error.msg})") from None
        return cls.from_json(data, where)

    @classmethod
    def load(cls, path: str | Path) -> Profile:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise ValueError(f"{path}: cannot read the profile ({error.strerror})") from None
        return cls.loads(text, str(path))


# Marks an engine, a code page or a keyboard drops: the plain letter printed for the marked.
DROPPED_MARKS = (("a", "å"), ("a", "ä"), ("o", "ö"), ("e", "é"))


# What a run's prior rate takes from the prior channel, which no page changes: its rate,
# whether it is a look-alike pair and whether it drops a mark. Every page's channel asks
# for the same runs again. At most this many (ocrfix.memo; about 200 bytes each).
_PRIOR_PARTS: dict[tuple[Channel, str, str], tuple[float, bool, bool]] = {}
_PRIOR_PARTS_LIMIT = 30_000


class PosteriorChannel(Channel):
    """A channel whose costs are a profile's counts drawn towards a prior channel's.

    Lost marks are pooled first: whatever drops the ring of `å` drops the dots of `ä` and
    `ö` too, and a short page has too few of any one of them to judge it alone. So the
    prior of each dropped mark is the rate of all of them together, when that is higher.
    """

    __slots__ = ("profile", "prior", "strength", "_dropped")

    def __init__(self, profile: Profile, prior: Channel, strength: float) -> None:
        misread_by_letter: dict[str, float] = {}
        for (_, truth), count in profile.confusions.items():
            if len(truth) == 1:
                misread_by_letter[truth] = misread_by_letter.get(truth, 0.0) + count
        keep: dict[str, float] = {}
        for char, misread in misread_by_letter.items():
            if misread < 1.0:
                continue  # one stray reading says nothing about how a letter prints
            seen = profile.occurrences(char)
            right = 1.0 - (misread / (seen + strength))
            keep[char] = min(MAX_KEEP_COST, -math.log10(max(right, 1e-9)))
        super().__init__(prior.costs, keep)
        self.profile = profile
        self.prior = prior
        self.strength = strength
        dropped = sum(profile.confusions.get(pair, 0.0) for pair in DROPPED_MARKS)
        marked = sum(profile.occurrences(truth) for _, truth in DROPPED_MARKS)
        self._dropped = (dropped, marked)

    def _prior_rate(self, ocr: str, truth: str, own: float = 0.0) -> float:
        key = (self.prior, ocr, truth)
        known = _PRIOR_PARTS.get(key)
        if known is None:
            known = remember(_PRIOR_PARTS, key, (
                10 ** -self.prior.run_cost(ocr, truth),
                bool(ocr and truth and is_lookalike(ocr, truth)),
                (ocr, truth) in DROPPED_MARKS,
            ), _PRIOR_PARTS_LIMIT)
        prior, lookalike, dropped_mark = known
        if lookalike:
            # Glyphs of like shape are confused both ways (`n` for `u` and `u` for `n`):
            # what the page shows one way is evidence for the other, at half weight.
            reverse = self.profile.confusions.get((truth, ocr), 0.0)
            if reverse:
                seen = self.profile.occurrences(ocr)
                prior = max(prior, REVERSE_WEIGHT * reverse / (seen + self.strength))
        if dropped_mark:
            dropped, marked = self._dropped
            pooled = (max(0.0, dropped - own) + self.strength * prior) / (
                max(0.0, marked - own) + self.strength
            )
            prior = max(prior, pooled)
        return prior

    def run_cost_without(self, ocr: str, truth: str, own: float) -> float:
        """The run's cost with `own` of its count (and as many of its letter) left out."""
        # Every page's channels price their runs afresh (run_cost asks this with `own` 0),
        # so this is the channel's hot spot: its bounds are compared, not passed to min()
        # and max().
        prior = self._prior_rate(ocr, truth, own)
        profile = self.profile
        count = profile.confusions.get((ocr, truth), 0.0) - own
        if not count > 0.0:
            count = 0.0
        seen = profile.occurrences(truth) - own
        if not seen > 0.0:
            seen = 0.0
        strength = self.strength
        total = seen + strength
        rate = (count + strength * prior) / (total if total > 1e-12 else 1e-12)
        return -math.log10(1.0 if rate > 1.0 else rate if rate > 1e-12 else 1e-12)

    def run_cost(self, ocr: str, truth: str) -> float:
        key = (ocr, truth)
        cost = self._cache.get(key)
        if cost is None:
            cost = self.run_cost_without(ocr, truth, 0.0)
            if len(ocr) > 1 or len(truth) > 1:
                # A longer run may be cheaper glyph by glyph, at the page's own rates.
                by_parts = cost_by_parts(ocr, truth, self.run_cost)
                if by_parts < cost:
                    cost = by_parts
            self._cache[key] = cost
        return cost


class _ShiftedChannel(Channel):
    """A channel whose every cost is another's plus a constant (the clean prior)."""

    __slots__ = ("base", "shift")

    def __init__(self, base: Channel, shift: float) -> None:
        super().__init__(base.costs, base.keep_costs)
        self.base = base
        self.shift = shift

    def run_cost(self, ocr: str, truth: str) -> float:
        key = (ocr, truth)
        cost = self._cache.get(key)
        if cost is None:
            cost = self.base.run_cost(ocr, truth) + self.shift
            self._cache[key] = cost
        return cost


@functools.lru_cache(maxsize=1)
def packaged_profile() -> Profile:
    """The packaged prior profile: Tesseract 5 (English and Swedish models) on rendered
    Swedish pages (`ocrfix/data/sv_confusions.tsv`, learned by lexicon/confusions.py)."""
    profile = Profile(source="packaged: Tesseract 5 eng+swe on rendered Swedish")
    for ocr, truth, count, truth_count, *_ in table_rows(DATA_PATH, TABLE_HEADER):
        profile.confusions[(ocr, truth)] = float(count)
        if len(truth) <= 1:
            profile.letters[truth] = max(profile.letters.get(truth, 0.0), float(truth_count))
    return profile


@functools.lru_cache(maxsize=1)
def open_prior() -> Channel:
    """The prior for tokens no lexicon knows: the general prior, lowered where the packaged
    Tesseract profile saw a glyph misread as another shape (`d` for `ä`, `6` for `ö`).

    Its lost marks (`a` for `ä`, Tesseract's English model printing no å, ä or ö at all)
    are not taken: how often a page loses marks is the page's own to show, and a page that
    prints them well must not have its foreign words given marks (`installer`)."""
    table = load_table(DATA_PATH, TABLE_HEADER)
    return Channel(
        {run: cost for run, cost in table.items() if general_cost(*run) > MARK_COST}
    )


@functools.lru_cache(maxsize=1)
def clean_prior() -> Channel:
    """The prior for real words: the general prior's misreadings made rarer by CLEAN_SHIFT
    (a lost mark about once in a thousand letters)."""
    return _ShiftedChannel(Channel(), CLEAN_SHIFT)


@functools.lru_cache(maxsize=8)
def load_profile(path: str) -> Profile:
    """A saved profile, read once per process."""
    return Profile.load(path)


def corpus_prior(profile: Profile, base: Channel, *, min_count: float = 0.0) -> Channel:
    """`base` with the misreadings a corpus profile saw (at least `min_count` times) made
    as likely as the corpus shows them: the prior for every page of that corpus."""
    costs = dict(base.costs)
    for (ocr, truth), count in profile.confusions.items():
        if count < max(min_count, 1e-9):
            continue
        rate = profile.rate(ocr, truth)
        if rate > 0:
            cost = -math.log10(rate)
            if cost < base.run_cost(ocr, truth):
                costs[(ocr, truth)] = cost
    channel = _MinChannel(base, costs)
    return channel


class _MinChannel(Channel):
    """The cheaper of a table's cost and a base channel's, run by run."""

    __slots__ = ("base",)

    def __init__(self, base: Channel, costs: dict[tuple[str, str], float]) -> None:
        super().__init__(costs, base.keep_costs)
        self.base = base

    def run_cost(self, ocr: str, truth: str) -> float:
        key = (ocr, truth)
        cost = self._cache.get(key)
        if cost is None:
            cost = min(self.costs.get(key, math.inf), self.base.run_cost(ocr, truth))
            self._cache[key] = cost
        return cost


__all__ = [
    "Profile",
    "STRENGTH",
    "packaged_profile",
    "open_prior",
    "clean_prior",
    "corpus_prior",
    "load_profile",
    "general_cost",
    "MARK_COST",
]
