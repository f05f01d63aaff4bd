"""The WSGI front layer (web/front.py): stored answers before Flask, limits, warm-up.

In process: the Flask app is wrapped so that every entry into it is counted; a
stored answer must come back byte for byte, with its headers and a fresh
request id, while the count stays put.
"""

from __future__ import annotations

import io
import json
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from conftest import ROOT
from kolding_graph.build.cut import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.load import Release, load_release
from kolding_graph.web import create_app
from kolding_graph.web.front import MAX_REQUEST_LINE, Front
from kolding_graph.web.state import EXTENSION
from kolding_graph.web.warm import BROWSER_ACCEPTS, warm
from test_reload import COUNT, add_a_label

ASK = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"
HOST = "127.0.0.1"
PORT = 8000


class Counted:
    """Flask's WSGI callable, counting the requests that reach it."""

    def __init__(self, inner: Callable) -> None:
        self.inner = inner
        self.calls = 0

    def __call__(self, environ: dict, start_response: Callable) -> object:
        self.calls += 1
        return self.inner(environ, start_response)


def front_of(app: Flask) -> tuple[Front, Counted]:
    """Return the front layer over app, and the counter of entries into Flask."""
    counted = Counted(app.wsgi_app)
    app.wsgi_app = counted  # type: ignore[method-assign]
    return Front(app), counted


def call(
    front: Front, target: str, headers: dict[str, str] | None = None
) -> tuple[str, dict[str, str], bytes]:
    """GET target from the front layer; return status, headers, body."""
    path, _, query = target.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": urllib.parse.unquote(path, "latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": str(PORT),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": f"{HOST}:{PORT}",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    seen: list = []
    body = front(environ, lambda status, found, exc=None: seen.extend([status, found]))
    data = b"".join(body)
    return seen[0], {name.lower(): value for name, value in seen[1]}, data


@pytest.fixture
def app(release: Release) -> Flask:
    return create_app(
        {"RELEASE_DIR": str(release.path), "SOURCE_DIR": str(ROOT), "WORKERS": 2}
    )


