"""Commands that fetch the Wikidata snapshot and reconcile against it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kolding_graph.cli.base import (
    EXIT_INVALID,
    fail,
    main,
    setting_option,
    settings,
)
from kolding_graph.errors import KoldingGraphError


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
    from kolding_graph.wikidata.client import Client
    from kolding_graph.wikidata.enrich import enrich as run_enrich

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

    from kolding_graph.namespaces import Namespaces
    from kolding_graph.wikidata.discrepancies import render_text
    from kolding_graph.wikidata.reconcile import reconcile_project
    from kolding_graph.wikidata.report_rdf import report_graph

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
