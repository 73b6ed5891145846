"""
The documentation builds with ``mkdocs build --strict`` (a warning is a failure: a broken link
or anchor, a page missing from the navigation, a docstring mkdocstrings cannot render), has
its pages and API entries, and its examples run.

MkDocs and mkdocstrings are in the `test` extra (through `docs`); without them these tests
fail rather than skip, so CI always checks the documentation.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# Output page → something it must contain.
PAGES = {
    "index.html": "Building these pages",
    "getting-started/index.html": "A first repair",
    "how-it-works/index.html": "The noisy channel",
    "configuration/index.html": "min_confidence",
    "cli/index.html": "Directory mode",
    "bulk/index.html": "repair_many",
    "dask/index.html": "ocrfix on Dask",
    "spark/index.html": "ocrfix on Spark",
    "benchmarks/index.html": "img/benchmark-wer.png",
    "lexicon/index.html": "CC BY-SA 4.0",
    "api/index.html": "API reference",
}

# The API reference documents each of these (mkdocstrings gives each its id).
API_IDS = [
    "ocrfix.repair",
    "ocrfix.explain",
    "ocrfix.detect.detect",
    "ocrfix.repair_bytes",
    "ocrfix.decode_bytes",
    "ocrfix.apply_edits",
    "ocrfix.repair_many",
    "ocrfix.Config",
    "ocrfix.Edit",
    "ocrfix.Repair",
    "ocrfix.Finding",
    "ocrfix.integrations.dask",
    "ocrfix.integrations.dask.repair_bag",
    "ocrfix.integrations.dask.repair_column",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once for this module."""
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out),
         "--config-file", str(ROOT / "mkdocs.yml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def test_build_is_strict_and_clean(site: Path) -> None:
    for page, needle in PAGES.items():
        path = site / page
        assert path.is_file(), f"{page} was not built"
        assert needle in path.read_text(encoding="utf-8"), f"{page} lacks {needle!r}"
    assert (site / "img" / "benchmark-wer.png").is_file()
    # Build code is not published.
    assert not list(site.rglob("griffe_docstrings.py"))


def test_api_reference(site: Path) -> None:
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    for ident in API_IDS:
        assert f'id="{ident}"' in html, f"the API reference lacks {ident}"
    # Docstrings read as Markdown: doctests are code, not nested blockquotes, and no Sphinx
    # role shows (docs/griffe_docstrings.py rewrites both; a docstring it misses shows here).
    assert "<blockquote>" not in html, "a docstring rendered a blockquote (a doctest?)"
    role = re.search(r".{60}:(class|func|mod|meth|data|attr|exc):.{60}", html)
    assert role is None, f"a Sphinx role shows in the API reference: {role.group(0)}"
    assert "&gt;&gt;&gt; repair(" in html


@pytest.mark.parametrize(
    "page",
    sorted(p.name for p in DOCS.glob("*.md") if ">>> " in p.read_text(encoding="utf-8")),
)
def test_examples_run(page: str) -> None:
    """The ``>>>`` examples of each page give the output shown."""
    failed, attempted = doctest.testfile(
        str(DOCS / page), module_relative=False, encoding="utf-8", verbose=False, report=True
    )
    assert attempted > 0
    assert failed == 0, f"{failed} of {attempted} examples in docs/{page} failed (output above)"


def _load_figure_module():
    spec = importlib.util.spec_from_file_location("bench_figure", ROOT / "benchmarks" / "figure.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _quality_rows() -> dict[tuple[str, str], list[str]]:
    """The rows of the quality.py results table of benchmarks/README.md, by (corpus, system)."""
    text = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    section = text.split("## quality.py", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 11 and cells[0] in ("ocr-eng", "ocr-swe"):
            rows[(cells[0], cells[1])] = cells
    return rows


def test_figure_numbers_match_benchmarks_readme() -> None:
    """benchmarks/figure.py draws the figures of benchmarks/README.md, not others."""
    figure = _load_figure_module()
    rows = _quality_rows()
    for corpus, before in figure.WER_BEFORE.items():
        for system, after in figure.WER_AFTER[corpus].items():
            row = rows[(corpus, system)]
            assert (float(row[5]), float(row[6])) == (before, after), (corpus, system)


def test_readme_benchmark_table_matches_benchmarks_readme() -> None:
    """The short table in README.md quotes benchmarks/README.md."""
    rows = _quality_rows()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = 0
    for line in readme.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and (cells[0], cells[1]) in rows:
            row = rows[(cells[0], cells[1])]
            # corpus | system | WER before → after | WER reduction | clean damage WER %
            assert cells[2] == f"{row[5]} → {row[6]}", line
            assert cells[3] == row[7], line
            assert cells[4] == row[8], line
            quoted += 1
    assert quoted == 6
