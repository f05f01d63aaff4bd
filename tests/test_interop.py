"""Findings of issue 15 with clients and stores nobody here wrote, one test each.

The endpoint tests run on every engine (embedded, `oxigraph serve`, Virtuoso).
"""

from __future__ import annotations

import io
import json
import urllib.error
from email.message import Message

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from kolding_graph.errors import QueryError, UpstreamError
from kolding_graph.release.load import DATASET, Release
from kolding_graph.sources.canonical import CANONICAL_TYPES, canonical_form
from kolding_graph.store.remote import _http_error

UNKNOWN_FUNCTION = "SELECT * WHERE { ?s ?p ?o FILTER(<urn:f>(?o)) } LIMIT 1"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    """Return the JSON error object of an error response."""
    return json.loads(response.data)["error"]


# --- 1. the engine's refusals are the client's error ------------------------------


@pytest.mark.parametrize(
    "query",
    [
        UNKNOWN_FUNCTION,
        "SELECT (<urn:f>(1) AS ?x) WHERE {}",
        "ASK { ?s ?p ?o FILTER(<urn:f>(?o)) }",
        "SELECT * WHERE { ?s ?p ?o } ORDER BY <urn:g>(?o) LIMIT 1",
    ],
)
def test_unknown_function_is_400_with_the_message(
    client: FlaskClient, query: str
) -> None:
    """Issue 15, finding 1: 500 embedded and 502 over Virtuoso before."""
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400, response.data
    error = error_of(response)
    assert "custom function <urn:" in error["message"]
    assert "not supported" in error["message"]


def test_a_query_that_works_still_answers_after_a_refused_one(
    client: FlaskClient,
) -> None:
    client.get("/sparql", query_string={"query": UNKNOWN_FUNCTION})
    response = client.get("/sparql", query_string={"query": COUNT})
    assert response.status_code == 200


def upstream(code: int, body: bytes) -> urllib.error.HTTPError:
    """Return the error urllib raises for a store's HTTP error answer."""
    return urllib.error.HTTPError(
        "http://store/", code, "x", Message(), io.BytesIO(body)
    )


@pytest.mark.parametrize("code", [400, 405, 406, 413, 415, 422])
def test_an_upstream_4xx_is_the_clients_400(code: int) -> None:
    error = _http_error(upstream(code, b"SP030: bad thing at line 1"))
    assert isinstance(error, QueryError) and error.status == 400
    assert "SP030: bad thing" in error.message


@pytest.mark.parametrize(("code", "status"), [(401, 502), (404, 502), (503, 503)])
def test_an_upstream_login_or_outage_stays_ours(code: int, status: int) -> None:
    error = _http_error(upstream(code, b""))
    assert isinstance(error, UpstreamError) and error.status == status


# --- 2. HEAD like GET, 405 with Allow -----------------------------------------------

HEAD_PATHS = [
    "/sparql",
    "/sparql?query=ASK%7B%7D",
    f"/sparql?query={COUNT.replace(' ', '+')}",
    "/sparql/examples",
    "/sparql/examples/twin-cities",
    "/id/city/orebro",
    "/id/city/orebro.ttl",
    "/",
    "/search?q=orebro",
    "/healthz",
    "/downloads/",
    "/no/such/page",
]


@pytest.mark.parametrize("accept", ["text/turtle", "application/json", "text/html"])
@pytest.mark.parametrize("path", HEAD_PATHS)
def test_head_answers_like_get_without_a_body(
    client: FlaskClient, path: str, accept: str
) -> None:
    """Issue 15, finding 2: HEAD /sparql was 405 with no Allow header."""
    got = client.get(path, headers={"Accept": accept})
    head = client.head(path, headers={"Accept": accept})
    assert head.status_code == got.status_code
    assert head.data == b""
    for name in ("Content-Type", "ETag", "Vary", "Access-Control-Allow-Origin"):
        assert head.headers.get(name) == got.headers.get(name), name


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_405_names_the_allowed_methods(client: FlaskClient, method: str) -> None:
    response = client.open("/sparql", method=method)
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "HEAD", "POST", "OPTIONS"} <= allowed


def test_the_protocols_own_405_names_the_allowed_methods() -> None:
    from kolding_graph.errors import MethodNotAllowed
    from kolding_graph.query.protocol import parse_request

    with pytest.raises(MethodNotAllowed) as raised:
        parse_request("PUT", None, [], b"", 1000)
    assert "HEAD" in raised.value.allow


# --- 3. CORS preflight --------------------------------------------------------------


@pytest.mark.parametrize(
    "asked",
    [
        "x-requested-with",
        "cache-control, content-type",
        "Accept, X-Requested-With, If-None-Match, Cache-Control",
    ],
)
def test_preflight_allows_the_headers_asked_for(
    client: FlaskClient, asked: str
) -> None:
    """Issue 15, finding 3: X-Requested-With and Cache-Control failed preflight."""
    response = client.options(
        "/sparql",
        headers={
            "Origin": "https://other.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": asked,
        },
    )
    assert response.status_code == 200
    allowed = {
        h.strip().lower()
        for h in response.headers["Access-Control-Allow-Headers"].split(",")
    }
    assert {h.strip().lower() for h in asked.split(",")} <= allowed
    assert "HEAD" in response.headers["Access-Control-Allow-Methods"]


def test_preflight_with_a_garbled_list_gets_the_documented_broad_list(
    client: FlaskClient,
) -> None:
    response = client.options(
        "/sparql",
        headers={
            "Origin": "https://other.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": 'x-a; Evil=1, "quoted"',
        },
    )
    allowed = response.headers["Access-Control-Allow-Headers"]
    assert (
        "Evil" not in allowed
        and "quoted" not in allowed
        and "X-Requested-With" in allowed
    )


def test_cross_origin_clients_may_read_what_they_need(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": COUNT})
    exposed = {
        h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert {"ETag", "Last-Modified", "Retry-After", "X-Request-Id"} <= exposed


# --- 4. one lexical form per value in the release -----------------------------------


def test_every_literal_in_the_release_is_canonical(release: Release) -> None:
    """Issue 15, finding 4: "15.20660"^^xsd:decimal beside the derived "15.2066".

    Loaded into a store that keeps values, not forms, no literal may change.
    """
    quads = list(
        ox.parse(path=str(release.path / DATASET), format=ox.RdfFormat.N_QUADS)
    )
    store = ox.Store()
    store.extend(quads)
    written = {(q.subject, q.predicate, q.object.value) for q in quads if _typed(q)}
    kept = {(q.subject, q.predicate, q.object.value) for q in store if _typed(q)}
    assert written, "the release has numeric and date literals"
    assert sorted(written - kept, key=str) == []


def _typed(quad: ox.Quad) -> bool:
    obj = quad.object
    return isinstance(obj, ox.Literal) and obj.datatype.value in CANONICAL_TYPES


@pytest.mark.parametrize(
    ("lexical", "datatype", "form"),
    [
        ("15.20660", "decimal", "15.2066"),
        ("-45.0", "decimal", "-45"),
        ("007", "integer", "7"),
        ("1", "boolean", "true"),
        ("2023-01-05+00:00", "date", "2023-01-05Z"),
        ("1946", "gYear", "1946"),
    ],
)
def test_canonical_forms(lexical: str, datatype: str, form: str) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert canonical_form(lexical, xsd + datatype) == form
