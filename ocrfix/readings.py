"""Readings of a token: the words it may be, each with what it costs to have become the token.

A reading joins what the candidate index proposes (:mod:`ocrfix.candidates`) with how the
token differs from the word (:func:`ocrfix.channel.align`) and how common the word is. Its
score under a channel is a log10 probability,

    score = log10 P(word) + log10 P(token | word) = zipf − channel cost

and the token's readings, set against keeping the token as it stands, give each a share of
the probability (:func:`shares`): the word stage's confidence.

    >>> readings = readings_of("6verens")
    >>> [r.word for r in readings if r.runs == (("6", "ö"),)]
    ['överens']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ocrfix.candidates import CandidateIndex, get_index
from ocrfix.channel import UNKNOWN_GLYPHS, Channel, Runs, align
from ocrfix.folding import fold
from ocrfix.lexicon import HUNSPELL, Lexicon
from ocrfix.memo import recall, remember

# A listed form with no frequency (the curated sources list it, the web never used it) is
# rare; a compound the lexicon builds is rarer than its rarest part.
UNSEEN_LISTED_ZIPF = 1.0
COMPOUND_PENALTY_ZIPF = 1.0
MIN_COMPOUND_ZIPF = 0.0

# Readings dearer than this are not worth weighing: together they would hold less than a
# millionth of the probability against any plausible reading.
MAX_CHANNEL_COST = 9.0


class Reading(NamedTuple):
    """One word a token may be, with the evidence for it."""

    word: str  # lower case
    parts: tuple[str, ...]  # as the lexicon spells them: one, or a compound's no list holds
    runs: Runs  # (ocr, truth) runs where the token differs from the word
    kept: str  # the letters the token printed right
    zipf: float  # how common the word is (its prior), as a Zipf frequency

    def score(self, channel: Channel) -> float:
        return self.zipf - channel.cost(self.runs, self.kept)

    @property
    def spelling(self) -> str:
        """The word as the lexicon spells it: a name keeps its capital (`Umeå`)."""
        if len(self.parts) == 1:
            return self.parts[0]
        return self.parts[0] + "".join(part.lower() for part in self.parts[1:])


def prior_zipf(parts: tuple[str, ...], lexicon: Lexicon) -> float:
    """A word's prior as a Zipf frequency: the lexicon's, or a compound's estimate."""
    if len(parts) == 1:
        zipf = lexicon.form_zipf(parts[0])
        return zipf if zipf > 0 else UNSEEN_LISTED_ZIPF
    part_zipfs = [lexicon.form_zipf(p) or UNSEEN_LISTED_ZIPF for p in parts]
    # No source lists this compound: it is rarer than any word the web has seen, and
    # rarer than its rarest part.
    zipf = min(UNSEEN_LISTED_ZIPF, min(part_zipfs) - COMPOUND_PENALTY_ZIPF)
    return max(MIN_COMPOUND_ZIPF, zipf)


# Readings already made: a corpus repeats its misreadings. Each holds at most its limit
# (ocrfix.memo), sized by the memory an entry takes: a token's search (about 1 kB), a
# variant's (250 bytes). Keyed by the index itself (there are few, and they live as long as
# the process).
_KNOWN: dict[tuple[CandidateIndex, str, str, bool], tuple[Reading, ...]] = {}
_KNOWN_VARIANT: dict[tuple[CandidateIndex, str, str], tuple[Reading, ...]] = {}
_KNOWN_LIMIT = 16_000
_KNOWN_VARIANT_LIMIT = 20_000
# The searches made since they were last handed on, in a process that shares them with the
# other workers of a pool (ocrfix.sharing); None in one that does not.
_MADE: list[tuple[CandidateIndex, str, str, bool]] | None = None


#: How widely readings_of searches: any edit the token's length allows, and compounds
#: (for a token on a page that looks damaged); only the letter families, compounds of parts
#: spelt so included (on a page that looks clean); the letter families alone (for a real word,
#: which changes only as its page's evidence says).
OPEN, CLOSE, SAME_KEY = "open", "close", "same-key"


def readings_of(
    token: str,
    variants: Sequence[str] = (),
    *,
    index: CandidateIndex | None = None,
    scope: str = OPEN,
    name: bool = False,
) -> tuple[Reading, ...]:
    """The readings of lower-case `token` (and of its `variants`, rewritings with a
    misreading undone: their words spelt alike up to the letter families), other than the
    token itself, found as widely as `scope` says (OPEN, CLOSE or SAME_KEY). `name` says the
    token was capitalised, so that it may be a compound begun by a place name.
    """
    if index is None:
        index = get_index()
    if scope == OPEN:
        # The wide search is the costly one, and needed only when nothing closer explains
        # the token well: a reading one edit outside the letter families costs at least a
        # look-alike's price more than one inside them.
        close = readings_of(token, variants, index=index, scope=CLOSE)
        prior = _general_prior()
        if any(reading.score(prior) >= WIDE_SEARCH_BELOW for reading in close):
            return close
        return _merged(_searched(token, OPEN, index, name), close)
    return _merged(_searched(token, scope, index), _variant_readings(token, variants, index))


