"""The clean pages benchmarks/pages.py makes from a text of one's own (speed.py --clean-text)."""

from __future__ import annotations

import pytest

from benchmark_modules import load

pages = load("pages")


def test_a_text_makes_pages_of_its_distinct_paragraphs_in_order(tmp_path):
    text = tmp_path / "manual.txt"
    paragraphs = [f"Stycke {n} om menyn Arkiv och dess kommandon." for n in range(10)]
    # A paragraph the text repeats (a manual's boilerplate) is used once; blank lines none.
    text.write_text(
        "\n".join(paragraphs[:5] + ["", paragraphs[0]] + paragraphs[5:]) + "\n",
        encoding="utf-8",
    )
    made = list(pages.text_pages(text, page_chars=100))
    assert [page.text.rstrip("\n").split("\n\n") for page in made] == [
        paragraphs[0:3], paragraphs[3:6], paragraphs[6:9], paragraphs[9:]
    ]
    assert [page.name for page in made] == [f"manual/{n:04d}" for n in range(4)]
    assert not any(page.synthetic for page in made)


def test_the_clean_stream_comes_from_the_text_when_one_is_given(tmp_path):
    corpus = tmp_path / "ocr-swe"
    corpus.mkdir()
    (corpus / "dev-000.ocr.txt").write_text("Parterna var 6verens.\n", encoding="utf-8")
    (corpus / "dev-000.gt.txt").write_text("Parterna var överens.\n", encoding="utf-8")
    text = tmp_path / "manual.txt"
    text.write_text("Välj Arkiv och sedan Spara.\n", encoding="utf-8")
    clean = pages.stream("clean", tmp_path, ["ocr-swe"], clean_text=text)
    assert [page.text for page in clean] == ["Välj Arkiv och sedan Spara.\n"]
    damaged = pages.stream("damaged", tmp_path, ["ocr-swe"], clean_text=text)
    assert next(damaged).text == "Parterna var 6verens.\n"


def test_a_text_that_is_not_utf8_is_refused_by_name(tmp_path):
    text = tmp_path / "latin1.txt"
    text.write_bytes("Välj Arkiv.\n".encode("latin-1"))
    with pytest.raises(ValueError, match="latin1.txt: not UTF-8 text"):
        list(pages.text_pages(text))
