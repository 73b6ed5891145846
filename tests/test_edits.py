"""Edits: applying them, checking them, and composing rounds of them."""

from __future__ import annotations

import json
import random

import pytest

from ocrfix.edits import Edit, apply_edits, compose_edits


def edit(start: int, end: int, before: str, after: str, rule: str = "t.r", conf: float = 1.0) -> Edit:
    return Edit(start, end, before, after, "t", rule, conf)


def test_apply_nothing_returns_the_text() -> None:
    assert apply_edits("Socialnämnden", []) == "Socialnämnden"


def test_apply_replacement_insertion_deletion_in_any_order() -> None:
    text = "Socialndmnden har 412 drenden"
    edits = [
        edit(22, 29, "drenden", "ärenden"),
        edit(0, 13, "Socialndmnden", "Socialnämnden"),
        edit(18, 18, "", "nu "),  # insertion
        edit(17, 18, " ", ""),  # deletion right before it
    ]
    assert apply_edits(text, edits) == "Socialnämnden harnu 412 ärenden"


def test_insertion_before_a_replacement_at_the_same_offset() -> None:
    assert apply_edits("ab", [edit(0, 1, "a", "A"), edit(0, 0, "", ">")]) == ">Ab"
    assert apply_edits("ab", [edit(0, 1, "a", "A"), edit(1, 1, "", "<")]) == "A<b"


def test_overlap_is_refused() -> None:
    with pytest.raises(ValueError, match=r"edit 2:5 \(t.b\) overlaps edit 0:3 \(t.a\)"):
        apply_edits("abcdef", [edit(0, 3, "abc", "x", "t.a"), edit(2, 5, "cde", "y", "t.b")])


def test_two_insertions_at_one_offset_are_refused() -> None:
    with pytest.raises(ValueError, match="both insert at offset 1; their order is ambiguous"):
        apply_edits("ab", [edit(1, 1, "", "x"), edit(1, 1, "", "y")])


def test_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="edit 2:9 \\(t.r\\) is out of range for a text of 4 characters"):
        apply_edits("fyra", [edit(2, 9, "ra-----", "")])


def test_before_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match="expects 'stéd' but the text has 'stöd'"):
        apply_edits("mer stöd", [edit(4, 8, "stéd", "stöd")])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 0, "", "x"), "starts before 0"),
        ((3, 2, "", "x"), "ends before it starts"),
        ((0, 2, "a", "x"), "spans 2 characters but its 'before' text 'a' has 1"),
    ],
)
def test_edit_checks_its_own_span(args: tuple[int, int, str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        edit(*args)


@pytest.mark.parametrize("confidence", [-0.1, 1.5, float("nan")])
def test_edit_confidence_must_be_between_0_and_1(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        edit(0, 1, "a", "b", conf=confidence)


def test_edit_is_frozen_and_serialisable() -> None:
    e = edit(0, 1, "6", "ö")
    with pytest.raises(AttributeError):
        e.start = 3  # type: ignore[misc]
    assert json.loads(json.dumps(e.to_dict())) == {
        "start": 0, "end": 1, "before": "6", "after": "ö",
        "stage": "t", "rule": "t.r", "confidence": 1.0,
    }


# compose_edits ----------------------------------------------------------------


def test_compose_keeps_later_edits_in_untouched_text_separate() -> None:
    original = "Fo\u0308rvaltningen och Socialndmnden"
    nfc = [edit(1, 3, "o\u0308", "ö", "normalize_unicode.nfc")]
    middle = apply_edits(original, nfc)
    words = [edit(18, 31, "Socialndmnden", "Socialnämnden", "fix_words.channel", 0.95)]
    composed = compose_edits(original, nfc, words)
    assert [(e.start, e.end, e.before, e.rule) for e in composed] == [
        (1, 3, "o\u0308", "normalize_unicode.nfc"),
        (19, 32, "Socialndmnden", "fix_words.channel"),
    ]
    assert apply_edits(original, composed) == apply_edits(middle, words)


def test_compose_merges_an_edit_of_an_earlier_edits_output() -> None:
    original = "x fo\u0308rvaltning"
    first = [edit(3, 5, "o\u0308", "ö", "a.nfc", 1.0)]
    second = [edit(2, 13, "förvaltning", "Förvaltning", "b.case", 0.8)]
    [merged] = compose_edits(original, first, second)
    assert (merged.start, merged.end, merged.before, merged.after) == (2, 14, "fo\u0308rvaltning", "Förvaltning")
    assert (merged.stage, merged.rule, merged.confidence) == ("t", "a.nfc+b.case", 0.8)


def test_compose_drops_an_edit_that_a_later_stage_undoes() -> None:
    first = [edit(0, 1, "a", "b")]
    second = [edit(0, 1, "b", "a")]
    assert compose_edits("abc", first, second) == ()


def test_compose_with_an_empty_round() -> None:
    e = [edit(0, 1, "a", "b")]
    assert compose_edits("abc", e, []) == tuple(e)
    assert compose_edits("abc", [], e) == tuple(e)


def test_compose_insertion_next_to_an_earlier_insertion() -> None:
    original = "ab"
    first = [edit(1, 1, "", "XY")]  # aXYb
    second = [edit(1, 1, "", "<"), edit(3, 3, "", ">")]  # a<XY>b
    composed = compose_edits(original, first, second)
    assert apply_edits(original, composed) == "a<XY>b"


def _random_edits(rng: random.Random, text: str, stage: str) -> list[Edit]:
    edits: list[Edit] = []
    pos = 0
    while pos <= len(text):
        if rng.random() < 0.2:
            end = min(len(text), pos + rng.randint(0, 3))
            after = "".join(rng.choice("xyö") for _ in range(rng.randint(0, 3)))
            if end == pos and not after:
                pos += 1
                continue
            edits.append(Edit(pos, end, text[pos:end], after, stage, f"{stage}.r", rng.random()))
            pos = end + (1 if end == pos else 0)
        else:
            pos += 1
    return edits


def test_compose_matches_applying_the_rounds_one_after_another() -> None:
    rng = random.Random(20240501)
    for _ in range(3000):
        original = "".join(rng.choice("abcde\n") for _ in range(rng.randint(0, 20)))
        composed: tuple[Edit, ...] = ()
        text = original
        for stage in ("one", "two", "three"):
            stage_edits = _random_edits(rng, text, stage)
            text = apply_edits(text, stage_edits)
            composed = compose_edits(original, composed, stage_edits)
            assert apply_edits(original, composed) == text
            for e in composed:
                assert original[e.start : e.end] == e.before
