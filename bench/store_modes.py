#!/usr/bin/env python3
"""What the store's place and the per-release index files cost, in one process.

Not run by the tests. On a bench graph (after `bench/run` or `kolding-graph
prepare` wrote its indexes) it prints, for the release in memory and read from
its on-disk store: the time to load or open it, this process's memory growth,
and the time of the one-entity query and the twin-city join; the memory one
on-disk handle adds as it reads everything; and what building the search index
and the titles in memory costs (what each worker paid before they were files),
and what one answer-cache entry holds beside its answer.

    .venv/bin/python bench/store_modes.py [--size 1m] [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kolding_graph.browse.entities import Queries
from kolding_graph.browse.search_index import build_index
from kolding_graph.browse.select import store_select
from kolding_graph.browse.titles import all_titles
from kolding_graph.release.load import load_release
from kolding_graph.store.base import Job
from kolding_graph.store.cache import ResultCache
from kolding_graph.store.embedded import EmbeddedStore
from kolding_graph.store.ondisk import prepare_store

ROOT = Path(__file__).resolve().parent.parent
SCAN = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def memory_mib() -> tuple[float, float]:
    """Return this process's resident and private (anonymous) memory in MiB."""
    found = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("Rss", "Anonymous"):
            found[name] = int(value.split()[0]) / 1024
    return found["Rss"], found["Anonymous"]


def median_us(run: Callable[[], object], rounds: int) -> float:
    """Return the median time of run() in microseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def timed(make: Callable[[], object]) -> tuple[object, float, str]:
    """Return make()'s value, its seconds and the memory it added (RSS, private)."""
    before, started = memory_mib(), time.perf_counter()
    value = make()
    seconds, after = time.perf_counter() - started, memory_mib()
    grew = f"+{after[0] - before[0]:.0f} MiB RSS, +{after[1] - before[1]:.0f} private"
    return value, seconds, grew


def store_rows(release, location, rounds: int, queries: dict[str, str]) -> None:
    """Print load/open cost and query times for one place of the store."""
    store, seconds, grew = timed(
        lambda: EmbeddedStore(
            release.path / "dataset.nq", location=location, timeout=60,
            max_bytes=10**9, base_iri=release.base_iri, isolate=False,
        )
    )  # fmt: skip
    place = "disk" if location else "memory"
    print(f"{place:7} open/load {seconds:6.2f} s  {grew}", end="")
    for name, text in queries.items():
        job = Job(text, (), (), "json", 10**9)  # serialised, as the endpoint does
        query = lambda job=job: store.evaluate(job)  # noqa: E731
        print(f"  {name} {median_us(query, rounds):7.0f} us", end="")
    print()
    store.close()


def main() -> None:
    """Print the figures for one bench graph."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    data = ROOT / "bench" / "data" / args.size
    release = load_release(data / "dist")
    city = json.loads((data / "bench.json").read_text())["samples"]["city"]
    queries = {
        "one-entity": f"SELECT ?p ?o WHERE {{ <{city}> ?p ?o }}",
        "join": (ROOT / "queries" / "twin-cities.rq").read_text(),
    }
    location = prepare_store(release)
    print(f"{args.size}: {release.triples:,} triples")
    handle, _, opened = timed(lambda: ox.Store.read_only(str(location)))
    _, _, scanned = timed(lambda: list(handle.query(SCAN)))  # type: ignore[attr-defined]
    print(f"one read-only handle: opened {opened}; reading every quad {scanned}")
    store_rows(release, location, args.rounds, queries)
    store_rows(release, None, args.rounds, queries)


    disk = EmbeddedStore(release.path / "dataset.nq", location=location,
                         timeout=600, max_bytes=10**9, isolate=False)  # fmt: skip
    select, base = store_select(disk), Queries(release.base_iri)
    for name, build in (("search index", build_index), ("titles", all_titles)):
        tracemalloc.start()
        result, seconds, _ = timed(lambda build=build: build(select, base))
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del result
        print(f"{name} in memory: {seconds:.1f} s, {peak / 2**20:.0f} MiB at the "
              f"peak, {kept / 2**20:.0f} MiB held by the result")  # fmt: skip
    disk.close()

    cache, count = ResultCache(10**9), 20_000
    tracemalloc.start()
    for n in range(count):
        key = (release.id, "http", "127.0.0.1:8000", "", "/sparql",
               f"query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D+LIMIT+{n}",
               "application/sparql-results+json")  # fmt: skip
        cache.put(key, b"x")
    used = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"answer cache: {used / count:.0f} bytes per entry with a one-byte answer "
          f"(counted: {cache.size / count:.0f})")  # fmt: skip


if __name__ == "__main__":
    main()
