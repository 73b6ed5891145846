"""Data-driven cases from tests/cases/*.json (see tests/cases/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ocrfix import apply_edits, explain, repair

CASES_DIR = Path(__file__).parent / "cases"


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            marks = []
            if case.get("expect", "pass") == "fail":
                marks.append(pytest.mark.xfail(strict=True, reason=case.get("comment", "")))
            params.append(
                pytest.param(case, id=f"{path.stem}-{index}-{case['label']}", marks=marks)
            )
    return params


@pytest.mark.parametrize("case", load_cases())
def test_case(case: dict[str, str]) -> None:
    original = case["original"]
    expected = case.get("fixed", original)

    result = explain(original)
    assert result.text == expected
    assert repair(original) == expected
    assert apply_edits(original, result.edits) == expected
    for edit in result.edits:
        assert original[edit.start : edit.end] == edit.before
    assert repair(expected) == expected
    assert explain(expected).edits == ()


def test_there_are_cases() -> None:
    names = {path.name for path in CASES_DIR.glob("*.json")}
    assert {"negative.json", "synthetic.json"} <= names
