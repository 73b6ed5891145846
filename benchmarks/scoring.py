"""Error rates of a repaired text against its ground truth, as the project measures them.

These are the rules of "How quality is measured" in the design notes, and they give the same
numbers as the corpus scorer the pair corpora come with (checked against it):

- Both sides are NFC-normalised and every whitespace run becomes one space, so line layout
  does not count, but a hyphen left at a line end does.
- CER = character edit distance / ground-truth characters; WER = edit distance over the
  space-split words / ground-truth words (Levenshtein, from rapidfuzz).
- Reduction = (before - after) / before: 1.0 fixes every error, negative makes things worse.
- Damage = WER of the system run on the ground truth itself.

Totals are summed over a corpus before dividing (a long document weighs more than a short
one), and the figures are rounded as the corpus scorer rounds them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def normalize(text: str) -> str:
    """NFC, with every whitespace run (line breaks included) turned into one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class Errors:
    """Edit distances of one output against its ground truth, and the ground truth's size."""

    chars: int
    gt_chars: int
    words: int
    gt_words: int


def errors(output: str, truth: str) -> Errors:
    """Character and word edit distances between ``output`` and ``truth``, after :func:`normalize`.

    Words are the pieces between single spaces, so punctuation stays on its word
    (``"år."`` and ``"år"`` are two different words).
    """
    from rapidfuzz.distance import Levenshtein  # imported here: normalize() needs no rapidfuzz

    out, gt = normalize(output), normalize(truth)
    out_words, gt_words = out.split(" "), gt.split(" ")
    return Errors(
        Levenshtein.distance(out, gt),
        len(gt),
        Levenshtein.distance(out_words, gt_words),
        len(gt_words),
    )


def rate(errors: int, total: int) -> float:
    """``errors / total`` rounded to 5 places; 0.0 when there is nothing to count."""
    return round(errors / total, 5) if total else 0.0


def reduction(before: int, after: int) -> float:
    """``(before - after) / before`` rounded to 4 places; 0.0 when there was no error."""
    return round((before - after) / before, 4) if before else 0.0


@dataclass
class Tally:
    """Running totals for one system on one corpus."""

    docs: int = 0
    chars_before: int = 0
    chars_after: int = 0
    gt_chars: int = 0
    words_before: int = 0
    words_after: int = 0
    gt_words: int = 0
    clean_words: int = 0
    clean_gt_words: int = 0

    def add(self, before: Errors, after: Errors, clean: Errors | None = None) -> None:
        """Count one document: the input's errors, the output's, and the damage on clean text."""
        self.docs += 1
        self.chars_before += before.chars
        self.chars_after += after.chars
        self.gt_chars += before.gt_chars
        self.words_before += before.words
        self.words_after += after.words
        self.gt_words += before.gt_words
        if clean is not None:
            self.clean_words += clean.words
            self.clean_gt_words += clean.gt_words

    def figures(self) -> dict[str, float | int]:
        """The corpus figures under the corpus scorer's names."""
        result: dict[str, float | int] = dict(
            docs=self.docs,
            cer_before=rate(self.chars_before, self.gt_chars),
            cer_after=rate(self.chars_after, self.gt_chars),
            wer_before=rate(self.words_before, self.gt_words),
            wer_after=rate(self.words_after, self.gt_words),
            cer_reduction=reduction(self.chars_before, self.chars_after),
            wer_reduction=reduction(self.words_before, self.words_after),
        )
        if self.clean_gt_words:
            result["clean_damage_wer"] = rate(self.clean_words, self.clean_gt_words)
        return result
