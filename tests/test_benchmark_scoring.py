"""The scoring rules of benchmarks/scoring.py, on strings small enough to count by hand."""

from __future__ import annotations

import pytest

from benchmark_modules import load

scoring = load("scoring")


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


# Words the OCR got right and the repair made wrong (issue 14): scoring.breakage.


def test_align_pairs_each_truth_word_with_a_word_or_none(rapidfuzz):
    # "b" misread as "x" and an extra "z" at the end (the truth has no word for it) ...
    assert scoring.align(["a", "x", "d", "z"], ["a", "b", "d"]) == ["a", "x", "d"]
    # ... and "c" lost.
    assert scoring.align(["a", "d"], ["a", "c", "d"]) == ["a", None, "d"]
    assert scoring.align([""], ["a"]) == [""]  # an empty text is one empty word


def test_a_right_word_made_wrong_is_broken(rapidfuzz):
    result = scoring.breakage("som egna barn", "söm egna barn", "som egna barn")
    assert result == scoring.Breakage(
        gt_words=3, ocr_right=3, broken=1, fixed=0, pairs=(("som", "söm"),)
    )


def test_a_wrong_word_made_right_is_fixed_not_broken(rapidfuzz):
    result = scoring.breakage("Socialndmnden har", "Socialnämnden har", "Socialnämnden har")
    assert (result.ocr_right, result.broken, result.fixed, result.pairs) == (1, 0, 1, ())


def test_a_wrong_word_made_otherwise_wrong_is_neither(rapidfuzz):
    # The OCR had it wrong already: changing it is an error left, not a word broken.
    result = scoring.breakage("drenden", "orenden", "ärenden")
    assert (result.ocr_right, result.broken, result.fixed) == (0, 0, 0)


def test_unchanged_text_breaks_nothing(rapidfuzz):
    result = scoring.breakage("en tva tre", "en tva tre", "en två tre")
    assert (result.gt_words, result.ocr_right, result.broken, result.fixed) == (3, 2, 0, 0)


def test_layout_and_normal_form_do_not_break_words(rapidfuzz):
    # The output's NFD ö and line break are normalised away as in errors().
    result = scoring.breakage(
        "Förvaltningen har", "Fo\u0308rvaltningen\nhar", "Förvaltningen har"
    )
    assert (result.ocr_right, result.broken) == (2, 0)


def test_a_word_the_output_drops_is_broken_with_no_output_word(rapidfuzz):
    result = scoring.breakage("vi har inte", "vi inte", "vi har inte")
    assert (result.broken, result.pairs) == (1, (("har", ""),))


def test_two_right_words_joined_are_both_broken(rapidfuzz):
    result = scoring.breakage("barn- och unga", "barnoch unga", "barn- och unga")
    assert result.broken == 2
    assert {ocr for ocr, _ in result.pairs} == {"barn-", "och"}
    assert {out for _, out in result.pairs} == {"barnoch", ""}


def test_a_word_the_output_adds_breaks_no_truth_word(rapidfuzz):
    # An extra word is a word error (WER), but no word the OCR got right was changed.
    result = scoring.breakage("i år", "i i år", "i år")
    assert (result.ocr_right, result.broken) == (2, 0)
    assert scoring.errors("i i år", "i år").words == 1


def test_words_are_aligned_not_compared_by_position(rapidfuzz):
    # The OCR lost the first word; the rest are right and stay right in the output.
    result = scoring.breakage("b c d", "b c d", "a b c d")
    assert (result.gt_words, result.ocr_right, result.broken) == (4, 3, 0)
    # The output restores the lost word and misspells the last one.
    result = scoring.breakage("b c d", "a b c e", "a b c d")
    assert (result.ocr_right, result.broken, result.fixed, result.pairs) == (3, 1, 1, (("d", "e"),))


def test_a_repeated_word_counts_each_time(rapidfuzz):
    result = scoring.breakage("som sa som", "söm sa söm", "som så som")
    assert (result.ocr_right, result.broken, result.pairs) == (2, 2, (("som", "söm"),) * 2)


def test_tally_counts_broken_words_and_their_pairs(rapidfuzz):
    tally = scoring.Tally()
    for ocr, out, gt in [
        ("som egna", "söm egna", "som egna"),
        ("som egnа fel", "söm egnå fel", "som egna fel"),  # the OCR's Cyrillic а: not right
        ("egna ord", "egnå ord", "egna ord"),
    ]:
        tally.add(scoring.errors(ocr, gt), scoring.errors(out, gt), None,
                  scoring.breakage(ocr, out, gt))
    figures = tally.figures()
    assert {k: figures[k] for k in
            ("gt_words", "ocr_right_words", "broken_words", "broken_rate", "fixed_words")} == dict(
        gt_words=7, ocr_right_words=6, broken_words=3, broken_rate=0.42857, fixed_words=0
    )
    assert tally.top_broken(5) == [("som", "söm", 2), ("egna", "egnå", 1)]
    assert tally.top_broken(1) == [("som", "söm", 2)]


def test_tally_without_breakage_has_no_broken_figures():
    tally = scoring.Tally()
    tally.add(scoring.Errors(1, 10, 1, 2), scoring.Errors(1, 10, 1, 2))
    assert not {"broken_words", "broken_rate", "ocr_right_words"} & tally.figures().keys()
    assert tally.top_broken(3) == []
