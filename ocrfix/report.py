"""
Show a person what ocrfix changed: an HTML page, and a diff for the terminal.

Both views are drawn from a text and the edits that index it (what
:func:`ocrfix.explain` returns), so they show exactly the changes that were
made, where they were made:

>>> from ocrfix.edits import Edit
>>> text = "Parterna var 6verens.\\n"
>>> edits = [Edit(13, 20, "6verens", "överens", "fix_words", "fix_words.ocr-confusion:6>ö", 1.0)]
>>> print(render_diff(text, edits), end="")
Parterna var [-6verens-]{+överens+}.
>>> page = render_html(text, edits, title="rapport.txt")
>>> page.count('class="edit ')
1

:func:`render_html` makes one self-contained page: the document with each edit
highlighted in its stage's colour (the text before struck through, the text after
beside it, the rule and confidence on hover), a legend, and counts by stage and by
rule, and, when given, the damage profiles the repair worked with (the misreadings the
word stage learned from the document, and a corpus profile given with ``Config.profile``;
:func:`damage_profiles`). It has
no script at all and loads nothing: its Content-Security-Policy
forbids every resource and admits only its own style sheet, so even a mistake in
escaping could not make a hostile document run code. Every piece of the
document, and the edits' rules, is HTML-escaped.

Each view takes time linear in the size of the text and its edits.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ocrfix.edits import Edit, apply_edits

if TYPE_CHECKING:
    from ocrfix.config import Config
    from ocrfix.profile import Profile

#: The background colour of each stage's edits, in the legend too. Light enough for
#: dark text to stay readable, and told apart by hue.
STAGE_COLOURS: Final[Mapping[str, str]] = {
    "fix_encoding": "#f7c5c5",
    "normalize_unicode": "#dcd3f7",
    "fix_layout": "#c5e3f7",
    "fix_tables": "#f7ddb5",
    "fix_words": "#fbee9a",
    "restore_diacritics": "#c8eec4",
}
#: The colour of edits whose stage this version does not know (edits made by hand).
OTHER_COLOUR: Final = "#e0e0e0"
OTHER_STAGE_CLASS: Final = "stage-other"

DEFAULT_TITLE: Final = "ocrfix report"

#: ANSI colours of the terminal diff: the text before red and struck through, after green.
ANSI_BEFORE: Final = "\x1b[31;9m"
ANSI_AFTER: Final = "\x1b[32m"
ANSI_RESET: Final = "\x1b[0m"

#: How many misreadings of each damage profile the page shows, commonest first.
PROFILE_ROWS: Final = 15
#: The heading of the profile the word stage learns from the document itself.
DOCUMENT_PROFILE_HEADING: Final = "this document"
#: Shown in a profile table for an empty side (a glyph added, or a letter lost).
NOTHING_MARK: Final = "\u2205"

#: Shown for a line break that an edit removes: removed, it breaks no line.
LINE_BREAK_MARK: Final = "\u23ce"

_LINE_BREAK_RE: Final = re.compile(r"\r\n|\r|\n")

_CSS: Final = (
    """
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 64rem; padding: 1rem 1.5rem 3rem;
  font: 15px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; overflow-wrap: anywhere; }
h2 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .1rem 1rem .1rem 0; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
code { overflow-wrap: anywhere; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .4em;
  vertical-align: -.1em; border: 1px solid #0004; }
#document { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: .75rem;
  padding: 1rem; border: 1px solid #ccc; background: #fdfdfd;
  font: 14px/1.7 ui-monospace, "DejaVu Sans Mono", monospace; }
