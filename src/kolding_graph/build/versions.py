"""Releases over time: cut a versioned release, list them, compare each with the last.

Layout of the releases folder (default `releases/`):

    releases/<version>/   one immutable, verified release per version
    releases/.lock        held while a release is cut
    releases/tmp-*        a release being written (left over only by a killed run)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kolding_graph.build import writer
from kolding_graph.build.pipeline import (
    Assembly,
    assemble,
    check,
    check_shrink,
    render_files,
)
from kolding_graph.build.validate import ValidationReport
from kolding_graph.errors import BuildError, ReleaseError, ValidationFailed
from kolding_graph.metadata.edition import LATEST, Edition
from kolding_graph.release.changelog import (
    CHANGELOG,
    describe_changes,
    render_changelog,
)
from kolding_graph.release.diff import (
    Diff,
    diff_quads,
    parse_nquads,
    read_quads,
    render_diff,
)
from kolding_graph.release.distributions import Rendered
from kolding_graph.release.load import DATASET, Release, load_release
from kolding_graph.release.withdrawn import drop_withdrawn, withdrawn_entries

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
        if not entry.is_dir():
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


@dataclass(frozen=True)
class Cut:
    """A newly cut release and the one it was compared with."""

    release: Release
    previous: Release | None


def cut_release(
    root: Path,
    folder: Path,
    base: str,
    version: str,
    date: dt.date,
    *,
    out: Path | None = None,
    force: bool = False,
) -> Cut:
    """Build, validate and write releases/<version>; then point out at it."""
    check_version(version)
    folder = Path(folder).absolute()
    with writer.folder_lock(folder):
        writer.remove_staging_in(folder)
        existing = list_releases(folder)
        previous = existing[-1] if existing else None
        check_new(folder, previous, version, date)
        edition = Edition(version, date, first_date(existing) or date)
        assembly, report = validated(root, base, edition)
        check_shrink(previous, assembly.triples(), force)
        changes = ChangesSince(previous, assembly, version)
        files = render_files(assembly, report, extra=changes)
        final = commit(folder, version, files)
    if out is not None:
        publish(Path(out).absolute(), final)
    return Cut(load_release(final), previous)


def check_new(
    folder: Path, previous: Release | None, version: str, date: dt.date
) -> None:
    """Refuse an existing version or a date before the newest release's."""
    if (folder / version).exists():
        raise BuildError(
            f"version {version} exists already; releases are never replaced",
            where=str(folder / version),
        )
    if previous is not None and date.isoformat() < previous.release_date:
        raise BuildError(
            f"release date {date} is before {previous.release_date}, the date of"
            f" the newest release ({previous.version})",
            where="--release-date",
        )


def first_date(existing: list[Release]) -> dt.date | None:
    """Return the date of the first release, when there is one."""
    if not existing:
        return None
    return dt.date.fromisoformat(min(r.release_date for r in existing))


def validated(
    root: Path, base: str, edition: Edition
) -> tuple[Assembly, ValidationReport]:
    """Assemble the sources and refuse them unless they conform to the shapes."""
    assembly = assemble(Path(root), base, edition)
    report = check(assembly)
    if not report.conforms:
        raise ValidationFailed(
            "SHACL validation failed, nothing was published.\n\n" + report.render(),
            report=report,
        )
    return assembly, report


@dataclass(frozen=True)
class ChangesSince:
    """Render the diff and changelog against the previous release (build hook)."""

    previous: Release | None
    assembly: Assembly
    version: str

    def __call__(self, rendered: Mapping[str, Rendered]) -> dict[str, Rendered]:
        """Return added.nq.gz, removed.nq.gz and changelog.json."""
        if self.previous is None:
            return {CHANGELOG: _first_changelog(self.version)}
        old = read_quads(self.previous.file(DATASET))
        new = parse_nquads(rendered[DATASET].data)
        left_out = self.assembly.left_out
        diff = diff_quads(old, new, self.assembly.ns.base)
        diff = drop_withdrawn(diff, left_out.nodes, new)
        entries = describe_changes(diff, old, new, self.assembly.ns)
        records = [w.iri for w in left_out.withdrawals]
        entries += withdrawn_entries(old, records)
        changelog = render_changelog(diff, entries, self.version, self.previous.version)
        return render_diff(diff) | {CHANGELOG: changelog}


def _first_changelog(version: str) -> Rendered:
    return render_changelog(Diff((), ()), [], version, "")


def commit(folder: Path, version: str, files: Mapping[str, bytes]) -> Path:
    """Stage the files, then rename them into folder/<version> in one step."""
    staging = writer.stage_in(folder, files)
    final = folder / version
    staging.rename(final)
    writer.fsync_dir(folder)
    return final


def publish(out: Path, final: Path) -> None:
    """Point the served release link (dist) at a versioned release."""
    with writer.build_lock(out):
        writer.current_release(out)  # refuses an out that is not a release
        writer.switch(out, final)


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
