"""Real words that lost their marks: `for` for `för`, `ar` for `är`, decided per document.

`for` is a Swedish word (the past tense of `fara`), so no lexicon can reject it; yet on a page
whose engine dropped the marks of å/ä/ö everywhere, `for` is almost always `för`. What decides
is how this document was damaged. The word stage's sure corrections show it: every `o` it had
to read as `ö` is evidence that this page prints `o` for `ö`. We estimate, for each such
confusion, the document's own rate,

    rate = (corrections that put back a mark + STRENGTH · CLEAN_RATE)
           / (marked letters on the corrected page + STRENGTH)

and weigh each confusable word against its variants with it:

    P(för) · rate   against   P(for)

On a clean page the rate stays near CLEAN_RATE and `for` stays `for`; on a page that lost its
marks `för` wins. A word whose plain form is itself common (`var`, `vara`, `man`) keeps it,
since only context could say more: that is the context model's work, not this module's.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from ocrfix.edits import Edit
from ocrfix.lexicon import Lexicon, fold_diacritics
from ocrfix.neighbours import ContextModel, neighbours, zipf_probability

STAGE = "restore_diacritics"
RULE = "restore_diacritics.document-rate"

# How often clean Swedish text has a diacritic dropped by mistake (a typo): the rate a
# document is assumed to have before it shows otherwise.
CLEAN_RATE = 0.001
# How much that assumption weighs, in occurrences of marked letters: a few lines' worth, so
# that a short page's own evidence soon outweighs it.
STRENGTH = 10.0
# The letters whose marks are lost, and the plain letter each becomes.
MARKED = "åäöé"


def document_rates(
    used: Iterable[tuple[str, str]], corrected_text: str
) -> dict[tuple[str, str], float]:
    """This document's rate of printing a plain letter for a marked one.

    `used` lists the (ocr, truth) confusions of the word stage's sure corrections;
    `corrected_text` is the page with those corrections made. The evidence is first pooled
    over å, ä, ö and é: an engine, a code page or a keyboard that loses one Swedish mark
    loses them all, and a short page has too few of any one letter to judge it alone. Each
    letter's rate is then its own count drawn towards the pooled rate (an engine may lose
    the ring of å more often than the dots of ö).

    >>> rates = document_rates([("o", "ö")] * 30, "ö" * 40)
    >>> round(rates[("o", "ö")], 3), round(rates[("a", "ä")], 3)
    (0.72, 0.6)
    >>> round(document_rates([], "ö" * 40)[("o", "ö")], 5)
    4e-05
    """
    lost = Counter(
        truth
        for ocr, truth in used
        if len(ocr) == 1 and truth in MARKED and ocr == fold_diacritics(truth)
    )
    lower = corrected_text.lower()
    marked = {letter: lower.count(letter) for letter in MARKED}
    pooled = (sum(lost.values()) + STRENGTH * CLEAN_RATE) / (sum(marked.values()) + STRENGTH)
    # Each letter's own rate, drawn towards the pooled one as much as STRENGTH letters.
    return {
        (fold_diacritics(letter), letter): (lost[letter] + STRENGTH * pooled)
        / (marked[letter] + STRENGTH)
        for letter in MARKED
    }


def lost_marks(used: Iterable[tuple[str, str]]) -> int:
    """How many of the (ocr, truth) confusions put back a mark the page lost (`o` → `ö`).

    Without one, a page gives no sign of losing marks, and its real words are left as they
    are: frequencies alone (`både` is commoner than `bade`) never turn one word into another.
    """
    return sum(
        1
        for ocr, truth in used
        if len(ocr) == 1 and truth in MARKED and ocr == fold_diacritics(truth)
    )


# With Config(restore_diacritics=True) the page is taken to have lost all its marks: a marked
# letter is always printed plain, so only the words' frequencies decide.
FORCED_RATE = 1.0


def forced_rates() -> dict[tuple[str, str], float]:
    """The rates for a page known to be Swedish typed without å/ä/ö."""
    return {(fold_diacritics(m), m): FORCED_RATE for m in MARKED}


def readings(
    token: str, lexicon: Lexicon, rates: dict[tuple[str, str], float]
) -> dict[str, float]:
    """`token` and the variants it may be a page's reading of, each with its weight
    P(word) · P(token | word); only `token` itself when it has none."""
    if len(token) < 2 or not lexicon.is_confusable(token):
        return {token: 1.0}
    weights = {token: 10 ** lexicon.zipf(token)}
    for variant, zipf in lexicon.variants(token):
        if zipf <= 0:
            continue  # a form no running text uses (`vårå`) is no reading of a page
        channel = 1.0
        for plain, marked in zip(token.lower(), variant.lower()):
            if plain != marked:
                if fold_diacritics(marked) != plain:
                    channel = 0.0  # a variant with marks the page had (`för` → `for`)
                    break
                channel *= rates.get((plain, marked), CLEAN_RATE)
        if channel > 0:
            weights[variant] = 10**zipf * channel
    return weights


def choose(
    token: str, weights: dict[str, float], fit: Fit | None = None
) -> tuple[str, float] | None:
    """The likeliest of the weighed readings, with its share, if it is not `token`."""
    if len(weights) < 2:
        return None
    weights = fit_weights(weights, [word.lower() for word in weights], fit)
    best = max(weights, key=weights.__getitem__)
    if best == token:
        return None
    return best, weights[best] / sum(weights.values())


def restore_edits(
    text: str,
    tokens: Iterable[tuple[int, int]],
    lexicon: Lexicon,
    rates: dict[tuple[str, str], float],
    model: ContextModel | None = None,
    corrections: Mapping[int, str] | None = None,
) -> list[Edit]:
    """Edits restoring the marks of the confusable words among `tokens` (spans of `text`).

    With a context `model`, each word's neighbours in `text` weigh in too.
    """
    edits = []
    weighed: dict[str, dict[str, float]] = {}  # a page repeats its words: weigh each once
    for start, end in tokens:
        token = text[start:end]
        weights = weighed.get(token)
        if weights is None:
            weights = weighed[token] = readings(token, lexicon, rates)
        if len(weights) < 2:
            continue
        fit = None if model is None else fit_at(model, lexicon, text, start, end, corrections)
        restored = choose(token, weights, fit)
        if restored is not None:
            after, share = restored
            edits.append(Edit(start, end, token, after, STAGE, RULE, round(share, 4)))
    return edits



Fit = Callable[[list[str]], "list[float] | None"]


def fit_scores(scores: list[float], words: list[str], fit: Fit | None) -> list[float]:
    """log10 `scores` of `words`, each raised by how well its word fits the neighbours
    (`fit`, the context model's factors); as they are when it cannot say."""
    factors = None if fit is None else fit(words)
    if factors is None:
        return scores
    return [s + math.log10(f) for s, f in zip(scores, factors)]


def fit_weights(weights: dict[str, float], words: list[str], fit: Fit | None) -> dict[str, float]:
    """`weights` (probabilities, keyed by reading) times the fit of each reading's word."""
    factors = None if fit is None else fit(words)
    if factors is None:
        return weights
    return {reading: w * f for (reading, w), f in zip(weights.items(), factors)}


def best_share(scores: list[float], keep: float = -math.inf) -> tuple[int, float]:
    """The index of the highest of the log10 `scores`, and its share of the probability
    against all of them and against keeping the token (log10 `keep`; none by default)."""
    best = max(range(len(scores)), key=scores.__getitem__)
    top = scores[best]
    return best, 1.0 / (10 ** (keep - top) + sum(10 ** (s - top) for s in scores))


def fit_at(
    model: ContextModel,
    lexicon: Lexicon,
    text: str,
    start: int,
    end: int,
    corrections: Mapping[int, str] | None = None,
) -> Fit:
    """How well words fit where text[start:end] stands: the context model's factors.

    `corrections` are the corrections already decided, by start offset: neighbours are
    read as corrected.
    """
    left, right = neighbours(text, start, end, corrections)
    return functools.partial(model.fits, left=left, right=right, frequency=_frequency(lexicon))


@functools.lru_cache(maxsize=8)
def _frequency(lexicon: Lexicon) -> Callable[[str], float]:
    """A word's general probability by `lexicon`: one function per lexicon, so that the
    context model can remember its answers."""

    def frequency(word: str) -> float:
        return zipf_probability(lexicon.zipf(word))

    return frequency
