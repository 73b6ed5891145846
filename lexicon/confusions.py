"""Learn the OCR confusion table from pairs of OCR output and ground truth.

    python lexicon/confusions.py CORPUS_DIR [CORPUS_DIR ...]    # writes ocrfix/data/sv_confusions.tsv

An OCR engine's mistakes are not random: Tesseract's English model reads `ä` as `d` or `i`,
`ö` as `6` or `é`, `å` as `4` or `a`, `rn` as `m`. We count them. Each pair of files is split
into words (line-end hyphens joined first, since a word broken over two lines is the layout
stage's business), the words are aligned with rapidfuzz's Levenshtein opcodes, and every word
the OCR got wrong is aligned letter by letter; each run of differing letters is one confusion
(`d` for `ä`, `m` for `rn`, `` for `ä` when a letter was lost). Runs longer than three letters
are alignment noise and are skipped.

The table gives P(OCR wrote `ocr` | the page said `truth`) = count / occurrences of `truth`
in the aligned ground-truth words, with add-one smoothing over the confusions seen. Only
letters and digits are counted: punctuation errors are not word errors.

The output, `ocrfix/data/sv_confusions.tsv`, has one row per confusion seen at least
MIN_COUNT times:  ocr ⇥ truth ⇥ count ⇥ truth_count ⇥ cost ⇥ note, where cost is
-log10 P(ocr | truth) and the note says in which corpora the confusion was seen and how often.
It is generated data: never edit it by hand, re-run this script.
"""

from __future__ import annotations

import argparse
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "ocrfix" / "data" / "sv_confusions.tsv"
HEADER = "#ocrfix-confusions v1"

# A confusion must be seen this often to be trusted: once may be a smudge.
MIN_COUNT = 3
# Longer runs of difference are two words misaligned, not one misreading.
MAX_RUN = 3

LINE_END_HYPHEN_RE = regex.compile(r"(?<=\p{L})[-¬\u00ad][ \t]*\n[ \t]*(?=\p{L})")
WORD_RE = regex.compile(r"[\p{L}\p{N}]+")


def pairs(corpus: Path):
    for gt_path in sorted(corpus.glob("*.gt.txt")):
        ocr_path = gt_path.with_name(gt_path.name[: -len(".gt.txt")] + ".ocr.txt")
        if ocr_path.exists():
            yield (
                unicodedata.normalize("NFC", ocr_path.read_text(encoding="utf-8")),
                unicodedata.normalize("NFC", gt_path.read_text(encoding="utf-8")),
            )


def word_pairs(ocr: str, gt: str):
    """(ocr word, truth word) for every aligned one-to-one word pair, equal or not."""
    ocr_words = WORD_RE.findall(LINE_END_HYPHEN_RE.sub("", ocr).lower())
    gt_words = WORD_RE.findall(gt.lower())
    for op in Levenshtein.opcodes(ocr_words, gt_words):
        if op.tag == "equal" or op.tag == "replace":
            yield from zip(
                ocr_words[op.src_start : op.src_end], gt_words[op.dest_start : op.dest_end]
            )


def confusions(ocr_word: str, truth_word: str):
    """Runs of difference between two words: (ocr part, truth part)."""
    runs = []
    ocr_part, truth_part = [], []
    for op in Levenshtein.opcodes(ocr_word, truth_word):
        if op.tag == "equal":
            if ocr_part or truth_part:
                runs.append(("".join(ocr_part), "".join(truth_part)))
                ocr_part, truth_part = [], []
            continue
        ocr_part.append(ocr_word[op.src_start : op.src_end])
        truth_part.append(truth_word[op.dest_start : op.dest_end])
    if ocr_part or truth_part:
        runs.append(("".join(ocr_part), "".join(truth_part)))
    return runs


def learn(corpora: list[Path]) -> tuple[Counter, Counter, dict]:
    counts: Counter = Counter()
    truth_text: list[str] = []
    seen_in: dict = defaultdict(Counter)
    for corpus in corpora:
        for ocr, gt in pairs(corpus):
            for ocr_word, truth_word in word_pairs(ocr, gt):
                truth_text.append(truth_word)
                if ocr_word == truth_word:
                    continue
                # Words that share less than half their letters are misaligned neighbours.
                if Levenshtein.normalized_similarity(ocr_word, truth_word) < 0.5:
                    continue
                for ocr_part, truth_part in confusions(ocr_word, truth_word):
                    if max(len(ocr_part), len(truth_part)) > MAX_RUN:
                        continue
                    counts[(ocr_part, truth_part)] += 1
                    seen_in[(ocr_part, truth_part)][corpus.name] += 1
    # How often each truth string occurs in the aligned ground truth: the denominator.
    joined = " ".join(truth_text)
    truth_counts: Counter = Counter()
    for _, truth_part in counts:
        if truth_part and truth_part not in truth_counts:
            truth_counts[truth_part] = joined.count(truth_part)
    # A lost or inserted letter is counted against the number of letters.
    truth_counts[""] = sum(len(w) for w in truth_text)
    return counts, truth_counts, seen_in


def write(counts: Counter, truth_counts: Counter, seen_in: dict, out: Path) -> int:
    rows = []
    for (ocr_part, truth_part), count in counts.items():
        if count < MIN_COUNT:
            continue
        total = truth_counts[truth_part] + len(counts)
        cost = -math.log10((count + 1) / total)
        note = " ".join(f"{name}:{n}" for name, n in sorted(seen_in[(ocr_part, truth_part)].items()))
        rows.append((ocr_part, truth_part, count, truth_counts[truth_part], round(cost, 3), note))
    rows.sort(key=lambda r: (r[4], r[0], r[1]))
    lines = [HEADER, "# ocr\ttruth\tcount\ttruth_count\tcost (-log10 P(ocr|truth))\tseen in"]
    lines += ["\t".join(str(x) for x in row) for row in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="folders of NAME.ocr.txt/NAME.gt.txt")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    counts, truth_counts, seen_in = learn(args.corpora)
    n = write(counts, truth_counts, seen_in, args.out)
    print(f"{n} confusions written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