def query(text: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": text})


def test_a_repeated_query_is_answered_from_stored_bytes(app: Flask) -> None:
    front, flask = front_of(app)
    cache = app.extensions[EXTENSION].cache
    first = call(front, query(ASK), {"Accept": JSON, "X-Request-Id": "one"})
    counts = (cache.hits, cache.misses)
    second = call(front, query(ASK), {"Accept": JSON, "X-Request-Id": "two"})
    # Neither Flask nor the answer cache behind it was asked the second time.
    assert (flask.calls, (cache.hits, cache.misses)) == (0, counts)
    assert first[0] == second[0] == "200 OK" and first[2] == second[2]
    assert (first[1]["x-request-id"], second[1]["x-request-id"]) == ("one", "two")
    same = {k: v for k, v in first[1].items() if k != "x-request-id"}
    assert same == {k: v for k, v in second[1].items() if k != "x-request-id"}
    for name in ("etag", "vary", "access-control-allow-origin", "cache-control"):
        assert name in second[1], name


@pytest.mark.parametrize("accept", [JSON, "text/csv", "application/sparql-results+xml"])
def test_a_query_answered_without_flask_is_what_flask_answers(
    app: Flask, accept: str
) -> None:
    """The fast path (web/fast_sparql.py) gives Flask's bytes and headers."""
    expected = app.test_client().get(query(ASK), headers={"Accept": accept})
    front, flask = front_of(app)
    status, headers, body = call(front, query(ASK), {"Accept": accept})
    assert flask.calls == 0 and status == "200 OK" and body == expected.data
    wanted = {k.lower(): v for k, v in expected.headers.items()}
    for found in (headers, wanted):
        found.pop("x-request-id")
    assert headers == wanted


def test_an_error_on_the_fast_path_is_answered_by_flasks_handler(app: Flask) -> None:
    front, flask = front_of(app)
    status, headers, body = call(
        front,
        query("SELECT ?s WHERE { ?s ?p }"),
        {"Accept": JSON, "X-Request-Id": "e1"},
    )
    error = json.loads(body)["error"]
    assert flask.calls == 1 and status.startswith("400")
    assert error["status"] == 400 and error["request_id"] == "e1"
    assert headers["access-control-allow-origin"] == "*"


def test_a_conditional_get_is_304_without_flask(app: Flask) -> None:
    front, flask = front_of(app)
    etag = call(front, query(ASK), {"Accept": JSON})[1]["etag"]
    status, headers, body = call(
        front, query(ASK), {"Accept": JSON, "If-None-Match": etag}
    )
    assert (status[:3], body, flask.calls) == ("304", b"", 0)
    assert headers["etag"] == etag and headers["vary"] == "Accept"
    assert "x-request-id" in headers


def test_another_accept_is_not_served_the_stored_variant(app: Flask) -> None:
    front, _ = front_of(app)
    call(front, query(ASK), {"Accept": JSON})
    status, headers, _ = call(front, query(ASK), {"Accept": "text/csv"})
    assert status == "200 OK" and headers["content-type"].startswith("text/csv")


def test_a_page_is_stored_with_its_security_headers(app: Flask) -> None:
    front, flask = front_of(app)
    accept = {"Accept": BROWSER_ACCEPTS[0], "Accept-Language": "en"}
    first = call(front, "/id/city/orebro", accept)
    second = call(front, "/id/city/orebro", accept)
    danish = call(front, "/id/city/orebro", {**accept, "Accept-Language": "da"})
    assert flask.calls == 2 and first[2] == second[2] != danish[2]
    assert "content-security-policy" in second[1]
    assert second[1]["content-language"] == "en"


def test_answers_that_forbid_storing_always_reach_flask(app: Flask) -> None:
    front, flask = front_of(app)
    for _ in range(2):
        assert call(front, "/healthz")[0] == "200 OK"  # Cache-Control: no-store
    assert flask.calls == 2


def test_warm_up_makes_first_visits_hits(app: Flask) -> None:
    front, flask = front_of(app)
    state = app.extensions[EXTENSION]
    assert warm(front, state.queries.values(), HOST, PORT) > 10
    warmed = flask.calls
    home = call(front, "/", {"Accept": BROWSER_ACCEPTS[1]})
    example = state.queries["twin-cities"]
    asked = call(front, query(example.text), {"Accept": JSON})
    city = call(front, "/id/city/orebro", {"Accept": BROWSER_ACCEPTS[0]})
    assert [home[0], asked[0], city[0]] == ["200 OK"] * 3
    assert flask.calls == warmed


def test_over_long_request_line_is_refused_before_flask(app: Flask) -> None:
    front, flask = front_of(app)
    status, headers, body = call(front, query("ASK {}" + " " * MAX_REQUEST_LINE))
    assert status.startswith("414") and flask.calls == 0
    assert b"request line over" in body and "x-request-id" in headers


def test_a_new_release_is_never_answered_from_the_old_store(
    project: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    build_release(project, dist, DEFAULT_BASE_IRI)
    front, _ = front_of(
        create_app({"RELEASE_DIR": str(dist), "SOURCE_DIR": str(project)})
    )
    before = call(front, query(COUNT), {"Accept": JSON})
    assert call(front, query(COUNT), {"Accept": JSON})[2] == before[2]
    add_a_label(project)
    build_release(project, dist, DEFAULT_BASE_IRI)
    after = call(front, query(COUNT), {"Accept": JSON})
    assert after[1]["etag"] != before[1]["etag"]
    assert count_of(after[2]) == load_release(dist).triples != count_of(before[2])


def count_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_page_asked_under_another_host_names_that_host(app: Flask) -> None:
    """Regression: the page cache ignored the host, so a page rendered for the
    server's own address (the warm-up's) was served through a proxy's host, its
    JSON-LD naming the wrong URL."""
    accept = {"Accept": BROWSER_ACCEPTS[0]}
    first = call(front_of(app)[0], "/id/city/orebro", {**accept, "Host": "a.example"})
    second = call(front_of(app)[0], "/id/city/orebro", {**accept, "Host": "b.example"})
    assert b"http://a.example/id/city/orebro" in first[2]
    assert b"http://b.example/id/city/orebro" in second[2]
    assert b"a.example" not in second[2]


def test_warm_up_follows_todays_pages_not_each_years():
    """The home page links every year ("as of"); the warm-up keeps to today's pages."""
    from collections import deque

    from kolding_graph.web.warm import _follow

    body = (
        b'<a href="/cities?lang=da">x</a><a href="/?asOf=1990&amp;lang=da">y</a>'
        b'<a href="/id/city/orebro?release=1.0">z</a><a href="/people">p</a>'
    )
    seen: set[str] = set()
    todo: deque[str] = deque()
    _follow(body, seen, todo)
    assert list(todo) == ["/cities?lang=da", "/people"]
