"""Config: defaults, immutability, and the messages for bad values."""

from __future__ import annotations

import dataclasses

import pytest

from ocrfix import Config
from ocrfix.config import IMPLEMENTED_STAGES, RESERVED_STAGES


def test_defaults() -> None:
    config = Config()
    assert config.normalize_unicode is True
    assert config.fix_encoding and config.fix_layout and config.fix_words
    assert config.restore_diacritics == "auto"
    assert config.min_confidence == 0.5
    assert config.lexicon == "sv"


def test_frozen_and_hashable() -> None:
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.min_confidence = 0.5  # type: ignore[misc]
    assert hash(config) == hash(Config())
    assert dataclasses.replace(config, min_confidence=0.5).min_confidence == 0.5


def test_every_stage_has_a_field() -> None:
    fields = {field.name for field in dataclasses.fields(Config)}
    assert set(IMPLEMENTED_STAGES) | set(RESERVED_STAGES) <= fields


@pytest.mark.parametrize("value", [True, False, "auto"])
def test_restore_diacritics_values(value: object) -> None:
    assert Config(restore_diacritics=value).restore_diacritics == value  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0, 1, 0.0, 0.5, 1.0])
def test_min_confidence_bounds_are_inclusive(value: float) -> None:
    assert Config(min_confidence=value).min_confidence == value


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_confidence": 1.5}, "min_confidence must be between 0 and 1, got 1.5"),
        ({"min_confidence": -0.1}, "min_confidence must be between 0 and 1, got -0.1"),
        ({"min_confidence": float("nan")}, "min_confidence must be between 0 and 1, got nan"),
        ({"min_confidence": "0.9"}, "min_confidence must be a number, got '0.9' (str)"),
        ({"min_confidence": True}, "min_confidence must be a number, got True (bool)"),
        ({"normalize_unicode": 1}, "normalize_unicode must be True or False, got 1 (int)"),
        ({"fix_encoding": "yes"}, "fix_encoding must be True or False, got 'yes' (str)"),
        ({"fix_layout": None}, "fix_layout must be True or False, got None (NoneType)"),
        ({"fix_words": 0}, "fix_words must be True or False, got 0 (int)"),
        (
            {"restore_diacritics": "on"},
            "restore_diacritics must be True, False or 'auto', got 'on' (str)",
        ),
        ({"lexicon": ""}, "lexicon must name a lexicon, got an empty string"),
        ({"lexicon": 7}, "lexicon must be a string, got 7 (int)"),
    ],
)
def test_bad_values_name_the_field(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as info:
        Config(**kwargs)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_replace_is_checked_too() -> None:
    with pytest.raises(ValueError, match="min_confidence"):
        dataclasses.replace(Config(), min_confidence=2)
