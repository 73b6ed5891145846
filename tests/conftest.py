"""Shared fixtures: a tiny stand-in for the Swedish lexicon."""

from __future__ import annotations

import importlib

import pytest

# ocrfix.detect, as an attribute, is the detect() function that ocrfix
# exports; the module of the same name is reached through importlib.
detect_module = importlib.import_module("ocrfix.detect")


class FakeLexicon:
    """
    Just enough of ocrfix.lexicon's interface for the detect tests: a few
    known words (case-insensitive) and one diacritic-stripped artefact.
    """

    WORDS = frozenset(
        """
        och i att det som en på är av för med har till den de om ett inte vi ord
        socialnämnden ärenden överens fullfölja få stöd främst lösa år
        barn ungdomsvården it förvaltningen stockholms regionen se
        """.split()
    )
    STRIPPED = {"maste": [("måste", 5.6), ("mäste", 1.2)]}

    def __init__(self) -> None:
        self.calls: list[str] = []

    def is_word(self, word: str) -> bool:
        self.calls.append(word)
        return word.lower() in self.WORDS

    def is_stripped(self, word: str) -> bool:
        return word.lower() in self.STRIPPED

    def variants(self, word: str) -> list[tuple[str, float]]:
        return list(self.STRIPPED.get(word.lower(), []))


@pytest.fixture
def fake_lexicon(monkeypatch: pytest.MonkeyPatch) -> FakeLexicon:
    """Make ocrfix.detect use a FakeLexicon; return it so tests can inspect calls."""
    lexicon = FakeLexicon()
    names: list[str] = []

    def get_lexicon(name: str) -> FakeLexicon:
        names.append(name)
        return lexicon

    monkeypatch.setattr(detect_module, "get_lexicon", get_lexicon)
    lexicon.requested = names  # type: ignore[attr-defined]
    return lexicon