.edit { border-radius: 2px; cursor: help; box-shadow: 0 0 0 1px #0002; }
.edit del { color: #9b1c1c; text-decoration: line-through; }
.edit ins { color: #0c4a12; text-decoration: none; font-weight: 600; }
.edit del + ins { margin-left: .15em; }
.edit .eol::before { content: "\\23ce"; font-weight: normal; opacity: .75; }
.edit del .eol { display: inline-block; white-space: nowrap; }
body:has(#repaired-only:checked) .edit del { display: none; }
body:has(#repaired-only:checked) .edit .eol::before { content: none; }
"""
    + "".join(f".stage-{stage} {{ background: {colour}; }}\n"
              for stage, colour in STAGE_COLOURS.items())
    + f".{OTHER_STAGE_CLASS} {{ background: {OTHER_COLOUR}; }}\n"
)

# The page admits its own style sheet by hash, and nothing else: no script, no
# image, no font, no request of any kind.
_CSP: Final = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(_CSS.encode()).digest()).decode()}'; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one rule changed the text, in which stage, and its least sure edit."""

    rule: str
    stage: str
    edits: int
    lowest_confidence: float


@dataclass(frozen=True, slots=True)
class Summary:
    """
    The counts a report shows: edits in all, by stage and by rule, and characters.

    ``characters_in`` and ``characters_out`` are the lengths of the text before and
    after repair; ``characters_removed`` and ``characters_inserted`` add up the
    edits' ``before`` and ``after`` texts. ``by_stage`` and ``by_rule`` keep the
    order in which each stage or rule first appears in the text.
    """

    edits: int
    characters_in: int
    characters_out: int
    characters_removed: int
    characters_inserted: int
    by_stage: Mapping[str, int]
    by_rule: Mapping[str, RuleCount]


def summarize(text: str, edits: Iterable[Edit]) -> Summary:
    """
    Count ``edits`` (which index ``text``) by stage and by rule.

    >>> nfc = Edit(0, 2, "o\\u0308", "ö", "normalize_unicode", "normalize_unicode.nfc", 1.0)
    >>> summary = summarize("o\\u0308 x", [nfc])
    >>> summary.by_stage, summary.characters_in, summary.characters_out
    ({'normalize_unicode': 1}, 4, 3)
    """
    by_stage: dict[str, int] = {}
    by_rule: dict[str, RuleCount] = {}
    removed = inserted = count = 0
    for edit in edits:
        count += 1
        removed += len(edit.before)
        inserted += len(edit.after)
        by_stage[edit.stage] = by_stage.get(edit.stage, 0) + 1
        seen = by_rule.get(edit.rule)
        if seen is None:
            by_rule[edit.rule] = RuleCount(edit.rule, edit.stage, 1, edit.confidence)
        else:
            by_rule[edit.rule] = RuleCount(
                edit.rule, seen.stage, seen.edits + 1, min(seen.lowest_confidence, edit.confidence)
            )
    return Summary(
        edits=count,
        characters_in=len(text),
        characters_out=len(text) - removed + inserted,
        characters_removed=removed,
        characters_inserted=inserted,
        by_stage=by_stage,
        by_rule=by_rule,
    )


def _sorted_checked(text: str, edits: Iterable[Edit]) -> list[Edit]:
    """The edits in text order, after checking that they really index ``text``.

    A report that drew edits at the wrong place would mislead the reader, so edits
    that do not replay on ``text`` raise :class:`ValueError` (from
    :func:`ocrfix.apply_edits`) instead.
    """
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    apply_edits(text, ordered)
    return ordered


# -- the HTML page ----------------------------------------------------------------------------


def _escape(text: str) -> str:
    """``text`` escaped for HTML element content and quoted attribute values.

    A carriage return is written as a character reference because the HTML parser
    turns a literal one into a line feed; so the page's text is exactly the input.
    """
    return html.escape(text, quote=True).replace("\r", "&#13;")


def _stage_class(stage: str) -> str:
    # Only the known stage names (plain identifiers) become class names; any
    # other string an edit carries stays in escaped attributes.
    return f"stage-{stage}" if stage in STAGE_COLOURS else OTHER_STAGE_CLASS


def _format_confidence(confidence: float) -> str:
    return f"{confidence:.4f}".rstrip("0").rstrip(".") if confidence else "0"


def _edit_text_html(text: str) -> str:
    """An edit's before or after text, escaped, each line break in a ``.eol`` span.

    The style sheet marks those line breaks with a visible sign (and, in the text
    before, keeps them from breaking the line, since the edit removed them).
    """
    parts: list[str] = []
    position = 0
    for match in _LINE_BREAK_RE.finditer(text):  # a CRLF is one line break, in one span
        parts.append(_escape(text[position : match.start()]))
        parts.append(f'<span class="eol">{_escape(match.group())}</span>')
        position = match.end()
    parts.append(_escape(text[position:]))
    return "".join(parts)


def _edit_html(edit: Edit) -> str:
    """One edit as a highlighted span: the text before struck through, then after.

    The tooltip holds just the rule and confidence (before and after are on the
    page): a page for a long and badly damaged text has tens of thousands of edits,
    and the browser's time to load it grows with its size.
    """
    tooltip = f"{edit.rule}\nconfidence {_format_confidence(edit.confidence)}"
    parts = [
        f'<span class="edit {_stage_class(edit.stage)}"'
        f' data-stage="{_escape(edit.stage)}" data-rule="{_escape(edit.rule)}"'
        f' data-confidence="{_escape(repr(edit.confidence))}" data-start="{edit.start}"'
        f' data-end="{edit.end}" title="{_escape(tooltip)}">'
    ]
    if edit.before:
        parts.append(f"<del>{_edit_text_html(edit.before)}</del>")
    if edit.after:
        parts.append(f"<ins>{_edit_text_html(edit.after)}</ins>")
    parts.append("</span>")
    return "".join(parts)


def _document_html(text: str, edits: Sequence[Edit]) -> str:
    """The text with its edits marked, in one pass (edits sorted and checked)."""
    parts: list[str] = []
    position = 0
    for edit in edits:
        parts.append(_escape(text[position : edit.start]))
        parts.append(_edit_html(edit))
        position = edit.end
    parts.append(_escape(text[position:]))
    return "".join(parts)


def _swatch(stage: str) -> str:
    return f'<span class="swatch {_stage_class(stage)}"></span>'


def _summary_html(summary: Summary) -> str:
    """The counts: characters, a legend of the stages with their edits, the rules."""
    changed = (
        f"{summary.edits} edits; {summary.characters_in} characters in, "
        f"{summary.characters_out} out ({summary.characters_removed} replaced by "
        f"{summary.characters_inserted})"
    )
    stages = list(STAGE_COLOURS)
    stages += [stage for stage in summary.by_stage if stage not in STAGE_COLOURS]
    stage_rows = "".join(
        f'<tr data-stage="{_escape(stage)}"><td>{_swatch(stage)}<code>{_escape(stage)}</code></td>'
        f'<td class="number">{summary.by_stage.get(stage, 0)}</td></tr>'
        for stage in stages
    )
    rule_rows = "".join(
        f'<tr data-rule="{_escape(count.rule)}"><td>{_swatch(count.stage)}'
        f"<code>{_escape(count.rule)}</code></td>"
        f'<td class="number">{count.edits}</td>'
        f'<td class="number">{_format_confidence(count.lowest_confidence)}</td></tr>'
        for count in sorted(summary.by_rule.values(), key=lambda count: -count.edits)
    )
    return (
        f'<section id="summary"><p id="totals">{changed}</p>\n'
        '<h2>Stages</h2>\n<table id="stages"><thead><tr><th>stage</th><th>edits</th></tr>'
        f"</thead><tbody>{stage_rows}</tbody></table>\n"
        '<h2>Rules</h2>\n<table id="rules"><thead><tr><th>rule</th><th>edits</th>'
        f"<th>lowest confidence</th></tr></thead><tbody>{rule_rows}</tbody></table>\n"
        "</section>\n"
    )


def _profile_html(number: int, heading: str, profile: Profile) -> str:
    """One damage profile: where it was learned, then its commonest misreadings."""
    documents = f"{profile.documents} document{'' if profile.documents == 1 else 's'}"
    letters = f"{profile.letter_count:,.0f} letters"
    source = profile.source or "unnamed"
    rows = "".join(
        f'<tr><td><code>{_escape(ocr or NOTHING_MARK)}</code></td>'
        f'<td><code>{_escape(truth or NOTHING_MARK)}</code></td>'
        f'<td class="number">{count:,.1f}</td><td class="number">{rate:.1%}</td></tr>'
        for ocr, truth, count, rate in profile.top(PROFILE_ROWS)
    )
    table = (
        f'<table id="profile-{number}" class="profile"><thead><tr><th>printed</th>'
        '<th>for</th><th>count</th><th>rate</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>\n"
        if rows else '<p class="no-misreadings">No misreadings learned.</p>\n'
    )
    return (
        f'<h2>Damage profile: {_escape(heading)}</h2>\n'
        f'<p class="profile-source">learned from {_escape(source)} ({documents}, {letters})</p>\n'
        f"{table}"
    )


def _profiles_html(profiles: Mapping[str, Profile]) -> str:
    if not profiles:
        return ""
    parts = "".join(
        _profile_html(number, heading, profile)
        for number, (heading, profile) in enumerate(profiles.items(), 1)
    )
    return (
        '<section id="profiles"><p>The misreadings the word stage weighed readings with: '
        "where the text meant the letters under \u201cfor\u201d, the engine printed those under "
        "\u201cprinted\u201d; how often (count, the evidence for it) and as a share of that "
        "letter (rate).</p>\n"
        f"{parts}</section>\n"
    )


def damage_profiles(text: str, config: Config) -> dict[str, Profile]:
    """
    The damage profiles a report on ``text`` shows, by heading.

    The profile the word stage learns from ``text`` itself (after the stages before it,
    as :func:`ocrfix.learn_profile` learns it), headed :data:`DOCUMENT_PROFILE_HEADING`;
    then the corpus profile of ``config.profile``, headed by its path, when one is given.
    Empty when ``config`` turns the word stage off.

    >>> from ocrfix.config import Config
    >>> profiles = damage_profiles("Nåmnden har tagit emot fler årenden.", Config())
    >>> [(ocr, truth) for ocr, truth, *_ in profiles["this document"].top(1)]
    [('å', 'ä')]
    """
    if not config.fix_words:
        return {}
    from ocrfix.learn import learn_corpus
    from ocrfix.profile import load_profile

    profiles = {
        DOCUMENT_PROFILE_HEADING: learn_corpus([text], config, source=DOCUMENT_PROFILE_HEADING)
    }
    if config.profile is not None:
        profiles[f"corpus {config.profile}"] = load_profile(config.profile)
    return profiles


def render_html(
    text: str,
    edits: Iterable[Edit],
    *,
    title: str | None = None,
    profiles: Mapping[str, Profile] | None = None,
) -> str:
    """
    A self-contained HTML page that shows ``text`` with ``edits`` highlighted.

    ``edits`` must index ``text`` (as :func:`ocrfix.explain`'s do); edits that do
    not replay on it raise :class:`ValueError`. Each edit is a
    ``<span class="edit stage-STAGE">`` with ``data-stage``, ``data-rule``,
    ``data-confidence``, ``data-start`` and ``data-end`` attributes and a ``title``
    tooltip, holding ``<del>`` (the text before) and ``<ins>`` (after). The text
    outside the edits is the input, line breaks and all; a check box on the page
    hides the text before, to read the repaired text alone. ``title`` heads the
    page (default ``"ocrfix report"``). ``profiles`` are damage profiles to show, each under
    its heading (:func:`damage_profiles` gives those of a repair), as a table of its
    commonest misreadings (``<table class="profile">``: printed, for, count, rate).

    >>> page = render_html("a < b", [], title="<x>")
    >>> "<title>&lt;x&gt;</title>" in page, "a &lt; b" in page
    (True, True)
    """
    ordered = _sorted_checked(text, edits)
    heading = _escape(DEFAULT_TITLE if title is None else title)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="ocrfix">\n'
        f"<title>{heading}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{heading}</h1>\n"
        f"{_summary_html(summarize(text, ordered))}"
        f"{_profiles_html(profiles or {})}"
        '<p><label><input type="checkbox" id="repaired-only"> show the repaired text only'
        "</label></p>\n"
        f'<div id="document" lang="sv">{_document_html(text, ordered)}</div>\n'
        "</body>\n</html>\n"
    )


# -- the terminal diff ------------------------------------------------------------------------


def _coloured(text: str, colour: str, *, removed: bool) -> str:
    """``text`` in ``colour``, closed before each line break so every line stands alone.

    Pagers (``less -R``) and terminals then show each line right by itself. A line
    break the edit removed is shown as a sign instead, since it breaks no line.
    """
    if removed:
        return f"{colour}{_LINE_BREAK_RE.sub(LINE_BREAK_MARK, text)}{ANSI_RESET}"
    pieces: list[str] = []
    position = 0
    for match in _LINE_BREAK_RE.finditer(text):
        if match.start() > position:
            pieces.append(f"{colour}{text[position : match.start()]}{ANSI_RESET}")
        pieces.append(match.group())
        position = match.end()
    if position < len(text):
        pieces.append(f"{colour}{text[position:]}{ANSI_RESET}")
    return "".join(pieces)


def _diff_edit(edit: Edit, color: bool) -> str:
    if color:
        removed = _coloured(edit.before, ANSI_BEFORE, removed=True) if edit.before else ""
        added = _coloured(edit.after, ANSI_AFTER, removed=False) if edit.after else ""
        return removed + added
    removed = f"[-{edit.before}-]" if edit.before else ""
    added = f"{{+{edit.after}+}}" if edit.after else ""
    return removed + added


def render_diff(text: str, edits: Iterable[Edit], *, color: bool = False) -> str:
    """
    ``text`` with ``edits`` marked, for reading in a terminal.

    Without ``color`` each edit is ``[-before-]{+after+}`` (an insertion just
    ``{+after+}``, a deletion ``[-before-]``), as ``git diff --word-diff=plain``
    writes them; dropping the markers and what is between ``{+ +}`` gives ``text``
    back, and dropping those between ``[- -]`` the repaired text. With ``color``
    the text before is red and struck through (a removed line break shown as
    ``⏎``) and the text after is green, in ANSI escape codes. ``edits`` must index
    ``text``; edits that do not replay on it raise :class:`ValueError`.

    >>> from ocrfix.edits import Edit
    >>> render_diff("ett tu", [Edit(4, 6, "tu", "två", "fix_words", "fix_words.x", 0.9)])
    'ett [-tu-]{+två+}'
    """
    parts: list[str] = []
    position = 0
    for edit in _sorted_checked(text, edits):
        parts.append(text[position : edit.start])
        parts.append(_diff_edit(edit, color))
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)
