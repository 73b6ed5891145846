"""The HTML report in a real browser: headless Chromium loads it, and we check what it made.

``chromium --headless --dump-dom`` prints the DOM the browser built from the page, which we
read back with tests/test_report.py's ``parse_page``: a browser's HTML parser differs from
Python's in the ways that matter here (line endings, what a stray ``<`` does). Chromium's
console log (``--enable-logging=stderr``) shows anything the page's Content-Security-Policy
blocked, which would mean the page tried to load or run something, or that its own style
sheet was refused. A screenshot shows the stage colours are really drawn; it is kept in
``$OCRFIX_ARTIFACTS`` when that is set (for CI to upload), else in pytest's tmp_path.

Without Chromium these tests are skipped (``apt-get install chromium``); set
``OCRFIX_REQUIRE_BROWSER=1`` to make that a failure instead, as CI should, and
``OCRFIX_CHROMIUM`` to use a particular Chrome or Chromium binary.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from test_report import EDITS, HOSTILE, REPORT_TAGS, TEXT, Page, check_page_shows, parse_page

import ocrfix
from ocrfix.edits import Edit
from ocrfix.report import STAGE_COLOURS, render_html

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "rapport.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
NO_BROWSER = (
    "needs a headless Chromium to load the HTML report: apt-get install chromium "
    "(or set OCRFIX_CHROMIUM to a Chrome/Chromium binary)"
)
WINDOW = (1000, 1200)


@pytest.fixture(scope="module")
def chromium() -> str:
    """The browser to run, or a skip (a failure when OCRFIX_REQUIRE_BROWSER is set)."""
    found = os.environ.get("OCRFIX_CHROMIUM") or next(
        (path for path in map(shutil.which, BROWSERS) if path), None
    )
    if not found:
        if os.environ.get("OCRFIX_REQUIRE_BROWSER"):
            pytest.fail(NO_BROWSER + "; OCRFIX_REQUIRE_BROWSER is set")
        pytest.skip(NO_BROWSER)
    return found


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: $OCRFIX_ARTIFACTS if set (CI keeps it), else tmp_path."""
    configured = os.environ.get("OCRFIX_ARTIFACTS")
    if not configured:
        return tmp_path
    path = Path(configured)
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_chromium(chromium: str, page: Path, profile: Path, *args: str) -> tuple[bytes, list[str]]:
    """Load ``page`` in headless Chromium; its stdout and its console messages."""
    result = subprocess.run(
        [
            chromium, "--headless", "--disable-gpu", "--disable-dev-shm-usage",
            # The browser runs as root in containers, where its sandbox cannot start;
            # the page is our own file, with every resource forbidden.
            "--no-sandbox", "--no-first-run", "--no-default-browser-check",
            f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            *args, page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    log = result.stderr.decode(errors="replace").splitlines()
    return result.stdout, [line for line in log if ":CONSOLE" in line]


def load(chromium: str, html_text: str, tmp_path: Path) -> Page:
    """The page as Chromium built it, read back; no console message allowed."""
    page = tmp_path / "report.html"
    page.write_text(html_text, encoding="utf-8")
    dom, console = run_chromium(chromium, page, tmp_path / "profile", "--dump-dom")
    assert console == []
    return parse_page(dom.decode("utf-8"))


def test_the_browser_shows_every_edit_with_its_rule_and_confidence(
    chromium: str, tmp_path: Path
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    edits = list(ocrfix.explain(text).edits)
    page = load(chromium, ocrfix.html_report(text, title="rapport.txt"), tmp_path)
    check_page_shows(page, text, edits)
    assert page.title == "rapport.txt"
    assert {row[0] for row in page.rows["stages"]} >= set(STAGE_COLOURS)


def test_the_browser_keeps_line_breaks_and_carriage_returns(chromium: str, tmp_path: Path) -> None:
    # A leading line break (which a <pre> would drop), CRLF, a blank line, and TEXT,
    # whose edits remove and insert line breaks.
    prefix = "\nförsta\r\nandra\r\n\r\n"
    text = prefix + TEXT
    edits = [replace(edit, start=edit.start + len(prefix), end=edit.end + len(prefix))
             for edit in EDITS]
    page = load(chromium, render_html(text, edits), tmp_path)
    check_page_shows(page, text, edits)


def test_hostile_text_stays_text_in_the_browser(chromium: str, tmp_path: Path) -> None:
    target = HOSTILE.index("<img")
    edits = [
        Edit(0, 8, "<script>", "<svg onload=alert(3)>", "fix_words", "<script>x</script>", 0.5),
        Edit(target, target + 4, "<img", "<iframe>", "x\" onclick=\"y", "r\"><b>", 0.5),
    ]
    page = load(chromium, render_html(HOSTILE, edits, title="</title><script>1</script>"),
                tmp_path)
    assert {tag for tag, _ in page.tags} <= REPORT_TAGS
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    check_page_shows(page, HOSTILE, edits)
    assert page.title == "</title><script>1</script>"


def test_a_1_mb_report_loads(chromium: str, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    pages = 1_000_000 // len(text) + 1
    edits_per_page = len(ocrfix.explain(text).edits)
    big = text * pages
    started = time.perf_counter()
    html_text = ocrfix.html_report(big)
    page = load(chromium, html_text, tmp_path)
    assert len(page.edits) == edits_per_page * pages
    assert page.original == big
    print(f"1 MB: repaired, rendered and loaded in {time.perf_counter() - started:.1f} s")


def png_colours(data: bytes) -> set[tuple[int, int, int]]:
    """The colours of an 8-bit RGB or RGBA PNG (such as Chromium's screenshots)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    size = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    previous = bytearray(stride)
    colours: set[tuple[int, int, int]] = set()
    for row in range(height):
        kind = raw[row * (stride + 1)]
        line = bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        _unfilter(kind, line, previous, size)
        colours.update(zip(line[0::size], line[1::size], line[2::size]))
        previous = line
    return colours


def _unfilter(kind: int, line: bytearray, previous: bytearray, size: int) -> None:
    """Undo a PNG row filter in place (PNG specification, section 9)."""
    if kind == 2:
        line[:] = bytes((a + b) & 255 for a, b in zip(line, previous))
        return
    for i in range(len(line)):
        left = line[i - size] if i >= size else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 255
        elif kind == 4:
            corner = previous[i - size] if i >= size else 0
            estimate = left + up - corner
            pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
            predicted = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + predicted) & 255


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_a_screenshot_shows_the_stage_colours(
    chromium: str, tmp_path: Path, artifacts: Path
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    page = artifacts / "ocrfix-report.html"
    page.write_text(ocrfix.html_report(text, title="examples/rapport.txt"), encoding="utf-8")
    shot = artifacts / "ocrfix-report.png"
    shot.unlink(missing_ok=True)
    _, console = run_chromium(
        chromium, page, tmp_path / "profile", "--hide-scrollbars",
        f"--window-size={WINDOW[0]},{WINDOW[1]}", f"--screenshot={shot}",
    )
    assert console == []
    colours = png_colours(shot.read_bytes())
    for stage in ("normalize_unicode", "fix_layout", "fix_words"):  # the example's stages
        assert _rgb(STAGE_COLOURS[stage]) in colours, stage
    print(f"screenshot: {shot}")
