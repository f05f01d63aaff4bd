"""Operations: health and readiness, request ids, metrics, start-up without data.

In-process (Flask test client) over the session release; the production server's
own behaviour (granian workers, access log) is in test_production_server.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from conftest import ROOT
from kolding_graph.release.load import Release
from kolding_graph.web import create_app
from kolding_graph.web.state import get_state

ASK = "ASK { ?s ?p ?o }"
HEX_ID = re.compile(r"[0-9a-f]{16}")


def close(app: Flask) -> None:
    """Stop the app's query process, if it has one."""
    with app.app_context():
        store = get_state().store
        if store is not None:
            store.close()


def assert_clean_error(body: bytes) -> None:
    """An error body names no code location and shows no stack trace."""
    assert b"Traceback" not in body and b'File "' not in body


@pytest.fixture(scope="module")
def ops_app(release: Release) -> Flask:
    """An app on the embedded engine over the session release."""
    app = create_app(
        {"RELEASE_DIR": str(release.path), "SOURCE_DIR": str(ROOT), "QUERY_TIMEOUT": 2}
    )
    yield app
    close(app)


@pytest.fixture
def ops(ops_app: Flask) -> FlaskClient:
    return ops_app.test_client()


def metric(client: FlaskClient, name: str, **labels: str) -> float:
    """Return one sample of /metrics (0 when the series does not exist yet)."""
    text = client.get("/metrics").data.decode("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        series, _, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', series))
        if series.split("{")[0] == name and found == labels:
            return float(value)
    return 0.0


# --- health and readiness -------------------------------------------------------


def test_healthz_answers(ops: FlaskClient) -> None:
    response = ops.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"


def test_readyz_names_the_release(ops: FlaskClient, release: Release) -> None:
    response = ops.get("/readyz")
    assert response.status_code == 200
    body = json.loads(response.data)
    assert body["status"] == "ready" and body["release"] == release.id
    assert body["triples"] == release.triples


def corrupt_copy(release: Release, tmp_path: Path) -> Path:
    """Return a copy of the release whose dump no longer matches its checksum."""
    copy = Path(shutil.copytree(release.path, tmp_path / "corrupt"))
    dump = copy / "dataset.nq"
    dump.chmod(0o644)
    data = dump.read_bytes()
    dump.write_bytes(data[: len(data) // 2])
    return copy


@pytest.mark.parametrize("case", ["missing", "corrupt", "empty-directory"])
def test_start_without_a_good_release_serves_503_never_an_empty_graph(
    release: Release, tmp_path: Path, case: str
) -> None:
    if case == "missing":
        where = tmp_path / "none"
    elif case == "corrupt":
        where = corrupt_copy(release, tmp_path)
    else:
        where = tmp_path / "empty"
        where.mkdir()
    app = create_app({"RELEASE_DIR": str(where), "SOURCE_DIR": str(ROOT)})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    for path in ("/readyz", "/sparql?query=ASK%7B%7D", "/sparql"):
        response = client.get(path, headers={"Accept": "application/json"})
        assert response.status_code == 503, path
        error = json.loads(response.data)["error"]
        assert error["title"] == "Release unavailable" and error["message"]
        assert int(response.headers["Retry-After"]) > 0
        assert_clean_error(response.data)
        assert str(tmp_path).encode() not in response.data  # no server paths
    for page in ("/", "/id/city/orebro", "/search?q=orebro"):
        response = client.get(page, headers={"Accept": "text/html"})
        assert response.status_code == 503, page
        assert b"Release unavailable" in response.data
        assert_clean_error(response.data)
        assert str(tmp_path).encode() not in response.data
    # A SELECT over no data would have answered an empty 200: it must not.
    empty = client.get("/sparql", query_string={"query": "SELECT * {?s ?p ?o}"})
    assert empty.status_code == 503


def test_release_published_after_start_is_picked_up(
    release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kolding_graph.web import reload

    monkeypatch.setattr(reload, "RETRY_SECONDS", 0.0)
    link = tmp_path / "dist"
    app = create_app({"RELEASE_DIR": str(link), "SOURCE_DIR": str(ROOT)})
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    link.symlink_to(release.path)
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert json.loads(ready.data)["release"] == release.id
        assert client.get("/sparql", query_string={"query": ASK}).status_code == 200
    finally:
        close(app)


# --- request ids ----------------------------------------------------------------


def test_request_id_is_made_and_sent_back(ops: FlaskClient) -> None:
    first = ops.get("/sparql", query_string={"query": ASK}).headers["X-Request-Id"]
    second = ops.get("/sparql", query_string={"query": ASK}).headers["X-Request-Id"]
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second) and first != second


def test_well_formed_request_id_is_kept(ops: FlaskClient) -> None:
    given = "lb-7f3a.2026:11"
    response = ops.get("/healthz", headers={"X-Request-Id": given})
    assert response.headers["X-Request-Id"] == given


@pytest.mark.parametrize(
    "given",
    ["", "x" * 101, "a b", "<script>", "id\u202ename", "-leading-dash", "a;b"],
)
def test_malformed_request_id_is_replaced(ops: FlaskClient, given: str) -> None:
    response = ops.get("/healthz", headers={"X-Request-Id": given})
    assert HEX_ID.fullmatch(response.headers["X-Request-Id"])


@pytest.mark.parametrize(
    ("accept", "shown"),
    [
        ("application/json", '"request_id": "trace-42"'),
        ("text/html, */*;q=0.1", "<code>trace-42</code>"),
        ("*/*", "[request id trace-42]"),
    ],
)
def test_request_id_appears_in_error_bodies(
    ops: FlaskClient, accept: str, shown: str
) -> None:
    response = ops.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE {"},
        headers={"Accept": accept, "X-Request-Id": "trace-42"},
    )
    assert response.status_code == 400
    assert shown in response.data.decode("utf-8")
    assert response.headers["X-Request-Id"] == "trace-42"


# --- metrics ---------------------------------------------------------------------


def test_metrics_are_prometheus_text(ops: FlaskClient) -> None:
    response = ops.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain" and "version=" in response.content_type
    text = response.data.decode("utf-8")
    for name, kind in (
        ("kolding_graph_requests_total", "counter"),
        ("kolding_graph_request_seconds", "histogram"),
        ("kolding_graph_query_timeouts_total", "counter"),
        ("kolding_graph_refusals_total", "counter"),
        ("kolding_graph_cache_hits_total", "counter"),
    ):
        assert f"# TYPE {name} {kind}\n" in text, name


def test_metrics_count_requests_by_route_and_status(ops: FlaskClient) -> None:
    ok = {"route": "/sparql", "method": "GET", "status": "200"}
    bad = {"route": "/sparql", "method": "GET", "status": "400"}
    before_ok = metric(ops, "kolding_graph_requests_total", **ok)
    before_bad = metric(ops, "kolding_graph_requests_total", **bad)
    before_seen = metric(ops, "kolding_graph_request_seconds_count", route="/sparql")
    for _ in range(3):
        ops.get("/sparql", query_string={"query": ASK})
    ops.get("/sparql", query_string={"query": "SELECT"})
    assert metric(ops, "kolding_graph_requests_total", **ok) == before_ok + 3
    assert metric(ops, "kolding_graph_requests_total", **bad) == before_bad + 1
    seen = metric(ops, "kolding_graph_request_seconds_count", route="/sparql")
    assert seen == before_seen + 4


def test_metrics_count_refusals_by_reason(ops: FlaskClient) -> None:
    before = metric(ops, "kolding_graph_refusals_total", reason="Forbidden")
    response = ops.get("/sparql", query_string={"query": "DROP ALL"})
    assert response.status_code == 403
    assert metric(ops, "kolding_graph_refusals_total", reason="Forbidden") == before + 1


def test_metrics_count_cache_hits_and_304s(ops: FlaskClient) -> None:
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c } # metrics"}
    hits = metric(ops, "kolding_graph_cache_hits_total", kind="result")
    not_modified = metric(ops, "kolding_graph_cache_hits_total", kind="not_modified")
    first = ops.get("/sparql", query_string=query)
    ops.get("/sparql", query_string=query)
    again = ops.get(
        "/sparql", query_string=query, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert metric(ops, "kolding_graph_cache_hits_total", kind="result") == hits + 1
    after = metric(ops, "kolding_graph_cache_hits_total", kind="not_modified")
    assert after == not_modified + 1


def test_metrics_count_timeouts(ops: FlaskClient) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    before = metric(ops, "kolding_graph_query_timeouts_total")
    response = ops.get("/sparql", query_string={"query": heavy})
    assert response.status_code == 503 and b"time limit" in response.data
    assert metric(ops, "kolding_graph_query_timeouts_total") == before + 1
    assert ops.get("/sparql", query_string={"query": ASK}).status_code == 200


def test_an_app_without_the_ui_still_sends_the_security_headers(
    release: Release, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set-up lives in create_app, not in the UI blueprint: an app serving only
    the endpoint still answers with the CSP, the request id and CORS."""
    import kolding_graph.web.app as web
    from kolding_graph.web.ops import bp as ops_bp
    from kolding_graph.web.sparql import bp as sparql_bp

    monkeypatch.setattr(web, "blueprints", lambda: [ops_bp, sparql_bp])
    app = create_app({"RELEASE_DIR": str(release.path), "SOURCE_DIR": str(ROOT)})
    try:
        assert "pages" not in app.blueprints
        response = app.test_client().get(
            "/sparql", query_string={"query": ASK}, headers={"Accept": "text/csv"}
        )
        assert response.status_code == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert HEX_ID.fullmatch(response.headers["X-Request-Id"])
        assert app.test_client().get("/nowhere").headers["X-Frame-Options"] == "DENY"
    finally:
        close(app)
