"""Releases over time: version names, listing the versioned releases, an index.

Layout of the releases folder (default `releases/`):

    releases/<version>/   one immutable, verified release per version
    releases/.lock        held while a release is cut
    releases/tmp-*        a release being written (left over only by a killed run)
"""

from __future__ import annotations

import re
from pathlib import Path

from kolding_graph.build import writer
from kolding_graph.errors import BuildError, ReleaseError
from kolding_graph.metadata.edition import LATEST
from kolding_graph.release.load import Release, load_release

VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")


def check_version(version: str) -> str:
    """Return the version if it is a safe folder and URL segment, else refuse it."""
    if not VERSION.fullmatch(version) or version == LATEST or ".." in version:
        raise BuildError(
            f"version {version!r} is not allowed: use letters, digits, '.', '-', '_'"
            f" (at most 64, not {LATEST!r}), e.g. 2025-03-01 or 1.2.0",
            where="--version",
        )
    return version


def natural_key(text: str) -> tuple:
    """Return a sort key that orders 1.10 after 1.9."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def release_order(release: Release) -> tuple:
    """Return the sort key of a versioned release: its date, then its version."""
    return (release.release_date, natural_key(release.version))


def scan_releases(folder: Path) -> tuple[list[Release], list[ReleaseError]]:
    """Return the verified versioned releases in folder (oldest first) and problems."""
    found, problems = [], []
    if not Path(folder).is_dir():
        return [], []
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith((".", writer.TMP_PREFIX)) or entry.is_symlink():
            continue
        if not entry.is_dir() or writer.is_unversioned(entry):
            continue
        try:
            found.append(_load_versioned(entry))
        except ReleaseError as problem:
            problems.append(problem)
    return sorted(found, key=release_order), problems


def _load_versioned(path: Path) -> Release:
    release = load_release(path)
    if release.version != path.name or not release.release_date:
        raise ReleaseError(
            f"not a versioned release (version {release.version!r})", where=str(path)
        )
    return release


def list_releases(folder: Path) -> list[Release]:
    """Return the versioned releases in folder, oldest first; refuse a broken one."""
    found, problems = scan_releases(folder)
    if problems:
        raise problems[0]
    return found


def find_release(folder: Path, version: str) -> Release:
    """Return the versioned release named version in folder."""
    check_version(version)
    for release in list_releases(folder):
        if release.version == version:
            return release
    raise ReleaseError(f"no release {version!r}", where=str(folder))


def resolve_release(folder: Path, name: str) -> Release:
    """Return a release given as a folder path or as a version in folder."""
    path = Path(name)
    if (path / "release.json").is_file():
        return load_release(path)
    return find_release(folder, name)


class ReleaseIndex:
    """The versioned releases of a folder, scanned again only when it changes."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._stamp: int | None = None
        self._releases: list[Release] = []
        self.problems: list[ReleaseError] = []

    def releases(self) -> list[Release]:
        """Return the verified releases, oldest first."""
        stamp = self._folder_stamp()
        if stamp != self._stamp:
            self._releases, self.problems = scan_releases(self.folder)
            self._stamp = stamp
        return list(self._releases)

    def find(self, version: str) -> Release | None:
        """Return the release named version, or None (no path is built from it)."""
        return next((r for r in self.releases() if r.version == version), None)

    def _folder_stamp(self) -> int | None:
        try:
            return self.folder.stat().st_mtime_ns
        except OSError:
            return None
