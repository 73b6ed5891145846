"""Repair statistical tables that OCR or PDF extraction broke: wrapped label cells, OCR noise
between and inside the numeric cells, and percent signs Tesseract read as digits.

A table in a Swedish municipal report is a block of rows, each a label followed by numeric
cells. When a label is too long for its column it wraps, and the row's cells sit on the
label's last line; extraction then leaves the first part of the label on a line of its own,
often with a blank line after it:

    >>> from ocrfix.config import Config
    >>> from ocrfix.edits import apply_edits
    >>> page = ("Kategori 2013 2014 Diff\\n"
    ...         "Skyddat boende 221 92 82%\\n"
    ...         "Ensamkommande\\n"
    ...         "\\n"
    ...         "flyktingbarn 4 134 228%\\n")
    >>> print(apply_edits(page, fix_tables(page, Config())), end="")
    Kategori 2013 2014 Diff
    Skyddat boende 221 92 82%
    Ensamkommande flyktingbarn 4 134 228%
    >>> tables(page)
    [[['Kategori', '2013', '2014', 'Diff'], ['Skyddat boende', '221', '92', '82%'], \
['Ensamkommande flyktingbarn', '4', '134', '228%']]]

Everything is decided from the block's shape, never from a list of words:

- *Table blocks* are runs of at least two lines that end in numeric cells (integers, decimals
  with a comma, percentages, signed numbers, and `–`, `-` or `..` for no value), with at most
  a few label lines and single blank lines between them.
- *Label fragments* are lines without cells inside a block (or just above its first row). A
  fragment is joined to the line below it (rule ``fix_tables.join-row``) when that line starts
  in lower case, when the fragment ends in a comma, or when the fragment itself continues a
  label from above and so has not ended. A fragment that ends in ``.!?:;`` or in a hyphen is
  never joined (line-end hyphens are the dehyphenation stage's). So a title above the table
  and a header row (``Kategori 2013 2014 Diff``) stay on their own lines.
- *Stray marks* (rule ``fix_tables.stray-mark``): a token of punctuation only (``—``, ``=``,
  ``«=``) among the cells of a row that already has as many numeric cells as the block's rows
  usually have is a speck the OCR read, and goes; in a row one cell short, a dash stays, as
  the empty cell it stands for.
- *Cell noise* (rule ``fix_tables.cell-noise``): punctuation glued to a number in a table row
  (``«163``, ``407.``, ``113°``, ``382)``, ``—-43``) is dropped; a sign and ``%`` stay, and so
  do the parentheses of an accounting negative ``(12)``.
- *Percent cells* (rule ``fix_tables.percent-cell``): Tesseract's Swedish model reads ``%`` as
  digits (``185%`` → ``18596``, ``18520``, ``185240``). A cell is mended only in a column that
  is plainly one of percentages: half of its cells or more carry ``%``, or, where none does,
  its cells as a whole are far likelier (:data:`PERCENT_COLUMN_ODDS`) to be numbers followed by
  a misread ``%`` (:data:`PERCENT_READINGS`) than integers, rounded or not. Each cell then takes
  its likeliest reading, and the edit's confidence is that reading's share.

The stage is linear in the length of the text: every line is looked at a fixed number of
times, whatever the size of a block. Its memory is some 20 bytes a line and 13 a cell of a
table row (:class:`_Lines`), whatever the length of a line.
"""

from __future__ import annotations

import functools
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

import regex

from ocrfix.config import Config
from ocrfix.edits import Edit, apply_edits

STAGE = "fix_tables"
JOIN_RULE = "fix_tables.join-row"
MARK_RULE = "fix_tables.stray-mark"
NOISE_RULE = "fix_tables.cell-noise"
PERCENT_RULE = "fix_tables.percent-cell"

# A table block: at least MIN_ROWS row lines with MIN_CELLS numeric cells or more each, or
# MIN_ROWS_ONE_CELL row lines of any width (a one-column table). Two numbers at the end of two
# lines of prose are rare; one number at the end of a line is common (`under 2014`), so a
# block of one-cell rows needs a third row.
MIN_CELLS = 2
MIN_ROWS = 2
MIN_ROWS_ONE_CELL = 3
# A label cell wraps onto at most this many lines. Labels in Swedish social-services
# statistics run to three lines in a narrow column (`Nämndens / kostnader, / miljoner kronor`);
# one more for a narrower column. This also bounds how far apart two rows of a block may be.
MAX_LABEL_LINES = 4
# Blank lines that extraction leaves between the lines of one label cell, or between rows: one
# in Tesseract's output (tools/make_tables.py), two where a PDF extractor doubles the break.
MAX_BLANK_RUN = 2

