"""The `kolding-graph` command line: one command per pipeline step.

Exit codes: 0 success (or conforms), 1 validation failed, 2 could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .config import SETTINGS_BY_NAME, load_settings
from .errors import KoldingGraphError, NewDiscrepancies, ValidationFailed

EXIT_INVALID = 1
EXIT_ERROR = 2


def setting_option(name: str, *flags: str, **kwargs: Any) -> Any:
    """Return a click option whose help and default come from the settings table."""
    setting = SETTINGS_BY_NAME[name]
    help_text = f"{setting.help} [default: {setting.default}; env {setting.env_var}]"
    return click.option(*flags, name.lower(), default=None, help=help_text, **kwargs)


def settings(**options: Any) -> dict[str, Any]:
    """Return the settings with the given command-line values taking precedence."""
    return load_settings({name.upper(): value for name, value in options.items()})


def fail(error: KoldingGraphError) -> None:
    """Print a domain error to stderr and exit with its exit code."""
    click.echo(f"error: {error}", err=True)
    invalid = isinstance(error, ValidationFailed | NewDiscrepancies)
    sys.exit(EXIT_INVALID if invalid else EXIT_ERROR)


@click.group()
@click.version_option(package_name="kolding-graph")
def main() -> None:
    """Kolding Kommune's international cooperation as linked open data."""


@main.command()
@setting_option("RELEASE_DIR", "--out")
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
@setting_option("RELEASE_DATE", "--release-date")
@click.option("--force", is_flag=True, help="Publish even if the data shrank sharply.")
@click.option(
    "--fail-on-new-discrepancies",
    is_flag=True,
    help="Fail (exit 1) if the Wikidata reconciliation finds a discrepancy that is"
    " not in data/wikidata/accepted-discrepancies.txt.",
)
def build(
    release_dir: str | None,
    source_dir: str | None,
    base_iri: str | None,
    release_date: str | None,
    force: bool,
    fail_on_new_discrepancies: bool = False,
) -> None:
    """Build, validate and publish a release (atomically)."""
    from .build import build_release
    from .metadata import Edition, parse_release_date

    config = settings(
        release_dir=release_dir,
        source_dir=source_dir,
        base_iri=base_iri,
        release_date=release_date,
    )
    try:
        edition = Edition(date=parse_release_date(config["RELEASE_DATE"]))
        result = build_release(
            Path(config["SOURCE_DIR"]),
            Path(config["RELEASE_DIR"]),
            config["BASE_IRI"],
            force=force,
            fail_on_new_discrepancies=fail_on_new_discrepancies,
            edition=edition,
        )
    except KoldingGraphError as error:
        fail(error)
    click.echo(render_summary(result, config["RELEASE_DIR"]))


def render_summary(result: Any, out: str) -> str:
    """Return the build summary: graphs, classes, time."""
    lines = [
        f"Release {result.release.id} published at {out}",
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
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
def validate(source_dir: str | None, base_iri: str | None) -> None:
    """Validate the sources with SHACL; exit 0 conforms, 1 violations, 2 error."""
    from .build import validate_project

    config = settings(source_dir=source_dir, base_iri=base_iri)
    try:
        report = validate_project(Path(config["SOURCE_DIR"]), config["BASE_IRI"])
    except KoldingGraphError as error:
        fail(error)
    click.echo(report.render())
    sys.exit(0 if report.conforms else EXIT_INVALID)


@main.command()
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
@setting_option("WIKIDATA_ENDPOINT", "--endpoint")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Snapshot file to write [default: data/wikidata/snapshot.ttl].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each answer.",
)
@click.option(
    "--attempts",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Tries per query; 429 and 5xx are retried with backoff (Retry-After).",
)
def enrich(
    source_dir: str | None,
    base_iri: str | None,
    wikidata_endpoint: str | None,
    out: str | None,
    timeout: float,
    attempts: int,
) -> None:
    """Fetch what Wikidata says about our linked items into the snapshot file."""
    from .enrich import enrich as run_enrich
    from .wikidata import Client

    config = settings(
        source_dir=source_dir, base_iri=base_iri, wikidata_endpoint=wikidata_endpoint
    )
    try:
        result = run_enrich(
            Path(config["SOURCE_DIR"]),
            config["BASE_IRI"],
            client=Client(
                config["WIKIDATA_ENDPOINT"], timeout=timeout, attempts=attempts
            ),
            out=Path(out) if out else None,
        )
    except KoldingGraphError as error:
        fail(error)
    click.echo(
        f"Wrote {result.path}: {result.triples} triples about {result.covered} items"
        f" ({result.links} links) from {result.queries} queries."
    )
    for item in result.missing:
        click.echo(f"  not found: {item}")
    for item, target in result.redirects:
        click.echo(f"  redirect: {item} -> {target}")


