"""Data-driven cases from tests/cases/layout/*.json (see tests/cases/layout/README.md).

Each file's cases go through one layout stage directly, with the pipeline's confidence floor,
until the stages are part of ``ocrfix.repair``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ocrfix import Config, Edit, apply_edits
from ocrfix.pipeline import run_stage
from ocrfix.stages.paragraphs import join_paragraphs
from ocrfix.stages.tables import fix_tables

CASES_DIR = Path(__file__).parent / "cases" / "layout"

STAGES: dict[str, Callable[[str, Config], list[Edit]]] = {
    "tables": fix_tables,
    "paragraphs": join_paragraphs,
}


def load_cases() -> list[Any]:
    params = []
    for name in STAGES:
        path = CASES_DIR / f"{name}.json"
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            marks = []
            if case.get("expect", "pass") == "fail":
                marks.append(pytest.mark.xfail(strict=True, reason=case.get("comment", "")))
            params.append(
                pytest.param(name, case, id=f"{name}-{index}-{case['label']}", marks=marks)
            )
    return params


def run(stage: Callable[[str, Config], list[Edit]], text: str) -> list[Edit]:
    return run_stage(stage, text, Config())


@pytest.mark.parametrize("name, case", load_cases())
def test_case(name: str, case: dict[str, str]) -> None:
    stage = STAGES[name]
    original = case["original"]
    expected = case.get("fixed", original)

    edits = run(stage, original)
    positions = [(edit.start, edit.end) for edit in edits]
    assert positions == sorted(positions)
    for before, after in zip(edits, edits[1:]):
        assert before.end <= after.start
    for edit in edits:
        assert original[edit.start : edit.end] == edit.before
    assert apply_edits(original, edits) == expected
    assert run(stage, expected) == []


def test_there_are_cases() -> None:
    for name in STAGES:
        path = CASES_DIR / f"{name}.json"
        cases = json.loads(path.read_text(encoding="utf-8"))
        changed = [c for c in cases if c["original"] != c.get("fixed", c["original"])]
        assert changed and len(changed) < len(cases)  # repairs and negatives both
