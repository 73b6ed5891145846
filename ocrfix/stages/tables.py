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
times, whatever the size of a block.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterator

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
_DIGIT_RE = regex.compile(r"\d")
_LAST_NONSPACE_RE = regex.compile(r"(?r)\S")
_HYPHENS = "-\u00ad\u00ac\u2010"
_CLOSERS = ".!?:;"
_YEAR_RE = regex.compile(r"(?:19|20)\d\d")
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


class _Line:
    """One line: where its text is, and for a row, its cells."""

    __slots__ = ("start", "end", "kind", "label_end", "cells", "solid")

    def __init__(self, start: int, end: int, kind: int) -> None:
        self.start = start  # the first non-space character
        self.end = end  # after the last non-space character
        self.kind = kind
        self.label_end = end  # after the label's last character (its start, if no label)
        self.cells: list[tuple[int, int, int]] = []  # (start, end, kind), left to right
        self.solid = 0  # the number of cells that are not marks or dashes


def _lines(text: str) -> Iterator[_Line]:
    pos = 0
    while True:
        newline = text.find("\n", pos)
        stop = len(text) if newline < 0 else newline
        yield _parse(text, pos, stop)
        if newline < 0:
            return
        pos = newline + 1


def _parse(text: str, start: int, stop: int) -> _Line:
    if "\f" in text[start:stop]:
        # A page break: a table does not continue across one here.
        return _Line(start, start, BREAK)
    if _DIGIT_RE.search(text, start, stop) is None:
        # No digit, no cell and no year: a line of prose (or a blank one), the common case.
        first = _TOKEN_RE.search(text, start, stop)
        if first is None:
            return _Line(start, start, BLANK)
        last = _LAST_NONSPACE_RE.search(text, start, stop)
        assert last is not None  # there is a non-space character
        return _Line(first.start(), last.end(), TEXT)
    tokens = [m.span() for m in _TOKEN_RE.finditer(text, start, stop)]
    if not tokens:
        return _Line(start, start, BLANK)
    line = _Line(tokens[0][0], tokens[-1][1], TEXT)
    cells: list[tuple[int, int, int]] = []  # right to left
    numbers = 0
    k = len(tokens)
    while k:
        a, b = tokens[k - 1]
        token = text[a:b]
        if token.isdigit() and token.isascii():
            kind = NUM  # the common case first
        elif token.isalpha() and (k < len(tokens) or len(token) > 2 or not token.isupper()):
            break  # a word of the label
        elif token == "%" and k >= 2 and _NUMBER_RE.fullmatch(text, *tokens[k - 2]):
            a = tokens[k - 2][0]  # `3,5 %`: one cell
            k -= 1
            kind = NUM
        elif _NUMBER_RE.fullmatch(token):
            kind = NUM
        elif _EMPTY_RE.fullmatch(token):
            kind = EMPTY
        elif _MARK_RE.fullmatch(token):
            kind = MARK
        elif _NOISY_RE.fullmatch(token):
            if k == len(tokens) and token[-1] in ".,;:!?":
                break  # a number that ends a sentence (`… ökade till 45.`): prose, not a cell
            kind = NOISY
        elif k == len(tokens) and _GARBLED_RE.fullmatch(token):
            kind = GARBLED
        else:
            break
        cells.append((a, b, kind))
        numbers += kind in (NUM, NOISY)
        k -= 1
    # A garbled last cell counts only after real numbers.
    if cells and cells[0][2] == GARBLED and numbers < MIN_CELLS:
        return line
    years = 0
    if _YEAR_RE.search(text, start, stop):
        years = sum(bool(_YEAR_RE.fullmatch(text, a, b)) for a, b in tokens)
    if years >= MIN_HEADER_YEARS and years * HEADER_YEAR_SHARE >= len(tokens) and all(
        _YEAR_RE.fullmatch(text, a, b) for a, b, kind in cells if kind == NUM
    ):
        line.kind = HEADER
        return line
    if numbers:
        cells.reverse()
        line.cells = cells
        line.solid = sum(kind not in (MARK, EMPTY) for _, _, kind in cells)
        line.kind = ROW
        line.label_end = tokens[k - 1][1] if k else tokens[0][0]
    return line


