"""Publish a release atomically: lock, stage, commit, switch a link, prune.

Layout for an output path `dist`:

    dist                  -> dist.releases/<id>  (relative symlink, switched by rename)
    dist.releases/<id>/   one immutable directory per release (read-only files)
    dist.releases/.lock   held (flock) by the one build allowed at a time
    dist.releases/tmp-*   a release being written; left over only by a killed build

Readers resolve `dist` once and then read one whole release. A build that fails
or is killed at any moment leaves `dist` pointing at the previous release.
"""

from __future__ import annotations

import fcntl
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


def publish(out: Path, staging: Path, release_id: str, previous_id: str | None) -> Path:
    """Commit a staged release, publish it at out and prune all but two releases."""
    final = commit(staging, release_id)
    if out.is_symlink() and out.resolve() == final.resolve():
        return final  # already published: keep the release before it too
    switch(out, final)
    prune(out, {final.name} | ({previous_id} if previous_id else set()))
    return final


def commit(staging: Path, release_id: str) -> Path:
    """Give a staged release its final name; reuse an identical verified one."""
    final = staging.parent / release_id
    if final.exists():
        try:
            load_release(final)
            _remove_tree(staging)
            return final
        except ReleaseError:
            aside = staging.parent / f"{TMP_PREFIX}corrupt-{release_id}"
            final.rename(aside)
            _remove_tree(aside)
    staging.rename(final)
    fsync_dir(staging.parent)
    return final


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


def prune(out: Path, keep: set[str]) -> list[str]:
    """Remove release directories not named in keep; return their names."""
    removed = []
    for entry in sorted(releases_dir(out).iterdir()):
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in keep:
            _remove_tree(entry)
            removed.append(entry.name)
    return removed


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
