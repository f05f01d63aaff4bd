"""The one LRU cache: bounded by size, least recent out first, safe across threads."""

from __future__ import annotations

import threading

from kolding_graph.lru import Lru
from kolding_graph.store.cache import ENTRY_OVERHEAD, ResultCache


def test_answers_are_bounded_in_bytes_and_the_least_recent_go_first() -> None:
    # An entry counts its answer, its key's text and a fixed overhead.
    each = ENTRY_OVERHEAD + 8 + 10  # a number key, a ten-byte answer
    cache = ResultCache(12 * each)
    cache.put("a", b"x" * 10)
    cache.put("b", b"x" * 10)
    huge = b"x" * each  # with its overhead, over a tenth: not kept
    assert cache.put("huge", huge) == huge
    assert cache.get("huge") is None
    for n in range(11):
        cache.get("a")  # a stays recent
        cache.put(n, b"y" * 10)
    assert cache.get("a") is not None and cache.get("b") is None
    assert cache.size == (ENTRY_OVERHEAD + 1 + 10) + 11 * each and len(cache) == 12
    assert cache.hits >= 11 and cache.misses >= 2


def test_small_answers_under_large_keys_stay_within_the_bound() -> None:
    # Clients choose the keys (query texts, Accept headers): a flood of new
    # long queries with one-byte answers must not grow the cache past its size.
    cache = ResultCache(100_000)
    for n in range(200):
        cache.put(("q" * 500, n), b"1")
    assert cache.size <= 100_000
    assert len(cache) == 100_000 // (500 + 8 + ENTRY_OVERHEAD + 1)


def test_none_is_remembered_too() -> None:
    cache = Lru(4)
    made: list[str] = []
    for _ in range(3):
        assert cache.get_or_make("gone", lambda: made.append("x")) is None
    assert made == ["x"]


def test_a_value_made_twice_at_once_is_kept_once_and_the_other_evicted() -> None:
    evicted: list[object] = []
    cache = Lru(4, on_evict=evicted.append)
    first, second = object(), object()
    assert cache.put("k", first) is first
    assert cache.put("k", second) is first
    assert evicted == [second]


def test_threads_share_it_without_losing_the_bound() -> None:
    cache = ResultCache(10_000)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for n in range(2000):
                key = (seed * n) % 300
                cache.get_or_make(key, lambda key=key: bytes(key % 97 + 1))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    kept = [value for k in range(300) if (value := cache.get(k)) is not None]
    assert cache.size == sum(len(v) + 8 + ENTRY_OVERHEAD for v in kept) <= 10_000
    assert cache.size <= 10_000
