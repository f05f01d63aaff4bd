"""Commands that build (and version), validate and compare releases."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from kolding_graph.cli.base import (
    EXIT_INVALID,
    fail,
    main,
    setting_option,
    settings,
)
from kolding_graph.errors import KoldingGraphError, ReleaseError


@main.command()
@setting_option("RELEASE_DIR", "--out")
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
@setting_option("RELEASE_DATE", "--release-date")
@setting_option("RELEASES_DIR", "--releases")
@click.option(
    "--version",
    "version",
    default="",
    help="Version name [default: the release date and a counter, e.g. 2026-11-30.1].",
)
@click.option("--force", is_flag=True, help="Publish even if the data shrank sharply.")
@click.option(
    "--fail-on-new-discrepancies",
    is_flag=True,
    help="Fail (exit 1) if the Wikidata reconciliation finds a discrepancy that is"
    " not in data/wikidata/accepted-discrepancies.txt.",
)
def build(
    version: str,
    force: bool,
    fail_on_new_discrepancies: bool = False,
    **options: Any,
) -> None:
    """Build, validate and publish a versioned release (atomically)."""
    config = settings(**options)
    try:
        result = build_versioned(
            config,
            version=version,
            force=force,
            fail_on_new_discrepancies=fail_on_new_discrepancies,
        )
    except KoldingGraphError as error:
        fail(error)
    click.echo(render_summary(result, config["RELEASE_DIR"]))


def build_versioned(config: dict[str, Any], **options: Any) -> Any:
    """Run the one release flow with the settings: date, folders, base IRI."""
    from kolding_graph.build.cut import build_release
    from kolding_graph.config import releases_folder
    from kolding_graph.metadata.edition import parse_release_date

    return build_release(
        Path(config["SOURCE_DIR"]),
        Path(config["RELEASE_DIR"]),
        config["BASE_IRI"],
        date=parse_release_date(config["RELEASE_DATE"]),
        releases=releases_folder(config),
        before_switch=None if config["ENDPOINT"] else _preparing(config),
        **options,
    )


def _preparing(config: dict[str, Any]) -> Any:
    """Return the build's last step: the serving indexes, before servers switch."""

    def prepare(release: Any) -> None:
        try:
            prepare_serving(release, config)
        except (KoldingGraphError, OSError, sqlite3.Error) as error:
            # The release is good: a server then builds them, or loads into memory.
            click.echo(f"warning: serving indexes not written: {error}", err=True)

    return prepare


def prepare_serving(release: Any, config: dict[str, Any]) -> None:
    """Write the release's serving indexes now, so that no server waits for them.

    The on-disk store first (for a release too large to load into memory), then
    the search and titles files read from the store.
    """
    from kolding_graph.browse.select import store_select
    from kolding_graph.browse.site import prepare_page_indexes
    from kolding_graph.store.ondisk import prepare_store
    from kolding_graph.store.opening import open_embedded

    if release.triples > config["MEMORY_STORE_MAX_TRIPLES"]:
        prepare_store(release)  # raises, where open_embedded would fall back
    store = open_embedded(release, config)
    try:
        prepare_page_indexes(release, store_select(store))
    finally:
        store.close()


def render_summary(result: Any, out: str) -> str:
    """Return the build summary: graphs, classes, time."""
    release = result.release
    lines = [
        f"Release {release.version} ({release.release_date}, id {release.id})"
        f" published at {out}",
        "",
        "Triples per graph:",
    ]
    lines += [f"  {name:<10} {count:>7}" for name, count in result.triples.items()]
    lines += [
        f"  {'total':<10} {sum(result.triples.values()):>7}",
        "",
        "Entities per class:",
    ]
    lines += [f"  {cls:<40} {count:>5}" for cls, count in result.entities.items()]
    phases = ", ".join(f"{name} {sec:.2f}s" for name, sec in result.phases.items())
    lines += ["", f"Built in {result.seconds:.2f}s ({phases})."]
    warnings = len(result.report.violations)
    if warnings:
        lines += [f"{warnings} SHACL warning(s)/info(s): run `kolding-graph validate`."]
    return "\n".join(lines)


@main.command()
@setting_option("RELEASE_DIR", "--release")
def prepare(**options: Any) -> None:
    """Write the serving indexes of a release (the build does this too)."""
    import time

    from kolding_graph.release.load import load_release

    config = settings(**options)
    started = time.perf_counter()
    try:
        prepare_serving(load_release(config["RELEASE_DIR"]), config)
    except KoldingGraphError as error:
        fail(error)
    except (OSError, sqlite3.Error) as error:
        fail(ReleaseError(f"could not write the serving indexes: {error}"))
    click.echo(f"Prepared in {time.perf_counter() - started:.2f}s.")


@main.command()
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
def validate(source_dir: str | None, base_iri: str | None) -> None:
    """Validate the sources with SHACL; exit 0 conforms, 1 violations, 2 error.

    Also warns about people whose last public post ended longer ago than
    PRIVACY_REVIEW_YEARS (the warnings do not change the exit code).
    """
    import datetime as dt

    from kolding_graph.build.pipeline import review_project

    config = settings(source_dir=source_dir, base_iri=base_iri)
    root, base = Path(config["SOURCE_DIR"]), config["BASE_IRI"]
    try:
        report, notes = review_project(root, base, dt.date.today())
    except KoldingGraphError as error:
        fail(error)
    click.echo(report.render())
    for note in notes:
        click.echo("warning: " + note.render(), err=True)
    sys.exit(0 if report.conforms else EXIT_INVALID)


@main.command()
@click.argument("old")
@click.argument("new")
@setting_option("RELEASES_DIR", "--releases")
@click.option("--format", "fmt", type=click.Choice(["text", "nquads"]), default="text")
@click.option("--lang", type=click.Choice(["da", "en"]), default="en")
def diff(old: str, new: str, fmt: str, lang: str, **options: Any) -> None:
    """Show the quads added and removed between two releases (version or folder)."""
    from kolding_graph.build.versions import resolve_release
    from kolding_graph.config import releases_folder
    from kolding_graph.namespaces import Namespaces
    from kolding_graph.release.changelog import describe_changes
    from kolding_graph.release.diff import diff_quads, read_quads
    from kolding_graph.release.load import DATASET

    folder = releases_folder(settings(**options))
    try:
        before, after = resolve_release(folder, old), resolve_release(folder, new)
        quads = read_quads(before.file(DATASET)), read_quads(after.file(DATASET))
    except KoldingGraphError as error:
        fail(error)
    changes = diff_quads(*quads, after.base_iri)
    if fmt == "nquads":
        click.echo("".join(f"- {q} .\n" for q in changes.removed), nl=False)
        click.echo("".join(f"+ {q} .\n" for q in changes.added), nl=False)
        return
    entries = describe_changes(changes, *quads, Namespaces(after.base_iri))
    click.echo(f"{len(changes.added)} quads added, {len(changes.removed)} removed.")
    for entry in entries:
        click.echo(f"  - {getattr(entry, lang)}")
