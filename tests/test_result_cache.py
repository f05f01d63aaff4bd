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
    held = sum(len(key[1]) + 1 for key in cache._entries)
    assert held <= 100_000 and len(cache) < 120
    assert cache.get(("release", "SELECT * WHERE { ?s ?p ?o } LIMIT 999" + " " * 900))


def test_least_recently_used_answers_go_first() -> None:
    cache = ResultCache(100)  # four entries of 21 bytes (20 + a 1-byte key)
    for name in ("a", "b", "c", "d"):
        cache.put(name, b"x" * 20)
    assert cache.get("a") == b"x" * 20  # now the most recently used
    cache.put("e", b"x" * 20)
    assert cache.get("b") is None and cache.get("a") == b"x" * 20
    assert cache.size == 84
