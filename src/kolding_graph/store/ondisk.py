"""The release's dataset as an on-disk Oxigraph store, built once, opened read-only.

Loading the N-Quads into memory costs every process that reloads a release
its own copy of the store (about 310 MiB at 1M triples, bench/store_modes.py)
and seconds before it answers. Instead the build (or the first process that
opens a large release) bulk-loads it into a RocksDB store beside the release
(release/indexes.py); every process, the query processes included, then opens
that store read-only in milliseconds and reads it through the operating
system's page cache, which they all share.

RocksDB's background threads do not survive a fork: a load in a forked server
worker (after a reload) would wait for them forever. A forked process
therefore loads in a new Python process; the process that imported this
module loads in place.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kolding_graph.errors import ReleaseError
from kolding_graph.formats import NQUADS
from kolding_graph.release.indexes import ensure_index, index_dir
from kolding_graph.release.load import Release

log = logging.getLogger(__name__)
# The engine's version in the name: a newer pyoxigraph writes (and may need) a
# store of its own, and a read-only open cannot migrate an older one.
STORE_NAME = f"oxigraph-{ox.__version__}"
_IMPORTED_IN = os.getpid()  # a forked child inherits this and sees another pid


def prepare_store(release: Release) -> Path:
    """Return the release's on-disk store, bulk-loading it first if it is missing.

    Raises ReleaseError when the store cannot be written beside the release.
    """
    dataset = Path(release.path) / "dataset.nq"
    return ensure_index(index_dir(release) / STORE_NAME, lambda to: _load(dataset, to))


def _load(dataset: Path, location: Path) -> None:
    """Bulk-load the dataset into a new store at location (never in a fork)."""
    started = time.perf_counter()
    if os.getpid() == _IMPORTED_IN:
        load_into(dataset, location)
    else:
        _load_in_new_process(dataset, location)
    log.info(
        "wrote the on-disk store of %s in %.1f s", dataset.parent.name,
        time.perf_counter() - started,
    )  # fmt: skip


def _load_in_new_process(dataset: Path, location: Path) -> None:
    loader = [sys.executable, "-m", __name__, str(dataset), str(location)]
    done = subprocess.run(loader, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise ReleaseError(
            f"could not write the on-disk store: {last}", where=str(location)
        )


def load_into(dataset: Path, location: Path) -> None:
    """Write a new on-disk store at location holding the dataset's quads."""
    store = ox.Store(str(location))
    store.bulk_load(path=str(dataset), format=NQUADS.rdf)
    store.optimize()  # fewer, compacted files: faster reads for every reader
    store.flush()


def open_read_only(location: Path) -> ox.Store:
    """Open an on-disk store for reading (any number of processes at once)."""
    return ox.Store.read_only(str(location))


if __name__ == "__main__":  # the loading process started by _load
    load_into(Path(sys.argv[1]), Path(sys.argv[2]))
