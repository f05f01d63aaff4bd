"""Publish a release: build it, give it a version and a date, keep it for good.

Every build goes through `build_release`. Layout for an output path `dist`:

    dist                      -> dist.releases/<version>  (switched atomically)
    dist.releases/<version>/  one immutable release per version, never removed
    dist.releases/.lock       held while a build runs
    dist.releases/tmp-*       a release being written (left only by a killed build)

A build whose data equals the newest release's mints no version: `dist` keeps
(or gets back) that release.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kolding_graph.build import pipeline, writer
from kolding_graph.build.pipeline import (
    Assembly,
    BuildResult,
    assemble,
    check_discrepancies,
    check_shrink,
    count_entities,
    render_files,
)
from kolding_graph.build.validate import ValidationReport
from kolding_graph.build.versions import check_version, list_releases
from kolding_graph.errors import BuildError, ValidationFailed
from kolding_graph.metadata.edition import Edition
from kolding_graph.metadata.graph import describe_dataset
from kolding_graph.release import dumps
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
from kolding_graph.release.distributions import Rendered, sha256
from kolding_graph.release.load import DATASET, Release, load_release, sha256_file
from kolding_graph.release.naming import (
    first_date,
    next_version,
    source_date,
)
from kolding_graph.release.withdrawn import drop_withdrawn, withdrawn_entries


@dataclass(frozen=True)
class Plan:
    """What a build publishes: the folder, the releases there, the edition."""

    folder: Path
    existing: list[Release]
    edition: Edition
    explicit: bool

    @property
    def previous(self) -> Release | None:
        """Return the newest versioned release, if any."""
        return self.existing[-1] if self.existing else None


def build_release(
    root: Path,
    out: Path | None,
    base: str,
    *,
    force: bool = False,
    fail_on_new_discrepancies: bool = False,
    date: dt.date | None = None,
    version: str = "",
    releases: Path | None = None,
    before_switch: Callable[[Release], None] | None = None,
) -> BuildResult:
    """Build, validate and publish a versioned release of the project at root.

    date: the release date (None: the date of the newest source change);
    version: its name (empty: the date and a counter, e.g. 2026-11-30.1);
    before_switch: called with the written release before servers are pointed
    at it (the CLI writes its serving indexes there, so no server waits).
    """
    out = Path(out).absolute() if out is not None else None
    folder = _folder(out, releases)
    clock = Phases()
    with writer.folder_lock(folder):
        served = _prepare(folder, out)
        plan = make_plan(Path(root), folder, date, version)
        assembly = assemble(Path(root), base, previous_edition(plan) or plan.edition)
        clock.mark("parse")
        report = validated(assembly)
        clock.mark("validate")
        check_discrepancies(assembly, fail_on_new_discrepancies)
        final = publish_or_keep(plan, assembly, report, served, force)
        clock.mark("write")
        release = load_release(final)
        if before_switch is not None:
            before_switch(release)
            clock.mark("prepare")
        if out is not None:
            switch(out, final, served)
        clock.mark("switch")
    return BuildResult(
        release,
        assembly.triples(),
        count_entities(assembly),
        report,
        clock.total(),
        clock.phases,
    )


class Phases:
    """Seconds spent in each phase of a build."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.phases: dict[str, float] = {}

    def mark(self, phase: str) -> None:
        """Record the time since the previous mark as the given phase."""
        self.phases[phase] = self.total() - sum(self.phases.values())

    def total(self) -> float:
        """Return the seconds since the build started."""
        return time.perf_counter() - self.started


def _folder(out: Path | None, releases: Path | None) -> Path:
    if releases is not None and str(releases):
        return Path(releases).absolute()
    if out is None:
        raise BuildError("give an output path or a releases folder")
    return writer.releases_dir(out)


def _prepare(folder: Path, out: Path | None) -> Release | None:
    """Remove what killed builds left; return the release served at out now."""
    writer.remove_staging_in(folder)
    if out is None:
        return None
    writer.remove_leftovers(out)
    return writer.current_release(out)


