"""Build the list of common English words that ocrfix leaves alone in Swedish text.

    python -m pip install -e '.[lexicon]'
    python lexicon/english.py          # writes ocrfix/data/en_frequent.tsv

Swedish text quotes English: titles, product names, technical terms, whole sentences. A word
the Swedish lexicon rejects may be English rather than a misread Swedish word, and must not
be "corrected" into Swedish (`the quick brown fox`, `roots`, `installer`). The word stage
asks this list (ocrfix/registers.py). It holds the English words of wordfreq (`en`, wordlist
`large`) with a Zipf frequency of at least MIN_ZIPF, in lower case, letters only, with their
English Zipf × 100: ``word⇥zipf``. Whether a token is English is decided in its context, by
comparing this frequency with the Swedish one (see ocrfix/registers.py), never from this list
alone: `pa`, `dr` and `fr` are common in English too, and in Swedish OCR they are `på`, `är`
and `för`.

The output is sorted and integer-valued, so the same wordfreq version gives the same bytes.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
from pathlib import Path

import regex
import wordfreq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from ocrfix.registers import DATA_PATH as OUT  # noqa: E402
from ocrfix.registers import HEADER  # noqa: E402  # the reader checks it

# Once per 10 million words of English text, or more often.
MIN_ZIPF = 3.0
WORD_RE = regex.compile(r"^\p{Ll}+$")


def build(out: Path) -> int:
    rows = []
    for word in wordfreq.iter_wordlist("en", "large"):
        zipf = wordfreq.zipf_frequency(word, "en", wordlist="large")
        if zipf < MIN_ZIPF:
            break  # the list is in frequency order
        if WORD_RE.match(word) and len(word) >= 2:
            rows.append((word, round(zipf * 100)))
    rows.sort()
    version = importlib.metadata.version("wordfreq")
    lines = [HEADER, f"# wordfreq {version}, en, large, Zipf >= {MIN_ZIPF}; word, Zipf x 100"]
    lines += [f"{word}\t{zipf}" for word, zipf in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    print(f"{build(args.out)} words -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
