"""What benchmarks/speed.py says beside its figures."""

from __future__ import annotations

import py_compile
import types

from benchmark_modules import load

speed = load("speed")
pages = speed.pages  # the module speed.py makes its documents with


def test_the_cold_start_says_whether_a_module_s_bytecode_is_cached(tmp_path):
    module = tmp_path / "ocrfix" / "__init__.py"
    module.parent.mkdir()
    module.write_text("VERSION = 1\n", encoding="utf-8")
    assert speed.bytecode_cached(str(module)) is False
    py_compile.compile(str(module), doraise=True)  # where the import system caches it
    assert speed.bytecode_cached(str(module)) is True


def test_the_damaged_cold_start_repairs_the_warm_up_text_in_a_new_process():
    repaired: list[str] = []
    stand_in = types.SimpleNamespace(repair=repaired.append)
    exec(speed.FIRST_DAMAGED_CODE.replace("import ocrfix; ", ""), {"ocrfix": stand_in})
    assert repaired == [speed.WARM_UP]
    # A number of seconds, not the reason it failed: the code runs as `python -c` does.
    assert isinstance(speed.start_time(speed.FIRST_DAMAGED_CODE, runs=1), float)


def test_the_header_says_whether_the_install_measured_is_compiled():
    assert "compiled by mypyc" in speed.build_description(True)
    assert "pure Python" in speed.build_description(False)
    assert "compiled" not in speed.build_description(False)


def test_a_damaged_page_s_source_is_the_corpus_its_lines_come_from():
    assert pages.Page("ocr-eng/dev-000", "").source == "ocr-eng"
    assert pages.Page("synthetic-002/ocr-ocrad-0017", "").source == "ocr-ocrad"
    assert pages.Page("synthetic-002/clean-0017", "").source == ""


def test_the_timed_pass_sums_each_source_s_pages_apart():
    documents = [
        pages.Page("ocr-eng/dev-000", "abc"),
        pages.Page("ocr-swe/dev-000", "defgh"),
        pages.Page("synthetic-000/ocr-eng-0001", "ij"),
    ]
    result = speed.timed_pass(len, iter(documents), lambda **record: None, "test")
    sources = result["sources"]
    assert {name: (s["pages"], s["characters"]) for name, s in sources.items()} == {
        "ocr-eng": (2, 5), "ocr-swe": (1, 5)
    }
    assert sum(s["pages"] for s in sources.values()) == result["pages"]
    assert abs(sum(s["seconds"] for s in sources.values()) - result["seconds"]) < 1e-9


def test_the_rows_by_source_set_ocrfix_beside_the_peer_on_the_same_corpus():
    def timed(**by_corpus):
        return {"sources": {
            name: {"seconds": seconds, "cpu_seconds": seconds, "characters": 1_000_000,
                   "pages": 10}
            for name, seconds in by_corpus.items()
        }}

    results = {
        "ocrfix/distinct": timed(**{"ocr-swe": 1.0, "ocr-eng": 10.0, "ocr-new": 5.0}),
        "symspell/distinct": timed(**{"ocr-swe": 4.0, "ocr-eng": 4.0}),
    }
    rows = speed.source_rows(results, "symspell")
    # In the corpora's usual order, then the others; a corpus the peer was not timed on has
    # no peer figure, and without the peer (--no-peers) none has.
    assert [(corpus, ours, theirs) for corpus, _, _, ours, theirs in rows] == [
        ("ocr-eng", 0.1, 0.25), ("ocr-swe", 1.0, 0.25), ("ocr-new", 0.2, None)
    ]
    alone = speed.source_rows({"ocrfix/distinct": results["ocrfix/distinct"]}, "symspell")
    assert [(corpus, theirs) for corpus, _, _, _, theirs in alone] == [
        ("ocr-eng", None), ("ocr-swe", None), ("ocr-new", None)
    ]
    assert speed.source_rows({}, "symspell") == []
