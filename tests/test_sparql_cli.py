"""The endpoint's commands: query, publish, serve (which builds when it must)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from conftest import ROOT
from kolding_graph import cli
from kolding_graph.release.load import Release, load_release
from kolding_graph.store.opening import open_store
from release_helpers import write_release
from servers import kolding_graph_serve, oxigraph_serve

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def run_query(runner: CliRunner, release: Release, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(
        cli.main,
        ["query", "--release", str(release.path), "--source", str(ROOT), *args],
    )


def test_query_runs_a_named_query(runner: CliRunner, release: Release) -> None:
    result = run_query(runner, release, "--name", "kolding-in-ubc")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"head": {}, "boolean": True}


def test_query_runs_text_in_a_chosen_format(
    runner: CliRunner, release: Release
) -> None:
    text = "SELECT ?x WHERE { BIND(<id/city/orebro> AS ?x) }"
    result = run_query(runner, release, "--format", "csv", text)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["x", "https://data.kolding.dk/id/city/orebro"]


def test_query_refuses_updates_with_exit_2(runner: CliRunner, release: Release) -> None:
    result = run_query(runner, release, "DROP ALL")
    assert result.exit_code == 2
    assert "read-only endpoint" in result.output


def test_query_names_an_unknown_example(runner: CliRunner, release: Release) -> None:
    result = run_query(runner, release, "--name", "no-such-query")
    assert result.exit_code == 2 and "no-such-query" in result.output


def test_publish_puts_every_graph(
    runner: CliRunner, release: Release, tmp_path: Path
) -> None:
    curated = release.graphs["curated"]["iri"]
    stale = ox.Quad(
        ox.NamedNode("urn:stale"), RDFS_LABEL, ox.Literal("x"), ox.NamedNode(curated)
    )
    older = write_release(tmp_path / "older", [stale])
    with oxigraph_serve(tmp_path / "store") as base:
        for published in (older, release.path):
            result = runner.invoke(
                cli.main,
                ["publish", "--endpoint", f"{base}/query", "--release", str(published)],
            )
            assert result.exit_code == 0, result.output
        config = {
            "ENDPOINT": f"{base}/query",
            "RELEASE_DIR": str(tmp_path / "no-release"),
            "QUERY_TIMEOUT": 5.0,
            "RESULT_MAX_BYTES": 1_000_000,
            "BASE_IRI": release.base_iri,
        }
        _, store = open_store(config)
    # Each PUT replaced its graph: the older release's triple is gone.
    expected = {g["iri"]: int(g["triples"]) for g in release.graphs.values()}
    assert store.graph_sizes() == expected
    for iri, triples in expected.items():
        assert f"{triples:>7}  {iri}" in result.output


def test_publish_to_a_store_that_is_down_exits_2(
    runner: CliRunner, release: Release
) -> None:
    result = runner.invoke(
        cli.main,
        [
            "publish",
            "--store",
            "http://127.0.0.1:9/store",
            "--release",
            str(release.path),
        ],
    )
    assert result.exit_code == 2 and "unreachable" in result.output


def test_serve_builds_a_release_when_there_is_none(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    args = ("--source", str(ROOT), "--workers", "1")
    with kolding_graph_serve(out, *args, log=tmp_path / "log") as (base, _):
        query = urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}
        )
        with urllib.request.urlopen(f"{base}/sparql?{query}", timeout=10) as answer:
            body = json.loads(answer.read())
    triples = sum(int(g["triples"]) for g in load_release(out).graphs.values())
    assert int(body["results"]["bindings"][0]["n"]["value"]) == triples > 0
    assert "building one" in (tmp_path / "log").read_text()
