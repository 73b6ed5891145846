"""
What `ocrfix repair` promises about the files it touches (issue "Reliability", item 4).

- A run killed outright (SIGKILL, workers too) leaves no half-written output: every output
  is whole; only temporary files named ``.NAME.XXXXXXXX.ocrfix-tmp`` may be left, and the
  next run (``--resume`` or not) removes them.
- ``--resume`` redoes nothing that is complete: the outputs made before the kill keep their
  inode and time stamp.
- The input files are never modified, unless ``--in-place[=SUFFIX]``; that replaces each file
  atomically, after making its backup.
- Unreadable or binary files are reported and skipped, the exit status is then 2, and the
  outputs are always the inputs less the failures.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ocrfix
from ocrfix import cli_tree
from ocrfix.cli import main

OCR_TEXT = "Parterna var 6verens om att fullf6lja planen.\n"
CLEAN_TEXT = "Det här är redan rätt.\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
TEMP_NAME = re.compile(r"^\..+\.[0-9a-f]{8}\.ocrfix-tmp$")

# The tree for the kill tests: enough work (about 2-3 s of repairing on one CPU) that a run
# is still going when its first output appears.
BIG_FILES = 96
BODY = (
    "Socialnamnden beslutade att fullf6lja planen for barn och ungdomsvarden. "
    "Parterna var 6verens om att Ostersjon ar viktig for regionen.\n"
) * 40
BAD_FILES = {"sub0/bild.txt": BINARY, "sub1/tom-bild.txt": b"\x00" * 64}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ocrfix.cli", *args], capture_output=True, cwd=cwd, timeout=120
    )


def files_under(root: Path) -> dict[str, Path]:
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file() or path.is_symlink()
    }


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each file's bytes (a link's target), inode and modification time (ns), by relative path."""
    shot = {}
    for name, path in files_under(root).items():
        info = path.lstat()
        data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
        shot[name] = (data, info.st_ino, info.st_mtime_ns)
    return shot


def outputs(root: Path) -> dict[str, Path]:
    """The outputs under ``root``: every file but the temporary files of a write."""
    return {name: path for name, path in files_under(root).items()
            if not TEMP_NAME.match(path.name)}


def big_texts() -> dict[str, str]:
    return {f"sub{n % 4}/dok{n:03d}.txt": f"Dokument {n}.\n{BODY}" for n in range(BIG_FILES)}


@pytest.fixture(scope="module")
def expected() -> dict[str, bytes]:
    """What ``ocrfix repair`` gives for each good file of the big tree."""
    return {name: ocrfix.repair(text).encode() for name, text in big_texts().items()}


def make_big_tree(root: Path) -> None:
    for name, text in big_texts().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, data in BAD_FILES.items():
        (root / name).write_bytes(data)


