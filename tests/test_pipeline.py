"""The NFC stage and the assumption that makes its per-span edits correct."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

import ocrfix
from ocrfix import Config
from ocrfix.edits import apply_edits
from ocrfix.pipeline import NFC_RULE, NFC_STAGE, Repairer, normalize_unicode


def test_no_character_below_u0300_interacts_with_the_one_before_it() -> None:
    # normalize_unicode() only looks at runs of characters from U+0300 up
    # and the one character before each run. That is correct only if every
    # character below U+0300 is unchanged by NFC on its own, is a starter,
    # and is never the second half of a canonical composition.
    second_halves = set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2 and unicodedata.normalize("NFC", char) == char:
                second_halves.add(chr(int(parts[1], 16)))
    for code in range(0x300):
        char = chr(code)
        assert unicodedata.combining(char) == 0, hex(code)
        assert unicodedata.normalize("NFC", char) == char, hex(code)
        assert char not in second_halves, hex(code)


def test_one_edit_per_changed_span() -> None:
    text = "Fo\u0308rvaltningen och sa\u030a vidare, A\u030arsta"
    edits = normalize_unicode(text, Config())
    assert [(e.start, e.end, e.before, e.after) for e in edits] == [
        (1, 3, "o\u0308", "ö"),
        (20, 22, "a\u030a", "å"),
        (31, 33, "A\u030a", "Å"),
    ]
    assert {(e.stage, e.rule, e.confidence) for e in edits} == {(NFC_STAGE, NFC_RULE, 1.0)}


def test_edits_cover_only_what_changes_in_a_long_run() -> None:
    text = "Ελληνικά\u0387 text"  # U+0387 GREEK ANO TELEIA becomes U+00B7
    [edit] = normalize_unicode(text, Config())
    assert (edit.before, edit.after) == ("\u0387", "\u00b7")


@pytest.mark.parametrize("text", ["", "ascii only", "Socialnämnden, ärenden, överens"])
def test_clean_text_has_no_edits(text: str) -> None:
    assert normalize_unicode(text, Config()) == []


def test_random_text_normalizes_like_unicodedata() -> None:
    alphabet = (
        "aoAOe ö\n\u0308\u030a\u0301\u0323\u0302\u0327"  # letters and marks
        "\u1100\u1161\u11a8\uac00"  # Hangul jamo and a syllable
        "\u212b\u2126\u0387\u0958\u0f73\u0cc6\u0cc2\u0cd5"  # singletons and oddities
    )
    rng = random.Random(42)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        edits = normalize_unicode(text, Config())
        assert apply_edits(text, edits) == unicodedata.normalize("NFC", text), ascii(text)
        for edit in edits:
            assert text[edit.start : edit.end] == edit.before
            assert edit.before != edit.after


def test_disabled_stage_changes_nothing() -> None:
    repairer = Repairer(Config(normalize_unicode=False))
    assert repairer.repair("o\u0308") == "o\u0308"
    assert repairer.explain("o\u0308").edits == ()


def test_edits_below_min_confidence_are_not_made(monkeypatch: pytest.MonkeyPatch) -> None:
    import ocrfix.pipeline as pipeline
    from ocrfix.edits import Edit

    def unsure(text: str, config: Config) -> list[Edit]:
        return [Edit(0, 1, text[0], "X", "normalize_unicode", "test.unsure", 0.5)]

    monkeypatch.setattr(pipeline, "STAGES", (("normalize_unicode", unsure),))
    assert Repairer(Config(min_confidence=0.9)).repair("abc") == "abc"
    assert Repairer(Config(min_confidence=0.5)).repair("abc") == "Xbc"


def test_a_stage_is_not_asked_again_about_a_text_it_found_nothing_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ocrfix.pipeline as pipeline
    from ocrfix.edits import Edit

    seen: list[str] = []

    def quiet(text: str, config: Config) -> list[Edit]:
        seen.append(text)
        return []

    def x_to_y(text: str, config: Config) -> list[Edit]:
        at = text.find("x")
        return [Edit(at, at + 1, "x", "y", "fix_tables", "test.x", 1.0)] if at >= 0 else []

    # `quiet` twice in a pass, as the encoding stage is: asked once about a text that the
    # stage between leaves alone, and again about one it changed.
    stages = (("fix_encoding", quiet), ("fix_layout", x_to_y), ("fix_encoding", quiet))
    monkeypatch.setattr(pipeline, "STAGES", stages)
    assert Repairer(Config()).repair("abc") == "abc"
    assert seen == ["abc"]
    seen.clear()
    assert Repairer(Config()).repair("axc") == "ayc"
    assert seen == ["axc", "ayc"]


def test_a_very_long_text_is_repaired_in_parts_cut_after_sentences(monkeypatch):
    from ocrfix import pipeline

    page = "Parterna var 6verens om planen.\n\nDe ska fullf6lja den i hela Stockholms-\nregionen.\n\n"
    text = page * 200
    whole = ocrfix.explain(text)
    monkeypatch.setattr(pipeline, "SEGMENT_CHARS", 1_000)
    spans = pipeline.segments(text)
    assert len(spans) > 10 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] and text[a[1] - 3 : a[1]] == ".\n\n" for a, b in zip(spans, spans[1:]))
    parts = ocrfix.explain(text)
    assert parts.text == whole.text
    assert ocrfix.apply_edits(text, parts.edits) == parts.text
    assert ocrfix.repair(text) == whole.text
