"""Join sentences that a page break or a stray blank line cut in two.

OCR and PDF extraction read a page at a time, so a sentence that runs over a page break comes
out in two paragraphs: between its halves there is a blank line, a form feed, or the page
number of the page it left. Tesseract also leaves a blank line inside a paragraph where the
line spacing of the page varies. A reader, a sentence splitter or a search for a phrase then
sees two paragraphs where the author wrote one:

    >>> from ocrfix.config import Config
    >>> from ocrfix.edits import apply_edits
    >>> page = ("Arbetsbelastningen är fortfarande hög för handläggarna.\\n"
    ...         "I snitt har varje heltidsanställd\\n"
    ...         "\\n"
    ...         "socialsekreterare ca 22 ärenden varav 13 utredningar.\\n")
    >>> [(e.before, e.after, e.rule) for e in join_paragraphs(page, Config())]
    [('\\n\\n', '\\n', 'fix_layout.join-paragraph')]
    >>> print(apply_edits(page, join_paragraphs(page, Config())), end="")
    Arbetsbelastningen är fortfarande hög för handläggarna.
    I snitt har varje heltidsanställd
    socialsekreterare ca 22 ärenden varav 13 utredningar.

Across a page break with a page number, too:

    >>> page = "som ska utredas och\\nplaceras ut i olika\\n\\n\\f12\\n\\nboenden. Gruppen har"
    >>> [(e.before, e.after) for e in join_paragraphs(page, Config())]
    [('\\n\\n\\x0c12\\n\\n', '\\n')]

Two parts are joined when the first does not end a sentence and the next starts in lower
case: a Swedish sentence, paragraph or heading never starts in lower case, so the next part
continues the one before it. Never joined, whatever the case of the next part:

- a first part that ends a sentence or introduces something (`.`, `!`, `?`, `:`, `…`, also
  before a closing quote or bracket);
- a heading: a paragraph of a single line that is short (:data:`MAX_HEADING_WORDS` words at
  most) or in capitals;
- list items: a first part in an item that starts with `-`, `–`, `•`, `*`, `1.`, `1)` or
  `a)` (on a line of its own, after a blank line or not), and a next part that starts with one;
- tables: a line on either side that ends in :data:`MIN_TABLE_CELLS` numeric cells, and the
  lines of a table block with the labels that wrapped inside it
  (:func:`ocrfix.stages.tables.table_spans`): the table stage joins those, with a space, as
  cells of one row;
- a line-end hyphen (`barn-⏎⏎och`, `Stockholms-⏎⏎regionen`): the dehyphenation stage decides
  whether the hyphen stays.

The edit replaces everything between the last visible character of the first part and the
first visible character of the next (blank lines, spaces, form feeds and page-number lines)
with one line break, the kind the first part's line ended with (``\\n`` or ``\\r\\n``). So
the lines of the page keep their breaks and only the paragraph break goes. A line break alone,
with no blank line, form feed or page number in it, is not a paragraph break and is left.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from ocrfix.config import Config
from ocrfix.edits import Edit
from ocrfix.stages.tables import OCR_DIGIT_START_RE, table_spans

STAGE = "fix_layout"
RULE = "fix_layout.join-paragraph"

# The confidence of a join. The evidence is the same for every join: a part that does not
# end a sentence, then one that starts in lower case. On the Tesseract pages of
# ../shared/corpus/ocr-swe (129 pages; a paragraph is one line of their ground truth) the
# stage joins 5 gaps, all inside a paragraph, and leaves the 2 other lower-case starts after
# a paragraph break (after a heading, after a sentence's end), which were real breaks; seed
# 004's 3 joins are right too.
CONFIDENCE = 0.95
# A paragraph of one line with at most this many words, and no end of sentence, is a heading
# (`Rekrytering`, `Åtgärder för att komma tillrätta med den psykosociala arbetsmiljön`: nine
# words would be a long heading, and a line of prose holds ten to fifteen words).
MAX_HEADING_WORDS = 8
# A line that ends in this many numeric cells is a table row (as in ocrfix.stages.tables).
MIN_TABLE_CELLS = 2
# A gap holds at most this many page-number lines (one for the page that ends, one for the
# page that starts, when both carry one).
MAX_PAGE_NUMBERS = 2

# A page number on a line of its own: `12`, `- 12 -`, `12 (40)`, `12/40`, `Sida 12 av 40`.
_PAGE_NUMBER_RE = regex.compile(
    r"(?:(?i:sida|sid\.?|s\.|page|p\.)\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*"
    r"(?:[-\u2013\u2014]|\(\s*\d{1,4}\s*\)|(?:/|(?i:av|of))\s*\d{1,4})?"
)
# The end of a sentence, maybe inside a quotation or brackets.
_SENTENCE_END_RE = regex.compile(r"[.!?:\u2026][\"'”’»)\]]*\Z")
# Inside a line: a sentence ends and another starts.
_SENTENCE_INSIDE_RE = regex.compile(r"[.!?:]\s+\p{Lu}")
_HYPHENS = "-\u00ad\u00ac\u2010"
# A list item: a bullet or a dash, or a number or letter with `.` or `)`, then a space.
_LIST_ITEM_RE = regex.compile(r"(?:[-\u2013\u2014•*▪◦·‣]|\d{1,3}[.)]|\p{Ll}\))\s")
# A numeric cell of a table: an integer, a decimal with a comma, a percentage, a dash or `..`.
_CELL_RE = regex.compile(r"[-+\u2212\u2013]?\d+(?:[.,]\d+)?%?|%|[-\u2013\u2014]|\.\.")
_SPACE = " \t\f\v\r"
# What a join needs (see _may_join): a blank line, or a page number on a line of its own
# after some other line, before the line that continues the sentence. Each begins with a
# line break, which the scan finds quickly.
_BLANK_LINES_RE = regex.compile(r"\n[ \t\f\v\r]*\n[ \t\f\v\r\n]*")
_BLANKS_RE = regex.compile(r"[ \t\f\v\r\n]*")


@functools.lru_cache(maxsize=1)
def _page_number_line_pattern() -> regex.Pattern[str]:
    """A page number on a line of its own after a line break (_PAGE_NUMBER_RE, kept inside
    its line). Compiled when first needed, not on import: it takes a millisecond or two, and
    a text without line breaks never needs it."""
    return regex.compile(
        r"\n[ \t\f\v\r]*(?:"
        + _PAGE_NUMBER_RE.pattern.replace(r"\s", r"[^\S\n]")
        + r")[ \t\f\v\r]*(?=\n|\Z)"
    )


class _Line:
    __slots__ = ("start", "end", "newline", "page_number")

    def __init__(self, start: int, end: int, newline: int, page_number: bool) -> None:
        self.start = start  # the first visible character
        self.end = end  # after the last visible character
        self.newline = newline  # where the line break after it starts (len(text) if none)
        self.page_number = page_number


def _lines(text: str) -> Iterator[_Line]:
    """The lines of ``text`` that are not blank."""
    pos = 0
    length = len(text)
    while pos <= length:
        newline = text.find("\n", pos)
        if newline < 0:
            newline = length
        stop = newline
        if stop > pos and text[stop - 1] == "\r":
            stop -= 1
        start = pos
        while start < stop and text[start] in _SPACE:
            start += 1
        end = stop
        while end > start and text[end - 1] in _SPACE:
            end -= 1
        if start < end:
            page_number = bool(_PAGE_NUMBER_RE.fullmatch(text, start, end))
            yield _Line(start, end, stop, page_number)
        pos = newline + 1


def join_paragraphs(text: str, config: Config) -> list[Edit]:
    """
    Join the parts of sentences that a blank line or a page break cut apart; see the module's
    description for what is joined and what the edit replaces. ``config`` is not consulted.

    A heading stays, and so does a sentence that ended:

    >>> text = "BAKGRUND\\n\\nunder 2015 var läget oroligt.\\n\\nvi fortsätter."
    >>> join_paragraphs(text, Config())
    []
    """
    if "\n" not in text or not _may_join(text):
        return []
    tables: list[tuple[int, int]] | None = None  # found when first needed: most pages never
    table = 0  # the first table span that does not end before the current line
    edits: list[Edit] = []
    previous: _Line | None = None  # the last line of prose
    paragraph_start: _Line | None = None  # the first line of its paragraph
    page_numbers = 0  # page-number lines since `previous`
    for line in _lines(text):
        if line.page_number and previous is not None and page_numbers < MAX_PAGE_NUMBERS:
            page_numbers += 1
            continue
        if previous is None:
            previous = paragraph_start = line
            page_numbers = 0
            continue
        gap = text[previous.end : line.start]
        is_break = page_numbers > 0 or "\f" in gap or gap.count("\n") > 1
        if not is_break:
            if _LIST_ITEM_RE.match(text, line.start, line.end):
                paragraph_start = line  # a list item starts on its own line
            previous = line
            page_numbers = 0
            continue
        joinable = _joinable(text, previous, paragraph_start, line)
        if joinable:
            if tables is None:
                tables = table_spans(text)
            while table < len(tables) and tables[table][1] < previous.start:
                table += 1
            joinable = not (table < len(tables) and tables[table][0] <= line.end)
        if joinable:
            newline = "\r\n" if text.startswith("\r\n", previous.newline) else "\n"
            edits.append(Edit(previous.end, line.start, gap, newline, STAGE, RULE, CONFIDENCE))
        else:
            paragraph_start = line
        previous = line
        page_numbers = 0
    return edits


def _may_join(text: str) -> bool:
    """False when no line of ``text`` that may continue a sentence (:func:`_joinable`: one
    that starts in lower case) comes after a paragraph break: a blank line, a page number on
    a line of its own or a form feed. Most pages have none, and a few scans tell so, where
    the stage's loop takes a Python step a line."""
    if "\f" in text:
        return True
    for match in _BLANK_LINES_RE.finditer(text):
        if _may_continue(text, match.end()):
            return True
    for match in _page_number_line_pattern().finditer(text):
        after = _BLANKS_RE.match(text, match.end())  # always a match, maybe an empty one
        if after is not None and _may_continue(text, after.end()):
            return True
    return False