def wait_for_first_output(process: subprocess.Popen[bytes], out: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if out.is_dir() and outputs(out):
            return
        assert process.poll() is None, "the run ended before any output appeared"
        time.sleep(0.005)
    pytest.fail("no output appeared within 90 s")


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and its workers (its process group), and wait until all are gone."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_run_leaves_whole_outputs_and_resume_finishes_it(
    tmp_path: Path, expected: dict[str, bytes], jobs: str
) -> None:
    make_big_tree(tmp_path / "in")
    inputs_before = snapshot(tmp_path / "in")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "ocrfix.cli", "repair", "in", "-o", "out", "-j", jobs],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_for_first_output(process, out)
    finally:
        kill_group(process)

    # Every output there is whole; anything else is a temporary file of ours.
    done = outputs(out)
    assert 0 < len(done) < BIG_FILES, "the run was not caught in the middle"
    for name, path in done.items():
        assert path.read_bytes() == expected[name], name
    leftovers = [path for name, path in files_under(out).items() if name not in done]
    assert all(TEMP_NAME.match(path.name) for path in leftovers)
    done_before = {name: (path.stat().st_ino, path.stat().st_mtime_ns)
                   for name, path in done.items()}

    # A stale temporary file for a file not yet done, as a kill mid-write leaves, and a file
    # of someone else's that only looks like one.
    missing = sorted(set(expected) - set(done))[0]
    stale = (out / missing).parent / f".{Path(missing).name}.0123abcd.ocrfix-tmp"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half a fi")
    foreign = out / ".anteckningar.ocrfix-tmp"
    foreign.write_bytes(b"not ours")
    stale_count = 1 + len(leftovers)

    second = run("repair", "in", "-o", "out", "-j", jobs, "--resume", "--report", "r.jsonl",
                 cwd=tmp_path)
    assert second.returncode == 2, second.stderr  # the binary files
    s = "" if stale_count == 1 else "s"
    assert second.stderr.decode().splitlines()[0] == (
        f"ocrfix: removed {stale_count} temporary file{s} left by an interrupted run"
    )
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    status = {r["output"].removeprefix("out/"): r["status"] for r in records}
    assert {name for name, said in status.items() if said == "skipped"} == set(done)
    assert {name for name, said in status.items() if said == "failed"} == set(BAD_FILES)

    final = outputs(out)
    assert not stale.exists() and foreign.read_bytes() == b"not ours"
    del final[foreign.relative_to(out).as_posix()]
    assert {name: path.read_bytes() for name, path in final.items()} == expected
    # The outputs made before the kill were not written again.
    assert {name: (final[name].stat().st_ino, final[name].stat().st_mtime_ns)
            for name in done} == done_before
    # The count: every input has its output, less the failures reported.
    assert len(final) == len(files_under(tmp_path / "in")) - len(BAD_FILES)
    assert snapshot(tmp_path / "in") == inputs_before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_files_are_reported_skipped_and_counted(tmp_path: Path, jobs: str) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for n in range(6):
        (root / f"ok{n}.txt").write_text(OCR_TEXT, encoding="utf-8")
    (root / "sub" / "bild.txt").write_bytes(BINARY)
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(root / "sub" / "fifo.txt")  # reading it would wait for a writer for ever
    (root / "sub" / "latin.txt").write_bytes("Östersjön\n".encode("latin-1"))
    before = snapshot(root)

    result = run("repair", "in", "-o", "out", "-j", jobs, "--report", "r.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.decode().splitlines()
              if "read as" not in line]
    assert errors == [
        "ocrfix: in/gone.txt: No such file or directory",
        "ocrfix: in/sub/bild.txt: the data looks binary, not text (it contains NUL bytes); "
        "ocrfix repairs text files only",
        "ocrfix: in/sub/fifo.txt: not a regular file; not read",
    ]
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    failed = [r for r in records if r["status"] == "failed"]
    assert len(failed) == len(errors)
    made = outputs(tmp_path / "out")
    assert len(made) == len(records) - len(failed) == 7
    assert all(not TEMP_NAME.match(name) for name in files_under(tmp_path / "out"))
    assert snapshot(root) == before


# -- --in-place ---------------------------------------------------------------------------------


