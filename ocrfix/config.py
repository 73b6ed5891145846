"""
The one object that says how ocrfix repairs text.

A :class:`Config` is frozen: you cannot change a setting in place and
surprise some other part of a program that shares the object. Make a variant
with :func:`dataclasses.replace` instead:

>>> import dataclasses
>>> strict = dataclasses.replace(Config(), min_confidence=0.99)
>>> strict.min_confidence
0.99

Each stage of the pipeline has a field with the stage's own name, so a
setting, a stage and the ``stage`` of the edits it makes all share a name.
We check every value as the object is made, so a typo fails at once with a
message that names the field, instead of being quietly ignored:

>>> Config(min_confidence=1.5)
Traceback (most recent call last):
  ...
ValueError: min_confidence must be between 0 and 1, got 1.5
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Literal

#: The stages that exist in this version, in the order they run.
IMPLEMENTED_STAGES: tuple[str, ...] = (
    "fix_encoding",
    "normalize_unicode",
    "fix_layout",
    "fix_tables",
    "fix_words",
    "restore_diacritics",
)

#: Stages that have a Config field but are not implemented in this version.
#: Their flags are accepted (so configurations written today keep working
#: when the stages arrive), but they change nothing yet.
RESERVED_STAGES: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """
    How ocrfix repairs text.

    ``normalize_unicode`` (default True)
        Bring the text to Unicode NFC, so that ``"o"`` followed by a
        combining diaeresis becomes the single character ``"ö"``. Text
        copied out of PDFs and macOS file names often arrives decomposed
        (NFD); it looks right but does not compare equal to the same word
        typed on a keyboard, so searches and lexicon look-ups miss it.

    ``fix_encoding`` (default True)
        Undo wrong decodings: UTF-8 read as Windows-1252 (``fÃ¶r``), HTML
        entities, DOS and Mac code pages (``f”r``, ``fšr``), 7-bit Swedish
        (``f|r``) and letters lost as U+FFFD (``f�r``), checked against the
        Swedish lexicon (:mod:`ocrfix.stages.encoding`).

    ``fix_layout`` (default True)
        Join words hyphenated at line ends (``Stockholms-⏎regionen``), keep
        the hyphen of suspended compounds (``barn- och``) and hyphenated
        words (``IT-stöd``), and drop soft hyphens
        (:mod:`ocrfix.stages.layout`); rejoin sentences a blank line or a page
        break cut (:mod:`ocrfix.stages.paragraphs`).

    ``fix_tables`` (default True)
        Rebuild table rows whose label cell wrapped onto a line of its own,
        and mend cells the OCR broke where a column is plainly of one type
        (``18596`` in a column of percentages) (:mod:`ocrfix.stages.tables`).

    ``fix_words`` (default True)
        Correct words the OCR engine misread, such as ``Socialndmnden``
        (``Socialnämnden``) and ``6verens`` (``överens``), with the Swedish
        lexicon and the OCR confusion table (:mod:`ocrfix.stages.words`).

    ``restore_diacritics`` (default ``"auto"``)
        Put back å, ä and ö in real words that lost them (``for`` → ``för``,
        ``ar`` → ``är``). ``"auto"`` weighs each such word with the rate at
        which this document's own repairs show it lost its marks, so a clean
        page keeps ``for`` (:mod:`ocrfix.stages.context`); ``True`` treats the
        text as Swedish typed without å/ä/ö; ``False`` leaves real words alone.
        It runs within the word stage, whose corrections are its evidence, so
        it needs ``fix_words`` on. A word's neighbours weigh in too
        (``context_model``).

    ``min_confidence`` (default 0.5)
        Edits whose confidence is below this are not made. A word
        correction's confidence is its share of the probability against
        keeping the token and against every other candidate, so the default
        makes a correction when it is likelier than everything else
        together. Raise it to trade recall for precision: 0.9 makes fewer
        corrections, nearly all right.

    ``lexicon`` (default ``"sv"``)
        The name of the lexicon every stage and :func:`ocrfix.detect` look
        words up in (the packaged Swedish one is the only one so far).

    ``context_model`` (default None: the packaged model)
        The path of a context model trained with ``ocrfix lexicon train``
        on your own clean text, which decides confusable words (``vara`` or
        ``våra``) by their neighbours (:mod:`ocrfix.neighbours`).

    ``modernize_spelling`` (default False)
        Rewrite Swedish printed before the 1906 spelling reform in modern spelling
        (``hvilken`` → ``vilken``, ``qvinna`` → ``kvinna``, ``lefva`` → ``leva``,
        ``hjerta`` → ``hjärta``, ``voro`` → ``var``), by the spelling rules of the period
        (:mod:`ocrfix.historical`, :mod:`ocrfix.stages.modernize`). By default such text is
        recognised and kept as it is printed, while its OCR damage is still repaired.

    ``profile`` (default None: each page is judged by the packaged prior)
        The path of a damage profile learned with ``ocrfix profile learn``
        (or :func:`ocrfix.learn_profile`) from a corpus read by one OCR
        engine (:mod:`ocrfix.profile`). It stands in for the prior on every
        page: the misreadings the corpus shows are expected on each page,
        so a short page that shows too little damage to judge alone is
        still repaired, real words too (``år`` → ``är`` where the corpus's
        engine prints ``å`` for ``ä``). Each page still learns its own
        profile on top. The file is read and checked as the Config is made.
    """

    normalize_unicode: bool = True
    fix_encoding: bool = True
    fix_layout: bool = True
    fix_tables: bool = True
    fix_words: bool = True
    restore_diacritics: bool | Literal["auto"] = "auto"
    min_confidence: float = 0.5
    lexicon: str = "sv"
    context_model: str | None = None
    profile: str | None = None
    modernize_spelling: bool = False

    def __post_init__(self) -> None:
        for name in (
            "normalize_unicode", "fix_encoding", "fix_layout", "fix_tables", "fix_words",
            "modernize_spelling",
        ):
            _check_bool(name, getattr(self, name))
        if not isinstance(self.restore_diacritics, bool) and self.restore_diacritics != "auto":
            raise ValueError(
                "restore_diacritics must be True, False or 'auto', "
                f"got {_describe(self.restore_diacritics)}"
            )
        confidence = self.min_confidence
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
            raise ValueError(f"min_confidence must be a number, got {_describe(confidence)}")
        if math.isnan(confidence) or not 0.0 <= confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, got {confidence!r}")
        if not isinstance(self.lexicon, str):
            raise ValueError(f"lexicon must be a string, got {_describe(self.lexicon)}")
        if not self.lexicon.strip():
            raise ValueError("lexicon must name a lexicon, got an empty string")
        if self.context_model is not None:
            if not isinstance(self.context_model, (str, os.PathLike)):
                raise ValueError(
                    f"context_model must be a path or None, got {_describe(self.context_model)}"
                )
            path = os.fspath(self.context_model)
            if not os.path.isfile(path):
                raise ValueError(f"context_model must be a model file, got {path!r}")
            object.__setattr__(self, "context_model", path)
        if self.profile is not None:
            object.__setattr__(self, "profile", _check_profile(self.profile))


def _check_profile(value: object) -> str:
    """The path of a saved damage profile, checked to be a file that holds one."""
    if not isinstance(value, (str, os.PathLike)):
        raise ValueError(f"profile must be a path or None, got {_describe(value)}")
    path = os.fspath(value)
    if not isinstance(path, str):  # a bytes path
        raise ValueError(f"profile must be a path or None, got {_describe(value)}")
    if not os.path.isfile(path):
        raise ValueError(f"profile must be a profile file, got {path!r}")
    from ocrfix.profile import Profile  # only a Config with a profile needs it

    try:
        Profile.load(path)
    except ValueError as error:
        raise ValueError(
            f"profile must be a profile made by 'ocrfix profile learn': {error}"
        ) from None
    return path


def _check_bool(name: str, value: object) -> None:
    # We insist on a real bool: 0/1 or "yes" are more likely to be mistakes
    # (a value meant for another field) than deliberate choices.
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {_describe(value)}")


def _describe(value: object) -> str:
    return f"{value!r} ({type(value).__name__})"