def _may_continue(text: str, start: int) -> bool:
    """Whether the line whose first visible character is at ``start`` may continue a
    sentence: it starts in lower case, or with a digit glued to lower case (:func:`_joinable`)."""
    return start < len(text) and (
        text[start].islower() or OCR_DIGIT_START_RE.match(text, start) is not None
    )


def _joinable(text: str, last: _Line, first: _Line | None, following: _Line) -> bool:
    """Whether ``following`` continues the paragraph that starts with ``first`` and ends
    with ``last``."""
    head = text[following.start]
    # A digit glued to lower-case letters is an OCR misreading of a lower-case letter
    # (`6verens`): the word stage, which runs later, mends it, and a second repair would
    # then join; so it counts as lower case here (repair must be idempotent).
    lower = head.islower() or OCR_DIGIT_START_RE.match(text, following.start, following.end)
    if not lower or _LIST_ITEM_RE.match(text, following.start, following.end):
        return False
    ending = text[last.start : last.end]
    if ending[-1] in _HYPHENS or _SENTENCE_END_RE.search(ending):
        return False
    if _is_table_row(ending) or _is_table_row(text[following.start : following.end]):
        return False
    if first is not None and _LIST_ITEM_RE.match(text, first.start, first.end):
        return False
    if first is last:
        # A paragraph of one line: a heading, unless it is long or holds a sentence's end.
        words = ending.split()
        letters = [c for c in ending if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            return False
        if len(words) <= MAX_HEADING_WORDS and not _SENTENCE_INSIDE_RE.search(ending):
            return False
    return True


def _is_table_row(line: str) -> bool:
    """Whether ``line`` ends in MIN_TABLE_CELLS numeric cells (`Barngruppen 108 91 -16%`)."""
    tokens = line.rsplit(None, MIN_TABLE_CELLS)
    return len(tokens) > MIN_TABLE_CELLS and all(
        _CELL_RE.fullmatch(token) for token in tokens[-MIN_TABLE_CELLS:]
    )