@main.command()
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
@click.option(
    "--snapshot",
    type=click.Path(dir_okay=False),
    help="Snapshot file [default: data/wikidata/snapshot.ttl].",
)
@click.option(
    "--accepted",
    type=click.Path(dir_okay=False),
    help="Accepted discrepancies [default: data/wikidata/accepted-discrepancies.txt].",
)
@click.option(
    "--max-km",
    type=float,
    default=20.0,
    show_default=True,
    help="Report coordinates further apart than this.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
)
@click.option(
    "--lang",
    type=click.Choice(["en", "da"]),
    default="en",
    show_default=True,
    help="Language of the text report.",
)
@click.option(
    "--fail-on-new",
    is_flag=True,
    help="Exit 1 if a discrepancy is not in the accepted list.",
)
def reconcile(
    source_dir: str | None,
    base_iri: str | None,
    snapshot: str | None,
    accepted: str | None,
    max_km: float,
    output: str,
    lang: str,
    fail_on_new: bool,
) -> None:
    """Compare the curated data with the Wikidata snapshot; list discrepancies."""
    import json

    from .discrepancies import render_text, report_graph
    from .namespaces import Namespaces
    from .reconcile import reconcile_project

    config = settings(source_dir=source_dir, base_iri=base_iri)
    try:
        report = reconcile_project(
            Path(config["SOURCE_DIR"]),
            config["BASE_IRI"],
            snapshot=Path(snapshot) if snapshot else None,
            accepted=Path(accepted) if accepted else None,
            max_km=max_km,
        )
    except KoldingGraphError as error:
        fail(error)
    if output == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    elif output == "turtle":
        ns = Namespaces(config["BASE_IRI"])
        click.echo(ns.bind_prefixes(report_graph(report, ns)).serialize())
    else:
        click.echo(render_text(report, lang))
    sys.exit(EXIT_INVALID if fail_on_new and report.new() else 0)


@main.command()
@setting_option("HOST", "--host")
@setting_option("PORT", "--port", type=int)
@setting_option("RELEASE_DIR", "--release")
@setting_option("ENDPOINT", "--endpoint")
@setting_option("WORKERS", "--workers", type=int)
@setting_option("THREADS", "--threads", type=int)
@setting_option("QUERY_TIMEOUT", "--query-timeout", type=float)
@setting_option("SOURCE_DIR", "--source")
def serve(**options: Any) -> None:
    """Serve the release (building it first if there is none) with granian."""
    from .release import load_release
    from .web.server import serve as run_server

    config = settings(**options)
    if not config["ENDPOINT"]:
        try:
            load_release(config["RELEASE_DIR"])
        except KoldingGraphError as problem:
            click.echo(f"no usable release ({problem}); building one", err=True)
            _build_for_serving(config)
    run_server(config)


def _build_for_serving(config: dict[str, Any]) -> None:
    from .build import build_release

    try:
        build_release(
            Path(config["SOURCE_DIR"]), Path(config["RELEASE_DIR"]), config["BASE_IRI"]
        )
    except KoldingGraphError as error:
        fail(error)


@main.command()
@click.argument("text", required=False)
@click.option("--name", help="Run the named example query queries/NAME.rq.")
@click.option("--format", "format_name", help="Result format (json, csv, turtle...).")
@setting_option("RELEASE_DIR", "--release")
@setting_option("ENDPOINT", "--endpoint")
@setting_option("SOURCE_DIR", "--source")
@setting_option("QUERY_TIMEOUT", "--query-timeout", type=float)
def query(
    text: str | None, name: str | None, format_name: str | None, **options: Any
) -> None:
    """Run a SPARQL query (TEXT, '-' for stdin, or --name) and print its answer."""
    from .errors import QueryError
    from .queries import load_queries
    from .sparql import ProtocolRequest, prepare
    from .store import open_store

    config = settings(**options)
    try:
        if name:
            named = load_queries(Path(config["SOURCE_DIR"]) / "queries")
            if name not in named:
                raise QueryError(f"no example query named {name!r}")
            text = named[name].text
        elif text == "-":
            text = sys.stdin.read()
        if not text:
            raise QueryError("give a query, '-' for stdin, or --name")
        prepared = prepare(ProtocolRequest(query=text, format=format_name), None)
        _, store = open_store(config)
        try:
            answer = store.run(prepared)
        finally:
            store.close()
    except KoldingGraphError as error:
        fail(error)
    sys.stdout.buffer.write(answer)
    sys.stdout.buffer.flush()


