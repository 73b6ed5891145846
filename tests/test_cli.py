"""The ocrfix command, run as a real process (and in-process where a fake lexicon is needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import ocrfix
from ocrfix.cli import main

NFD_TEXT = "Fo\u0308rvaltningen\r\nsa\u030a 1990-talet\n"
NFC_TEXT = "Förvaltningen\r\nså 1990-talet\n"


def run(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ocrfix.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"ocrfix {ocrfix.__version__}"


def test_a_command_is_required() -> None:
    result = run()
    assert result.returncode == 2
    assert b"usage: ocrfix" in result.stderr


def test_repair_stdin_to_stdout_keeps_line_endings() -> None:
    result = run("repair", stdin=NFD_TEXT.encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout == NFC_TEXT.encode()
    assert result.stderr == b""


def test_repair_dash_means_stdin() -> None:
    assert run("repair", "-", stdin=NFD_TEXT.encode()).stdout == NFC_TEXT.encode()


def test_repair_files_in_order_and_drops_a_bom(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", "\ufeffo\u0308\n")
    second = write(tmp_path / "b.txt", "ärenden\n")
    result = run("repair", str(first), str(second))
    assert result.returncode == 0
    assert result.stdout.decode() == "ö\närenden\n"


def test_repair_to_an_output_file(tmp_path: Path) -> None:
    source = write(tmp_path / "in.txt", NFD_TEXT)
    result = run("repair", "-o", "out.txt", "in.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == b""
    assert (tmp_path / "out.txt").read_bytes() == NFC_TEXT.encode()
    assert source.read_bytes() == NFD_TEXT.encode()


def test_output_may_not_overwrite_an_input(tmp_path: Path) -> None:
    write(tmp_path / "in.txt", NFD_TEXT)
    result = run("repair", "-o", "in.txt", "in.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "ocrfix: in.txt: the output file is also an input file; write to another file\n"
    )
    assert (tmp_path / "in.txt").read_bytes() == NFD_TEXT.encode()


def test_missing_file(tmp_path: Path) -> None:
    result = run("repair", "saknas.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == "ocrfix: saknas.txt: No such file or directory\n"


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "mapp").mkdir()
    result = run("detect", "mapp", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "ocrfix: mapp: Is a directory\n"


def test_legacy_encodings_are_decoded_and_reported(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Socialnämnden och Östersjön".encode("latin-1"))
    result = run("repair", "latin1.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode() == "Socialnämnden och Östersjön"
    assert result.stderr.decode() == "ocrfix: latin1.txt: not UTF-8; read as cp1252\n"


def test_dos_code_page_on_stdin() -> None:
    result = run("repair", stdin="Vi måste göra det här för Östersjön".encode("cp850"))
    assert result.returncode == 0
    assert result.stdout.decode() == "Vi måste göra det här för Östersjön"
    assert result.stderr.decode() == "ocrfix: <stdin>: not UTF-8; read as cp850\n"


def test_forced_encoding_reports_invalid_bytes(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Socialnämnden".encode("latin-1"))
    result = run("repair", "--encoding", "utf-8", "latin1.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "ocrfix: latin1.txt: not valid utf-8 (byte 0xe4 at offset 7)\n"
    )


def test_forced_encoding_offset_counts_the_bom(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfab\xe5")
    result = run("repair", "--encoding", "utf8", "bom.txt", cwd=tmp_path)
    assert result.stderr.decode() == "ocrfix: bom.txt: not valid utf-8 (byte 0xe5 at offset 5)\n"


def test_unknown_encoding_is_a_usage_error() -> None:
    result = run("repair", "--encoding", "klingon")
    assert result.returncode == 2
    assert "unknown encoding: klingon" in result.stderr.decode()


def test_binary_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("repair", "bild.png", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "ocrfix: bild.png: the data looks binary, not text (it contains NUL bytes); "
        "ocrfix repairs text files only\n"
    )


def test_several_files_one_bad(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "o\u0308 a\n")
    (tmp_path / "bad.bin").write_bytes(b"\xff\x00\n")
    write(tmp_path / "c.txt", "a\u030a c\n")
    result = run("repair", "a.txt", "saknas.txt", "bad.bin", "c.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.decode() == "ö a\nå c\n"
    assert result.stderr.decode().splitlines() == [
        "ocrfix: saknas.txt: No such file or directory",
        "ocrfix: bad.bin: the data looks binary, not text (it contains NUL bytes); "
        "ocrfix repairs text files only",
    ]


def test_explain_writes_json_lines_to_stderr() -> None:
    result = run("repair", "--explain", stdin=NFD_TEXT.encode())
    assert result.returncode == 0
    assert result.stdout == NFC_TEXT.encode()
    records = [json.loads(line) for line in result.stderr.decode().splitlines()]
    assert [(r["file"], r["line"], r["column"], r["start"], r["end"], r["before"], r["after"]) for r in records] == [
        ("<stdin>", 1, 2, 1, 3, "o\u0308", "ö"),
        ("<stdin>", 2, 2, 17, 19, "a\u030a", "å"),
    ]
    assert {(r["stage"], r["rule"], r["confidence"]) for r in records} == {
        ("normalize_unicode", "normalize_unicode.nfc", 1.0)
    }


def test_edits_to_a_file(tmp_path: Path) -> None:
    write(tmp_path / "in.txt", NFD_TEXT)
    result = run("repair", "--edits", "edits.jsonl", "-o", "out.txt", "in.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == b""
    lines = (tmp_path / "edits.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["file"] for line in lines] == ["in.txt", "in.txt"]


def test_detect_without_lexicon_words(tmp_path: Path) -> None:
    # Single letters are not looked up, so this runs without the lexicon.
    write(tmp_path / "r.txt", "1 2\n3 o\u0308 4\n")
    result = run("detect", "r.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode() == (
        "r.txt:2:3: unnormalized: o\u0308 (NFC changes U+006F U+0308 to U+00F6)\n"
    )


def test_detect_format_and_files(fake_lexicon: object, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    write(tmp_path / "rapport.txt", "Vi har\n412 drenden och 6verens\n")
    status = main(["detect", str(tmp_path / "rapport.txt"), str(tmp_path / "saknas.txt")])
    out, err = capsysbinary.readouterr()
    assert status == 2
    name = tmp_path / "rapport.txt"
    assert out.decode().splitlines() == [
        f"{name}:2:5: unknown-word: drenden (not in the lexicon)",
        f"{name}:2:17: mixed-token: 6verens (digits among letters, probably misread by OCR)",
    ]
    assert err.decode() == f"ocrfix: {tmp_path / 'saknas.txt'}: No such file or directory\n"


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    big = write(tmp_path / "big.txt", "Förvaltningen och Socialnämnden.\n" * 200_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "ocrfix.cli", "repair", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert stderr == b""
    assert process.returncode == 141


def test_installed_script_runs() -> None:
    script = Path(sys.executable).with_name("ocrfix")
    if not script.exists():
        pytest.skip("the ocrfix script is not installed next to this Python")
    result = subprocess.run([str(script), "repair"], input="o\u0308".encode(), capture_output=True)
    assert result.stdout == "ö".encode()


# A page that lost its marks, where `vara` is `våra` but the packaged model (help pages and
# manuals, which seldom say `våra`) keeps `vara`; the user's own text knows `bland våra`.
DOMAIN_TEXT = "Bland våra kunder finns kommuner. Bland våra kunder finns regioner.\n" * 40
STRIPPED_PAGE = (
    "Bland vara kunder finns kommuner och regioner. De flesta ar nojda med tjansten och "
    "vill fortsatta samarbetet med oss under nasta ar.\n"
)


def test_lexicon_train_writes_a_model_repair_can_use(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus / "a.txt", DOMAIN_TEXT)
    model = tmp_path / "model.tsv"
    trained = run("lexicon", "train", str(corpus), "-o", str(model))
    assert trained.returncode == 0, trained.stderr
    assert b"--context-model" in trained.stderr
    assert model.read_text(encoding="utf-8").startswith("#ocrfix-context v1")
    page = write(tmp_path / "page.txt", STRIPPED_PAGE)
    packaged = run("repair", str(page))
    assert "Bland vara kunder" in packaged.stdout.decode("utf-8")
    repaired = run("repair", "--context-model", str(model), str(page))
    assert repaired.returncode == 0, repaired.stderr
    assert "Bland våra kunder" in repaired.stdout.decode("utf-8")


def test_lexicon_train_reports_missing_and_empty_inputs(tmp_path: Path) -> None:
    missing = run("lexicon", "train", str(tmp_path / "nothing"), "-o", str(tmp_path / "m.tsv"))
    assert missing.returncode == 2
    assert b"no such file or directory" in missing.stderr
    empty = run("lexicon", "train", str(tmp_path), "-o", str(tmp_path / "m.tsv"))
    assert empty.returncode == 2
    assert b"no .txt files" in empty.stderr
    assert not (tmp_path / "m.tsv").exists()


def test_repair_refuses_a_context_model_that_is_not_one(tmp_path: Path) -> None:
    bogus = write(tmp_path / "bogus.tsv", "hello\n")
    page = write(tmp_path / "page.txt", "Vi möter människor.\n")
    absent = run("repair", "--context-model", str(tmp_path / "absent.tsv"), str(page))
    assert absent.returncode == 2
    assert b"context_model" in absent.stderr
    wrong = run("repair", "--context-model", str(bogus), str(page))
    assert wrong.returncode == 2
    assert b"not an ocrfix context model" in wrong.stderr
    assert b"Traceback" not in wrong.stderr
