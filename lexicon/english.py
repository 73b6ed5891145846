"""Build the list of common English words that ocrfix leaves alone in Swedish text.

    python -m pip install -e '.[lexicon]'
    python lexicon/english.py          # writes ocrfix/data/en_frequent.marisa and .json

Swedish text quotes English: titles, product names, technical terms, whole sentences. A word
the Swedish lexicon rejects may be English rather than a misread Swedish word, and must not
be "corrected" into Swedish (`the quick brown fox`, `roots`, `installer`). The word stage
asks this list (ocrfix/registers.py). It holds the English words of wordfreq (`en`, wordlist
`large`) with a Zipf frequency of at least MIN_ZIPF, in lower case, letters only, each with
its English Zipf × 100, in a marisa RecordTrie (memory-mapped, so that opening it costs
nothing); the JSON file beside it says what it holds. Whether a token is English is decided
in its context, by comparing this frequency with the Swedish one (see ocrfix/registers.py),
never from this list alone: `pa`, `dr` and `fr` are common in English too, and in Swedish
OCR they are `på`, `är` and `för`.

The values are integers and marisa builds the same trie from the same keys, so the same
wordfreq version gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import sys
from pathlib import Path

import marisa_trie
import regex
import wordfreq

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from ocrfix.registers import DATA_PATH as OUT  # noqa: E402
from ocrfix.registers import FORMAT, RECORD  # noqa: E402  # the reader checks them

# Once per 10 million words of English text, or more often.
MIN_ZIPF = 3.0
WORD_RE = regex.compile(r"^\p{Ll}+$")


def english_words() -> list[tuple[str, int]]:
    """(word, Zipf × 100) of every listed word, sorted by word."""
    rows = []
    for word in wordfreq.iter_wordlist("en", "large"):
        zipf = wordfreq.zipf_frequency(word, "en", wordlist="large")
        if zipf < MIN_ZIPF:
            break  # the list is in frequency order
        if WORD_RE.match(word) and len(word) >= 2:
            rows.append((word, round(zipf * 100)))
    rows.sort()
    return rows


def build(out: Path) -> int:
    """Write the trie to `out` and its metadata beside it; return how many words it holds."""
    rows = english_words()
    marisa_trie.RecordTrie(RECORD, ((word, (zipf,)) for word, zipf in rows)).save(str(out))
    meta = {
        "format": FORMAT,
        "words": len(rows),
        "source": {
            "package": "wordfreq",
            "version": importlib.metadata.version("wordfreq"),
            "table": "en, wordlist large",
            "license": "data CC BY-SA 4.0",
        },
        "min_zipf": MIN_ZIPF,
        "value": "Zipf x 100",
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
    }
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    print(f"{build(args.out)} words -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
