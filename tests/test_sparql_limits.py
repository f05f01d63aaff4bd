"""Limits and faults: result caps, no release, a remote store down, slow or wrong."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask

from conftest import ENGINES, engine_endpoint, sparql_config
from kolding_graph.release.load import Release
from kolding_graph.web import create_app
from kolding_graph.web.state import get_state
from servers import free_port

ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
ALL_ROWS = "SELECT * WHERE { ?s ?p ?o }"
SMALL = "SELECT ?p WHERE { ?s ?p ?o } LIMIT 1"


def close(app: Flask) -> None:
    """Stop the app's query process, if it has one."""
    with app.app_context():
        store = get_state().store
        if store is not None:
            store.close()


@pytest.fixture(params=ENGINES)
def capped_app(request: pytest.FixtureRequest, release: Release) -> Iterator[Flask]:
    """An app on each engine whose answers may not exceed 4,000 bytes."""
    endpoint = engine_endpoint(request.param, request)
    config = sparql_config(request.param, release, endpoint)
    app = create_app(config | {"RESULT_MAX_BYTES": 4000})
    yield app
    close(app)


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (ALL_ROWS, "*/*"),
        (ALL_ROWS, "text/csv"),
        (ALL_ROWS, "application/sparql-results+xml"),
        (ALL_TRIPLES, "*/*"),
        (ALL_TRIPLES, "application/n-triples"),
        (ALL_TRIPLES, "application/ld+json"),
    ],
)
def test_result_over_the_cap_is_refused_not_truncated(
    capped_app: Flask, query: str, accept: str
) -> None:
    client = capped_app.test_client()
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": accept}
    )
    assert response.status_code == 413
    assert b"larger than" in response.data
    small = client.get("/sparql", query_string={"query": SMALL})
    assert small.status_code == 200


def test_missing_release_is_503_not_an_empty_graph(tmp_path: Path) -> None:
    app = create_app(
        {"RELEASE_DIR": str(tmp_path / "none"), "SOURCE_DIR": str(tmp_path)}
    )
    response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 503
    assert b"release" in response.data and response.headers["Retry-After"]
    assert app.test_client().get("/sparql").status_code == 503


# --- a remote store that misbehaves ---------------------------------------------------


class FaultyStore(ThreadingHTTPServer):
    """A local HTTP server standing in for a broken SPARQL store."""

    mode = "garbage"
    upstream = ""


class FaultHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "slow":
            time.sleep(3)
        if mode == "proxy":
            self._forward(body)
            return
        if mode == "ignore-dataset":  # as rdflib-endpoint does
            self._forward(_without_dataset(body))
            return
        status = 500 if mode == "error" else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b"{ this is not json")

    def _forward(self, body: bytes) -> None:
        upstream = urllib.request.Request(
            self.server.upstream,  # type: ignore[attr-defined]
            data=body,
            headers={
                "Content-Type": self.headers["Content-Type"],
                "Accept": self.headers["Accept"],
            },
        )
        with urllib.request.urlopen(upstream, timeout=10) as answer:
            data = answer.read()
        self.send_response(200)
        self.send_header("Content-Type", answer.headers["Content-Type"])
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


def _without_dataset(body: bytes) -> bytes:
    """Drop default-graph-uri and named-graph-uri from a form-encoded body."""
    pairs = urllib.parse.parse_qsl(body.decode(), keep_blank_values=True)
    kept = [
        (k, v) for k, v in pairs if k not in ("default-graph-uri", "named-graph-uri")
    ]
    return urllib.parse.urlencode(kept).encode()


@pytest.fixture
def faulty_store(oxigraph_store: str) -> Iterator[FaultyStore]:
    server = FaultyStore(("127.0.0.1", 0), FaultHandler)
    server.upstream = f"{oxigraph_store}/query"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def remote_app(release: Release, endpoint: str) -> Flask:
    config = sparql_config("embedded", release, None)
    return create_app(config | {"ENDPOINT": endpoint, "QUERY_TIMEOUT": 1.0})


@pytest.mark.parametrize(
    ("mode", "status", "words"),
    [
        ("garbage", 502, b"unreadable"),
        ("error", 502, b"store failed"),
        ("slow", 503, b"did not answer"),
    ],
)
def test_remote_store_faults_are_502_or_503_and_recover(
    release: Release, faulty_store: FaultyStore, mode: str, status: int, words: bytes
) -> None:
    host, port = faulty_store.server_address[:2]
    client = remote_app(release, f"http://{host}:{port}/query").test_client()
    faulty_store.mode = mode
    response = client.get("/sparql", query_string={"query": SMALL})
    assert response.status_code == status
    assert words in response.data and int(response.headers["Retry-After"]) > 0
    assert b"Traceback" not in response.data
    faulty_store.mode = "proxy"
    recovered = client.get("/sparql", query_string={"query": SMALL})
    assert recovered.status_code == 200
    assert len(json.loads(recovered.data)["results"]["bindings"]) == 1


def test_a_store_that_ignores_the_dataset_is_refused(
    release: Release, faulty_store: FaultyStore
) -> None:
    """Issue 15, finding 6: over rdflib-endpoint a count over the curated graph
    gave 3,045 (every graph) instead of 1,273, silently."""
    host, port = faulty_store.server_address[:2]
    faulty_store.mode = "ignore-dataset"
    client = remote_app(release, f"http://{host}:{port}/query").test_client()
    curated = "https://data.kolding.dk/graph/curated"
    for params in ({}, {"default-graph-uri": curated}):
        response = client.get("/sparql", query_string={"query": SMALL, **params})
        assert response.status_code == 503
        assert b"ignores the default-graph-uri parameter" in response.data, params
    assert client.get("/id/city/orebro").status_code == 503
    faulty_store.mode = "proxy"
    fresh = remote_app(release, f"http://{host}:{port}/query").test_client()
    response = fresh.get("/sparql", query_string={"query": SMALL})
    assert response.status_code == 200


def test_remote_store_down_is_503(release: Release) -> None:
    client = remote_app(release, f"http://127.0.0.1:{free_port()}/query").test_client()
    response = client.get("/sparql", query_string={"query": SMALL})
    assert response.status_code == 503
    assert b"unreachable" in response.data and response.headers["Retry-After"]


def test_remote_store_without_release_reads_graph_sizes(
    release: Release, oxigraph_store: str, tmp_path: Path
) -> None:
    app = create_app(
        {
            "ENDPOINT": f"{oxigraph_store}/query",
            "RELEASE_DIR": str(tmp_path / "none"),
            "SOURCE_DIR": str(tmp_path),
        }
    )
    with app.app_context():
        sizes = get_state().store.graph_sizes()
    assert sizes == {g["iri"]: int(g["triples"]) for g in release.graphs.values()}
    answer = app.test_client().get("/sparql", query_string={"query": SMALL})
    assert answer.status_code == 200 and "ETag" not in answer.headers


def test_rows_for_tables_are_capped_and_flagged(app: Flask) -> None:
    with app.app_context():
        store = get_state().store
        capped = store.rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=5)
        whole = store.rows("SELECT ?x WHERE { VALUES ?x { 1 2 } }", max_rows=5)
        answer = store.rows("ASK { ?s ?p ?o }", max_rows=5)
    assert capped.variables == ("s", "p", "o")
    assert len(capped.rows) == 5 and capped.truncated
    assert [row[0].value for row in whole.rows] == ["1", "2"] and not whole.truncated
    assert answer.rows[0][0].value == "true"
