"""Extract clean Swedish running text from Swedish documentation packaged by Debian.

    apt-get install libreoffice-help-sv gimp-help-sv gnome-user-docs manpages-sv \
        debian-edu-doc-legacy-sv
    python lexicon/swedish_text.py > /tmp/sv_text.txt        # one paragraph per line
    python lexicon/swedish_text.py --source libreoffice      # one source only

ocrfix needs clean Swedish prose that it may use freely to learn from: pages to render and
read back with Tesseract (the OCR confusion table) and counts of neighbouring words (the
context model). Debian ships Swedish help under free licences that any Debian machine can
install: the LibreOffice help (29 MB of formal Swedish, MPL-2.0), the GIMP help, the GNOME
desktop help, the Swedish manual pages and a Debian Edu manual (see lexicon/SOURCES.md). We
keep the text of their paragraphs, and only paragraphs that read as Swedish prose: at least
MIN_WORDS words, most of them Swedish words by the packaged lexicon (menu paths, code,
formulas and untranslated English fall out). Help systems repeat boilerplate, so each
paragraph is printed once, where it first occurs (sources in the order of SOURCES).
"""

from __future__ import annotations

import argparse
import gzip
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ocrfix.lexicon import get_lexicon  # noqa: E402

MIN_WORDS = 8
# Share of a paragraph's words the lexicon must accept for it to count as Swedish prose.
MIN_SWEDISH_SHARE = 0.9
WORD_RE = regex.compile(r"\p{L}+")
MALLARD = "{http://projectmallard.org/1.0/}"


def _clean(text: str) -> str:
    return " ".join(text.split())


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
                self.paragraphs.append(_clean("".join(self._parts)))
                self._parts = []

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._parts.append(data)


def html_paragraphs(root: Path) -> Iterator[str]:
    """<p> elements of HTML help (LibreOffice, GIMP and Debian Edu are HTML)."""
    for path in sorted(root.rglob("*.html")):
        parser = _Paragraphs()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        yield from parser.paragraphs


def _mallard_text(elem: ET.Element) -> str | None:
    """The text of a Mallard element as Yelp shows it, or None if we cannot tell."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag == MALLARD + "link" and not "".join(child.itertext()):
            # An empty <link xref> shows the title of the page it points at: the
            # sentence would read "Se  för mer information." without it.
            return None
        if child.tag == MALLARD + "keyseq":  # Yelp writes key combinations as Ctrl+Alt+Tab
            parts.append("+".join("".join(key.itertext()) for key in child))
        else:
            text = _mallard_text(child)
            if text is None:
                return None
            parts.append(text)
        parts.append(child.tail or "")
    return "".join(parts)


def mallard_paragraphs(root: Path) -> Iterator[str]:
    """<p> elements of Mallard pages (GNOME help, /usr/share/help/sv/*/*.page)."""
    for path in sorted(root.rglob("*.page")):
        for elem in ET.parse(path).getroot().iter(MALLARD + "p"):
            text = _mallard_text(elem)
            if text is not None:
                yield _clean(text)


def man_paragraphs(root: Path) -> Iterator[str]:
    """Paragraphs of manual pages, as groff typesets them for a terminal.

    groff rather than our own roff parser: man pages are full of macros, escapes and font
    changes. A line length of 10,000 ens puts each filled paragraph on one line; hyphenation
    (HY=0) and justification (AD=l) are off so that words come out whole and singly spaced.
    A tag of .TP/.IP that fits in the indent would share its line with the description
    ("-b FIL FIL finns och ..."); a huge tag separation (set after .TH, which resets it)
    gives every tag a line of its own.
    """
    for path in sorted(root.rglob("*.gz")):
        source = gzip.decompress(path.read_bytes())
        if source.startswith(b".so "):  # an alias of another page
            continue
        out = subprocess.run(
            ["groff", "-Kutf-8", "-t", "-man", "-Tutf8", "-P-cbou",
             "-rLL=10000n", "-rHY=0", "-dAD=l"],
            input=b".am TH\n.nr an-tag-sep 10000n\n..\n" + source,
            capture_output=True, check=True,
        ).stdout.decode("utf-8", errors="replace")
        for line in out.splitlines():
            yield _clean(line)


class Source(NamedTuple):
    package: str
    root: Path
    extract: Callable[[Path], Iterator[str]]


SOURCES: dict[str, Source] = {
    "libreoffice": Source("libreoffice-help-sv", Path("/usr/share/libreoffice/help/sv"),
                          html_paragraphs),
    "gimp": Source("gimp-help-sv", Path("/usr/share/gimp/2.0/help/sv"), html_paragraphs),
    "gnome": Source("gnome-user-docs", Path("/usr/share/help/sv"), mallard_paragraphs),
    "man": Source("manpages-sv", Path("/usr/share/man/sv"), man_paragraphs),
    # "Copyright finns inte" (Linus Walleij), a book of essays in the public domain: the
    # only general prose here, where `våra`, `män` and `år` are as common as in reports.
    "cfi": Source("cfi-sv", Path("/usr/share/doc/cfi-sv"), html_paragraphs),
    "edu": Source("debian-edu-doc-legacy-sv",
                  Path("/usr/share/doc/debian-edu-doc-legacy-sv"), html_paragraphs),
}


def paragraphs(names: list[str]) -> Iterator[tuple[str, str]]:
    """(source name, paragraph) for each new Swedish prose paragraph of the named sources."""
    lex = get_lexicon()
    seen: set[str] = set()
    for name in names:
        for para in SOURCES[name].extract(SOURCES[name].root):
            words = WORD_RE.findall(para)
            if len(words) < MIN_WORDS or para in seen:
                continue
            if sum(lex.is_word(w) for w in words) / len(words) < MIN_SWEDISH_SHARE:
                continue
            seen.add(para)
            yield name, para


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", action="append", choices=list(SOURCES),
        help="read this source (repeatable); default: every source that is installed",
    )
    parser.add_argument(
        "--shuffle", type=int, metavar="SEED", help="print the paragraphs in a random order"
    )
    parser.add_argument(
        "--stats", action="store_true",
        help="print paragraphs, words and bytes per source on stderr",
    )
    args = parser.parse_args(argv)
    names = [n for n in SOURCES if n in args.source] if args.source else [
        n for n in SOURCES if SOURCES[n].root.is_dir()
    ]
    missing = [n for n in names if not SOURCES[n].root.is_dir()]
    if missing or not names:
        packages = " ".join(SOURCES[n].package for n in missing or SOURCES)
        print(f"swedish_text: no Swedish text found; apt-get install {packages}",
              file=sys.stderr)
        return 2
    paras = list(paragraphs(names))
    if args.stats:
        for name in names:
            mine = [p for n, p in paras if n == name]
            print(f"{name}: {len(mine)} paragraphs, {sum(len(p.split()) for p in mine)} words, "
                  f"{sum(len(p.encode()) + 1 for p in mine)} bytes", file=sys.stderr)
    if args.shuffle is not None:
        # Pages made from consecutive paragraphs would all be about one program.
        random.Random(args.shuffle).shuffle(paras)
    for _, para in paras:
        print(para)
    return 0


if __name__ == "__main__":
    sys.exit(main())
