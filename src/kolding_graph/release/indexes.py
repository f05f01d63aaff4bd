"""Serving indexes of a release (store, search, titles): built once, shared.

An index is derived from a release's files, so it lives beside the release,
never inside it (the release stays byte for byte what the build wrote) and is
keyed by the release id (the dataset's SHA-256): every worker and every
server process opens the same one. The first process that needs an index
builds it under a lock into a staging folder and renames it into place, so a
reader sees either no index or a complete one.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from kolding_graph.errors import ReleaseError
from kolding_graph.release.load import Release

# Hidden, so that listing the versioned releases passes it by.
INDEX_FOLDER = ".indexes"
_STAGING = ".tmp-"


def index_dir(release: Release) -> Path:
    """Return the folder for the indexes of a release (it may not exist yet)."""
    return Path(release.path).resolve().parent / INDEX_FOLDER / release.id


def ensure_index(target: Path, make: Callable[[Path], None]) -> Path:
    """Return target, first calling make(staging) under a lock if it is missing.

    make writes the index into the empty staging path it is given (a folder it
    may create, or a file). ReleaseError says why when the folder cannot be
    written; the caller then decides how to serve without the index.
    """
    if target.exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with (target.parent / f".{target.name}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building it
            if not target.exists():
                _remove_leftovers(target)
                _make_atomically(target, make)
    except OSError as error:
        raise ReleaseError(
            f"could not write the index {target.name}: {error}", where=str(target)
        ) from error
    return target


def _remove_leftovers(target: Path) -> None:
    """Delete what builders of target that were killed left (call with the lock)."""
    for staging in target.parent.glob(f"{_STAGING}{target.name}-*"):
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.unlink(missing_ok=True)


def _make_atomically(target: Path, make: Callable[[Path], None]) -> None:
    staging = (
        target.parent / f"{_STAGING}{target.name}-{os.getpid()}-{secrets.token_hex(4)}"
    )
    try:
        make(staging)
        os.rename(staging, target)
    finally:
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
        elif staging.exists():
            staging.unlink()
