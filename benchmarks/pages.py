"""Distinct pages for the speed benchmarks (speed.py, bulk.py): the corpus's own, then new ones.

A corpus directory is either a root that holds pair corpora (``ocr-eng/``, ``ocr-swe/``, ...,
each with ``NAME.ocr.txt`` / ``NAME.gt.txt`` pairs), or one pair corpus itself. Two streams of
pages are made from it, each endless and the same on every run for the same seed:

- damaged pages: first every ``.ocr.txt`` page of the chosen OCR corpora, in a shuffled order;
  then synthetic pages. Each round of synthetic pages uses every line of every corpus page
  once: each corpus page's lines are shuffled, and synthetic page ``j`` takes the ``j``-th line
  of each page of one OCR corpus (one engine: a real page is read by one engine), so all the
  lines of a synthetic page come from different source pages. A line that ends in a hyphen
  stays with the line it continues, and blank lines (paragraph breaks) come between lines at
  the rate the corpus has them.
- clean pages: first the ``.gt.txt`` pages, each distinct text once (the OCR corpora are
  readings of the same ground truth, so their ``.gt.txt`` files repeat); then synthetic pages
  made the same way from sentences instead of lines.

No page repeats: a page equal to one made before is dropped (with several source pages a
round in practice never makes one). Whole documents are never repeated, but tokens of course
still recur, as they do in any real corpus, and so do lines and sentences: a stream of N times
the corpus's size uses each line (or sentence) about N times, each time in another page among
other neighbours. Synthetic pages hold no word token that the corpus's pages lack: past them,
the distinct tokens (and the distinct misreadings) stop growing, where a real corpus keeps
meeting new ones. The pages are made in memory; nothing is written into the corpus.

    >>> from pathlib import Path
    >>> pages = damaged_pages(Path("../shared/corpus"))          # doctest: +SKIP
    >>> [page.name for page in take(pages, 5_000)]                 # doctest: +SKIP
    ['ocr-ocrad/dev-031', 'ocr-eng/dev-007', 'ocr-swe/dev-040']
"""

from __future__ import annotations

import hashlib
import random
import re
import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

OCR_CORPORA = ("ocr-eng", "ocr-swe", "ocr-deu", "ocr-dan", "ocr-ocrad")
DEFAULT_SEED = 15

# A line that ends in one of these continues on the next (a word split at the line end).
_HYPHENS = ("-", "\u00ad", "\u2010", "\u00ac")
# Sentence ends: . ! ? (with a closing quote or bracket) before white space.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'\u2019\u201d)])\s+")


@dataclass(frozen=True)
class Page:
    """One page: where it came from (``ocr-eng/dev-000``, ``synthetic-001/ocr-eng-0007``)
    and its text."""

    name: str
    text: str

    @property
    def synthetic(self) -> bool:
        return self.name.startswith("synthetic-")

    @property
    def source(self) -> str:
        """The pair corpus a damaged page's lines come from (``ocr-eng``): which engine and
        model read them. A clean page's name says only which corpus it was first found in
        (the corpora share their ground truth), and a synthetic clean page has none: ""."""
        head, _, tail = self.name.partition("/")
        if not self.synthetic:
            return head
        corpus, dash, number = tail.rpartition("-")
        return corpus if dash and number.isdigit() and corpus != "clean" else ""


@dataclass(frozen=True)
class Source:
    """The pages of one pair corpus: (name, text) of each ``.ocr.txt`` or ``.gt.txt`` file."""

    corpus: str
    pages: tuple[tuple[str, str], ...]


def corpus_dirs(root: Path, names: Sequence[str] = OCR_CORPORA) -> list[Path]:
    """The pair corpora of ``root`` among ``names``; or ``root`` itself when it is one."""
    found = [root / name for name in names if (root / name).is_dir()]
    if found:
        return found
    if any(root.glob("*.ocr.txt")) or any(root.glob("*.gt.txt")):
        return [root]
    raise FileNotFoundError(
        f"{root}: neither a pair corpus (NAME.ocr.txt / NAME.gt.txt) "
        f"nor a directory holding one of {', '.join(names)}"
    )


