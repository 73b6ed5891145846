"""ocrfix repair DIR -o OUTDIR: a tree of files repaired into another, on -j processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ocrfix
from ocrfix import cli_tree
from ocrfix.cli import main

OCR_TEXT = "Parterna var 6verens om att fullf6lja planen.\n"
NFD_TEXT = "Fo\u0308rvaltningen\r\nsa\u030a 1990-talet\n"
NFC_BYTES = "Förvaltningen\r\nså 1990-talet\n".encode()
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
BINARY_REASON = (
    "the data looks binary, not text (it contains NUL bytes); ocrfix repairs text files only"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ocrfix.cli", *args], capture_output=True, cwd=cwd, timeout=120
    )


def make_tree(root: Path) -> dict[str, bytes]:
    """A small tree of inputs; returns its files' bytes by relative path."""
    files = {
        "a.txt": OCR_TEXT.encode(),
        "sub/b.txt": NFD_TEXT.encode(),
        "sub/deep/c.txt": "Socialnämnden och Östersjön\n".encode("latin-1"),
        "sub/notes.md": NFD_TEXT.encode(),
        "empty.txt": b"",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_tree_is_mirrored_and_the_inputs_left_alone(tmp_path: Path, jobs: str) -> None:
    inputs = make_tree(tmp_path / "in")
    result = run("repair", "in", "-o", "out", "-j", jobs, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    # A legacy encoding is noted, as for a single file; no progress bar on a pipe.
    assert result.stderr.decode() == "ocrfix: in/sub/deep/c.txt: not UTF-8; read as cp1252\n"
    assert tree(tmp_path / "out") == {
        "a.txt": ocrfix.repair(OCR_TEXT).encode(),
        "empty.txt": b"",
        "sub/b.txt": NFC_BYTES,
        "sub/deep/c.txt": "Socialnämnden och Östersjön\n".encode(),
    }
    assert tree(tmp_path / "in") == inputs  # no temporary files either side


def test_glob_chooses_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(tmp_path / "in")
    status = main(["repair", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                   "--glob", "*.md", "--glob", "b.*"])
    assert status == 0
    assert sorted(tree(tmp_path / "out")) == ["sub/b.txt", "sub/notes.md"]
    assert capsys.readouterr().err == ""


def test_nothing_matches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_tree(tmp_path / "in")
    status = main(["repair", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                   "--glob", "*.pdf"])
    assert status == 0
    assert capsys.readouterr().err == (
        f"ocrfix: {tmp_path / 'in'}: no files match '*.pdf'; nothing to repair\n"
    )
    assert not (tmp_path / "out").exists()


def test_resume_skips_outputs_that_exist(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    first = run("repair", "in", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    kept = tmp_path / "out" / "sub" / "b.txt"
    kept.write_bytes(b"left as it was\n")
    os.utime(kept, (1_000_000_000, 1_000_000_000))
    (tmp_path / "out" / "a.txt").unlink()
    (tmp_path / "in" / "new.txt").write_bytes(NFD_TEXT.encode())

    second = run("repair", "in", "-o", "out", "--resume", "--report", "report.jsonl",
                 cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert kept.read_bytes() == b"left as it was\n"
    assert kept.stat().st_mtime == 1_000_000_000
    assert (tmp_path / "out" / "a.txt").read_bytes() == ocrfix.repair(OCR_TEXT).encode()
    assert (tmp_path / "out" / "new.txt").read_bytes() == NFC_BYTES
    records = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text().splitlines()]
    assert {r["input"]: r["status"] for r in records} == {
        "in/a.txt": "ok",
        "in/empty.txt": "skipped",
        "in/new.txt": "ok",
        "in/sub/b.txt": "skipped",
        "in/sub/deep/c.txt": "skipped",
    }
    # The legacy-encoding note comes only for files read: c.txt was skipped.
    assert second.stderr == b""

    again = run("repair", "in", "-o", "out", cwd=tmp_path)  # without --resume: overwritten
    assert again.returncode == 0
    assert kept.read_bytes() == NFC_BYTES


def test_a_bad_file_is_reported_and_the_others_are_done(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    (tmp_path / "in" / "sub" / "bild.txt").write_bytes(BINARY)
    (tmp_path / "in" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result = run("repair", "in", "-o", "out", "-j", "2", "--report", "report.jsonl",
                 cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "ocrfix: in/gone.txt: No such file or directory",
        f"ocrfix: in/sub/bild.txt: {BINARY_REASON}",
        "ocrfix: in/sub/deep/c.txt: not UTF-8; read as cp1252",
    ]
    assert sorted(tree(tmp_path / "out")) == ["a.txt", "empty.txt", "sub/b.txt", "sub/deep/c.txt"]
    records = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text().splitlines()]
    failed = {r["input"]: r["error"] for r in records if r["status"] == "failed"}
    assert failed == {"in/gone.txt": "No such file or directory", "in/sub/bild.txt": BINARY_REASON}


def test_report_lines(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    result = run("repair", "in", "-o", "out", "--report", "report.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text().splitlines()]
    assert [r["input"] for r in records] == [  # the tree's order: files, then subdirectories
        "in/a.txt", "in/empty.txt", "in/sub/b.txt", "in/sub/deep/c.txt"
    ]
    by_input = {r["input"]: r for r in records}
    nfd = by_input["in/sub/b.txt"]
    assert nfd == {
        "input": "in/sub/b.txt",
        "output": "out/sub/b.txt",
        "status": "ok",
        "error": None,
        "characters": len(NFD_TEXT),
        "encoding": "utf-8",
        "edits": dict.fromkeys(nfd["edits"], 0) | {"normalize_unicode": 2},
    }
    assert set(nfd["edits"]) >= {"fix_encoding", "normalize_unicode", "fix_words"}
    ocr = by_input["in/a.txt"]["edits"]
    assert ocr["fix_words"] == len(ocrfix.explain(OCR_TEXT).edits) == 2
    assert by_input["in/sub/deep/c.txt"]["encoding"] == "cp1252"


def test_explain_writes_the_edits_of_every_file(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    result = run("repair", "in", "-o", "out", "-j", "2", "--edits", "edits.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "edits.jsonl").read_text(encoding="utf-8").splitlines()
    files = [json.loads(line)["file"] for line in lines]
    assert files == ["in/a.txt"] * 2 + ["in/sub/b.txt"] * 2


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    make_tree(tmp_path / "in")
    quiet = run("repair", "in", "-o", "out1", "--glob", "*.md", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == b""

    import fcntl
    import struct
    import termios

    main_fd, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "ocrfix.cli", "repair", "in", "-o", "out2", "--glob", "*.md"],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            data = os.read(main_fd, 4096)
        except OSError:  # the terminal closes with the process
            break
        if not data:
            break
        shown += data
    os.close(main_fd)
    assert process.wait(timeout=60) == 0
    assert b"100%" in shown and b"ok=1" in shown


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["in"], "ocrfix: in: is a directory; write its repaired files to another directory "
                 "with -o OUTDIR"),
        (["in", "-o", "-"], "ocrfix: in: is a directory; write its repaired files to another "
                            "directory with -o OUTDIR"),
        (["in", "-o", "in"], "ocrfix: in: is in or inside it; the output directory must be "
                             "outside in"),
        (["in", "-o", "in/sub/out"], "ocrfix: in/sub/out: is in or inside it; the output "
                                     "directory must be outside in"),
        (["in", "-o", "file.txt"], "ocrfix: file.txt: exists and is not a directory; -o needs "
                                   "a directory for in"),
        (["in", "file.txt", "-o", "out"], "ocrfix: in: a directory must be the only input "
                                          "(ocrfix repair DIR -o OUTDIR)"),
        (["file.txt", "--resume"], "ocrfix: --resume works with a directory only: ocrfix repair "
                                   "DIR -o OUTDIR --resume"),
        (["file.txt", "--report", "r.jsonl"], "ocrfix: --report works with a directory only: "
                                              "ocrfix repair DIR -o OUTDIR --report"),
        (["in", "-o", "out", "--report", "in/a.txt"], "ocrfix: in/a.txt: is one of the files "
                                                      "to repair or their outputs; write it "
                                                      "somewhere else"),
        (["in", "-o", "out", "--edits", "out/sub/b.txt"], "ocrfix: out/sub/b.txt: is one of "
                                                          "the files to repair or their "
                                                          "outputs; write it somewhere else"),
    ],
)
def test_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str], arguments: list[str], message: str) -> None:
    inputs = make_tree(tmp_path / "in")
    (tmp_path / "file.txt").write_bytes(b"text\n")
    monkeypatch.chdir(tmp_path)
    assert main(["repair", *arguments]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message + "\n")
    assert tree(tmp_path / "in") == inputs
    assert not (tmp_path / "out").exists()
    assert (tmp_path / "file.txt").read_bytes() == b"text\n"


def test_outputs_never_land_in_the_input_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # DIR inside OUTDIR is allowed, but in/in/x.txt would be written to ./in/x.txt.
    (tmp_path / "in" / "in").mkdir(parents=True)
    (tmp_path / "in" / "in" / "x.txt").write_bytes(NFD_TEXT.encode())
    (tmp_path / "in" / "y.txt").write_bytes(NFD_TEXT.encode())
    monkeypatch.chdir(tmp_path)
    assert main(["repair", "in", "-o", "."]) == 2
    assert capsys.readouterr().err == (
        "ocrfix: in/in/x.txt: its output ./in/x.txt would be inside in; not written\n"
    )
    assert (tmp_path / "y.txt").read_bytes() == NFC_BYTES
    assert not (tmp_path / "in" / "x.txt").exists()


def test_writes_are_atomic(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    cli_tree._write_atomically(str(target), b"whole")
    assert target.read_bytes() == b"whole"
    assert os.listdir(target.parent) == ["out.txt"]
    # A failed rename (a directory in the way) leaves no temporary file behind.
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(OSError):
        cli_tree._write_atomically(str(tmp_path / "dir.txt"), b"data")
    assert sorted(os.listdir(tmp_path)) == ["dir.txt", "sub"]


def test_temporary_files_of_interrupted_workers_are_removed(tmp_path: Path) -> None:
    target = str(tmp_path / "a.txt")
    left = cli_tree._temp_name(target)
    Path(left).write_bytes(b"half")
    other = tmp_path / ".b.txt.0123abcd.ocrfix-tmp"
    other.write_bytes(b"someone else's")
    cli_tree._remove_temp_files([target])
    assert not Path(left).exists()
    assert other.exists()


def test_an_internal_error_on_one_file_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path / "in")
    real_repair = ocrfix.repair

    def repair(text: str, config: ocrfix.Config | None = None) -> str:
        if text == OCR_TEXT:
            raise RuntimeError("a bug")
        return real_repair(text, config)

    monkeypatch.setattr(ocrfix, "repair", repair)
    monkeypatch.chdir(tmp_path)
    assert main(["repair", "in", "-o", "out", "--glob", "a.txt", "--glob", "b.txt"]) == 2
    assert capsys.readouterr().err == (
        "ocrfix: in/a.txt: internal error, please report it: RuntimeError: a bug\n"
    )
    assert tree(tmp_path / "out") == {"sub/b.txt": NFC_BYTES}
