"""Extract clean Swedish running text from Debian's LibreOffice help (libreoffice-help-sv).

    apt-get install libreoffice-help-sv
    python lexicon/swedish_text.py > /tmp/sv_help.txt      # one paragraph per line

ocrfix needs clean Swedish prose that it may use freely to learn from: pages to render and
read back with Tesseract (the OCR confusion table) and counts of neighbouring words (the
context model). The Swedish LibreOffice help is 29 MB of formal Swedish (MPL-2.0) that any
Debian machine can install. We keep the text of its paragraphs (`<p>`), and only paragraphs
that read as Swedish prose: at least MIN_WORDS words, most of them Swedish words by the
packaged lexicon (menu paths, code and formulas fall out).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ocrfix.lexicon import get_lexicon  # noqa: E402

HELP_DIR = Path("/usr/share/libreoffice/help/sv")
MIN_WORDS = 8
# Share of a paragraph's words the lexicon must accept for it to count as Swedish prose.
MIN_SWEDISH_SHARE = 0.9
WORD_RE = regex.compile(r"\p{L}+")


class _Paragraphs(HTMLParser):
    """Collects the text of every <p> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "p":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.paragraphs.append(" ".join("".join(self._parts).split()))
                self._parts = []

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)


def paragraphs(help_dir: Path = HELP_DIR) -> Iterator[str]:
    lex = get_lexicon()
    seen: set[str] = set()
    for path in sorted(help_dir.rglob("*.html")):
        parser = _Paragraphs()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        for para in parser.paragraphs:
            words = WORD_RE.findall(para)
            if len(words) < MIN_WORDS or para in seen:
                continue
            if sum(lex.is_word(w) for w in words) / len(words) < MIN_SWEDISH_SHARE:
                continue
            seen.add(para)
            yield para


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--help-dir", type=Path, default=HELP_DIR)
    parser.add_argument(
        "--shuffle", type=int, metavar="SEED", help="print the paragraphs in a random order"
    )
    args = parser.parse_args(argv)
    if not args.help_dir.is_dir():
        print(f"swedish_text: {args.help_dir} not found; apt-get install libreoffice-help-sv",
              file=sys.stderr)
        return 2
    paras = list(paragraphs(args.help_dir))
    if args.shuffle is not None:
        # Pages made from consecutive paragraphs would all be about one program.
        random.Random(args.shuffle).shuffle(paras)
    for para in paras:
        print(para)
    return 0


if __name__ == "__main__":
    sys.exit(main())