@main.command()
@setting_option("ENDPOINT", "--endpoint")
@click.option("--store", "store_url", help="Graph Store URL (default: from endpoint).")
@setting_option("RELEASE_DIR", "--release")
def publish(
    endpoint: str | None, store_url: str | None, release_dir: str | None
) -> None:
    """Upload the release to a SPARQL store, one named graph per atomic PUT."""
    from .publish import graph_store_url
    from .publish import publish as upload
    from .release import load_release

    config = settings(endpoint=endpoint, release_dir=release_dir)
    if not (store_url or config["ENDPOINT"]):
        click.echo("error: give --endpoint URL or --store URL", err=True)
        sys.exit(EXIT_ERROR)
    target = store_url or graph_store_url(config["ENDPOINT"])
    try:
        sent = upload(load_release(config["RELEASE_DIR"]), target)
    except KoldingGraphError as error:
        fail(error)
    for graph in sent:
        click.echo(f"{graph.triples:>7}  {graph.graph}")
    click.echo(f"published {len(sent)} graphs to {target}")


@main.command()
@click.option("--version", "version", help="Version name [default: the release date].")
@setting_option("RELEASE_DATE", "--release-date")
@setting_option("RELEASES_DIR", "--releases")
@setting_option("RELEASE_DIR", "--out")
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
@click.option("--force", is_flag=True, help="Publish even if the data shrank sharply.")
def release(version: str | None, force: bool, **options: Any) -> None:
    """Cut a versioned release into the releases folder and serve it from --out."""
    from .errors import BuildError
    from .metadata import parse_release_date
    from .releases import cut_release

    config = settings(**options)
    try:
        date = parse_release_date(config["RELEASE_DATE"])
        if date is None:
            raise BuildError(
                "a release needs a date: --release-date YYYY-MM-DD or"
                " SOURCE_DATE_EPOCH (the clock is never read)",
                where="--release-date",
            )
        cut = cut_release(
            Path(config["SOURCE_DIR"]),
            Path(config["RELEASES_DIR"]),
            config["BASE_IRI"],
            version or date.isoformat(),
            date,
            out=Path(config["RELEASE_DIR"]),
            force=force,
        )
    except KoldingGraphError as error:
        fail(error)
    click.echo(render_cut(cut, config["RELEASES_DIR"], config["RELEASE_DIR"]))


def render_cut(cut: Any, folder: str, out: str) -> str:
    """Return what `release` prints: the new version and what changed."""
    from .changelog import read_changelog

    release = cut.release
    lines = [
        f"Release {release.version} ({release.release_date}, id {release.id})"
        f" written to {folder}/{release.version} and served from {out}."
    ]
    if cut.previous is None:
        return "\n".join([*lines, "First release: nothing to compare with."])
    log = read_changelog(release.path)
    lines.append(
        f"Since {cut.previous.version}: {log['added']} quads added,"
        f" {log['removed']} removed."
    )
    return "\n".join(lines + [f"  - {entry['en']}" for entry in log["entries"]])


@main.command()
@click.argument("old")
@click.argument("new")
@setting_option("RELEASES_DIR", "--releases")
@click.option("--format", "fmt", type=click.Choice(["text", "nquads"]), default="text")
@click.option("--lang", type=click.Choice(["da", "en"]), default="en")
def diff(old: str, new: str, fmt: str, lang: str, **options: Any) -> None:
    """Show the quads added and removed between two releases (version or folder)."""
    from .changelog import describe_changes
    from .diff import diff_files
    from .namespaces import Namespaces
    from .releases import resolve_release

    folder = Path(settings(**options)["RELEASES_DIR"])
    try:
        before, after = resolve_release(folder, old), resolve_release(folder, new)
        changes = diff_files(
            before.file("dataset.nq"), after.file("dataset.nq"), after.base_iri
        )
    except KoldingGraphError as error:
        fail(error)
    if fmt == "nquads":
        click.echo("".join(f"- {q} .\n" for q in changes.removed), nl=False)
        click.echo("".join(f"+ {q} .\n" for q in changes.added), nl=False)
        return
    from .diff import read_quads

    entries = describe_changes(
        changes,
        read_quads(before.file("dataset.nq")),
        read_quads(after.file("dataset.nq")),
        Namespaces(after.base_iri),
    )
    click.echo(f"{len(changes.added)} quads added, {len(changes.removed)} removed.")
    for entry in entries:
        click.echo(f"  - {getattr(entry, lang)}")
