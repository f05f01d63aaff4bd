"""A release's SQLite index file: written once, then read-only by every thread.

The search index and the titles of unnamed nodes are files of this kind: the
first process that needs one writes it (release/indexes.py makes that atomic
and once per release), and every worker of every server reads the same file.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kolding_graph.errors import ReleaseError
from kolding_graph.release.load import Release

log = logging.getLogger(__name__)
T = TypeVar("T")

MMAP_BYTES = 1 << 30  # read through the page cache, which the workers share


def write_index_file(
    path: Path, schema: str, version: int, fill: Callable[[sqlite3.Connection], None]
) -> None:
    """Create a new SQLite file with schema, fill it, stamp its format version."""
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        db.executescript(schema)
        fill(db)
        db.execute(f"PRAGMA user_version = {int(version)}")
        db.commit()
    finally:
        db.close()
    fd = os.open(path, os.O_RDONLY)  # on disk before it is renamed into place
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class IndexFile:
    """An index file opened read-only, one connection per thread (new after a fork)."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        self._local = threading.local()
        found = self.db().execute("PRAGMA user_version").fetchone()[0]
        if found != version:
            raise ReleaseError(
                f"index file format {found}, expected {version}", where=str(path)
            )

    def db(self) -> sqlite3.Connection:
        """Return this thread's connection."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
            local.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            local.db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            local.pid = os.getpid()
        return local.db


def from_file_or_memory(
    what: str,
    release: Release | None,
    from_file: Callable[[Release], T],
    in_memory: Callable[[], T],
) -> T:
    """Return from_file(release), or in_memory() with one log line saying why not."""
    if release is None:
        why = "no local release (the store is remote)"
    else:
        try:
            return from_file(release)
        except (ReleaseError, sqlite3.Error) as error:
            why = str(error)
    log.warning("%s kept in this worker's memory: %s", what, why)
    return in_memory()