def _blocks(lines: list[_Line]) -> Iterator[tuple[int, int]]:
    """The (first, last) row lines of each table block."""
    first = last = -1
    rows = wide = texts = blanks = 0
    for i, line in enumerate(lines + [_Line(0, 0, BREAK)]):
        if line.kind == ROW:
            if first < 0:
                first = i
            last = i
            rows += 1
            wide += line.solid >= MIN_CELLS
            texts = blanks = 0
            continue
        if first < 0:
            continue
        if line.kind == BLANK:
            blanks += 1
        elif line.kind == TEXT:
            blanks = 0
            texts += 1
        if (
            line.kind in (BREAK, HEADER)
            or blanks > MAX_BLANK_RUN
            or texts >= MAX_LABEL_LINES
        ):
            if rows >= MIN_ROWS_ONE_CELL or wide >= MIN_ROWS:
                yield first, last
            first = last = -1
            rows = wide = texts = blanks = 0


def _joinable(text: str, above: _Line, below: _Line, continued: bool) -> float:
    """The confidence that ``above`` (a line without cells) and ``below`` are one label cell."""
    last = text[above.end - 1]
    if last in _CLOSERS or last in _HYPHENS:
        return 0.0
    # A digit glued to lower-case letters (`6verens`) is a lower-case letter the word stage
    # mends later; counted as one now, or a second repair would join (see paragraphs).
    if text[below.start].islower() or OCR_DIGIT_START_RE.match(text, below.start, below.end):
        return JOIN_LOWER
    if last == ",":
        return JOIN_COMMA
    if continued:
        return JOIN_CONTINUED
    return 0.0


def _block_top(lines: list[_Line], first: int) -> int:
    """The first line that may hold a fragment of the block's first row's label."""
    top = first
    texts = blanks = 0
    while top > 0:
        above = lines[top - 1]
        if above.kind in (ROW, BREAK, HEADER):
            break
        if above.kind == BLANK:
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


def _joins(text: str, lines: list[_Line], top: int, last: int) -> list[tuple[int, int, float]]:
    """The label fragments of a block to join: (line above, line below, confidence)."""
    joins: list[tuple[int, int, float]] = []
    above = -1  # the last text line, if only blank lines came after it
    continued = False  # whether `above` was itself joined to the line above it
    for i in range(top, last + 1):
        line = lines[i]
        if line.kind == BLANK:
            continue
        joined = False
        if above >= 0 and line.kind != HEADER:
            confidence = _joinable(text, lines[above], line, continued)
            if confidence:
                joins.append((above, i, confidence))
                joined = True
        above = i if line.kind == TEXT else -1
        continued = joined
    return joins


def _label_joins(text: str, lines: list[_Line], top: int, first: int,
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
            _joinable(text, lines[above], lines[k], False)
            or (_joinable(text, lines[above], lines[k], True) and _may_be_joined(text, lines, above))
        ):
            chain = []
        texts = _texts_after_row_above(lines, first)
        if texts is not None and texts - len(chain) < MAX_LABEL_LINES:
            chain = []  # joined, the label would bring the row above into this block
    return sorted(chain) + below_first


def _texts_after_row_above(lines: list[_Line], first: int) -> int | None:
    """The text lines between row ``first`` and the row above it, if :func:`_blocks` would
    reach that far; None if it would not."""
    texts = blanks = 0
    for i in range(first - 1, -1, -1):
        kind = lines[i].kind
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


def _text_above(lines: list[_Line], k: int) -> int:
    """The text line that a join would reach from line ``k`` upwards, or -1."""
    i = k - 1
    blanks = 0
    while i >= 0 and lines[i].kind == BLANK and blanks < MAX_BLANK_RUN:
        blanks += 1
        i -= 1
    return i if i >= 0 and lines[i].kind == TEXT else -1


def _may_be_joined(text: str, lines: list[_Line], k: int) -> bool:
    """Whether text line ``k`` might be joined to a line above it (it might, if in doubt)."""
    above = _text_above(lines, k)
    return above >= 0 and bool(_joinable(text, lines[above], lines[k], True))


