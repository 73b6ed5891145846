"""ocrfix.repair_many: the same results as repair, in order, lazily, on worker processes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from typing import Any

import pytest

import ocrfix
from ocrfix import bulk

TEXTS = [
    "Parterna var 6verens om att fullf6lja planen.",
    "Fo\u0308rvaltningen",
    "barn- och ungdomsvården, IT-stöd",
    "",
    "Nämnden har tagit emot fler drenden.",
    "Stockholms-\nregionen",
    "Socialnämnden fÃ¶r",
    "Vi måste göra det här.",
]


class Counting:
    """An input generator that records how many items were taken from it."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.taken = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.taken += 1
            yield item


def expected(texts: list[str]) -> list[str]:
    return [ocrfix.repair(text) for text in texts]


@pytest.mark.parametrize("processes", [1, 2])
def test_the_same_as_repair_in_order(processes: int) -> None:
    texts = TEXTS * 3
    assert list(ocrfix.repair_many(texts, processes=processes, chunksize=2)) == expected(texts)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_both_start_methods(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} on this platform")
    results = ocrfix.repair_many(TEXTS, processes=2, chunksize=1, mp_context=method)
    assert list(results) == expected(TEXTS)


def test_a_config_reaches_the_workers() -> None:
    config = ocrfix.Config(fix_words=False)
    texts = ["Parterna var 6verens.", "Fo\u0308rvaltningen"] * 2
    results = list(ocrfix.repair_many(texts, config, processes=2, chunksize=1))
    assert results == [ocrfix.repair(text, config) for text in texts]
    assert results[0] == "Parterna var 6verens."


def test_input_is_read_lazily_in_process() -> None:
    source = Counting(list(TEXTS))
    results = ocrfix.repair_many(source, processes=1)
    assert source.taken == 0  # nothing happens before the first next()
    assert next(results) == ocrfix.repair(TEXTS[0])
    assert source.taken == 1
    assert next(results) == ocrfix.repair(TEXTS[1])
    assert source.taken == 2


def test_input_is_read_a_bounded_distance_ahead() -> None:
    processes, chunksize = 2, 2
    bound = (bulk.WINDOW_PER_PROCESS * processes + 1) * chunksize
    source = Counting(["för", "Fo\u0308r"] * 500)
    results = ocrfix.repair_many(source, processes=processes, chunksize=chunksize)
    try:
        assert source.taken == 0
        for taken in range(1, 30):
            next(results)
            assert taken <= source.taken <= taken + bound
    finally:
        results.close()
    assert source.taken < 100


@pytest.mark.parametrize("processes", [1, 2])
def test_a_bad_item_raises_repairs_type_error_with_its_index(processes: int) -> None:
    texts: list[Any] = ["för", "Fo\u0308r", 42, "år"]
    results = ocrfix.repair_many(texts, processes=processes, chunksize=1)
    assert next(results) == "för"
    assert next(results) == "För"
    with pytest.raises(TypeError) as raised:
        next(results)
    assert str(raised.value) == "texts[2]: ocrfix works on text (str), but it was given int."


def test_bytes_items_get_repairs_message() -> None:
    with pytest.raises(TypeError) as raised:
        list(ocrfix.repair_many(["a", b"b"], processes=1))  # type: ignore[list-item]
    assert str(raised.value) == "texts[1]: " + ocrfix.BYTES_ERROR_TEXT


def test_an_error_from_the_input_comes_after_the_results_before_it() -> None:
    def pages() -> Iterator[str]:
        yield from ["för", "år", "Fo\u0308r"]
        raise OSError("disk gone")

    got: list[str] = []
    with pytest.raises(OSError, match="disk gone"):
        for text in ocrfix.repair_many(pages(), processes=2, chunksize=1):
            got.append(text)
    assert got == ["för", "år", "För"]


def test_an_error_in_a_worker_is_raised_in_order() -> None:
    results = bulk.parallel_imap(int, ["1", "2", "x", "4"], processes=2, chunksize=1)
    assert next(results) == 1
    assert next(results) == 2
    with pytest.raises(ValueError, match="invalid literal"):
        next(results)


def test_closing_early_leaves_no_process_running() -> None:
    before = set(multiprocessing.active_children())
    results = ocrfix.repair_many(iter(lambda: "Parterna var 6verens.", None), processes=2,
                                 chunksize=1)
    assert next(results) == "Parterna var överens."
    assert set(multiprocessing.active_children()) - before  # the workers run
    results.close()
    assert set(multiprocessing.active_children()) <= before


def test_small_input_needs_no_pool() -> None:
    before = set(multiprocessing.active_children())
    results = ocrfix.repair_many(["Fo\u0308r", "år"], processes=2, chunksize=8)
    assert next(results) == "För"
    assert set(multiprocessing.active_children()) <= before
    assert list(results) == ["år"]


def test_arguments_are_checked_at_the_call() -> None:
    with pytest.raises(TypeError, match="not a single str"):
        ocrfix.repair_many("en text")
    with pytest.raises(TypeError, match="config must be an ocrfix.Config"):
        ocrfix.repair_many([], "fast")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="processes must be at least 1"):
        ocrfix.repair_many([], processes=-1)
    with pytest.raises(ValueError, match="chunksize must be at least 1"):
        ocrfix.repair_many([], chunksize=0)


def test_processes_none_or_zero_means_every_cpu() -> None:
    assert bulk.resolve_processes(None) == bulk.resolve_processes(0) == bulk.usable_cpus() >= 1
    assert list(ocrfix.repair_many(TEXTS[:3], processes=None)) == expected(TEXTS[:3])
