"""Measure what the killable query process costs per query (not run by the tests).

Runs the same query on an embedded store in-process and through its query
process, in alternating rounds, and prints the fastest round of each: the
difference is the cost of the hop (framing, two context switches).

    .venv/bin/python bench/query_process.py [--release dist] [--query TEXT]
"""

from __future__ import annotations

import argparse
import time

from kolding_graph.query.protocol import ProtocolRequest, prepare
from kolding_graph.release.load import load_release
from kolding_graph.store.embedded import EmbeddedStore
from kolding_graph.store.ondisk import prepare_store

DEFAULT_QUERY = "DESCRIBE <https://data.kolding.dk/id/city/orebro>"


def round_time(store: EmbeddedStore, query, size: int) -> float:  # type: ignore[no-untyped-def]
    """Return the mean time per query (microseconds) over one round."""
    started = time.perf_counter()
    for _ in range(size):
        store.run(query)
    return (time.perf_counter() - started) / size * 1e6


def main() -> None:
    """Print in-process and query-process times per query (fastest rounds)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", default="dist")
    parser.add_argument("--query", default=DEFAULT_QUERY)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    release = load_release(args.release)
    query = prepare(ProtocolRequest(args.query), None)
    stores = {
        isolate: EmbeddedStore(
            release.path / "dataset.nq",
            location=prepare_store(release),  # as served: on disk
            timeout=10,
            max_bytes=50_000_000,
            base_iri=release.base_iri,
            isolate=isolate,
        )
        for isolate in (False, True)
    }
    best = {isolate: float("inf") for isolate in stores}
    for store in stores.values():
        store.start()
        round_time(store, query, 200)
    # Alternate the two so that load from other processes hits both alike.
    for _ in range(args.rounds):
        for isolate, store in stores.items():
            best[isolate] = min(best[isolate], round_time(store, query, 200))
    for store in stores.values():
        store.close()
    print(f"in-process     {best[False]:8.1f} us/query")
    print(f"query process  {best[True]:8.1f} us/query")
    print(f"hop            {best[True] - best[False]:8.1f} us/query")


if __name__ == "__main__":
    main()