def read_sources(root: Path, suffix: str, names: Sequence[str] = OCR_CORPORA) -> list[Source]:
    """The ``*{suffix}`` files of each pair corpus, in name order; empty files left out."""
    sources = []
    for directory in corpus_dirs(root, names):
        pages = []
        for path in sorted(directory.glob("*" + suffix)):
            text = path.read_text(encoding="utf-8")
            if text.strip():
                pages.append((f"{directory.name}/{path.name[: -len(suffix)]}", text))
        if pages:
            sources.append(Source(directory.name, tuple(pages)))
    if not sources:
        raise FileNotFoundError(f"{root}: no *{suffix} files")
    return sources


def line_units(text: str) -> tuple[list[str], int]:
    """The lines of a damaged page as units (a hyphen-ended line with the line it continues),
    and the number of blank lines between them."""
    units: list[str] = []
    blanks = 0
    pending: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            blanks += 1
            if pending:
                units.append("\n".join(pending))
                pending = []
            continue
        pending.append(line.rstrip())
        if not line.rstrip().endswith(_HYPHENS):
            units.append("\n".join(pending))
            pending = []
    if pending:
        units.append("\n".join(pending))
    return units, blanks


def sentence_units(text: str) -> list[str]:
    """The sentences of a clean page (one paragraph per line in these corpora)."""
    return [s for s in _SENTENCE_END_RE.split(" ".join(text.split())) if s]


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _synthetic_round(
    units: list[list[str]], per_page: int, rng: random.Random
) -> list[list[str]]:
    """One round: every unit once, each page's units from different source pages."""
    shuffled = [rng.sample(page, len(page)) for page in units]
    pages: list[list[str]] = []
    longest = max(len(page) for page in shuffled)
    for j in range(longest):
        column = [page[j] for page in shuffled if len(page) > j]
        rng.shuffle(column)
        chunks = [column[i : i + per_page] for i in range(0, len(column), per_page)]
        if len(chunks) > 1 and len(chunks[-1]) < per_page // 2:
            chunks[-2].extend(chunks.pop())  # a short remainder joins the page before it
        pages.extend(chunks)
    return pages


def _join_lines(units: list[str], blank_rate: float, rng: random.Random) -> str:
    out = [units[0]]
    for unit in units[1:]:
        out.append("\n\n" if rng.random() < blank_rate else "\n")
        out.append(unit)
    return "".join(out) + "\n"


def damaged_pages(
    root: Path, corpora: Sequence[str] = OCR_CORPORA, seed: int = DEFAULT_SEED
) -> Iterator[Page]:
    """The damaged (``.ocr.txt``) pages, then distinct synthetic ones: endless."""
    sources = read_sources(root, ".ocr.txt", corpora)
    real = [Page(name, text) for source in sources for name, text in source.pages]
    random.Random(f"{seed}:damaged").shuffle(real)
    prepared = []
    for source in sources:
        split = [line_units(text) for _, text in source.pages]
        units = [page_units for page_units, _ in split if page_units]
        n_units = sum(len(u) for u in units)
        blank_rate = sum(blanks for _, blanks in split) / max(1, n_units)
        per_page = max(1, round(statistics.median(len(u) for u in units)))
        prepared.append((source.corpus, units, blank_rate, per_page))

    def synthetic(round_: int) -> list[Page]:
        pages = []
        for corpus, units, blank_rate, per_page in prepared:
            rng = random.Random(f"{seed}:damaged:{corpus}:{round_}")
            for k, page_units in enumerate(_synthetic_round(units, per_page, rng)):
                name = f"synthetic-{round_:03d}/{corpus}-{k:04d}"
                pages.append(Page(name, _join_lines(page_units, blank_rate, rng)))
        random.Random(f"{seed}:damaged:order:{round_}").shuffle(pages)
        return pages

    yield from _distinct(real, synthetic)