def _searched(
    token: str, scope: str, index: CandidateIndex, name: bool = False
) -> tuple[Reading, ...]:
    key = (index, token, scope, name)
    readings = recall(_KNOWN, key)
    if readings is None:
        if scope == OPEN:
            unknown = UNKNOWN_GLYPHS.intersection(token)
            found = index.search(token, unknown=unknown, names=name)
        else:
            found = index.search(token, max_edits=0, compounds=scope == CLOSE)
        readings = remember(
            _KNOWN, key, _aligned(token, found.items(), index.lexicon), _KNOWN_LIMIT
        )
        if _MADE is not None:
            _MADE.append(key)
    return readings


#: A search as one process hands it to another: (token, scope, name, its readings as plain
#: tuples), all of types `marshal` writes.
PlainSearch = tuple[str, str, bool, tuple[tuple[str, tuple[str, ...], Runs, str, float], ...]]


def record_searches() -> None:
    """From now on, note each search this process makes, for :func:`new_searches`."""
    global _MADE
    if _MADE is None:
        _MADE = []


def made_searches() -> bool:
    """Whether searches were made since :func:`new_searches` was last asked (when
    recording)."""
    return bool(_MADE)


def new_searches(index: CandidateIndex) -> list[PlainSearch]:
    """The searches in `index` made since this was last asked (and still remembered), as
    plain tuples; none unless :func:`record_searches` was called."""
    global _MADE
    if not _MADE:
        return []
    made, _MADE = _MADE, []
    found: list[PlainSearch] = []
    for key in made:
        readings = _KNOWN.get(key)
        if key[0] is index and readings is not None:
            plain = tuple((r.word, r.parts, r.runs, r.kept, r.zipf) for r in readings)
            found.append((key[1], key[2], key[3], plain))
    return found


def add_searches(index: CandidateIndex, searches: Iterable[PlainSearch]) -> int:
    """Remember searches in `index` that another process made (:func:`new_searches`): its
    result depends on the token and the index alone, so it is the one this process would
    make. Returns how many were new here."""
    added = 0
    for token, scope, name, plain in searches:
        key = (index, token, scope, name)
        if key not in _KNOWN:
            readings = tuple(Reading(*fields) for fields in plain)
            remember(_KNOWN, key, readings, _KNOWN_LIMIT)
            added += 1
    return added


def _variant_readings(
    token: str, variants: Sequence[str], index: CandidateIndex
) -> tuple[Reading, ...]:
    found: list[Reading] = []
    own_key = fold(token)
    for variant in variants:
        variant_key = (index, token, variant)
        more = _KNOWN_VARIANT.get(variant_key)
        if more is None:
            key = fold(variant)
            # A variant within the token's letter families (`ä` for `a`) has the words of the
            # token's own key, which the search beside this one has found already.
            words = index.words_of_key(key) if key != own_key else []
            if not words:
                # Nothing to remember either: asked again, most such variants cost one
                # look-up (words_of_key), and the room is left to the variants that find words.
                continue
            forms = [(form, (form,)) for form in words]
            more = remember(
                _KNOWN_VARIANT, variant_key, _aligned(token, forms, index.lexicon),
                _KNOWN_VARIANT_LIMIT,
            )
        found.extend(more)
    return tuple(found)


def _merged(readings: tuple[Reading, ...], more: Iterable[Reading]) -> tuple[Reading, ...]:
    """`readings` and those of `more` whose word they lack."""
    merged = list(readings)
    seen = {reading.word for reading in readings}
    for reading in more:
        if reading.word not in seen:
            seen.add(reading.word)
            merged.append(reading)
    return tuple(merged)


# A reading within the letter families this likely (Zipf less its general-prior cost: a
# common word with a mark or two misread) makes the wide search needless.
WIDE_SEARCH_BELOW = 3.0


@functools.lru_cache(maxsize=1)
def _general_prior() -> Channel:
    return Channel()


def _aligned(
    token: str, found: Iterable[tuple[str, tuple[str, ...]]], lexicon: Lexicon
) -> tuple[Reading, ...]:
    result: list[Reading] = []
    seen: dict[str, int] = {}
    for word, parts in found:
        if len(word) > 1 and word.isupper():
            continue  # an abbreviation (`AA`, `EU`) is spelt so, not a reading of a word
        lower = word.lower()
        if lower == token:
            continue
        at = seen.get(lower)
        if at is not None:
            # Of a word spelt both ways, the capitalised spelling is a name only if Hunspell,
            # which lists names with their capital, lists it (`Umeå`, `Borås`); otherwise
            # it is a sentence's first word in spaCy's table (`Finns`, `Du`), and the small
            # spelling is the reading (a token's own capital is written back).
            if (
                word == lower
                and len(result[at].parts) == 1
                and not lexicon.flags(result[at].parts[0]) & HUNSPELL
                and lexicon.flags(word) & HUNSPELL
            ):
                result[at] = result[at]._replace(parts=parts)
            continue
        seen[lower] = len(result)
        runs, kept = align(token, lower)
        result.append(Reading(lower, parts, runs, kept, prior_zipf(parts, lexicon)))
    return tuple(result)


def shares(scores: Sequence[float], keep: float) -> tuple[list[float], float]:
    """Each score's share of the probability, and keeping's (all log10 scores)."""
    top = max([keep, *scores])
    weights = [10 ** (s - top) for s in scores]
    keep_weight = 10 ** (keep - top)
    total = keep_weight + sum(weights)
    return [w / total for w in weights], keep_weight / total


__all__ = ["Reading", "readings_of", "prior_zipf", "shares"]
