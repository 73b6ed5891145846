"""The scoring rules of benchmarks/scoring.py, on strings small enough to count by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "scoring.py"
_spec = importlib.util.spec_from_file_location("benchmark_scoring", _PATH)
assert _spec is not None and _spec.loader is not None
scoring = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = scoring  # dataclasses look their module up there
_spec.loader.exec_module(scoring)


@pytest.fixture
def rapidfuzz():
    return pytest.importorskip("rapidfuzz")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fo\u0308rvaltningen", "Förvaltningen"),  # NFD becomes NFC
        ("  en\ttvå\n\ntre \r\n", "en två tre"),  # every whitespace run is one space
        ("ett\u00a0ord", "ett ord"),  # a no-break space is whitespace too
        ("Stockholms-\nregionen", "Stockholms- regionen"),  # the hyphen stays
        ("", ""),
    ],
)
def test_normalize(text, expected):
    assert scoring.normalize(text) == expected


def test_layout_and_normal_form_are_not_errors(rapidfuzz):
    result = scoring.errors("Fo\u0308rvaltningen  har\nbeslutat", "Förvaltningen har beslutat")
    assert result == scoring.Errors(chars=0, gt_chars=26, words=0, gt_words=3)


def test_one_misread_letter(rapidfuzz):
    result = scoring.errors("Socialndmnden har", "Socialnämnden har")
    assert (result.chars, result.gt_chars, result.words, result.gt_words) == (1, 17, 1, 2)


def test_a_hyphen_left_at_a_line_end_counts(rapidfuzz):
    result = scoring.errors("Stockholms-\nregionen", "Stockholmsregionen")
    # Characters: the hyphen and the space are extra. Words: two where the truth has one.
    assert (result.chars, result.words, result.gt_words) == (2, 2, 1)


def test_punctuation_stays_on_its_word(rapidfuzz):
    result = scoring.errors("i år", "i år.")
    assert (result.chars, result.words) == (1, 1)


def test_words_are_counted_by_edit_distance_not_position(rapidfuzz):
    # One word lost at the start shifts the rest; it is still one word error.
    result = scoring.errors("b c d", "a b c d")
    assert (result.words, result.gt_words) == (1, 4)


def test_empty_truth_is_one_empty_word(rapidfuzz):
    # As the corpus scorer counts it: "".split(" ") is [""].
    assert scoring.errors("", "") == scoring.Errors(0, 0, 0, 1)


def test_rate_and_reduction():
    assert scoring.rate(1, 3) == 0.33333
    assert scoring.rate(5, 0) == 0.0
    assert scoring.reduction(4, 1) == 0.75
    assert scoring.reduction(4, 6) == -0.5  # made worse
    assert scoring.reduction(0, 0) == 0.0  # nothing to fix


def test_tally_sums_before_dividing():
    tally = scoring.Tally()
    # A short document with every word wrong and a long one with one error.
    tally.add(scoring.Errors(2, 4, 1, 1), scoring.Errors(0, 4, 0, 1), scoring.Errors(0, 4, 0, 1))
    tally.add(scoring.Errors(1, 96, 1, 19), scoring.Errors(2, 96, 1, 19), scoring.Errors(1, 96, 1, 19))
    assert tally.figures() == dict(
        docs=2,
        cer_before=0.03,
        cer_after=0.02,
        wer_before=0.1,
        wer_after=0.05,
        cer_reduction=0.3333,
        wer_reduction=0.5,
        clean_damage_wer=0.05,
    )


def test_tally_without_clean_runs_has_no_damage_figure():
    tally = scoring.Tally()
    tally.add(scoring.Errors(1, 10, 1, 2), scoring.Errors(1, 10, 1, 2))
    assert "clean_damage_wer" not in tally.figures()
