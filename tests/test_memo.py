"""The bounded caches of ocrfix.memo: memory stays bounded, what is used stays."""

from ocrfix.memo import recall, remember


def test_a_cache_never_holds_more_than_its_limit() -> None:
    cache: dict[int, int] = {}
    for n in range(10_000):
        remember(cache, n, n * n, limit=100)
        assert len(cache) <= 100
    assert cache[9_999] == 9_999 * 9_999  # the newest is kept
    assert 0 not in cache  # the oldest went


def test_an_entry_recalled_often_outlives_older_halves() -> None:
    cache: dict[str, int] = {}
    remember(cache, "och", 1, limit=10)
    for n in range(1_000):
        remember(cache, f"ord{n}", n, limit=10)
        assert recall(cache, "och") == 1


def test_recall_of_a_missing_key_is_none_and_adds_nothing() -> None:
    cache = {"a": 1}
    assert recall(cache, "b") is None
    assert cache == {"a": 1}