def clean_pages(
    root: Path, corpora: Sequence[str] = OCR_CORPORA, seed: int = DEFAULT_SEED
) -> Iterator[Page]:
    """The distinct ground-truth (``.gt.txt``) pages, then distinct synthetic ones: endless."""
    sources = read_sources(root, ".gt.txt", corpora)
    seen: set[bytes] = set()
    real = []
    for source in sources:
        for name, text in source.pages:
            key = _digest(text)
            if key not in seen:  # the OCR corpora share their ground truth
                seen.add(key)
                real.append(Page(name, text))
    units = [u for u in (sentence_units(page.text) for page in real) if u]
    per_page = max(1, round(statistics.median(len(u) for u in units)))
    random.Random(f"{seed}:clean").shuffle(real)

    def synthetic(round_: int) -> list[Page]:
        rng = random.Random(f"{seed}:clean:{round_}")
        return [
            Page(f"synthetic-{round_:03d}/clean-{k:04d}", " ".join(page_units) + "\n")
            for k, page_units in enumerate(_synthetic_round(units, per_page, rng))
        ]

    yield from _distinct(real, synthetic)


def _distinct(
    real: Iterable[Page], synthetic_round: Callable[[int], list[Page]]
) -> Iterator[Page]:
    """``real``, then rounds 1, 2, ... of ``synthetic_round``, with any repeat left out."""
    seen: set[bytes] = set()
    for page in real:
        key = _digest(page.text)
        if key not in seen:
            seen.add(key)
            yield page
    round_ = 1
    while True:
        made = 0
        for page in synthetic_round(round_):
            key = _digest(page.text)
            if key not in seen:
                seen.add(key)
                made += 1
                yield page
        if made == 0:
            raise RuntimeError("the corpus is too small to make new distinct pages")
        round_ += 1


def take(pages: Iterable[Page], characters: int) -> Iterator[Page]:
    """Pages from ``pages`` until they hold at least ``characters`` characters (at least one)."""
    total = 0
    for page in pages:
        yield page
        total += len(page.text)
        if total >= characters:
            return


# About the size of a page of the pair corpora (their clean pages: 1.6 kB on average).
TEXT_PAGE_CHARS = 1_600


def text_pages(path: Path, page_chars: int = TEXT_PAGE_CHARS) -> Iterator[Page]:
    """Clean pages made from a text of one paragraph a line (``unseen_text.py``'s output):
    its distinct paragraphs in the text's order, joined with blank lines into pages of at
    least ``page_chars`` characters (the last page may be shorter). Finite, and none
    synthetic: every page is new text, so its new words are as many as a real corpus's."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    seen: set[str] = set()
    paragraphs: list[str] = []
    size = 0
    number = 0
    for line in lines:
        paragraph = line.strip()
        if not paragraph or paragraph in seen:
            continue
        seen.add(paragraph)
        paragraphs.append(paragraph)
        size += len(paragraph)
        if size >= page_chars:
            yield Page(f"{path.stem}/{number:04d}", "\n\n".join(paragraphs) + "\n")
            number += 1
            paragraphs, size = [], 0
    if paragraphs:
        yield Page(f"{path.stem}/{number:04d}", "\n\n".join(paragraphs) + "\n")


def stream(kind: str, root: Path, corpora: Sequence[str] = OCR_CORPORA,
           seed: int = DEFAULT_SEED, clean_text: Path | None = None) -> Iterator[Page]:
    """``damaged_pages`` or ``clean_pages`` by name (``"damaged"``, ``"clean"``); with
    ``clean_text``, the clean pages are ``text_pages(clean_text)`` instead."""
    if kind == "damaged":
        return damaged_pages(root, corpora, seed)
    if kind == "clean":
        if clean_text is not None:
            return text_pages(clean_text)
        return clean_pages(root, corpora, seed)
    raise ValueError(f"kind must be 'damaged' or 'clean', not {kind!r}")