# Confidence of a join, by the evidence: the next line starts in lower case (a label cell
# never starts in lower case, so the line continues the one above); the fragment ends in a
# comma; the fragment continues a label from above (it has not ended, so it goes on).
JOIN_LOWER = 0.97
JOIN_COMMA = 0.95
JOIN_CONTINUED = 0.92
# A speck read as a token of its own between cells, or glued to a number: the evidence is the
# cell count of the block's other rows (for a mark) and the shape of a number (for noise).
MARK_CONFIDENCE = 0.95
NOISE_CONFIDENCE = 0.95

# How Tesseract 5's Swedish model reads a percent sign, with how often, counted on 120
# tables rendered and read by ../shared/tools/make_tables.py --seed 7 --n 120 (three fonts at
# 20–24 px; not the evaluation corpus, which is seed 1): 593 percent cells whose value the
# model read right. Readings seen once are left out, and so is a `%` the model dropped (5
# times): a bare number shows no damage to mend.
PERCENT_READINGS: dict[str, int] = {
    "20": 145, "240": 58, "40": 50, "90": 32, "26": 31, "926": 25, "260": 24, "96": 21,
    "24": 21, "246": 20, "0": 19, "960": 16, "920": 15, "00": 11, "940": 10, "946": 10,
    "2": 9, "4": 9, "900": 5, "290": 5, "906": 4, "94": 4, "9": 4, "200": 4,
    "206": 4, "2060": 3, "86": 2, "986": 2, "280": 2, "06": 2, "980": 2, "80": 2,
}  # fmt: skip
_READINGS_TOTAL = 593
_MAX_READING = max(len(r) for r in PERCENT_READINGS)
# A percentage in a table, as a prior: any whole number from -100 (a decrease cannot be more
# than all of it) to 999, equally likely: 1,100 values.
PERCENT_MIN = -100
PERCENT_MAX = 999
PERCENT_VALUES = PERCENT_MAX - PERCENT_MIN + 1
# The alternative, a column of integers: each of any width from 1 to 7 digits with equal odds,
# then any digits; the column unrounded, or rounded to tens, hundreds or thousands (its
# numbers all end in zeros), whichever explains it best, so that a column of rounded amounts
# (`4500 5200 6100`) is not taken for percentages.
INTEGER_WIDTHS = 7
ROUNDINGS = 4
# How much likelier the percent reading of a block's columns must be than the integer one
# before any cell is changed: 1000 to 1. It is a likelihood ratio, so columns of integers
# drawn as the integer model says reach it by chance at most once in 1000 blocks. Five cells
# of Tesseract percentages (`27420 37840 11220 …`) clear it; two rarely do, and then the cells
# are left as they are.
PERCENT_COLUMN_ODDS = 1000.0
# The share of a column's cells that must carry `%` for it to count as a percent column.
PERCENT_SIGN_SHARE = 0.5

_NUMBER_RE = regex.compile(r"[-+\u2212\u2013]?\d+(?:[.,]\d+)?%?")
_EMPTY_RE = regex.compile(r"[-\u2013\u2014\u2212]|\.\.")
# A number with specks glued to it: anything but letters, digits and space before the sign or
# digits, anything but those after the number.
_NOISY_RE = regex.compile(
    r"(?P<pre>[^\p{L}\p{N}\s]*?)"
    r"(?P<num>[-+\u2212\u2013]?\d+(?:[.,]\d+)?%?)"
    r"(?P<post>[^\p{L}\p{N}\s%]*)"
)
# A token of the specks OCR reads from dirt and gaps between columns: dashes, equals signs,
# tildes, quotes, guillemets, colons. Not `*`, `†` or `§`, which mean something, and not `|`,
# which draws the columns of a Markdown or plain-text table.
_MARK_RE = regex.compile(r"[-=~_«»<>‘’'\"`\u2013\u2014:;.,°^+]+")
# A misread last cell (`9N`, `8H`, `4W0` for a percentage read by the English model): kept as
# a cell so that the line still counts as a row, but never changed.
_GARBLED_RE = regex.compile(r"-?\d[\p{Lu}\d]{0,2}\p{Lu}[\p{L}\d]{0,2}|\p{Lu}{2}")
_TOKEN_RE = regex.compile(r"\S+")
_TOKEN_BACK_RE = regex.compile(r"(?r)\S+")  # the same tokens, right to left
_DIGIT_RE = regex.compile(r"\d")
# A line that may be a table row: a row ends in its cells, and the numbers among them have no
# letters, nor have the cells after them but the line's last, a garbled cell (`9N`, `AB`)
# whose first letter is a capital. So after some digit of the line, no letter but such a last
# cell's. Prose seldom ends a line so, and a text with fewer such lines than a block has rows
# has no table to look at.
_ROW_LINE_RE = regex.compile(r"(?m)\d[^\p{L}\n]*(?:\p{Lu}\S*)?[^\S\n]*$")
_LAST_NONSPACE_RE = regex.compile(r"(?r)\S")
_HYPHENS = "-\u00ad\u00ac\u2010"
_CLOSERS = ".!?:;"
_YEAR_RE = regex.compile(r"(?:19|20)\d\d")
_YEAR_TOKEN_RE = regex.compile(r"(?<!\S)(?:19|20)\d\d(?!\S)")  # a token that is a year
# A digit glued to a lower-case letter: OCR's reading of a lower-case letter (`6verens`).
OCR_DIGIT_START_RE = regex.compile(r"\d\p{Ll}")
# A header row names its columns by year (`Kategori 2013 2014 Diff 2015 Diff`): at least two
# years, a third of its words or more (a title such as `Statistik – en jämförelse mellan åren
# 2012 - 2014` has fewer), and no number but years among its cells. It starts a new block.
MIN_HEADER_YEARS = 2
HEADER_YEAR_SHARE = 3

