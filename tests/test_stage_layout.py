"""Line-end hyphenation: joined when the page split a word, kept when Swedish keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ocrfix
from ocrfix import Config, apply_edits
from ocrfix.stages.layout import dehyphenate

CASES = json.loads(
    (Path(__file__).parent / "cases" / "layout" / "hyphenation.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_hyphenation_case(case):
    original, expected = case["original"], case["fixed"]
    edits = dehyphenate(original, Config())
    assert apply_edits(original, edits) == expected
    for edit in edits:
        assert original[edit.start : edit.end] == edit.before
        assert edit.stage == "fix_layout"
    assert dehyphenate(expected, Config()) == []


def test_joined_damaged_word_is_then_repaired_by_the_word_stage():
    text = (
        "Parterna var 6verens om att fullf6lja planen. Under hela pe-\n"
        "rioden har vi haft en ständigt pågående rekrytering av socialsekreterare."
    )
    assert "perioden\nhar" in ocrfix.repair(text)


def test_layout_can_be_switched_off():
    text = "i hela Stockholms-\nregionen men även"
    assert ocrfix.repair(text, Config(fix_layout=False)) == text


def test_text_without_hyphens_costs_nothing():
    assert dehyphenate("Socialnämnden har tagit emot fler ärenden.", Config()) == []
