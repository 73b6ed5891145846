"""detect(), with a stand-in lexicon (tests/conftest.py)."""

from __future__ import annotations

import pytest

from ocrfix import Config, Finding, detect
from ocrfix.suspects import looks_misread


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.text, f.detail) for f in detect(text)]


def test_finds_each_kind(fake_lexicon: object) -> None:
    text = "Socialndmnden maste bo\u0308rk 6verens"
    findings = detect(text)
    assert [(f.kind, f.text) for f in findings] == [
        ("unknown-word", "Socialndmnden"),
        ("stripped-diacritics", "maste"),
        ("unknown-word", "bo\u0308rk"),
        ("unnormalized", "o\u0308"),
        ("mixed-token", "6verens"),
    ]
    for finding in findings:
        assert isinstance(finding, Finding)
        assert text[finding.start : finding.end] == finding.text


def test_stripped_word_names_the_best_variant(fake_lexicon: object) -> None:
    assert kinds("Vi maste") == [("stripped-diacritics", "maste", "måste")]


def test_unnormalized_detail_gives_the_nfc_form(fake_lexicon: object) -> None:
    assert kinds("o\u0308verens") == [
        ("unnormalized", "o\u0308", "NFC changes U+006F U+0308 to U+00F6")
    ]


def test_known_words_pass_in_any_case(fake_lexicon: object) -> None:
    assert detect("Socialnämnden ÄRENDEN och ärenden, barn- och ungdomsvården, IT-stöd") == []


def test_nfd_words_are_looked_up_in_nfc(fake_lexicon: object) -> None:
    assert [f.kind for f in detect("Fo\u0308rvaltningen")] == ["unnormalized"]


def test_abbreviations_single_letters_urls_and_numbers_are_skipped(fake_lexicon) -> None:  # type: ignore[no-untyped-def]
    text = "IFO KSL APT x Q 412 3,5 www.kommun.se ifo@kommun.se B12 3D 2a 5kg"
    assert detect(text) == []
    assert fake_lexicon.calls == []


def test_long_words_in_capitals_are_looked_up(fake_lexicon) -> None:  # type: ignore[no-untyped-def]
    assert kinds("SOCIALNDMNDEN") == [("unknown-word", "SOCIALNDMNDEN", "not in the lexicon")]


def test_the_lexicon_is_named_by_the_config(fake_lexicon) -> None:  # type: ignore[no-untyped-def]
    detect("ord", Config(lexicon="sv-test"))
    assert fake_lexicon.requested == ["sv-test"]


def test_no_lexicon_is_loaded_without_words(fake_lexicon) -> None:  # type: ignore[no-untyped-def]
    detect("412 IFO - x ö")
    assert fake_lexicon.requested == []


def test_each_distinct_word_is_looked_up_once(fake_lexicon) -> None:  # type: ignore[no-untyped-def]
    detect("drenden drenden Drenden")
    assert fake_lexicon.calls == ["drenden", "Drenden"]


def test_detect_does_not_change_the_text(fake_lexicon: object) -> None:
    text = "Socialndmnden fo\u0308r"
    detect(text)
    assert text == "Socialndmnden fo\u0308r"


@pytest.mark.parametrize(
    "token", ["6verens", "fullf6lja", "10sa", "1dn", "f4", "ti11", "f6r", "NUL4GE", "6VERENS"]
)
def test_misread_tokens(token: str) -> None:
    assert looks_misread(token)


@pytest.mark.parametrize(
    "token",
    ["B12", "3D", "2a", "3e", "5kg", "24h", "100kr", "1990tal", "CO2", "H2O", "E4", "A4",
     "mp3", "mp4", "covid19", "iPhone12", "v10", "4K", "x2"],
)
def test_codes_units_and_ordinals(token: str) -> None:
    assert not looks_misread(token)
