"""benchmarks/instructions.py's parts that need neither Valgrind nor a corpus."""

from __future__ import annotations

import pytest

from benchmark_modules import load

instructions = load("instructions")


def test_every_fourth_page_of_the_pair_corpora_is_taken_in_name_order(tmp_path):
    for corpus in ("ocr-eng", "ocr-swe"):
        (tmp_path / corpus).mkdir()
        for n in range(6):
            (tmp_path / corpus / f"dev-{n:03d}.ocr.txt").write_text("text\n", encoding="utf-8")
            (tmp_path / corpus / f"dev-{n:03d}.gt.txt").write_text("text\n", encoding="utf-8")
    taken = instructions.page_paths(tmp_path, pages=60)
    assert [(p.parent.name, p.name) for p in taken] == [
        ("ocr-eng", "dev-000.ocr.txt"), ("ocr-eng", "dev-004.ocr.txt"),
        ("ocr-swe", "dev-002.ocr.txt"),
    ]
    assert all(p.is_absolute() for p in taken)  # the counted processes run elsewhere
    assert len(instructions.page_paths(tmp_path, pages=2)) == 2


def test_clean_text_is_each_distinct_ground_truth_page_once(tmp_path):
    # The corpora are one text read by several engines: their ground truth repeats.
    for corpus in ("ocr-eng", "ocr-swe"):
        (tmp_path / corpus).mkdir()
        for n in range(3):
            (tmp_path / corpus / f"dev-{n:03d}.ocr.txt").write_text("damaged\n", encoding="utf-8")
            (tmp_path / corpus / f"dev-{n:03d}.gt.txt").write_text(f"page {n}\n", encoding="utf-8")
    (tmp_path / "ocr-swe" / "dev-003.gt.txt").write_text("page 3\n", encoding="utf-8")
    taken = instructions.page_paths(tmp_path, pages=60, text="clean")
    assert [(p.parent.name, p.name) for p in taken] == [
        ("ocr-eng", "dev-000.gt.txt"), ("ocr-eng", "dev-001.gt.txt"),
        ("ocr-eng", "dev-002.gt.txt"), ("ocr-swe", "dev-003.gt.txt"),
    ]
    assert len(instructions.page_paths(tmp_path, pages=2, text="clean")) == 2


def test_a_corpus_without_pages_or_a_tree_without_ocrfix_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(instructions.shutil, "which", lambda name: "/usr/bin/valgrind")
    with pytest.raises(SystemExit):
        instructions.main([str(tmp_path)])
    assert "no NAME.ocr.txt pages found" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        instructions.main([str(tmp_path), "--text", "clean"])
    assert "no NAME.gt.txt pages found" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        instructions.main([str(tmp_path), "--tree", str(tmp_path)])
    assert "holds no ocrfix/ package" in capsys.readouterr().err


def test_without_valgrind_it_says_how_to_get_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit):
        instructions.main([str(tmp_path)])
    assert "apt-get install valgrind" in capsys.readouterr().err
