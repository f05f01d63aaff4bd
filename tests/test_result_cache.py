"""The byte-bounded answer cache (store/cache.py)."""

from __future__ import annotations

from kolding_graph.store.cache import ResultCache


def test_long_keys_count_against_the_bound() -> None:
    """Regression: only answers were counted, so cache-busting queries (a long
    query text, a tiny answer each) held far more memory than the bound."""
    cache = ResultCache(100_000)
    for i in range(1000):
        cache.put(
            ("release", f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {i}" + " " * 900), b"x"
        )
    assert cache.size <= 100_000 and len(cache) < 120
    assert cache.get(("release", "SELECT * WHERE { ?s ?p ?o } LIMIT 999" + " " * 900))


def test_least_recently_used_answers_go_first() -> None:
    cache = ResultCache(1000)  # ten entries of 99 bytes (98 + a 1-byte key)
    for name in "abcdefghij":
        cache.put(name, b"x" * 98)
    assert cache.get("a") == b"x" * 98  # now the most recently used
    cache.put("k", b"x" * 98)
    assert cache.get("b") is None and cache.get("a") == b"x" * 98
    assert cache.size == 990