def _header(text: str, lines: list[_Line], first: int, joins: list[tuple[int, int, float]],
            width: int) -> tuple[int, list[tuple[int, int]]]:
    """
    The block's header row, and the specks in it: the nearest line above the first row's
    label that has, specks aside, one token for the label column and one for each column.
    Returns (-1, []) when there is none.
    """
    top = first
    for above, below, _ in reversed(joins):
        if below == top:
            top = above
    blanks = 0
    i = top - 1
    while i >= 0 and lines[i].kind == BLANK and blanks < MAX_BLANK_RUN:
        blanks += 1
        i -= 1
    if i < 0 or lines[i].kind not in (TEXT, HEADER):
        return -1, []
    line = lines[i]
    tokens = [m.span() for m in _TOKEN_RE.finditer(text, line.start, line.end)]
    # Each speck with the space before it. A hyphen or an en dash may be meant (`2012 - 2014`).
    specks = [
        (tokens[k - 1][1], b)
        for k, (a, b) in enumerate(tokens)
        if k and _MARK_RE.fullmatch(text, a, b) and text[a:b] not in ("-", "\u2013")
    ]
    if len(tokens) - len(specks) != width + 1 or _MARK_RE.fullmatch(text, *tokens[0]):
        return -1, []
    # Specks go only from a line that names its columns by year: a title (`Statistik januari
    # - augusti`) may have as many words as the table has columns.
    return i, specks if line.kind == HEADER else []


def _block_width(rows: list[_Line]) -> int:
    """The width of a block's complete rows: the largest that two of its rows share."""
    widths = Counter(row.solid for row in rows)
    shared = [w for w, n in widths.items() if n >= min(2, len(rows))]
    return max(shared) if shared else max(widths)


def _cell_edits(text: str, rows: list[_Line], width: int) -> list[Edit]:
    edits: list[Edit] = []
    columns: list[list[tuple[int, int, str]]] = [[] for _ in range(width)]
    for row in rows:
        solid = row.solid
        empties = sum(kind == EMPTY for _, _, kind in row.cells)
        # A row as wide as the block without its dashes: they are specks, like the marks.
        # A row that is as wide with them: they are its empty cells.
        stray = (MARK, EMPTY) if solid == width else (MARK,)
        aligned = solid == width or solid + empties == width
        column = 0
        previous_end = row.label_end
        for index, (a, b, kind) in enumerate(row.cells):
            if kind in stray and index == 0 and text[a:b] in ("-", "\u2013"):
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
                value = _clean(text[a:b]) if kind == NOISY else text[a:b]
                if aligned:
                    columns[column].append((a, b, value))
                elif value != text[a:b]:
                    edits.append(
                        Edit(a, b, text[a:b], value, STAGE, NOISE_RULE, NOISE_CONFIDENCE)
                    )
            column += 1
    edits.extend(_column_edits(text, columns))
    return edits


def _clean(token: str) -> str:
    """A number without the specks glued to it: `«163` → `163`, `—-43` → `-43`."""
    if token.startswith("(") and token.endswith(")"):
        return token  # an accounting negative
    match = _NOISY_RE.fullmatch(token)
    return match.group("num") if match else token


def _column_edits(text: str, columns: list[list[tuple[int, int, str]]]) -> list[Edit]:
    """
    Mend the percent cells of a block's columns, and drop the noise of their cells.

    A column is one of percentages when half of its cells or more carry `%`; or, where none
    does, when its cells are likelier to be percentages read with a misread `%` than integers
    (log-odds above 0), and the block as a whole shows that misreading clearly: its columns'
    log-odds add up to at least log10(PERCENT_COLUMN_ODDS). The engine that misread `%` in one
    column misread it in the others, so a short column is judged with its block.
    """
    judged = []
    evidence = 0.0
    for cells in columns:
        signs = sum(value.endswith("%") for _, _, value in cells)
        readings = [
            _percent_readings(value) if not value.endswith("%") else None
            for _, _, value in cells
        ]
        odds = -math.inf
        if cells and signs >= PERCENT_SIGN_SHARE * len(cells):
            odds = math.inf
        elif cells and not signs:
            unread = sum(not options for options in readings)
            # One cell the model cannot read as a percentage (a misreading of its own) is
            # allowed; two cells at least must be read.
            if unread <= 1 and len(cells) - unread >= 2:
                read = [
                    (value, options)
                    for (_, _, value), options in zip(cells, readings)
                    if options
                ]
                odds = sum(
                    math.log10(sum(p for _, p in options) / PERCENT_VALUES)
                    for _, options in read
                ) - _integer_log_likelihood([value for value, _ in read])
        judged.append((cells, readings, odds))
        if 0 < odds < math.inf:
            # Only misread signs are evidence of misreading: a column whose `%` the engine
            # read shows the opposite.
            evidence += odds
    edits: list[Edit] = []
    for cells, readings, odds in judged:
        percent = odds == math.inf or (odds > 0 and evidence >= math.log10(PERCENT_COLUMN_ODDS))
        column_confidence = 1.0 - 10.0**-odds if percent else 0.0
        for (a, b, value), options in zip(cells, readings):
            after, rule, confidence = value, NOISE_RULE, NOISE_CONFIDENCE
            if percent and options:
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