def test_in_place_with_a_backup(tmp_path: Path) -> None:
    page = tmp_path / "sida.txt"
    page.write_text(OCR_TEXT, encoding="utf-8")
    page.chmod(0o640)
    old = page.stat()
    result = run("repair", "--in-place=.orig", "sida.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert page.read_text(encoding="utf-8") == ocrfix.repair(OCR_TEXT)
    assert stat.S_IMODE(page.stat().st_mode) == 0o640  # the permissions are kept
    backup = tmp_path / "sida.txt.orig"
    assert backup.read_text(encoding="utf-8") == OCR_TEXT
    assert (backup.stat().st_ino, backup.stat().st_mtime_ns) == (old.st_ino, old.st_mtime_ns)
    assert sorted(os.listdir(tmp_path)) == ["sida.txt", "sida.txt.orig"]


def test_in_place_without_a_suffix_takes_no_file_for_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(OCR_TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OCR_TEXT, encoding="utf-8")
    result = run("repair", "--in-place", "a.txt", "b.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    for name in ("a.txt", "b.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == ocrfix.repair(OCR_TEXT)
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]


def test_in_place_leaves_a_file_it_would_not_change_alone(tmp_path: Path) -> None:
    clean = tmp_path / "ren.txt"
    clean.write_text(CLEAN_TEXT, encoding="utf-8")
    before = snapshot(tmp_path)
    assert run("repair", "--in-place=.bak", "ren.txt", cwd=tmp_path).returncode == 0
    assert snapshot(tmp_path) == before  # no backup either


def test_in_place_follows_a_link_and_repairs_a_file_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(OCR_TEXT, encoding="utf-8")
    (tmp_path / "länk.txt").symlink_to("a.txt")
    result = run("repair", "--in-place=.bak", "länk.txt", "a.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert os.readlink(tmp_path / "länk.txt") == "a.txt"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ocrfix.repair(OCR_TEXT)
    assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == OCR_TEXT  # not repaired twice


def test_in_place_is_atomic_and_the_backup_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "a.txt"
    page.write_text(OCR_TEXT, encoding="utf-8")
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        if target == str(page):  # the last step: the repaired text over the file
            assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == OCR_TEXT
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(cli_tree.os, "replace", replace)
    assert main(["repair", "--in-place=.bak", str(page)]) == 2
    assert capsys.readouterr().err == f"ocrfix: {page}: cannot write: No space left on device\n"
    assert page.read_text(encoding="utf-8") == OCR_TEXT
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "a.txt.bak"]  # no temporary file


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_place_on_a_directory(tmp_path: Path, jobs: str) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for n in range(5):
        (root / "sub" / f"s{n}.txt").write_text(OCR_TEXT, encoding="utf-8")
    (root / "ren.txt").write_text(CLEAN_TEXT, encoding="utf-8")
    (root / "bild.txt").write_bytes(BINARY)
    (root / "notes.md").write_text(OCR_TEXT, encoding="utf-8")
    before = snapshot(root)

    result = run("repair", "in", "--in-place=.orig", "-j", jobs, "--report", "r.jsonl",
                 cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "ocrfix: in/bild.txt: the data looks binary, not text (it contains NUL bytes); "
        "ocrfix repairs text files only",
    ]
    after = snapshot(root)
    for name in ("bild.txt", "ren.txt", "notes.md"):  # failed, unchanged, not matched
        assert after[name] == before[name]
    for n in range(5):
        assert after[f"sub/s{n}.txt"][0] == ocrfix.repair(OCR_TEXT).encode()
        assert after[f"sub/s{n}.txt.orig"] == before[f"sub/s{n}.txt"]
    assert len(after) == len(before) + 5  # the backups, no temporary files
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [r["status"] for r in records].count("failed") == 1
    assert len(records) == 7

    # Again, every file: the backups (named *.orig) are left alone.
    again = run("repair", "in", "--in-place=.orig", "--glob", "*", cwd=tmp_path)
    assert again.returncode == 2
    assert snapshot(root)["sub/s0.txt.orig"] == before["sub/s0.txt"]
    assert "sub/s0.txt.orig.orig" not in snapshot(root)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--in-place", "a.txt", "-o", "b.txt"],
         "--in-place rewrites each input file; it cannot be used with -o"),
        (["--in-place=.bak", "in", "-o", "out"],
         "--in-place rewrites each input file; it cannot be used with -o"),
        (["--in-place"], "--in-place needs files to rewrite, not standard input"),
        (["--in-place", "a.txt", "-"], "--in-place needs files to rewrite, not standard input"),
        (["--in-place", "in", "--resume"],
         "--resume works with -o OUTDIR only, not with --in-place"),
        (["--in-place=old/", "a.txt"], "--in-place=old/: a backup suffix cannot contain '/'"),
        (["--in-place=.bak", "a.txt", "--edits", "a.txt.bak"],
         "a.txt.bak: the output file is also an input file; write to another file"),
        (["a.txt", "--edits", "a.txt"],
         "a.txt: the output file is also an input file; write to another file"),
        (["--in-place=.bak", "in", "--report", "in/x.txt.bak"],
         "in/x.txt.bak: is one of the files to repair or their outputs; write it somewhere else"),
    ],
)
def test_in_place_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str], arguments: list[str],
                           message: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text(OCR_TEXT, encoding="utf-8")
    (tmp_path / "a.txt").write_text(OCR_TEXT, encoding="utf-8")
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["repair", *arguments]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"ocrfix: {message}\n")
    assert snapshot(tmp_path) == before


def test_remove_temp_files_counts_only_its_own(tmp_path: Path) -> None:
    target = str(tmp_path / "a.txt")
    for _ in range(2):
        Path(cli_tree._temp_name(target)).write_bytes(b"half")
    (tmp_path / ".a.txt.tmp").write_bytes(b"someone else's")
    assert cli_tree._remove_temp_files([target]) == 2
    assert os.listdir(tmp_path) == [".a.txt.tmp"]


def test_the_suffix_must_be_joined_with_an_equals_sign() -> None:
    from ocrfix.cli import _in_place_arguments

    assert _in_place_arguments(["repair", "--in-place", "a.txt"]) == [
        "repair", "--in-place=", "a.txt"
    ]
    assert _in_place_arguments(["repair", "--in", "a.txt"]) == ["repair", "--in=", "a.txt"]
    assert _in_place_arguments(["repair", "--in-place=.bak", "a.txt"]) == [
        "repair", "--in-place=.bak", "a.txt"
    ]
    # After --, and for other commands, it is left as it is.
    assert _in_place_arguments(["repair", "--", "--in-place"]) == ["repair", "--", "--in-place"]
    assert _in_place_arguments(["detect", "--in-place"]) == ["detect", "--in-place"]