BLANK, BREAK, TEXT, ROW, HEADER = 0, 1, 2, 3, 4
# Kinds of cell token.
NUM, NOISY, MARK, EMPTY, GARBLED = 0, 1, 2, 3, 4


def _offsets(length: int) -> str:
    """The array type code for offsets into a text of ``length`` characters (and for counts
    of its cells): 4 bytes each, 8 for a text of 2**31 characters or more."""
    return "i" if length < 2**31 else "q"


class _Lines:
    """
    The lines of a text, described by numbers in arrays: some 20 bytes a line and 9 a cell.
    An object for each line and a tuple for each cell cost over a kilobyte a row (a table of
    a million rows took more than a gigabyte).

    Line ``i`` is of ``kind[i]``, and runs from ``start[i]`` (its first non-space character) to
    ``end[i]`` (after its last). For a row, ``label_end[i]`` is after the label's last character
    (the row's start, if it has no label; for any other line it is ``end[i]``), ``solid[i]`` is
    the number of cells that are not marks or dashes, and its cells, left to right, are the
    entries ``cells_from[i]`` up to ``cells_from[i + 1]`` of ``cell_start``, ``cell_end`` and
    ``cell_kind``.
    """

    __slots__ = (
        "kind", "start", "end", "label_end", "solid",
        "cells_from", "cell_start", "cell_end", "cell_kind",
    )  # fmt: skip

    def __init__(self, length: int) -> None:
        """Lines of a text of ``length`` characters."""
        code = _offsets(length)
        self.kind = bytearray()
        self.start = array(code)
        self.end = array(code)
        self.label_end = array(code)
        self.solid = array(code)
        self.cells_from = array(code, [0])
        self.cell_start = array(code)
        self.cell_end = array(code)
        self.cell_kind = bytearray()

    def __len__(self) -> int:
        return len(self.kind)

    def add(
        self,
        kind: int,
        start: int,
        end: int,
        label_end: int | None = None,
        cells: Sequence[tuple[int, int, int]] = (),
    ) -> None:
        """Describe the next line: a row with its ``cells`` (start, end, kind), left to right."""
        self.kind.append(kind)
        self.start.append(start)
        self.end.append(end)
        self.label_end.append(end if label_end is None else label_end)
        if cells:
            starts, ends, kinds = zip(*cells)
            self.cell_start.extend(starts)
            self.cell_end.extend(ends)
            self.cell_kind.extend(kinds)
            self.solid.append(len(kinds) - kinds.count(MARK) - kinds.count(EMPTY))
        else:
            self.solid.append(0)
        self.cells_from.append(len(self.cell_kind))

    def cells(self, i: int) -> Iterator[tuple[int, int, int]]:
        """Line ``i``'s cells, left to right: (start, end, kind)."""
        first, stop = self.cells_from[i], self.cells_from[i + 1]
        return zip(
            self.cell_start[first:stop], self.cell_end[first:stop], self.cell_kind[first:stop]
        )


def _lines(text: str) -> _Lines:
    lines = _Lines(len(text))
    pos = 0
    while True:
        newline = text.find("\n", pos)
        stop = len(text) if newline < 0 else newline
        _parse(text, pos, stop, lines)
        if newline < 0:
            return lines
        pos = newline + 1