def make_plan(root: Path, folder: Path, date: dt.date | None, version: str) -> Plan:
    """Return the edition of the next release: version, date, first issue."""
    existing = list_releases(folder)
    newest = dt.date.fromisoformat(existing[-1].release_date) if existing else None
    day = date or source_date(root)
    if date is None and newest is not None:
        day = max(day, newest)  # an automatic date never goes back in time
    name = check_version(version) if version else next_version(existing, day)
    edition = Edition(name, day, first_date(existing) or day)
    return Plan(folder, existing, edition, bool(version))


def previous_edition(plan: Plan) -> Edition | None:
    """Return the newest release's edition, to see whether anything changed."""
    previous = plan.previous
    if previous is None or plan.explicit:
        return None
    day = dt.date.fromisoformat(previous.release_date)
    return Edition(previous.version, day, first_date(plan.existing))


def validated(assembly: Assembly) -> ValidationReport:
    """Validate the assembly; refuse it unless it conforms to the shapes."""
    report = pipeline.check(assembly)  # looked up late: bench/generate.py swaps it
    if not report.conforms:
        raise ValidationFailed(
            "SHACL validation failed, nothing was published.\n\n" + report.render(),
            report=report,
        )
    return report


def publish_or_keep(
    plan: Plan,
    assembly: Assembly,
    report: ValidationReport,
    served: Release | None,
    force: bool,
) -> Path:
    """Return the newest release if nothing changed, else write a new version."""
    previous = plan.previous
    if previous is not None and assembly.edition.version == previous.version:
        if dataset_sha256(assembly) == sha256_file(previous.file(DATASET)):
            return previous.path
        redescribe(assembly, plan.edition)
    check_new(plan.folder, previous, plan.edition)
    check_shrink(previous or served, assembly.triples(), force)
    changes = ChangesSince(previous, assembly, plan.edition.version)
    files = render_files(assembly, report, extra=changes)
    return commit(plan.folder, plan.edition.version, files)


def dataset_sha256(assembly: Assembly) -> str:
    """Return the SHA-256 of the N-Quads dump this assembly would publish."""
    data = dumps.nquads(dumps.canonical_dataset(assembly.graphs, assembly.ns))
    return sha256(data)


def redescribe(assembly: Assembly, edition: Edition) -> None:
    """Describe the assembly again as a new edition (its metadata graph)."""
    graphs = {k: g for k, g in assembly.graphs.items() if k != "metadata"}
    assembly.graphs["metadata"] = describe_dataset(assembly.ns, graphs, edition)
    assembly.edition = edition


def check_new(folder: Path, previous: Release | None, edition: Edition) -> None:
    """Refuse an existing version or a date before the newest release's."""
    version, date = edition.version, edition.date
    if (folder / version).exists():
        raise BuildError(
            f"version {version} exists already; releases are never replaced",
            where=str(folder / version),
        )
    if previous is not None and date and date.isoformat() < previous.release_date:
        raise BuildError(
            f"release date {date} is before {previous.release_date}, the date of"
            f" the newest release ({previous.version})",
            where="--release-date",
        )


@dataclass(frozen=True)
class ChangesSince:
    """Render the diff and changelog against the previous release (build hook)."""

    previous: Release | None
    assembly: Assembly
    version: str

    def __call__(self, rendered: Mapping[str, Rendered]) -> dict[str, Rendered]:
        """Return added.nq.gz, removed.nq.gz and changelog.json."""
        if self.previous is None:
            return {CHANGELOG: render_changelog(Diff((), ()), [], self.version, "")}
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


def commit(folder: Path, version: str, files: Mapping[str, bytes]) -> Path:
    """Stage the files, then rename them into folder/<version> in one step."""
    staging = writer.stage_in(folder, files)
    final = folder / version
    staging.rename(final)
    writer.fsync_dir(folder)
    return final


def switch(out: Path, final: Path, served: Release | None) -> None:
    """Point out at the release, then drop releases that have no version."""
    if not (out.is_symlink() and out.resolve() == final.resolve()):
        writer.switch(out, final)
    keep = {final.name} | ({served.path.name, served.id} if served else set())
    writer.prune_unversioned(writer.releases_dir(out), keep)


@dataclass(frozen=True)
class Cut:
    """A published release and the one before it."""

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
    """Publish an explicitly named and dated version into folder (and at out)."""
    existing = list_releases(Path(folder))
    result = build_release(
        root, out, base, force=force, date=date, version=version, releases=folder
    )
    return Cut(result.release, existing[-1] if existing else None)
