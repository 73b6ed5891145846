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


@pytest.mark.parametrize(
    "text",
    [
        "Ren svensk text – med ”citat” och • punkter | och [hakar].",
        "fÃ¶r", "x" * 50 + "&Auml;rendet", "p&aring;", "f\u201dr", "m}ste", "tr\ufffdnga", "",
        "Kategori | 2013 | 2014\n" * 3,
    ],
)
def test_the_encoding_stage_looks_for_damage_where_it_can_be(text: str) -> None:
    from ocrfix.stages.encoding import SUSPECT_RE, _has_suspect

    assert _has_suspect(text) == (SUSPECT_RE.search(text) is not None)