def _parse(text: str, start: int, stop: int, lines: _Lines) -> None:
    """Describe the line ``text[start:stop]`` in ``lines``."""
    if text.find("\f", start, stop) >= 0:
        # A page break: a table does not continue across one here.
        lines.add(BREAK, start, start)
        return
    first = _TOKEN_RE.search(text, start, stop)
    if first is None:
        lines.add(BLANK, start, start)
        return
    if _DIGIT_RE.search(text, start, stop) is None:
        # No digit, no cell and no year: a line of prose, the common case.
        last = _LAST_NONSPACE_RE.search(text, start, stop)
        assert last is not None  # there is a non-space character
        lines.add(TEXT, first.start(), last.end())
        return
    # The cells are the last tokens, read from the right until a word of the label: a line of
    # prose, however long, is known as one at its last word, and its other tokens are never
    # looked at (nor held: a line may have millions).
    tokens = _TOKEN_BACK_RE.finditer(text, start, stop)
    rightmost = next(tokens)  # there is one: `first`
    end = rightmost.end()
    token: regex.Match[str] | None = rightmost
    left = next(tokens, None)  # the token before `token`
    label_end = first.start()  # after the label; the line's start if every token is a cell
    cells: list[tuple[int, int, int]] = []  # right to left
    numbers = 0
    is_last = True  # `token` is the line's last
    while token is not None:
        a, b = token.span()
        value = token.group()
        kind = -1  # no cell: a word of the label
        if value.isdigit() and value.isascii():
            kind = NUM  # the common case first
        elif value.isalpha() and (not is_last or len(value) > 2 or not value.isupper()):
            pass  # a word of the label
        elif value == "%" and left is not None and _NUMBER_RE.fullmatch(text, *left.span()):
            a = left.start()  # `3,5 %`: one cell
            left = next(tokens, None)
            kind = NUM
        elif _NUMBER_RE.fullmatch(value):
            kind = NUM
        elif _EMPTY_RE.fullmatch(value):
            kind = EMPTY
        elif _MARK_RE.fullmatch(value):
            kind = MARK
        elif _NOISY_RE.fullmatch(value):
            # A number that ends a sentence (`… ökade till 45.`) is prose, not a cell.
            if not (is_last and value[-1] in ".,;:!?"):
                kind = NOISY
        elif is_last and _GARBLED_RE.fullmatch(value):
            kind = GARBLED
        if kind < 0:
            label_end = b
            break
        cells.append((a, b, kind))
        numbers += kind in (NUM, NOISY)
        token, left = left, next(tokens, None)
        is_last = False
    # A garbled last cell counts only after real numbers.
    if cells and cells[0][2] == GARBLED and numbers < MIN_CELLS:
        lines.add(TEXT, first.start(), end)
        return
    # A header, if its cells are years, and years are a share of its tokens (counted only
    # then, as most rows have cells that are not years; its tokens only if it has years).
    header = False
    if all(_YEAR_RE.fullmatch(text, a, b) for a, b, kind in cells if kind == NUM) and (
        _YEAR_RE.search(text, start, stop)
    ):
        years = len(_YEAR_TOKEN_RE.findall(text, start, stop))
        header = years >= MIN_HEADER_YEARS and (
            years * HEADER_YEAR_SHARE >= len(_TOKEN_RE.findall(text, start, stop))
        )
    if header:
        lines.add(HEADER, first.start(), end)
    elif numbers:
        cells.reverse()
        lines.add(ROW, first.start(), end, label_end, cells)
    else:
        lines.add(TEXT, first.start(), end)


def _blocks(lines: _Lines) -> Iterator[tuple[int, int]]:
    """The (first, last) row lines of each table block."""
    kinds, solid = lines.kind, lines.solid
    first = last = -1
    rows = wide = texts = blanks = 0
    for i in range(len(kinds) + 1):
        kind = kinds[i] if i < len(kinds) else BREAK  # the end of the text ends a block
        if kind == ROW:
            if first < 0:
                first = i
            last = i
            rows += 1
            wide += solid[i] >= MIN_CELLS
            texts = blanks = 0
            continue
        if first < 0:
            continue
        if kind == BLANK:
            blanks += 1
        elif kind == TEXT:
            blanks = 0
            texts += 1
        if (
            kind in (BREAK, HEADER)
            or blanks > MAX_BLANK_RUN
            or texts >= MAX_LABEL_LINES
        ):
            if rows >= MIN_ROWS_ONE_CELL or wide >= MIN_ROWS:
                yield first, last
            first = last = -1
            rows = wide = texts = blanks = 0


def _joinable(text: str, lines: _Lines, above: int, below: int, continued: bool) -> float:
    """The confidence that line ``above`` (a line without cells) and line ``below`` are one
    label cell."""
    last = text[lines.end[above] - 1]
    if last in _CLOSERS or last in _HYPHENS:
        return 0.0
    # A digit glued to lower-case letters (`6verens`) is a lower-case letter the word stage
    # mends later; counted as one now, or a second repair would join (see paragraphs).
    start = lines.start[below]
    if text[start].islower() or OCR_DIGIT_START_RE.match(text, start, lines.end[below]):
        return JOIN_LOWER
    if last == ",":
        return JOIN_COMMA
    if continued:
        return JOIN_CONTINUED
    return 0.0


