"""
Swedish paragraphs from an installed HTML manual, as input for new OCR pages.

    sudo apt-get install gimp-help-sv tesseract-ocr tesseract-ocr-swe tesseract-ocr-deu
    python benchmarks/unseen_text.py /usr/share/gimp/2.0/help/sv > /tmp/gimp-sv.txt
    python ../shared/tools/make_ocr_corpus.py /tmp/gimp-sv.txt --out /tmp/unseen/gimp-eng \\
        --prefix g --model eng --seed 7      # and --model swe, --model deu
    python benchmarks/speed.py /tmp/unseen --corpora gimp-eng,gimp-swe,gimp-deu --sizes corpus
    python benchmarks/quality.py /tmp/unseen/gimp-eng /tmp/unseen/gimp-swe /tmp/unseen/gimp-deu

The project's corpora are all made from one text (Talbanken's news and prose, and the seeds),
and ocrfix was developed on them. This makes pages from text it has never seen: the manual of a
program, translated into Swedish (Debian's ``gimp-help-sv``, GNU FDL), which is modern
technical prose, full of names and terms no dictionary lists. Nothing of it is kept in the
repository: the pages are made where they are measured.

It prints one paragraph a line: the text of each ``<p>`` of every ``.html`` file under the
directory, leaving out code, tables and scripts, and paragraphs of fewer than ``--min-words``
words or that are not Swedish (the manual leaves some untranslated). A paragraph counts as
Swedish when at least 15% of its words are among Swedish's commonest function words and under
2% among English's.
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

# The commonest Swedish and English function words, for telling the two apart: a filter of
# its own, not ocrfix's English detection, so that ocrfix does not choose its own test text.
SWEDISH_WORDS = frozenset(
    "och att det som en är för på med av i till den har kan inte om du ett eller de från "
    "när så vid".split()
)
ENGLISH_WORDS = frozenset("the and of to is you this that with for are can be".split())
MIN_SWEDISH_SHARE = 0.15
MAX_ENGLISH_SHARE = 0.02
_WORD_RE = re.compile(r"\w+")
_SKIPPED = {"script", "style", "pre", "code", "table"}


class _Paragraphs(HTMLParser):
    """Collects the text of each <p> outside code, tables and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self._current: list[str] | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "p" and not self._skipping:
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "p" and self._current is not None:
            text = " ".join("".join(self._current).split())
            if text:
                self.paragraphs.append(text)
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skipping:
            self._current.append(data)


def is_swedish(paragraph: str) -> bool:
    words = _WORD_RE.findall(paragraph.lower())
    if not words:
        return False
    swedish = sum(word in SWEDISH_WORDS for word in words) / len(words)
    english = sum(word in ENGLISH_WORDS for word in words) / len(words)
    return swedish >= MIN_SWEDISH_SHARE and english < MAX_ENGLISH_SHARE


def paragraphs(directory: Path, min_words: int) -> list[str]:
    found: list[str] = []
    for path in sorted(directory.rglob("*.html")):
        parser = _Paragraphs()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        found.extend(
            p for p in parser.paragraphs if len(p.split()) >= min_words and is_swedish(p)
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("directory", type=Path, help="a directory of HTML files")
    parser.add_argument("--min-words", type=int, default=25, metavar="N",
                        help="leave out shorter paragraphs (default 25)")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory}: not a directory")
    found = paragraphs(args.directory, args.min_words)
    if not found:
        parser.error(f"{args.directory}: no Swedish paragraphs in its .html files")
    sys.stdout.write("".join(p + "\n" for p in found))
    print(f"{len(found)} paragraphs, {sum(len(p.split()) for p in found)} words",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
