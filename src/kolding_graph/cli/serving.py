"""Commands that serve, query and publish a release."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kolding_graph.cli.base import (
    EXIT_ERROR,
    fail,
    main,
    setting_option,
    settings,
)
from kolding_graph.errors import KoldingGraphError


@main.command()
@setting_option("HOST", "--host")
@setting_option("PORT", "--port", type=int)
@setting_option("RELEASE_DIR", "--release")
@setting_option("ENDPOINT", "--endpoint")
@setting_option("WORKERS", "--workers", type=int)
@setting_option("THREADS", "--threads", type=int)
@setting_option("QUERY_TIMEOUT", "--query-timeout", type=float)
@setting_option("SOURCE_DIR", "--source")
@setting_option("RELEASE_DATE", "--release-date")
@setting_option("RELEASES_DIR", "--releases")
def serve(**options: Any) -> None:
    """Serve the release (building it first if there is none) with granian."""
    from kolding_graph.release.load import load_release
    from kolding_graph.web.server import serve as run_server

    config = settings(**options)
    if not config["ENDPOINT"]:
        try:
            if not load_release(config["RELEASE_DIR"]).version:
                click.echo("the release has no version; building one", err=True)
                _build_for_serving(config)
        except KoldingGraphError as problem:
            click.echo(f"no usable release ({problem}); building one", err=True)
            _build_for_serving(config)
    run_server(config)


def _build_for_serving(config: dict[str, Any]) -> None:
    from kolding_graph.cli.building import build_versioned

    try:
        build_versioned(config)
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
    from kolding_graph.errors import QueryError
    from kolding_graph.query.named import load_queries
    from kolding_graph.query.protocol import ProtocolRequest, prepare
    from kolding_graph.store.opening import open_store

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
@setting_option("STORE", "--store")
@setting_option("STORE_USER", "--user")
@setting_option("RELEASE_DIR", "--release")
def publish(
    endpoint: str | None,
    store: str | None,
    store_user: str | None,
    release_dir: str | None,
) -> None:
    """Upload the release to a SPARQL store, one named graph per atomic PUT.

    The password comes from KOLDING_GRAPH_STORE_PASSWORD or ~/.netrc, never
    from the command line.
    """
    from kolding_graph.release.load import load_release
    from kolding_graph.store.publish import find_login, graph_store_url
    from kolding_graph.store.publish import publish as upload

    config = settings(
        endpoint=endpoint, store=store, store_user=store_user, release_dir=release_dir
    )
    if not (config["STORE"] or config["ENDPOINT"]):
        click.echo("error: give --endpoint URL or --store URL", err=True)
        sys.exit(EXIT_ERROR)
    try:
        place = config["STORE"] or config["ENDPOINT"]
        login = find_login(place, config["STORE_USER"] or None)
        target = config["STORE"] or graph_store_url(config["ENDPOINT"], login)
        sent = upload(load_release(config["RELEASE_DIR"]), target, login=login)
    except KoldingGraphError as error:
        fail(error)
    for graph in sent:
        click.echo(f"{graph.triples:>7}  {graph.graph}")
    click.echo(f"published {len(sent)} graphs to {target}")
