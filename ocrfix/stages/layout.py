"""Join words that the page's line ends split: `Stockholms-⏎regionen` → `Stockholmsregionen`.

Typeset Swedish breaks long words at line ends with a hyphen, and OCR and PDF extraction keep
the break. Most such hyphens must go, but not all: a suspended compound keeps its hyphen
(`barn- och ungdomsvården`), and so does a word written with one (`IT-stöd`, `2013-2014`).
We decide with the lexicon, not with a list of words:

- the joined form is Swedish (a listed word or a compound): join (`Stockholms` + `regionen`);
- the first part is an abbreviation in capitals or a number: keep the hyphen, join the line
  (`IT-⏎stöd` → `IT-stöd`, `2013-⏎2014` → `2013-2014`);
- a conjunction follows (`barn-` + `och`): a suspended compound, left as it is, whether or
  not the compound it shares its end with (`ungdomsvården`) is still damaged;
- otherwise the hyphen is a break in a word the OCR damaged (`handldggnings-⏎rutiner`):
  join, and let the word stage repair the whole word.

The joined word moves up to the first line and the line break follows it, so the rest of
the page keeps its lines::

    >>> from ocrfix.config import Config
    >>> text = "hela Stockholms-\\nregionen men även barn-\\noch ungdomsvården"
    >>> [(e.before, e.after) for e in dehyphenate(text, Config())]
    [('-\\nregionen ', 'regionen\\n')]

Soft hyphens (U+00AD), which only mark where a word may break, are removed, and `¬`, which
some OCR engines print for a line-end hyphen, counts as one.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ocrfix.config import Config
from ocrfix.edits import Edit, apply_edits, compose_edits
from ocrfix.lexicon import get_lexicon

STAGE = "fix_layout"
RULE_JOIN = "fix_layout.dehyphenate"
RULE_KEEP_HYPHEN = "fix_layout.join-hyphenated"
RULE_SOFT_HYPHEN = "fix_layout.soft-hyphen"

# A word (or number), a hyphen at the end of its line, and the word that starts the next.
_LINE_END_HYPHEN_RE = regex.compile(
    r"(?P<left>[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)(?P<hyphen>[-¬\u00ad])[ \t]*\r?\n[ \t]*"
    r"(?P<right>[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)(?P<space>[ \t]*)"
)
_NON_SPACE_RE = regex.compile(r"\S*")
_BLANKS_RE = regex.compile(r"[ \t]*")
# A line-end hyphen alone, and the word part before it (matched backwards from the hyphen).
_BREAK_RE = regex.compile(r"[-¬\u00ad][ \t]*\r?\n")
_LEFT_PART_RE = regex.compile(r"(?r)(?:[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)?")
# A soft hyphen inside a word: an invisible hint where the word may break. A digit counts
# as a letter here, since OCR reads letters as digits (`f\u00ad6rslag`).
_SOFT_HYPHEN_RE = regex.compile(r"(?<=[\p{L}\p{N}])\u00ad(?=[\p{L}\p{N}])")

# A line-end hyphen whose next line is one word part ending in another (`barn-⏎utred-⏎
# ningen`) chains the lines into one word. A word is split over a few lines at most: a
# longer chain (a column of `ord-` lines) is no word, and all of its hyphens are kept.
MAX_BREAKS_PER_WORD = 3
_CHAIN_LINK_RE = regex.compile(r"[ \t]*[\p{L}\p{N}][\p{L}\p{M}\p{N}]*")
# Rounds of joining (see dehyphenate): each round joins every other break of a chain, so a
# chain of MAX_BREAKS_PER_WORD needs two; the bound only keeps the cost linear.
MAX_ROUNDS = 4

# The words that follow a suspended compound's hyphen: it is left hanging before a
# conjunction (`barn- och ungdomsvården`, `för- eller efterarbete`, `in- som utrikes`,
# `mån- till fredag`). Before any other word a line-end hyphen is a break in one word.
SUSPENSION_WORDS = frozenset({"och", "eller", "samt", "respektive", "resp", "som", "till",
                              "men", "liksom", "än"})

# A joined form that only OCR damage keeps from being a word is still one word: a confident
# join. A suspended compound or a kept hyphen is a surer reading of the page.
CONFIDENCE_JOIN = 0.95
CONFIDENCE_DAMAGED = 0.9
CONFIDENCE_KEEP_HYPHEN = 0.95


def dehyphenate(text: str, config: Config) -> list[Edit]:
    """Edits that join words hyphenated across line ends, and drop soft hyphens."""
    if "-" not in text and "¬" not in text and "\u00ad" not in text:
        return []
    # Repeated on its own result: a second part that itself ends its line in a hyphen
    # (`barn-⏎utred-⏎ningen`) comes up with that hyphen, which only a second round joins
    # (else a second repair would).
    original = text
    edits: tuple[Edit, ...] = ()
    for _ in range(MAX_ROUNDS):
        round_edits = [
            edit for edit in _dehyphenate_round(text, config)
            if edit.confidence >= config.min_confidence
        ]
        if not round_edits:
            break
        text = apply_edits(text, round_edits)
        edits = compose_edits(original, edits, round_edits)
    return list(edits)


def _dehyphenate_round(text: str, config: Config) -> list[Edit]:
    lexicon = get_lexicon(config.lexicon)
    edits: list[Edit] = []
    taken_until = 0
    for match in _line_end_hyphens(text):
        left, hyphen, right = match.group("left", "hyphen", "right")
        start = match.start("hyphen")
        if start < taken_until:
            continue
        # The replacement: the second part, then the line break it came after (and any
        # spaces that followed the word are swallowed by the break).
        # The second part takes the punctuation that follows it (`regionen.`) up with it.
        word_end = _NON_SPACE_RE.match(text, match.end("right")).end()  # type: ignore[union-attr]
        space_end = _BLANKS_RE.match(text, word_end).end()  # type: ignore[union-attr]
        rest_of_line = not _line_ends_at(text, space_end)
        end = space_end if rest_of_line else word_end
        newline = "\n" if rest_of_line else ""
        right_with_tail = text[match.start("right") : word_end]
        joined = left + right
        if hyphen == "\u00ad":
            rule, glue, confidence = RULE_JOIN, "", CONFIDENCE_JOIN
        elif left.isdigit() or (left.isupper() and len(left) <= 5 and left.isalpha()):
            rule, glue, confidence = RULE_KEEP_HYPHEN, "-", CONFIDENCE_KEEP_HYPHEN
        elif not (left.isalpha() and right.isalpha()):
            continue
        elif lexicon.is_word(joined):
            rule, glue, confidence = RULE_JOIN, "", CONFIDENCE_JOIN
        elif right.lower() in SUSPENSION_WORDS:
            continue  # `barn-⏎och`: two halves that make no word, so a suspended compound
        elif right[:1].isupper() and not right.isupper():
            continue  # `Stockholms-⏎Uppsala`: a new capital starts a new word
        else:
            rule, glue, confidence = RULE_JOIN, "", CONFIDENCE_DAMAGED
        after = glue + right_with_tail + newline
        edits.append(Edit(start, end, text[start:end], after, STAGE, rule, confidence))
        taken_until = end
    if "\u00ad" in text:
        joins = [(e.start, e.end) for e in edits]  # sorted, and they do not overlap
        k = 0
        for match in _SOFT_HYPHEN_RE.finditer(text):
            while k < len(joins) and joins[k][1] <= match.start():
                k += 1
            if k < len(joins) and joins[k][0] < match.end():
                continue  # inside a join: that edit takes it away already
            edits.append(
                Edit(match.start(), match.end(), "\u00ad", "", STAGE, RULE_SOFT_HYPHEN, 1.0)
            )
    edits.sort(key=lambda e: e.start)
    return edits


def _line_end_hyphens(text: str) -> Iterator[regex.Match[str]]:
    """The matches of _LINE_END_HYPHEN_RE, found from the line-end hyphens themselves,
    less those in a chain longer than MAX_BREAKS_PER_WORD.

    A page has few; scanning for them and looking back for the word before each costs
    a fraction of trying the whole pattern at every word.
    """
    chain: list[regex.Match[str]] = []
    for brk in _BREAK_RE.finditer(text):
        if chain and not _CHAIN_LINK_RE.fullmatch(text, chain[-1].end(), brk.start()):
            yield from _joinable(text, chain)
            chain = []
        chain.append(brk)
    yield from _joinable(text, chain)


def _joinable(text: str, chain: list[regex.Match[str]]) -> Iterator[regex.Match[str]]:
    if len(chain) > MAX_BREAKS_PER_WORD:
        return
    for brk in chain:
        left = _LEFT_PART_RE.match(text, 0, brk.start())  # backwards from the hyphen
        if left is None or left.start() == brk.start():
            continue
        match = _LINE_END_HYPHEN_RE.match(text, left.start())
        if match is not None:
            yield match


def _line_ends_at(text: str, pos: int) -> bool:
    return pos >= len(text) or text[pos] in "\r\n"
