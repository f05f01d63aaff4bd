"""Publish a release atomically: lock, stage, commit, switch a link, prune.

Layout for an output path `dist`:

    dist                  -> dist.releases/<version>  (relative symlink, by rename)
    dist.releases/<version>/  one immutable directory per release (read-only files)
    dist.releases/.lock   held (flock) by the one build allowed at a time
    dist.releases/tmp-*   a release being written; left over only by a killed build

Readers resolve `dist` once and then read one whole release. A build that fails
or is killed at any moment leaves `dist` pointing at the previous release.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from kolding_graph.errors import BuildError, ReleaseError
from kolding_graph.release.load import Release, load_release

TMP_PREFIX = "tmp-"
LINK_PREFIX = ".link-"


def releases_dir(out: Path) -> Path:
    """Return the folder holding the immutable release directories for out."""
    return out.parent / f"{out.name}.releases"


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the build lock for out, or refuse at once if another build holds it."""
    with folder_lock(releases_dir(out)):
        yield


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold folder/.lock (flock), or refuse at once if another process holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / ".lock"
    with lock_path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(
                "another build is running for this output; try again when it ends",
                where=str(lock_path),
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def current_release(out: Path) -> Release | None:
    """Return the release now published at out, None if there is none.

    Raises BuildError when out exists but is something the build must not replace.
    """
    if not out.exists() and not out.is_symlink():
        return None
    if out.is_symlink() and not out.exists():
        return None  # a dangling link: nothing is published
    try:
        return load_release(out)
    except ReleaseError as exc:
        if out.is_symlink() or _is_empty_dir(out):
            return None
        raise BuildError(
            f"the output path exists and is not a release ({exc.message});"
            " move it away or choose another --out",
            where=str(out),
        ) from exc


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def remove_leftovers(out: Path) -> list[str]:
    """Delete what killed builds left behind (call with the lock held)."""
    removed = remove_staging_in(releases_dir(out))
    for entry in sorted(out.parent.glob(f"{LINK_PREFIX}{out.name}-*")):
        entry.unlink()
        removed.append(entry.name)
    return removed


def remove_staging_in(folder: Path) -> list[str]:
    """Delete the staging directories a killed build left in folder."""
    removed = []
    for entry in sorted(folder.glob(TMP_PREFIX + "*")):
        _remove_tree(entry)
        removed.append(entry.name)
    return removed


def stage(out: Path, files: Mapping[str, bytes]) -> Path:
    """Write files into a fresh temporary directory beside the releases; return it."""
    return stage_in(releases_dir(out), files)


def stage_in(folder: Path, files: Mapping[str, bytes]) -> Path:
    """Write files into a fresh temporary directory inside folder; return it."""
    staging = folder / f"{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        for name in sorted(files):
            write_file(staging / name, files[name])
        fsync_dir(staging)
    except OSError as exc:
        _remove_tree(staging)
        raise BuildError(
            f"could not write the release: {exc}", where=str(staging)
        ) from exc
    return staging


def write_file(path: Path, data: bytes) -> None:
    """Write bytes to a new file, flush them to disk and make the file read-only."""
    with path.open("xb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    path.chmod(0o444)


def switch(out: Path, target: Path) -> None:
    """Point out at target with one atomic rename of a fresh symlink."""
    if out.exists() and not out.is_symlink():
        _retire_directory(out)
    link = out.parent / f"{LINK_PREFIX}{out.name}-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(os.path.relpath(target, out.parent))
    os.replace(link, out)
    fsync_dir(out.parent)


def _retire_directory(out: Path) -> None:
    # A release written as a plain directory (or an empty one) cannot be swapped
    # by rename: move it into the releases folder first. Readers briefly see no
    # release at out (never a partial one).
    if _is_empty_dir(out):
        out.rmdir()
        return
    old = load_release(out)
    aside = releases_dir(out) / old.id
    if aside.exists():
        aside = releases_dir(out) / f"{old.id}-{secrets.token_hex(4)}"
    out.rename(aside)


def prune_unversioned(folder: Path, keep: set[str]) -> list[str]:
    """Remove releases built before releases had versions, except those in keep."""
    removed = []
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.name in keep or entry.name.startswith(".") or not entry.is_dir():
            continue
        if is_unversioned(entry):
            _remove_tree(entry)
            removed.append(entry.name)
    return removed


def is_unversioned(entry: Path) -> bool:
    """Return True for a release built before every release had a version."""
    try:
        manifest = json.loads((entry / "release.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and not manifest.get("version")


def fsync_dir(path: Path) -> None:
    """Flush a directory's entries (new names, renames) to disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_tree(path: Path) -> None:
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        pass
