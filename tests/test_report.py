"""The HTML report and the terminal diff (ocrfix.report), and the CLI's --html and diff.

The page is read back with the standard library's HTML parser, so these tests check
what a browser is given; tests/test_report_browser.py checks what a real browser makes
of it. ``parse_page`` is shared with that file.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

import ocrfix
from ocrfix.config import IMPLEMENTED_STAGES
from ocrfix.edits import Edit, apply_edits
from ocrfix.report import (
    ANSI_AFTER,
    ANSI_BEFORE,
    ANSI_RESET,
    DEFAULT_TITLE,
    STAGE_COLOURS,
    render_diff,
    render_html,
    summarize,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "rapport.txt"

# -- reading a page back ----------------------------------------------------------------------

#: The elements a report may contain; anything else came from the user's text.
REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "section", "p", "table",
    "thead", "tbody", "tr", "th", "td", "span", "code", "label", "input", "div", "del", "ins",
}
_VOID = {"meta", "input", "br", "img", "link", "hr", "area", "base", "col", "embed", "source"}


@dataclass
class ParsedEdit:
    """One ``<span class="edit">`` of a page: its attributes and its del/ins text."""

    attrs: dict[str, str]
    before: str = ""
    after: str = ""


@dataclass
class Page:
    """What a report page holds, as an HTML parser reads it."""

    title: str = ""
    heading: str = ""
    style: str = ""
    csp: str = ""
    original: str = ""  # the document's text without the <ins> parts
    repaired: str = ""  # and without the <del> parts
    edits: list[ParsedEdit] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    rows: dict[str, list[list[str]]] = field(default_factory=dict)  # table id -> cells
    totals: str = ""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._document: list[str] = []  # open elements inside #document
        self._element: str | None = None  # title, style, h1, p#totals
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._original: list[str] = []
        self._repaired: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.page.tags.append((tag, values))
        if self._document:
            if tag not in _VOID:
                self._document.append(tag)
            if tag == "span" and "edit" in values.get("class", "").split():
                self.page.edits.append(ParsedEdit(values))
        elif tag == "div" and values.get("id") == "document":
            self._document.append(tag)
        elif tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.page.csp = values["content"]
        elif tag in ("title", "style", "h1") or (tag == "p" and values.get("id") == "totals"):
            self._element = tag
        elif tag == "table":
            self._table = values.get("id", "")
            self.page.rows[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.page.rows[self._table].append([])
        elif tag == "td" and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._document:
            assert self._document.pop() == tag, f"</{tag}> closes another element"
            if not self._document:
                self.page.original = "".join(self._original)
                self.page.repaired = "".join(self._repaired)
        elif tag == "td" and self._cell is not None and self._table is not None:
            self.page.rows[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table" and self._table is not None:
            rows = self.page.rows[self._table]
            rows[:] = [row for row in rows if row]  # the heading row has no <td>
            self._table = None
        elif tag == self._element:
            self._element = None

    def handle_data(self, data: str) -> None:
        if self._document:
            inside = set(self._document)
            if "ins" not in inside:
                self._original.append(data)
            if "del" not in inside:
                self._repaired.append(data)
            if "del" in inside:
                self.page.edits[-1].before += data
            if "ins" in inside:
                self.page.edits[-1].after += data
        elif self._cell is not None:
            self._cell.append(data)
        elif self._element == "title":
            self.page.title += data
        elif self._element == "style":
            self.page.style += data
        elif self._element == "h1":
            self.page.heading += data
        elif self._element == "p":
            self.page.totals += data


def parse_page(page: str) -> Page:
    """Read a report page back: its document text, edits, tables and head."""
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    return parser.page


def check_page_shows(page: Page, text: str, edits: list[Edit]) -> None:
    """Assert that ``page`` shows ``text`` with exactly ``edits``, in text order."""
    assert page.original == text
    assert page.repaired == apply_edits(text, edits)
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    assert len(page.edits) == len(ordered)
    for shown, edit in zip(page.edits, ordered):
        assert (shown.before, shown.after) == (edit.before, edit.after)
        assert shown.attrs["data-stage"] == edit.stage
        assert shown.attrs["data-rule"] == edit.rule
        assert float(shown.attrs["data-confidence"]) == edit.confidence
        span = (int(shown.attrs["data-start"]), int(shown.attrs["data-end"]))
        assert span == (edit.start, edit.end)
        assert edit.rule in shown.attrs["title"]
        assert "confidence" in shown.attrs["title"]


# -- a document with every kind of edit ---------------------------------------------------------


def edit_at(text: str, before: str, after: str, stage: str, rule: str, confidence: float,
            *, at: int | None = None) -> Edit:
    start = text.index(before) if at is None else at
    return Edit(start, start + len(before), before, after, stage, rule, confidence)


TEXT = (
    "Nämnden fick 412 drenden & \"6verens\" <b>\r\n"
    "Stockholms-\nregionen 'ok'\n"
    "Fo\u0308rvaltningen"
)
EDITS = [
    edit_at(TEXT, "drenden", "ärenden", "fix_words", "fix_words.ocr-confusion:d>ä", 0.9895),
    edit_at(TEXT, "6verens", "överens", "fix_words", "fix_words.ocr-confusion:6>ö", 1.0),
    edit_at(TEXT, "<b>", "", "fix_encoding", "fix_encoding.<script>\"&'", 0.25),
    edit_at(TEXT, "-\nregionen", "regionen", "fix_layout", "fix_layout.dehyphenate", 0.95),
    edit_at(TEXT, "o\u0308", "ö", "normalize_unicode", "normalize_unicode.nfc", 1.0),
    edit_at(TEXT, "", ".", "custom <stage>", "custom.period", 0.5, at=len(TEXT)),
]


def test_each_edit_is_one_span_with_its_rule_confidence_and_offsets() -> None:
    page = parse_page(render_html(TEXT, EDITS))
    check_page_shows(page, TEXT, EDITS)
    first = page.edits[0]
    assert first.attrs["title"] == "fix_words.ocr-confusion:d>ä\nconfidence 0.9895"


def test_the_document_is_the_input_exactly_line_breaks_and_carriage_returns_too() -> None:
    html_text = render_html(TEXT, EDITS)
    page = parse_page(html_text)
    assert page.original == TEXT
    assert page.repaired == apply_edits(TEXT, EDITS)
    # A literal CR would become a LF in a browser's parser; a character reference stays CR.
    assert "\r" not in html_text and "&#13;" in html_text


def test_edits_come_in_text_order_whatever_order_they_are_given() -> None:
    assert render_html(TEXT, list(reversed(EDITS))) == render_html(TEXT, EDITS)


def test_edits_that_do_not_index_the_text_are_refused() -> None:
    wrong = Edit(0, 3, "xyz", "abc", "fix_words", "fix_words.x", 0.5)
    with pytest.raises(ValueError, match="expects 'xyz'"):
        render_html(TEXT, [wrong])
    with pytest.raises(ValueError, match="overlaps"):
        render_html(TEXT, [EDITS[0], edit_at(TEXT, "drenden &", "x", "fix_words", "r", 0.5)])
    with pytest.raises(ValueError, match="out of range"):
        render_diff("kort", [EDITS[0]])


HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(2)>\n"
    "</div></span></del><iframe src=\"https://example.com\"></iframe>"
    "<style>body{display:none}</style>&lt;&amp;\" ' <!-- --> ]]>"
)


def test_user_text_rules_stages_and_title_are_escaped() -> None:
    target = HOSTILE.index("<img")
    edits = [
        edit_at(HOSTILE, "<script>", "<svg onload=alert(3)>", "fix_words\" onclick=\"x",
                "<script>alert(4)</script>", 0.5),
        edit_at(HOSTILE, "<img", "<object data=x>", "fix_words", "r\" onmouseover=\"alert(5)",
                0.5, at=target),
    ]
    title = "</title><script>alert(6)</script>"
    html_text = render_html(HOSTILE, edits, title=title)
    page = parse_page(html_text)
    assert {tag for tag, _ in page.tags} <= REPORT_TAGS
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    assert page.title == page.heading == title
    check_page_shows(page, HOSTILE, edits)
    # Unknown stages get the neutral colour; their names never become class names.
    assert all(edit.attrs["class"] == "edit stage-other" for edit in page.edits[:1])


def test_the_page_is_self_contained_and_forbids_everything_but_its_style() -> None:
    html_text = render_html(TEXT, EDITS, title="rapport.txt")
    for needle in ("<script", "<link", "src=", "href=", "url(", "@import", "http:", "https:"):
        assert needle not in html_text.lower(), needle
    page = parse_page(html_text)
    digest = base64.b64encode(hashlib.sha256(page.style.encode("utf-8")).digest()).decode()
    assert page.csp.startswith("default-src 'none'; ")
    assert f"style-src 'sha256-{digest}'" in page.csp
    assert "script-src" not in page.csp  # default-src 'none' forbids scripts


def test_stages_have_colours_and_a_legend() -> None:
    assert set(STAGE_COLOURS) == set(IMPLEMENTED_STAGES)  # a new stage needs a colour
    assert len(set(STAGE_COLOURS.values())) == len(STAGE_COLOURS)
    page = parse_page(render_html(TEXT, EDITS))
    for stage, colour in STAGE_COLOURS.items():
        assert f".stage-{stage} {{ background: {colour}; }}" in page.style
    assert [edit.attrs["class"] for edit in page.edits] == [
        "edit stage-fix_words", "edit stage-fix_words", "edit stage-fix_encoding",
        "edit stage-fix_layout", "edit stage-normalize_unicode", "edit stage-other",
    ]
    legend = {row[0]: int(row[1]) for row in page.rows["stages"]}
    assert list(legend) == [*IMPLEMENTED_STAGES, "custom <stage>"]
    assert legend == {
        "fix_encoding": 1, "normalize_unicode": 1, "fix_layout": 1, "fix_tables": 0,
        "fix_words": 2, "restore_diacritics": 0, "custom <stage>": 1,
    }


def test_summary_counts_edits_by_stage_and_rule_and_characters() -> None:
    summary = summarize(TEXT, EDITS)
    assert summary.edits == 6
    assert summary.characters_in == len(TEXT)
    assert summary.characters_out == len(apply_edits(TEXT, EDITS))
    assert summary.characters_removed == sum(len(edit.before) for edit in EDITS) == 29
    assert summary.characters_inserted == sum(len(edit.after) for edit in EDITS) == 24
    assert summary.by_stage["fix_words"] == 2
    words = [count for count in summary.by_rule.values() if count.stage == "fix_words"]
    assert [(count.rule, count.edits) for count in words] == [
        ("fix_words.ocr-confusion:d>ä", 1), ("fix_words.ocr-confusion:6>ö", 1),
    ]
    shorter = edit_at(TEXT, "Nämnden", "Nämnd", "fix_words", "fix_words.ocr-confusion:d>ä", 0.6)
    more = [*EDITS, shorter]
    page = parse_page(render_html(TEXT, more))
    rules = {row[0]: (int(row[1]), row[2]) for row in page.rows["rules"]}
    assert rules["fix_words.ocr-confusion:d>ä"] == (2, "0.6")  # the least sure of the two
    assert rules["normalize_unicode.nfc"] == (1, "1")
    assert page.totals == (
        f"7 edits; {len(TEXT)} characters in, {len(TEXT) - 36 + 29} out (36 replaced by 29)"
    )


def test_line_breaks_in_an_edit_are_marked() -> None:
    html_text = render_html(TEXT, EDITS)
    assert '<del>-<span class="eol">\n</span>regionen</del>' in html_text
    joined = edit_at(TEXT, "<b>\r\nS", "<b>\nS", "fix_layout", "fix_layout.x", 0.5)
    html_text = render_html(TEXT, [joined])
    assert '<del>&lt;b&gt;<span class="eol">&#13;\n</span>S</del>' in html_text
    assert '<ins>&lt;b&gt;<span class="eol">\n</span>S</ins>' in html_text


def test_empty_text_and_default_title() -> None:
    page = parse_page(render_html("", []))
    assert page.title == page.heading == DEFAULT_TITLE
    assert page.original == page.repaired == "" and page.edits == []
    assert page.totals.startswith("0 edits; 0 characters in, 0 out")


def test_a_large_document_renders_in_linear_time() -> None:
    line = "Socialndmnden har 6verens om\r\nen plan & <mål>. "
    count = 1_000_000 // len(line)
    text = line * count
    edits = []
    for number in range(count):
        base = number * len(line)
        edits.append(Edit(base, base + 13, "Socialndmnden", "Socialnämnden", "fix_words",
                          "fix_words.ocr-confusion:d>ä", 0.8191))
        edits.append(Edit(base + 18, base + 25, "6verens", "överens", "fix_words",
                          "fix_words.ocr-confusion:6>ö", 1.0))
    started = time.perf_counter()
    html_text = render_html(text, edits)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0, f"{len(edits)} edits in a 1 MB text took {elapsed:.1f} s"
    assert html_text.count('<span class="edit ') == len(edits)
    started = time.perf_counter()
    render_diff(text, edits)
    assert time.perf_counter() - started < 5.0


def test_html_report_shows_what_explain_did() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = ocrfix.explain(text)
    assert len(result.edits) >= 5
    page = parse_page(ocrfix.html_report(text, title="rapport.txt"))
    check_page_shows(page, text, list(result.edits))
    assert page.repaired == result.text
    assert page.title == "rapport.txt"


def test_html_report_takes_a_config() -> None:
    text = "Fo\u0308rvaltningen"
    off = ocrfix.Config(normalize_unicode=False, fix_words=False, fix_encoding=False)
    assert parse_page(ocrfix.html_report(text, off)).edits == []
    with pytest.raises(TypeError):
        ocrfix.html_report(b"bytes")  # type: ignore[arg-type]


# -- the terminal diff ----------------------------------------------------------------------


def strip_plain(shown: str, keep: str) -> str:
    """The text a plain diff shows, keeping the ``before`` or the ``after`` side."""
    if keep == "before":
        return re.sub(r"\{\+.*?\+\}", "", shown, flags=re.S).replace("[-", "").replace("-]", "")
    return re.sub(r"\[-.*?-\]", "", shown, flags=re.S).replace("{+", "").replace("+}", "")


def test_plain_diff_marks_edits_like_git_word_diff() -> None:
    text = "ett tu tre fyra"
    edits = [
        Edit(4, 6, "tu", "två", "fix_words", "r", 0.9),
        Edit(7, 7, "", "och ", "fix_words", "r", 0.9),  # an insertion
        Edit(10, 15, " fyra", "", "fix_words", "r", 0.9),  # a deletion
    ]
    shown = render_diff(text, edits)
    assert shown == "ett [-tu-]{+två+} {+och +}tre[- fyra-]"
    assert strip_plain(shown, "before") == text
    assert strip_plain(shown, "after") == apply_edits(text, edits)


def test_plain_diff_gives_both_texts_back() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = ocrfix.explain(text)
    shown = render_diff(text, result.edits)
    assert strip_plain(shown, "before") == text
    assert strip_plain(shown, "after") == result.text
    assert "\x1b" not in shown


def test_colour_diff_colours_each_line_by_itself() -> None:
    text = "Stockholms-\nregionen och 6verens\n"
    edits = [
        edit_at(text, "-\nregionen ", "regionen\n", "fix_layout", "fix_layout.dehyphenate", 0.95),
        edit_at(text, "6verens", "överens", "fix_words", "fix_words.ocr-confusion:6>ö", 1.0),
    ]
    shown = render_diff(text, edits, color=True)
    assert shown == (
        f"Stockholms{ANSI_BEFORE}-\u23ceregionen {ANSI_RESET}{ANSI_AFTER}regionen{ANSI_RESET}\n"
        f"och {ANSI_BEFORE}6verens{ANSI_RESET}{ANSI_AFTER}överens{ANSI_RESET}\n"
    )
    for line in shown.splitlines():  # every line resets what it sets
        assert line.count("\x1b[3") == line.count(ANSI_RESET)


# -- the command line -----------------------------------------------------------------------

NFD_TEXT = "Fo\u0308rvaltningen\r\nsa\u030a 1990-talet\n"
NFC_TEXT = "Förvaltningen\r\nså 1990-talet\n"


def run(*args: str, cwd: Path, stdin: bytes = b"",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ocrfix.cli", *args],
        input=stdin, capture_output=True, cwd=cwd, timeout=120, env=env,
    )


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_repair_html_writes_a_report_and_the_text_as_usual(tmp_path: Path) -> None:
    write(tmp_path / "in.txt", NFD_TEXT)
    result = run("repair", "in.txt", "--html", "report.html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == NFC_TEXT.encode()
    assert result.stderr == b""
    page = parse_page((tmp_path / "report.html").read_text(encoding="utf-8"))
    check_page_shows(page, NFD_TEXT, list(ocrfix.explain(NFD_TEXT).edits))
    assert page.title == "in.txt"


def test_repair_html_with_output_file_explain_and_stdin(tmp_path: Path) -> None:
    result = run("repair", "--explain", "-o", "out.txt", "--html", "r.html",
                 cwd=tmp_path, stdin=NFD_TEXT.encode())
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.txt").read_bytes() == NFC_TEXT.encode()
    assert len(result.stderr.decode().splitlines()) == 2  # the two edits, as JSON lines
    page = parse_page((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert page.title == "<stdin>" and len(page.edits) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (("a.txt", "b.txt", "--html", "r.html"),
         "--html reports on one input file only: ocrfix repair FILE --html REPORT"),
        (("mapp", "-o", "ut", "--html", "r.html"),
         "--html reports on one input file only: ocrfix repair FILE --html REPORT"),
        (("a.txt", "--html", "-"),
         "--html needs a file name (standard output has the repaired text)"),
        (("a.txt", "--html", "a.txt"),
         "a.txt: the output file is also an input file; write to another file"),
        (("a.txt", "-o", "r.html", "--html", "r.html"),
         "r.html: --html and -o name the same file; write the report to another file"),
    ],
)
def test_repair_html_refuses_what_it_cannot_do(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    write(tmp_path / "a.txt", NFD_TEXT)
    write(tmp_path / "b.txt", NFD_TEXT)
    (tmp_path / "mapp").mkdir()
    result = run("repair", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == f"ocrfix: {message}\n"
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "ut").exists()
    assert (tmp_path / "a.txt").read_bytes() == NFD_TEXT.encode()


def test_repair_html_of_an_unreadable_input_writes_no_report(tmp_path: Path) -> None:
    result = run("repair", "saknas.txt", "--html", "r.html", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "ocrfix: saknas.txt: No such file or directory\n"
    assert not (tmp_path / "r.html").exists()


def test_repair_html_that_cannot_be_written(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", NFD_TEXT)
    result = run("repair", "a.txt", "--html", "ingen/r.html", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == NFC_TEXT.encode()  # the text is not held back
    assert result.stderr.decode() == "ocrfix: ingen/r.html: No such file or directory\n"


def test_diff_marks_changes_plainly_in_a_pipe(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", NFD_TEXT)
    result = run("diff", "a.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == b""
    assert result.stdout.decode() == (
        "F[-o\u0308-]{+ö+}rvaltningen\r\ns[-a\u030a-]{+å+} 1990-talet\n"
    )


def test_diff_reads_stdin_and_exits_0_when_nothing_changes(tmp_path: Path) -> None:
    result = run("diff", cwd=tmp_path, stdin="Förvaltningen\n".encode())
    assert result.returncode == 0
    assert (result.stdout, result.stderr) == ("Förvaltningen\n".encode(), b"")


def test_diff_colour_choices(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "o\u0308\n")
    colour = f"{ANSI_BEFORE}o\u0308{ANSI_RESET}{ANSI_AFTER}ö{ANSI_RESET}\n".encode()
    plain = "[-o\u0308-]{+ö+}\n".encode()
    env = {**os.environ, "NO_COLOR": "1"}
    assert run("diff", "--color=always", "a.txt", cwd=tmp_path).stdout == colour
    assert run("diff", "--colour", "always", "a.txt", cwd=tmp_path, env=env).stdout == colour
    assert run("diff", "--color=never", "a.txt", cwd=tmp_path).stdout == plain
    assert run("diff", "--color=auto", "a.txt", cwd=tmp_path).stdout == plain
    wrong = run("diff", "--color=sometimes", "a.txt", cwd=tmp_path)
    assert wrong.returncode == 2 and b"invalid choice: 'sometimes'" in wrong.stderr


def run_on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """Run ocrfix with its standard output on a pseudo-terminal; what it wrote there."""
    pty = pytest.importorskip("pty")
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "ocrfix.cli", *args], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=120) == 0
    return b"".join(chunks).replace(b"\r\n", b"\n")  # the terminal's own line endings


def test_diff_colours_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "o\u0308\n")
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    shown = run_on_a_terminal(["diff", "a.txt"], tmp_path, env)
    assert shown == f"{ANSI_BEFORE}o\u0308{ANSI_RESET}{ANSI_AFTER}ö{ANSI_RESET}\n".encode()
    shown = run_on_a_terminal(["diff", "a.txt"], tmp_path, {**env, "NO_COLOR": "1"})
    assert shown == "[-o\u0308-]{+ö+}\n".encode()
    shown = run_on_a_terminal(["diff", "a.txt"], tmp_path, {**env, "NO_COLOR": ""})
    assert ANSI_BEFORE.encode() in shown  # an empty NO_COLOR does not count


def test_diff_files_like_detect_one_line_errors_and_the_others_go_on(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "o\u0308")  # no line break at the end
    (tmp_path / "bad.bin").write_bytes(b"\xff\x00\n")
    write(tmp_path / "c.txt", "a\u030a\n")
    result = run("diff", "a.txt", "saknas.txt", "bad.bin", "c.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.decode() == (
        "==> a.txt <==\n[-o\u0308-]{+ö+}\n==> c.txt <==\n[-a\u030a-]{+å+}\n"
    )
    assert result.stderr.decode().splitlines() == [
        "ocrfix: saknas.txt: No such file or directory",
        "ocrfix: bad.bin: the data looks binary, not text (it contains NUL bytes); "
        "ocrfix repairs text files only",
    ]
