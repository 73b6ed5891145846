"""`ocrfix profile learn`, `ocrfix profile show` and `--profile`, run as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_profile import DANISH_PAGES, SHORT_ALONE, SHORT_PAGE, SHORT_WITH_PROFILE
from test_report import parse_page

from ocrfix.profile import Profile


def run(
    *args: str, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ocrfix.cli", *args],
        input=stdin, capture_output=True, cwd=cwd, timeout=120,
    )


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A corpus directory: two pages at the top, two in a subdirectory, and a file of
    another name that is not read unless --glob says so."""
    root = tmp_path / "korpus"
    (root / "del2").mkdir(parents=True)
    for number, page in enumerate(DANISH_PAGES):
        where = root / "del2" if number % 2 else root
        (where / f"sida{number}.txt").write_text(page + "\n", encoding="utf-8")
    (root / "anteckningar.md").write_text("Ingenting hår.\n", encoding="utf-8")
    return root


def test_learn_writes_a_profile_and_describes_it_on_stderr(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    result = run("profile", "learn", str(corpus), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    profile = Profile.load(out)
    assert profile.documents == len(DANISH_PAGES)
    assert profile.source == str(corpus)
    assert profile.top(1)[0][:2] == ("å", "ä")
    stderr = result.stderr.decode("utf-8")
    assert stderr == profile.describe() + f"\nuse it with: ocrfix repair --profile {out} FILE\n"


def test_learn_to_stdout_for_a_pipe(corpus: Path) -> None:
    result = run("profile", "learn", str(corpus), "-o", "-")
    assert result.returncode == 0, result.stderr
    profile = Profile.from_json(json.loads(result.stdout.decode("utf-8")))
    assert result.stderr.decode("utf-8") == profile.describe() + "\n"
    shown = run("profile", "show", "-", stdin=result.stdout)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.decode("utf-8") == profile.describe() + "\n"


def test_learn_reads_files_by_glob_and_files_named(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    result = run("profile", "learn", str(corpus), "--glob", "*.md", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert Profile.load(out).documents == 1
    named = [str(corpus / "sida0.txt"), str(corpus / "anteckningar.md"), str(corpus)]
    result = run("profile", "learn", *named, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert Profile.load(out).documents == len(DANISH_PAGES) + 1  # sida0.txt read once


def test_learn_a_sample_of_the_files(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        result = run("profile", "learn", str(corpus), "--sample", "2", "--seed", "7",
                     "-o", str(out))
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()  # the same seed, the same files
    profile = Profile.load(first)
    assert profile.documents == 2
    assert profile.source == f"{corpus}, 2 of its 4 files chosen with seed 7"
    result = run("profile", "learn", str(corpus), "--sample", "10", "-o", str(first))
    assert Profile.load(first).documents == 4 and Profile.load(first).source == str(corpus)
    bad = run("profile", "learn", str(corpus), "--sample", "0", "-o", str(first))
    assert bad.returncode == 2
    assert b"--sample: not a number above 0: '0'" in bad.stderr


def test_learn_refuses_a_missing_or_empty_corpus(tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    missing = run("profile", "learn", "saknas", "-o", "p.json", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.decode() == "ocrfix: saknas: no such file or directory\n"
    (tmp_path / "tom").mkdir()
    empty = run("profile", "learn", "tom", "-o", "p.json", cwd=tmp_path)
    assert empty.returncode == 2
    assert empty.stderr.decode() == (
        "ocrfix: no files to learn from in tom (files named '*.txt')\n"
    )
    assert not out.exists()


def test_learn_goes_on_past_a_file_it_cannot_read(corpus: Path, tmp_path: Path) -> None:
    (corpus / "trasig.txt").write_bytes(b"\x00\x01binary\x00")
    out = tmp_path / "p.json"
    result = run("profile", "learn", str(corpus), "-o", str(out))
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").splitlines()
    assert lines[0].startswith(f"ocrfix: {corpus / 'trasig.txt'}: ")
    assert lines[1].startswith("profile: ")
    assert Profile.load(out).documents == len(DANISH_PAGES)


def test_learn_writes_over_no_input(corpus: Path) -> None:
    page = corpus / "sida0.txt"
    before = page.read_bytes()
    result = run("profile", "learn", str(corpus), "-o", str(page))
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"ocrfix: {page}: the output file is also an input file; write to another file\n"
    )
    assert page.read_bytes() == before


def test_show_prints_a_profile_and_refuses_what_is_not_one(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.json"
    assert run("profile", "learn", str(corpus), "-o", str(out)).returncode == 0
    shown = run("profile", "show", str(out), "-n", "1")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.decode("utf-8") == Profile.load(out).describe(1) + "\n"
    (tmp_path / "bad.json").write_text("nope", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"format": "x"}', encoding="utf-8")
    bad = run("profile", "show", "bad.json", "other.json", "saknas.json", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stdout == b""
    assert bad.stderr.decode().splitlines() == [
        "ocrfix: bad.json: not an ocrfix profile (bad JSON: Expecting value)",
        "ocrfix: other.json: not an ocrfix profile (expected format 'ocrfix-profile/1')",
        "ocrfix: saknas.json: cannot read the profile (No such file or directory)",
    ]


def test_repair_with_a_profile(corpus: Path, tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    assert run("profile", "learn", str(corpus), "-o", str(profile)).returncode == 0
    page = tmp_path / "sida.txt"
    page.write_text(SHORT_PAGE + "\n", encoding="utf-8")
    alone = run("repair", str(page))
    assert alone.stdout.decode("utf-8") == SHORT_ALONE + "\n"
    repaired = run("repair", "--profile", str(profile), str(page))
    assert repaired.returncode == 0, repaired.stderr
    assert repaired.stdout.decode("utf-8") == SHORT_WITH_PROFILE + "\n"
    assert repaired.stderr == b""
    # A directory, on worker processes.
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "a.txt").write_text(SHORT_PAGE, encoding="utf-8")
    tree = run("repair", str(scans), "-o", str(tmp_path / "lagade"), "-j", "2",
               "--profile", str(profile))
    assert tree.returncode == 0, tree.stderr
    assert (tmp_path / "lagade" / "a.txt").read_text(encoding="utf-8") == SHORT_WITH_PROFILE
    # The diff and the report show the same repair; the report shows both profiles.
    diff = run("diff", "--profile", str(profile), str(page))
    assert "[-år-]{+är+}" in diff.stdout.decode("utf-8")
    report = tmp_path / "r.html"
    run("repair", "--profile", str(profile), str(page), "--html", str(report))
    rows = parse_page(report.read_text(encoding="utf-8")).rows
    assert rows["profile-1"][0][:2] == rows["profile-2"][0][:2] == ["å", "ä"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "profile must be a profile file, got 'p.json'"),
        ("nope", "profile must be a profile made by 'ocrfix profile learn': p.json: not an "
                 "ocrfix profile (bad JSON: Expecting value)"),
        ('{"format": "ocrfix-profile/0"}',
         "profile must be a profile made by 'ocrfix profile learn': p.json: not an ocrfix "
         "profile (expected format 'ocrfix-profile/1')"),
    ],
)
def test_repair_refuses_a_profile_that_is_not_one(
    tmp_path: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "p.json").write_text(content, encoding="utf-8")
    (tmp_path / "sida.txt").write_text(SHORT_PAGE, encoding="utf-8")
    (tmp_path / "scans").mkdir()
    for args in (("sida.txt",), ("scans", "-o", "ut"), ("--in-place", "sida.txt")):
        result = run("repair", "--profile", "p.json", *args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stdout == b""
        assert result.stderr.decode("utf-8") == f"ocrfix: {message}\n"
    assert not (tmp_path / "ut").exists()
    assert (tmp_path / "sida.txt").read_text(encoding="utf-8") == SHORT_PAGE


def test_show_prints_the_packaged_prior_profile(tmp_path: Path) -> None:
    shown = run("profile", "show", "packaged", "-n", "3", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.decode("utf-8")
    assert text.startswith("profile: packaged: Tesseract 5")
    assert len(text.splitlines()) == 2 + 3  # the source, the heading, three misreadings
