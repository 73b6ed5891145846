"""The public contract of repair(), explain() and detect()."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import unicodedata

import pytest

import ocrfix
from ocrfix import Config, Edit, Finding, Repair, apply_edits, detect, explain, repair

SAMPLES = [
    "",
    "Socialnämnden har behandlat 412 ärenden.",
    "Fo\u0308rvaltningen och socialna\u0308mnden",
    "A\u030arsredovisning\r\nfo\u0308r 2023\n",
    "barn- och ungdomsvården, IT-stöd",
    "e\u0301 \u212b \u1100\u1161 \u0308 x\u0323\u0302",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_explain_replays_to_repair(text: str) -> None:
    result = explain(text)
    assert isinstance(result, Repair)
    assert result.text == repair(text)
    assert apply_edits(text, result.edits) == result.text
    for edit in result.edits:
        assert isinstance(edit, Edit)
        assert text[edit.start : edit.end] == edit.before
    assert list(result.edits) == sorted(result.edits, key=lambda e: (e.start, e.end))


@pytest.mark.parametrize("text", SAMPLES)
def test_repair_is_idempotent(text: str) -> None:
    once = repair(text)
    assert repair(once) == once
    assert explain(once).edits == ()


def test_nfd_becomes_nfc_with_edits() -> None:
    text = "Socialna\u0308mnden fattar beslut om o\u0308vertagande"
    result = explain(text)
    assert result.text == unicodedata.normalize("NFC", text)
    assert [(e.before, e.after) for e in result.edits] == [("a\u0308", "ä"), ("o\u0308", "ö")]
    assert all(e.stage == "normalize_unicode" and e.rule == "normalize_unicode.nfc" for e in result.edits)


def test_clean_text_is_returned_unchanged() -> None:
    text = "Socialnämnden, IFO och KSL: 1990-talet, https://www.kommun.se, {a|b}"
    assert repair(text) == text
    assert explain(text) == Repair(text, ())


def test_ftfy_is_imported_for_the_first_text_with_mojibake_not_before() -> None:
    # ftfy is about a third of ocrfix's import: a process whose texts have no sequence it
    # could mend never pays for it.
    code = (
        "import sys, ocrfix; ocrfix.repair('Nämnden har fattat beslut för året.'); "
        "print('ftfy' in sys.modules); print(ocrfix.repair('Nämnden fÃ¶r'), 'ftfy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["False", "Nämnden för True"]


def test_config_is_used() -> None:
    text = "o\u0308"
    assert repair(text, Config(normalize_unicode=False)) == text
    assert explain(text, Config(normalize_unicode=False)).edits == ()


def test_reserved_stages_do_not_pretend() -> None:
    # Context repair does not exist yet: a real word in the wrong place stays.
    text = "Stor oro fanns for hur arbetet skulle kunna fortsätta."
    assert repair(text) == text
    assert explain(text).edits == ()


def test_word_repair_can_be_switched_off() -> None:
    text = "Parterna var 6verens om att fullf6lja planen."
    assert repair(text) == "Parterna var överens om att fullfölja planen."
    assert repair(text, Config(fix_words=False)) == text
    assert {e.stage for e in explain(text).edits} == {"fix_words"}


@pytest.mark.parametrize("function", [repair, explain, detect])
def test_bytes_are_refused_with_advice(function: object) -> None:
    with pytest.raises(TypeError) as info:
        function(b"f\xc3\xb6r")  # type: ignore[operator]
    assert str(info.value) == ocrfix.BYTES_ERROR_TEXT
    assert "repair_bytes" in str(info.value)


@pytest.mark.parametrize(
    ("value", "type_name"), [(None, "NoneType"), (42, "int"), (["text"], "list")]
)
@pytest.mark.parametrize("function", [repair, explain, detect])
def test_other_types_are_refused_by_name(function: object, value: object, type_name: str) -> None:
    with pytest.raises(TypeError) as info:
        function(value)  # type: ignore[operator]
    assert str(info.value) == f"ocrfix works on text (str), but it was given {type_name}."


@pytest.mark.parametrize("function", [repair, explain, detect])
def test_a_config_must_be_a_config(function: object) -> None:
    with pytest.raises(TypeError, match="config must be an ocrfix.Config .* given dict"):
        function("text", {"fix_words": False})  # type: ignore[operator]


def test_public_names() -> None:
    for name in ["repair", "explain", "detect", "Config", "Edit", "Repair", "Finding", "__version__"]:
        assert hasattr(ocrfix, name)
    assert Finding(0, 1, "x", "unknown-word").detail == ""


def test_version_matches_the_package_metadata() -> None:
    assert ocrfix.__version__ == importlib.metadata.version("ocrfix")


def test_import_does_not_load_the_lexicon() -> None:
    # Text with nothing to look up (no word of two letters or more) never loads the data.
    code = (
        "import ocrfix, ocrfix.lexicon as L; ocrfix.repair('x 12, 3.'); "
        "print(L._load_lexicon.cache_info().currsize)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"
