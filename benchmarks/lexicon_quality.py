"""How well the lexicon separates Swedish from OCR damage, measured on a pair corpus.

    python benchmarks/lexicon_quality.py ../shared/corpus

Two figures, the two sides of one trade-off:

- coverage: of the word tokens (runs of letters) on the ground-truth side of `ocr-swe`, the
  share the lexicon accepts (a listed form or a compound). Every miss is a correct word that a
  later stage might "repair". Acronyms (`IFO`, `KSL:s`) and initials (`A.`) are not word
  tokens, and a letter run inside a
  listed abbreviation (`t.ex.`) counts as accepted; the figure over every letter run is
  printed beside it.
- rejection: of the OCR-side tokens of `ocr-eng` that differ from the ground-truth token they
  align with, the share the lexicon rejects, or marks confusable with a more frequent diacritic
  variant that is the ground truth (`for` → `för`). Every miss is damage no stage will look at.

Tokens are aligned with rapidfuzz's Levenshtein opcodes over the token sequences, after the
OCR side's line-end hyphens are joined (`koordinations-⏎förmåga`: a fragment of a word is the
layout stage's business, not the lexicon's). Scored are one-to-one substitutions whose two
tokens are one word misread: they differ in more than case (the lexicon is case-blind by
design) and share at least half their letters (less is a misalignment next to a split or
merged token). How many pairs each filter leaves out is printed. `strict` demands that the
ground truth be the more frequent variant of a confusable word; `lenient` that it be a variant.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ocrfix.lexicon import fold_diacritics, get_lexicon  # noqa: E402

WORD_RE = regex.compile(r"\p{L}+")
# OCR tokens keep their digits and marks: `6verens` and `f4` are damaged words.
OCR_TOKEN_RE = regex.compile(r"[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*")
LINE_END_HYPHEN_RE = regex.compile(r"(?<=\p{L})[-¬\u00ad][ \t]*\n[ \t]*(?=\p{L})")
MIN_PAIR_SIMILARITY = 0.5


def pairs(corpus: Path):
    for ocr_path in sorted(corpus.glob("*.ocr.txt")):
        gt_path = ocr_path.with_name(ocr_path.name.replace(".ocr.txt", ".gt.txt"))
        yield ocr_path.read_text(encoding="utf-8"), gt_path.read_text(encoding="utf-8")


# A run of letters and full stops that may be an abbreviation as written (`t.ex.`, `bl.a.`).
ABBREVIATION_RE = regex.compile(r"(?<!\p{L})(?:\p{L}{1,6}\.)+")
# Not word tokens: an acronym with its Swedish inflection after a colon (`IFO`, `KSL:s`,
# `TV:n`) and a name's initial (`A. I. Rabin`). No lexicon lists them; ocrfix leaves them alone.
NOT_A_WORD_RE = regex.compile(r"(?<!\p{L})(?:\p{Lu}{2,5}(?::\p{Ll}{1,3})?|\p{Lu}\.)")


def coverage(corpus: Path) -> tuple[float, float, int, Counter]:
    """(share of all letter runs accepted, share of word tokens accepted, word tokens, misses).

    Word tokens are the letter runs less acronyms; a letter run inside an abbreviation the
    lexicon lists (`t.ex.`) counts as accepted, as the abbreviation it is part of.
    """
    lex = get_lexicon()
    runs = accepted_runs = words = accepted_words = 0
    missed: Counter = Counter()
    for _, gt in pairs(corpus):
        in_abbreviation = set()
        for match in ABBREVIATION_RE.finditer(gt):
            if lex.is_abbreviation(match.group()):
                in_abbreviation.update(range(match.start(), match.end()))
        not_a_word = set()
        for match in NOT_A_WORD_RE.finditer(gt):
            not_a_word.update(range(match.start(), match.end()))
        for match in WORD_RE.finditer(gt):
            word = match.group()
            ok = lex.is_word(word)
            runs += 1
            accepted_runs += ok
            if match.start() in not_a_word:
                continue
            ok = ok or match.start() in in_abbreviation
            words += 1
            accepted_words += ok
            if not ok:
                missed[word] += 1
    return accepted_runs / runs, accepted_words / words, words, missed


def _caught(lex, ocr: str, truth: str, strict: bool) -> bool:
    if not lex.is_word(ocr):
        return True
    if lex.is_confusable(ocr):
        variants = {v.lower(): z for v, z in lex.variants(ocr)}
        if truth.lower() not in variants:
            return False
        return not strict or variants[truth.lower()] > lex.zipf(ocr)
    return False


def substitutions(corpus: Path) -> tuple[list[tuple[str, str]], Counter]:
    """One-word misreadings (ocr, truth) and how many pairs each filter left out."""
    kept: list[tuple[str, str]] = []
    dropped: Counter = Counter()
    for ocr, gt in pairs(corpus):
        ocr_tokens = OCR_TOKEN_RE.findall(LINE_END_HYPHEN_RE.sub("", ocr))
        gt_tokens = OCR_TOKEN_RE.findall(gt)
        for op in Levenshtein.opcodes(ocr_tokens, gt_tokens):
            if op.tag != "replace":
                continue
            block = zip(ocr_tokens[op.src_start : op.src_end], gt_tokens[op.dest_start : op.dest_end])
            for o, g in block:
                if o.lower() == g.lower():
                    dropped["case only"] += 1
                elif Levenshtein.normalized_similarity(
                    fold_diacritics(o.lower()), fold_diacritics(g.lower())
                ) < MIN_PAIR_SIMILARITY:
                    dropped["misaligned"] += 1
                else:
                    kept.append((o, g))
    return kept, dropped


def rejection(corpus: Path, strict: bool) -> tuple[float, int, Counter, Counter]:
    lex = get_lexicon()
    kept, dropped = substitutions(corpus)
    missed = Counter((o, g) for o, g in kept if not _caught(lex, o, g, strict))
    return 1 - sum(missed.values()) / len(kept), len(kept), dropped, missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the folder holding ocr-swe/ and ocr-eng/")
    parser.add_argument("--show", type=int, default=25, help="how many misses to list")
    args = parser.parse_args(argv)
    raw_cov, cov, n_cov, cov_missed = coverage(args.corpus / "ocr-swe")
    rej, n_rej, dropped, rej_missed = rejection(args.corpus / "ocr-eng", strict=True)
    lenient, _, _, _ = rejection(args.corpus / "ocr-eng", strict=False)
    print(f"coverage  (ocr-swe ground truth): {cov:.4f} of {n_cov} word tokens "
          f"({raw_cov:.4f} of all letter runs, acronyms and abbreviations counted as words)")
    print(f"rejection (ocr-eng misread words): {rej:.4f} strict, {lenient:.4f} lenient, of {n_rej} "
          f"pairs ({', '.join(f'{n} {why}' for why, n in sorted(dropped.items()))} left out)")
    if args.show:
        print("\nmost frequent ground-truth words not accepted:")
        print("  " + ", ".join(f"{w}×{c}" for w, c in cov_missed.most_common(args.show)))
        print("\nmost frequent OCR errors not caught, strict (ocr → truth):")
        print("  " + ", ".join(f"{o}→{g}×{c}" for (o, g), c in rej_missed.most_common(args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
