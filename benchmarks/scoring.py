"""Error rates of a repaired text against its ground truth, as the project measures them.

These are the rules of "How quality is measured" in the design notes, and they give the same
numbers as the corpus scorer the pair corpora come with (checked against it):

- Both sides are NFC-normalised and every whitespace run becomes one space, so line layout
  does not count, but a hyphen left at a line end does.
- CER = character edit distance / ground-truth characters; WER = edit distance over the
  space-split words / ground-truth words (Levenshtein, from rapidfuzz).
- Reduction = (before - after) / before: 1.0 fixes every error, negative makes things worse.
- Damage = WER of the system run on the ground truth itself.
- Broken words (issue 14): the ground-truth words the OCR got right and the repair made wrong.
  The OCR's words and the output's words are each aligned with the ground truth's words
  (Levenshtein opcodes over the same space-split words); a ground-truth word that an equal OCR
  word is aligned with, and no equal output word is, counts as broken. Their share is of the
  ground truth's words. :func:`breakage` counts them, and the ones the repair fixed.

Totals are summed over a corpus before dividing (a long document weighs more than a short
one), and the figures are rounded as the corpus scorer rounds them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field


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


def words(text: str) -> list[str]:
    """The words of ``text`` as scoring counts them: :func:`normalize`, then split on spaces."""
    return normalize(text).split(" ")


def align(words: list[str], gt_words: list[str]) -> list[str | None]:
    """For each ground-truth word, the word of ``words`` aligned with it, or ``None``.

    The alignment is a Levenshtein alignment of the two word lists (rapidfuzz's opcodes, the
    alignment behind the WER): a ground-truth word in an ``equal`` or ``replace`` block is
    aligned with one word of ``words`` (replace blocks pair words one to one), and one that
    ``words`` lacks (an ``insert`` block) with none. Words of ``words`` the truth lacks are
    left out.
    """
    from rapidfuzz.distance import Levenshtein

    aligned: list[str | None] = [None] * len(gt_words)
    for op in Levenshtein.opcodes(words, gt_words):
        if op.tag in ("equal", "replace"):
            for k in range(op.dest_end - op.dest_start):
                aligned[op.dest_start + k] = words[op.src_start + k]
    return aligned


@dataclass(frozen=True)
class Breakage:
    """What a repair did to the words of one document, against the OCR it was given.

    ``ocr_right``: ground-truth words the OCR got right (aligned with an equal OCR word);
    ``broken``: of those, the ones the output no longer gets right; ``fixed``: ground-truth
    words the OCR got wrong and the output gets right; ``pairs``: each broken word as
    (OCR word, output word), the output word ``""`` where the output has none aligned with it.
    """

    gt_words: int
    ocr_right: int
    broken: int
    fixed: int
    pairs: tuple[tuple[str, str], ...] = ()


def breakage(ocr: str, output: str, truth: str) -> Breakage:
    """Count the words the OCR got right and ``output`` made wrong (and those it fixed).

    All three texts are normalised and split as :func:`errors` does. A word counts by its
    position in the ground truth, so a word repeated on the page counts each time.
    """
    gt = words(truth)
    by_ocr = align(words(ocr), gt)
    by_out = align(words(output), gt)
    ocr_right = broken = fixed = 0
    pairs = []
    for truth_word, ocr_word, out_word in zip(gt, by_ocr, by_out):
        if ocr_word == truth_word:
            ocr_right += 1
            if out_word != truth_word:
                broken += 1
                pairs.append((ocr_word, out_word or ""))
        elif out_word == truth_word:
            fixed += 1
    return Breakage(len(gt), ocr_right, broken, fixed, tuple(pairs))


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
    broken_docs: int = 0
    ocr_right_words: int = 0
    broken_words: int = 0
    fixed_words: int = 0
    broken_pairs: Counter = field(default_factory=Counter)

    def add(
        self,
        before: Errors,
        after: Errors,
        clean: Errors | None = None,
        broken: Breakage | None = None,
    ) -> None:
        """Count one document: the input's errors, the output's, the damage on clean text, and
        the words the repair broke (:func:`breakage`)."""
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
        if broken is not None:
            self.broken_docs += 1
            self.ocr_right_words += broken.ocr_right
            self.broken_words += broken.broken
            self.fixed_words += broken.fixed
            self.broken_pairs.update(broken.pairs)

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
        if self.broken_docs:
            result.update(
                gt_words=self.gt_words,
                ocr_right_words=self.ocr_right_words,
                broken_words=self.broken_words,
                broken_rate=rate(self.broken_words, self.gt_words),
                fixed_words=self.fixed_words,
            )
        return result

    def top_broken(self, n: int) -> list[tuple[str, str, int]]:
        """The ``n`` commonest broken (OCR word, output word) pairs with their counts, commonest
        first (ties in the order they were first met)."""
        return [(ocr, out, count) for (ocr, out), count in self.broken_pairs.most_common(n)]
