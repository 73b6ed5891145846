"""Words' neighbours in decisions: the context model's factors, and sharing probability.

A word stage's reading, or an encoding stage's lost letter (`f�r`: `för` or `får`), is
sometimes decided only by the words around it. These helpers put the context model
(:mod:`ocrfix.neighbours`) to work where a stage has close readings:

- :func:`fit_at` says how well each of some words fits where a token stands;
- :func:`fit_weights` weighs readings by that fit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

from ocrfix.lexicon import Lexicon
from ocrfix.neighbours import ContextModel, neighbours, zipf_probability

Fit = Callable[[list[str]], "list[float] | None"]


def fit_weights(weights: dict[str, float], words: list[str], fit: Fit | None) -> dict[str, float]:
    """`weights` (probabilities, keyed by reading) times the fit of each reading's word."""
    factors = None if fit is None else fit(words)
    if factors is None:
        return weights
    return {reading: w * f for (reading, w), f in zip(weights.items(), factors)}


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
