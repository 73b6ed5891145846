"""Words' neighbours in decisions: the context model's factors, and sharing probability.

A word stage's reading, or an encoding stage's lost letter (`f�r`: `för` or `får`), is
sometimes decided only by the words around it. These helpers put the context model
(:mod:`ocrfix.neighbours`) to work where a stage has close readings:

- :func:`fit_at` says how well each of some words fits where a token stands;
- :func:`fit_scores` and :func:`fit_weights` weigh readings by that fit;
- :func:`best_share` picks the best of several log10 scores with its share of the
  probability, against keeping the token too.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping

from ocrfix.lexicon import Lexicon
from ocrfix.neighbours import ContextModel, neighbours, zipf_probability

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