def _integer_log_likelihood(values: list[str]) -> float:
    """
    log10 of how likely a column of integers is to hold ``values``: each of any width from 1
    to INTEGER_WIDTHS digits, the column unrounded or rounded to tens, hundreds or thousands
    (all its numbers ending in as many zeros), whichever explains the column best.
    """
    widths = [len(value.lstrip("+-\u2212\u2013")) for value in values]
    best = -math.inf
    for zeros in range(ROUNDINGS):
        if any(
            width <= zeros or not value.endswith("0" * zeros)
            for value, width in zip(values, widths)
        ):
            break
        # Each number: its width, then its first free digit (not 0) and the others.
        log_likelihood = -math.log10(ROUNDINGS) + sum(
            -math.log10(INTEGER_WIDTHS) - math.log10(9) - (width - zeros - 1)
            for width in widths
        )
        best = max(best, log_likelihood)
    return best


class _Block:
    """A table block: its lines, the joins of its label fragments, its rows and its header."""

    __slots__ = ("top", "first", "last", "joins", "rows", "width", "header", "specks")

    def __init__(self, text: str, lines: list[_Line], first: int, last: int) -> None:
        self.top = _block_top(lines, first)
        self.first = first
        self.last = last
        self.joins = _label_joins(text, lines, self.top, first, _joins(text, lines, self.top, last))
        self.rows = [i for i in range(first, last + 1) if lines[i].kind == ROW]
        self.width = _block_width([lines[i] for i in self.rows])
        self.header, self.specks = _header(text, lines, first, self.joins, self.width)


def _analyse(text: str) -> tuple[list[_Line], list[_Block]]:
    lines = list(_lines(text))
    return lines, [_Block(text, lines, first, last) for first, last in _blocks(lines)]


def table_spans(text: str) -> list[tuple[int, int]]:
    """
    Where the table blocks of ``text`` are: from the first line of a block's first row
    (its label's first line, when the label wrapped) to the end of its last row.

    >>> text = "Vi jämför.\\n\\nBarngruppen 108 91\\nEnsamkommande\\n\\nflyktingbarn 10 20\\n"
    >>> [text[a:b] for a, b in table_spans(text)]
    ['Barngruppen 108 91\\nEnsamkommande\\n\\nflyktingbarn 10 20']
    """
    if not any(c.isdigit() for c in text):
        return []
    lines, blocks = _analyse(text)
    spans = []
    for block in blocks:
        top = min([block.first, *(above for above, _, _ in block.joins)])
        spans.append((lines[top].start, lines[block.last].end))
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
    if not any(c.isdigit() for c in text):
        return []
    lines, blocks = _analyse(text)
    edits: list[Edit] = []
    for block in blocks:
        for above, below, confidence in block.joins:
            a, b = lines[above].end, lines[below].start
            edits.append(Edit(a, b, text[a:b], " ", STAGE, JOIN_RULE, confidence))
        for a, b in block.specks:
            edits.append(Edit(a, b, text[a:b], "", STAGE, MARK_RULE, MARK_CONFIDENCE))
        edits.extend(_cell_edits(text, [lines[i] for i in block.rows], block.width))
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
    lines, blocks = _analyse(text)
    result = []
    for block in blocks:
        rows: list[list[str]] = []
        if block.header >= 0:
            header = lines[block.header]
            rows.append([
                m.group() for m in _TOKEN_RE.finditer(text, header.start, header.end)
                if not _MARK_RE.fullmatch(m.group())
            ])
        for i in block.rows:
            line = lines[i]
            label = text[line.start : line.label_end] if line.label_end > line.start else ""
            rows.append([label, *(text[a:b] for a, b, kind in line.cells if kind != MARK)])
        result.append(rows)
    return result
