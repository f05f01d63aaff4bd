"""Remote-store mode while a real `oxigraph serve` goes down and comes back.

(A store answering garbage, errors or slowly is covered with a fault server in
the endpoint's limit tests.) Here the real store is stopped: queries and pages
get 503 with Retry-After and a clear message, /readyz says not ready; once the
same store is started again everything answers without restarting the app.
The app may even start while the store is down.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from conftest import ROOT
from kolding_graph.release.load import Release
from kolding_graph.store.publish import publish
from kolding_graph.web import create_app
from servers import free_port, oxigraph_serve

ASK = "ASK { ?s ?p ?o }"


def remote_app(endpoint: str, release_dir: Path) -> Flask:
    return create_app(
        {
            "ENDPOINT": endpoint,
            "RELEASE_DIR": str(release_dir),
            "SOURCE_DIR": str(ROOT),
            "QUERY_TIMEOUT": 2.0,
        }
    )


def assert_unavailable(app: Flask, page_path: str) -> None:
    """Queries and pages not answered before (answers are cached) get 503."""
    client = app.test_client()
    query = client.get(
        "/sparql",
        query_string={"query": f'ASK {{ ?s ?p "{page_path}" }}'},
        headers={"Accept": "application/json"},
    )
    assert query.status_code == 503 and int(query.headers["Retry-After"]) > 0
    message = json.loads(query.data)["error"]["message"]
    assert "unreachable" in message or "store" in message
    page = client.get(page_path, headers={"Accept": "text/html"})
    assert page.status_code in (502, 503) and int(page.headers["Retry-After"]) > 0
    assert b"<h1>" in page.data and b"Traceback" not in page.data
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200


def assert_available(app: Flask) -> None:
    client = app.test_client()
    answer = client.get("/sparql", query_string={"query": ASK})
    assert answer.status_code == 200 and json.loads(answer.data)["boolean"] is True
    assert client.get("/id/city/orebro").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_store_down_then_back(release: Release, tmp_path: Path) -> None:
    port = free_port()
    location = tmp_path / "store"
    with oxigraph_serve(location, port) as base:
        publish(release, f"{base}/store")
        app = remote_app(f"{base}/query", release.path)
        assert_available(app)
    assert_unavailable(app, "/id/city/drammen")  # the same store, stopped
    with oxigraph_serve(location, port):
        assert_available(app)


def test_app_started_while_the_store_is_down_recovers(
    release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kolding_graph.web import reload

    monkeypatch.setattr(reload, "RETRY_SECONDS", 0.0)
    port = free_port()
    location = tmp_path / "store"
    with oxigraph_serve(location, port) as base:
        publish(release, f"{base}/store")
    # No release beside it: the app must ask the store, which is down.
    app = remote_app(f"http://127.0.0.1:{port}/query", tmp_path / "no-release")
    client = app.test_client()
    answer = client.get("/sparql", query_string={"query": ASK})
    assert answer.status_code == 503 and b"unreachable" in answer.data
    assert_unavailable(app, "/id/city/anjo")
    assert client.get("/readyz").status_code == 503
    with oxigraph_serve(location, port):
        assert_available(app)
