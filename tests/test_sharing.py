"""ocrfix.sharing: the searches one worker made, handed to the others and used as their own."""

from __future__ import annotations

import marshal
import os
import time

import pytest

from ocrfix import bulk, readings, sharing
from ocrfix.candidates import CandidateIndex, get_index
from ocrfix.lexicon import DATA_DIR, get_lexicon
from ocrfix.readings import Reading, readings_of

TOKENS = ["drenden", "6verens", "fullf6lja", "socialndmnden"]


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a worker that has searched for nothing and been handed nothing."""
    monkeypatch.setattr(readings, "_KNOWN", {})
    monkeypatch.setattr(readings, "_MADE", None)
    monkeypatch.setattr(bulk, "_worker_given", {})
    monkeypatch.setattr(bulk, "_worker_takes", 0)


def search_all(tokens: list[str]) -> list[tuple[Reading, ...]]:
    return [readings_of(token) for token in tokens]


def test_nothing_is_noted_until_started() -> None:
    search_all(TOKENS)
    assert sharing.take("sv") is None


def test_a_process_hands_on_each_search_once() -> None:
    sharing.start()
    search_all(TOKENS)
    data = sharing.take("sv")
    assert data is not None
    handed = {token for token, *_ in marshal.loads(data)}
    assert set(TOKENS) <= handed
    search_all(TOKENS)  # remembered: no new search
    assert sharing.take("sv") is None


def test_given_searches_answer_as_this_process_would() -> None:
    sharing.start()
    own = search_all(TOKENS)
    data = sharing.take("sv")
    assert data is not None
    readings._KNOWN.clear()
    assert sharing.give("sv", data) > 0
    assert search_all(TOKENS) == own
    assert sharing.take("sv") is None  # the given searches answered: none was made here
    assert sharing.give("sv", data) == 0  # nothing new the second time


def test_searches_in_another_index_stay_here() -> None:
    other = CandidateIndex(DATA_DIR, get_lexicon())
    assert other is not get_index()
    sharing.start()
    readings_of("drenden", index=other)
    assert sharing.take("sv") is None


def search_chunk(token: str) -> int:
    return len(readings_of(token))


def test_a_worker_chunk_hands_on_what_it_learned() -> None:
    sharing.start()
    results, learned = bulk._apply_chunk(search_chunk, TOKENS)
    assert results == [len(r) for r in search_all(TOKENS)]
    assert learned is not None
    (origin, count), _ = learned
    assert (origin, count) == (os.getpid(), 1)
    _, again = bulk._apply_chunk(search_chunk, TOKENS)
    assert again is None  # nothing new learned


def test_a_worker_uses_what_another_learned_and_skips_its_own() -> None:
    sharing.start()
    _, learned = bulk._apply_chunk(search_chunk, TOKENS)
    assert learned is not None
    _, data = learned
    readings._KNOWN.clear()
    # Handed back its own learning (the pool sends it to whichever worker is free), a
    # worker does not take it in: it searches again.
    _, own = bulk._apply_chunk(search_chunk, TOKENS, (learned,))
    assert own is not None
    readings._KNOWN.clear()
    other = (os.getpid() + 1, 1)
    _, after = bulk._apply_chunk(search_chunk, TOKENS, ((other, data),))
    assert after is None  # every search answered by the other worker's
    readings._KNOWN.clear()
    # An older (or the same) count from that worker was taken in already: skipped.
    _, skipped = bulk._apply_chunk(search_chunk, TOKENS, ((other, data),))
    assert skipped is not None


def search_slowly(token: str) -> tuple[int, tuple[int, ...]]:
    """In a worker: search, and say which worker this is and which others it heard from."""
    readings_of(token)
    time.sleep(0.02)  # so that both workers get chunks, however fast one starts
    return os.getpid(), tuple(bulk._worker_given)


def test_the_workers_of_a_pool_hear_from_each_other() -> None:
    tokens = [f"{word}{n}" for n in range(12) for word in ("drenden", "6verens")]
    results = list(bulk.parallel_imap(search_slowly, tokens, processes=2, chunksize=1))
    workers = {pid for pid, _ in results}
    assert len(workers) == 2
    assert all(pid not in heard and set(heard) <= workers for pid, heard in results)
    assert any(heard for _, heard in results)