def _block_top(lines: _Lines, first: int) -> int:
    """The first line that may hold a fragment of the block's first row's label."""
    kinds = lines.kind
    top = first
    texts = blanks = 0
    while top > 0:
        above = kinds[top - 1]
        if above in (ROW, BREAK, HEADER):
            break
        if above == BLANK:
            blanks += 1
            if blanks > MAX_BLANK_RUN:
                break
        else:
            blanks = 0
            texts += 1
            if texts >= MAX_LABEL_LINES:
                break
        top -= 1
    return top


def _joins(text: str, lines: _Lines, top: int, last: int) -> list[tuple[int, int, float]]:
    """The label fragments of a block to join: (line above, line below, confidence)."""
    kinds = lines.kind
    joins: list[tuple[int, int, float]] = []
    above = -1  # the last text line, if only blank lines came after it
    continued = False  # whether `above` was itself joined to the line above it
    for i in range(top, last + 1):
        kind = kinds[i]
        if kind == BLANK:
            continue
        joined = False
        if above >= 0 and kind != HEADER:
            confidence = _joinable(text, lines, above, i, continued)
            if confidence:
                joins.append((above, i, confidence))
                joined = True
        above = i if kind == TEXT else -1
        continued = joined
    return joins


def _label_joins(text: str, lines: _Lines, top: int, first: int,
                 joins: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """
    ``joins`` with, above the first row, only the fragments that lead down to it, and none
    when the line above them might continue them: joining lines shortens the label, so a
    second repair would see more lines in the window of :func:`_block_top`, or a line that
    now continues, and join again (repair must be idempotent: `Socialnämnden / har /
    utredningen / Kommun 45% 3,2`).
    """
    below_first = [join for join in joins if join[1] > first]
    chain: list[tuple[int, int, float]] = []
    k = first
    for join in reversed(joins):
        if join[1] == k:
            chain.append(join)
            k = join[0]
    if chain:
        above = _text_above(lines, k)
        if above >= 0 and (
            _joinable(text, lines, above, k, False)
            or (_joinable(text, lines, above, k, True) and _may_be_joined(text, lines, above))
        ):
            chain = []
        texts = _texts_after_row_above(lines, first)
        if texts is not None and texts - len(chain) < MAX_LABEL_LINES:
            chain = []  # joined, the label would bring the row above into this block
    return sorted(chain) + below_first


def _texts_after_row_above(lines: _Lines, first: int) -> int | None:
    """The text lines between row ``first`` and the row above it, if :func:`_blocks` would
    reach that far; None if it would not."""
    kinds = lines.kind
    texts = blanks = 0
    for i in range(first - 1, -1, -1):
        kind = kinds[i]
        if kind == ROW:
            return texts
        if kind in (BREAK, HEADER):
            return None
        if kind == BLANK:
            blanks += 1
            if blanks > MAX_BLANK_RUN:
                return None
        else:
            blanks = 0
            texts += 1
    return None


def _text_above(lines: _Lines, k: int) -> int:
    """The text line that a join would reach from line ``k`` upwards, or -1."""
    kinds = lines.kind
    i = k - 1
    blanks = 0
    while i >= 0 and kinds[i] == BLANK and blanks < MAX_BLANK_RUN:
        blanks += 1
        i -= 1
    return i if i >= 0 and kinds[i] == TEXT else -1


def _may_be_joined(text: str, lines: _Lines, k: int) -> bool:
    """Whether text line ``k`` might be joined to a line above it (it might, if in doubt)."""
    above = _text_above(lines, k)
    return above >= 0 and bool(_joinable(text, lines, above, k, True))


def _header(text: str, lines: _Lines, first: int, joins: list[tuple[int, int, float]],
            width: int) -> tuple[int, list[tuple[int, int]]]:
    """
    The block's header row, and the specks in it: the nearest line above the first row's
    label that has, specks aside, one token for the label column and one for each column.
    Returns (-1, []) when there is none.
    """
    kinds = lines.kind
    top = first
    for above, below, _ in reversed(joins):
        if below == top:
            top = above
    blanks = 0
    i = top - 1
    while i >= 0 and kinds[i] == BLANK and blanks < MAX_BLANK_RUN:
        blanks += 1
        i -= 1
    if i < 0 or kinds[i] not in (TEXT, HEADER):
        return -1, []
    # Each speck with the space before it. A hyphen or an en dash may be meant (`2012 - 2014`).
    # The line's tokens are counted as they come, and the count stops as soon as there are
    # too many: the line may be a paragraph of millions of words.
    specks: list[tuple[int, int]] = []
    names = 0  # the tokens that are not specks
    previous_end = -1
    for match in _TOKEN_RE.finditer(text, lines.start[i], lines.end[i]):
        a, b = match.span()
        is_mark = _MARK_RE.fullmatch(text, a, b) is not None
        if previous_end < 0 and is_mark:
            return -1, []  # a header starts with its label column's name
        if previous_end >= 0 and is_mark and match.group() not in ("-", "\u2013"):
            specks.append((previous_end, b))
        else:
            names += 1
            if names > width + 1:
                return -1, []
        previous_end = b
    if names != width + 1:
        return -1, []
    # Specks go only from a line that names its columns by year: a title (`Statistik januari
    # - augusti`) may have as many words as the table has columns.
    return i, specks if kinds[i] == HEADER else []


def _block_width(lines: _Lines, rows: Iterable[int]) -> int:
    """The width of a block's complete rows: the largest that two of its rows share."""
    widths = Counter(lines.solid[i] for i in rows)
    count = sum(widths.values())
    shared = [w for w, n in widths.items() if n >= min(2, count)]
    return max(shared) if shared else max(widths)


def _cell_edits(text: str, lines: _Lines, rows: Iterable[int], width: int) -> list[Edit]:
    edits: list[Edit] = []
    # The cells of the block's aligned rows, `width` to a row: each an index into `lines`'
    # cells, or -1 where the row has a dash or a garbled cell in that column. One array of
    # numbers, not a list of tuples for each column: a block may have millions of cells.
    aligned_cells = array(_offsets(len(text)))
    no_cells = array(aligned_cells.typecode, [-1]) * width
    starts, ends, kinds = lines.cell_start, lines.cell_end, lines.cell_kind
    for i in rows:
        solid = lines.solid[i]
        first, stop = lines.cells_from[i], lines.cells_from[i + 1]
        empties = kinds.count(EMPTY, first, stop)
        # A row as wide as the block without its dashes: they are specks, like the marks.
        # A row that is as wide with them: they are its empty cells.
        stray = (MARK, EMPTY) if solid == width else (MARK,)
        aligned = solid == width or solid + empties == width
        row = len(aligned_cells)
        if aligned:
            aligned_cells.extend(no_cells)
        column = 0
        previous_end = lines.label_end[i]
        for cell in range(first, stop):
            a, b, kind = starts[cell], ends[cell], kinds[cell]
            if kind in stray and cell == first and text[a:b] in ("-", "\u2013"):
                # A hyphen or en dash between the label and the cells may be the label's
                # (`Barn – flickor 12 13`); an em dash or a speck there is not.
                previous_end = b
                continue
            if kind in stray:
                if aligned:
                    start = min(previous_end, a)
                    edits.append(
                        Edit(start, b, text[start:b], "", STAGE, MARK_RULE, MARK_CONFIDENCE)
                    )
                previous_end = b
                continue
            previous_end = b
            if kind in (NUM, NOISY):
                if aligned:
                    aligned_cells[row + column] = cell
                elif kind == NOISY:
                    value = _clean(text[a:b])
                    if value != text[a:b]:
                        edits.append(
                            Edit(a, b, text[a:b], value, STAGE, NOISE_RULE, NOISE_CONFIDENCE)
                        )
            column += 1
    edits.extend(_column_edits(text, lines, aligned_cells, width))
    return edits


def _clean(token: str) -> str:
    """A number without the specks glued to it: `«163` → `163`, `—-43` → `-43`."""
    if token.startswith("(") and token.endswith(")"):
        return token  # an accounting negative
    match = _NOISY_RE.fullmatch(token)
    return match.group("num") if match else token


def _column_edits(
    text: str, lines: _Lines, aligned_cells: array[int], width: int
) -> list[Edit]:
    """
    Mend the percent cells of a block's columns, and drop the noise of their cells.

    A column is one of percentages when half of its cells or more carry `%`; or, where none
    does, when its cells are likelier to be percentages read with a misread `%` than integers
    (log-odds above 0), and the block as a whole shows that misreading clearly: its columns'
    log-odds add up to at least log10(PERCENT_COLUMN_ODDS). The engine that misread `%` in one
    column misread it in the others, so a short column is judged with its block.

    ``aligned_cells`` holds the cells of the block's aligned rows, ``width`` to a row (see
    :func:`_cell_edits`). A column's values are read from the text again each time they are
    needed, not kept: a column may have a million cells.
    """
    starts, ends, kinds = lines.cell_start, lines.cell_end, lines.cell_kind

    def cells(column: int) -> Iterator[tuple[int, int, str]]:
        """The cells of a column, top to bottom: (start, end, value without its noise)."""
        for cell in aligned_cells[column::width]:
            if cell >= 0:
                a, b = starts[cell], ends[cell]
                yield a, b, _clean(text[a:b]) if kinds[cell] == NOISY else text[a:b]

    def read(column: int) -> Iterator[tuple[str, tuple[tuple[str, float], ...]]]:
        """The values of a column without `%` that may be percentages, with their readings."""
        for _, _, value in cells(column):
            options = _percent_readings(value)
            if options:
                yield value, options

    judged: list[float] = []  # the log-odds of each column
    evidence = 0.0
    for column in range(width):
        count = signs = unread = 0
        for _, _, value in cells(column):
            count += 1
            if value.endswith("%"):
                signs += 1
            elif not _percent_readings(value):
                unread += 1
        odds = -math.inf
        if count and signs >= PERCENT_SIGN_SHARE * count:
            odds = math.inf
        elif count and not signs:
            # One cell the model cannot read as a percentage (a misreading of its own) is
            # allowed; two cells at least must be read.
            if unread <= 1 and count - unread >= 2:
                odds = sum(
                    math.log10(sum(p for _, p in options) / PERCENT_VALUES)
                    for _, options in read(column)
                ) - _integer_log_likelihood(value for value, _ in read(column))
        judged.append(odds)
        if 0 < odds < math.inf:
            # Only misread signs are evidence of misreading: a column whose `%` the engine
            # read shows the opposite.
            evidence += odds
    edits: list[Edit] = []
    for column, odds in enumerate(judged):
        percent = odds == math.inf or (odds > 0 and evidence >= math.log10(PERCENT_COLUMN_ODDS))
        column_confidence = 1.0 - 10.0**-odds if percent else 0.0
        for a, b, value in cells(column):
            after, rule, confidence = value, NOISE_RULE, NOISE_CONFIDENCE
            options = _percent_readings(value) if percent and not value.endswith("%") else ()
            if options:
                total = sum(p for _, p in options)
                after, p = max(options, key=lambda option: option[1])
                rule = PERCENT_RULE
                confidence = p / total * column_confidence
            if after != text[a:b]:
                edits.append(Edit(a, b, text[a:b], after, STAGE, rule, confidence))
    return edits


@functools.lru_cache(maxsize=4096)
def _percent_readings(value: str) -> tuple[tuple[str, float], ...]:
    """The percentages ``value`` may be, with a misread `%` after the digits, and their odds."""
    if not value.isascii():
        value = value.replace("\u2212", "-").replace("\u2013", "-")
    sign = ""
    digits = value
    if value[:1] in "+-":
        sign, digits = value[0], value[1:]
    if not digits.isdigit():
        return ()
    options = []
    for cut in range(max(1, len(digits) - _MAX_READING), min(3, len(digits)) + 1):
        number, reading = digits[:cut], digits[cut:]
        count = PERCENT_READINGS.get(reading)
        if not count or (len(number) > 1 and number[0] == "0"):
            continue
        amount = int(number) * (-1 if sign == "-" else 1)
        if not PERCENT_MIN <= amount <= PERCENT_MAX:
            continue
        options.append((f"{sign}{number}%", count / _READINGS_TOTAL))
    return tuple(options)


def _integer_log_likelihood(values: Iterable[str]) -> float:
    """
    log10 of how likely a column of integers is to hold ``values``: each of any width from 1
    to INTEGER_WIDTHS digits, the column unrounded or rounded to tens, hundreds or thousands
    (all its numbers ending in as many zeros), whichever explains the column best.
    """
    # Of each value, only its width and the zeros it ends in matter: two numbers, in arrays
    # (a column may have a million cells).
    widths = array("q")
    zeros_at_end = array("q")
    for value in values:
        widths.append(len(value.lstrip("+-\u2212\u2013")))
        zeros_at_end.append(len(value) - len(value.rstrip("0")))
    best = -math.inf
    for zeros in range(ROUNDINGS):
        if any(width <= zeros or ends < zeros for width, ends in zip(widths, zeros_at_end)):
            break
        # Each number: its width, then its first free digit (not 0) and the others.
        log_likelihood = -math.log10(ROUNDINGS) + sum(
            -math.log10(INTEGER_WIDTHS) - math.log10(9) - (width - zeros - 1)
            for width in widths
        )
        best = max(best, log_likelihood)
    return best


class _Block:
    """A table block: its lines, the joins of its label fragments, its width and its header."""

    __slots__ = ("top", "first", "last", "joins", "width", "header", "specks")

    def __init__(self, text: str, lines: _Lines, first: int, last: int) -> None:
        self.top = _block_top(lines, first)
        self.first = first
        self.last = last
        self.joins = _label_joins(text, lines, self.top, first, _joins(text, lines, self.top, last))
        self.width = _block_width(lines, self.rows(lines))
        self.header, self.specks = _header(text, lines, first, self.joins, self.width)

    def rows(self, lines: _Lines) -> Iterator[int]:
        """The block's rows (their lines), top to bottom."""
        kinds = lines.kind
        return (i for i in range(self.first, self.last + 1) if kinds[i] == ROW)


def _analyse(text: str) -> tuple[_Lines, Iterator[_Block]]:
    """The lines of ``text``, and its table blocks, each made when it is reached (a long text
    may have very many)."""
    lines = _lines(text)
    return lines, (_Block(text, lines, first, last) for first, last in _blocks(lines))


def _may_have_table(text: str) -> bool:
    """False when ``text`` has fewer lines that may be table rows (:data:`_ROW_LINE_RE`) than
    the smallest block has rows: then it has no table, which one regex scan tells, where
    describing its lines would take a Python step a line."""
    fewest = min(MIN_ROWS, MIN_ROWS_ONE_CELL)
    return len(list(islice(_ROW_LINE_RE.finditer(text), fewest))) == fewest


def table_spans(text: str) -> list[tuple[int, int]]:
    """
    Where the table blocks of ``text`` are: from the first line of a block's first row
    (its label's first line, when the label wrapped) to the end of its last row.

    >>> text = "Vi jämför.\\n\\nBarngruppen 108 91\\nEnsamkommande\\n\\nflyktingbarn 10 20\\n"
    >>> [text[a:b] for a, b in table_spans(text)]
    ['Barngruppen 108 91\\nEnsamkommande\\n\\nflyktingbarn 10 20']
    """
    if not _may_have_table(text):
        return []
    lines, blocks = _analyse(text)
    spans = []
    for block in blocks:
        top = min([block.first, *(above for above, _, _ in block.joins)])
        spans.append((lines.start[top], lines.end[block.last]))
    return spans



def fix_tables(text: str, config: Config) -> list[Edit]:
    """
    Join label cells that wrapped onto lines of their own to their rows, and mend the OCR
    damage to the cells of table blocks; the module's description says how. ``config`` is
    not consulted: the pipeline turns the stage on and off and applies the confidence floor.

    >>> text = ("Kategori 2015 2016 Diff\\n"
    ...         "Barngruppen 88 373 32420\\n"
    ...         "Skyddat boende 372 224 — -4020\\n"
    ...         "Ungdomsgruppen 31 18 15520\\n"
    ...         "Totalt 491 615 2996\\n")
    >>> for edit in fix_tables(text, Config()):
    ...     print(repr(edit.before), repr(edit.after), edit.rule, round(edit.confidence, 2))
    '32420' '324%' fix_tables.percent-cell 1.0
    ' —' '' fix_tables.stray-mark 0.95
    '-4020' '-40%' fix_tables.percent-cell 1.0
    '15520' '155%' fix_tables.percent-cell 1.0
    '2996' '29%' fix_tables.percent-cell 1.0
    """
    if not _may_have_table(text):
        return []
    lines, blocks = _analyse(text)
    edits: list[Edit] = []
    for block in blocks:
        for above, below, confidence in block.joins:
            a, b = lines.end[above], lines.start[below]
            edits.append(Edit(a, b, text[a:b], " ", STAGE, JOIN_RULE, confidence))
        for a, b in block.specks:
            edits.append(Edit(a, b, text[a:b], "", STAGE, MARK_RULE, MARK_CONFIDENCE))
        edits.extend(_cell_edits(text, lines, block.rows(lines), block.width))
    edits.sort(key=lambda edit: (edit.start, edit.end))
    return edits


def tables(
    text: str, *, repair: bool = True, config: Config | None = None
) -> list[list[list[str]]]:
    """
    The table blocks of ``text`` as rows of cells: the label first, then each numeric cell.

    With ``repair`` (the default) the blocks are read after :func:`fix_tables` has joined
    their rows and mended their cells, with the edits whose confidence reaches
    ``config.min_confidence`` (as :func:`ocrfix.repair` would make them). A header row just
    above a block's first row is its first row, split at spaces, when it has one token for
    each column and one for the label column (``Kategori 2013 2014 Diff``). Stray marks are
    left out; a row of a block is as the text has it, so rows may differ in length where the
    OCR lost or split a cell.

    >>> tables("Kategori 2013 2014\\nBarngruppen 88 373\\nPlaceringar på hem för\\n\\n"
    ...        "vård eller boende 236 3,5 %\\n")
    [[['Kategori', '2013', '2014'], ['Barngruppen', '88', '373'], \
['Placeringar på hem för vård eller boende', '236', '3,5 %']]]
    """
    if repair:
        config = config or Config()
        floor = config.min_confidence
        text = apply_edits(text, [e for e in fix_tables(text, config) if e.confidence >= floor])
    if not _may_have_table(text):
        return []
    lines, blocks = _analyse(text)
    result = []
    for block in blocks:
        rows: list[list[str]] = []
        if block.header >= 0:
            header = block.header
            rows.append([
                m.group()
                for m in _TOKEN_RE.finditer(text, lines.start[header], lines.end[header])
                if not _MARK_RE.fullmatch(m.group())
            ])
        for i in block.rows(lines):
            start, label_end = lines.start[i], lines.label_end[i]
            label = text[start:label_end] if label_end > start else ""
            rows.append([label, *(text[a:b] for a, b, kind in lines.cells(i) if kind != MARK)])
        result.append(rows)
    return result
