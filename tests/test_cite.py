"""Citable queries: a permalink answers from its own release, whatever comes later."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from conftest import MINI_PROJECT, ROOT
from kolding_graph.build.versions import cut_release
from kolding_graph.release.citation import StoreCache, query_hash

BASE = "https://data.kolding.dk/"
QUERY = (
    "SELECT ?label WHERE { <https://data.kolding.dk/id/city/anjo>"
    " <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?label"
)
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cite")
    project = Path(shutil.copytree(MINI_PROJECT, root / "project"))
    cut_release(
        project, root / "releases", BASE, "1.0", dt.date(2025, 1, 15), out=root / "dist"
    )
    return project


@pytest.fixture(scope="module")
def app(project: Path) -> Iterator[Flask]:
    from kolding_graph.web import create_app
    from kolding_graph.web.cite import CACHE_KEY
    from kolding_graph.web.state import get_state

    root = project.parent
    app = create_app(
        {
            "RELEASE_DIR": str(root / "dist"),
            "RELEASES_DIR": str(root / "releases"),
            "SOURCE_DIR": str(ROOT),
        }
    )
    yield app
    with app.app_context():
        get_state().store.close()
        if CACHE_KEY in app.extensions:
            app.extensions[CACHE_KEY].close()


def fetch(app: Flask, path: str, **kwargs: object) -> TestResponse:
    response = app.test_client().get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def permalink(version: str, text: str = QUERY) -> str:
    return f"/sparql/cite/{version}/{query_hash(text)}?query={quote(text, safe='')}"


def labels(response: TestResponse) -> list[str]:
    bindings = json.loads(response.data)["results"]["bindings"]
    return [row["label"]["value"] for row in bindings]


def test_a_permalink_answers_the_same_after_a_newer_release(
    app: Flask, project: Path
) -> None:
    before = fetch(app, permalink("1.0"), headers=JSON)
    assert before.status_code == 200
    assert labels(before) == ["Anjo", "Anjō"]
    places = project / "data/places.ttl"
    places.write_text(places.read_text("utf-8").replace('"Anjo"@da', '"Anjō"@da'))
    root = project.parent
    cut_release(
        project, root / "releases", BASE, "1.1", dt.date(2025, 2, 1), out=root / "dist"
    )
    now = fetch(app, "/sparql?query=" + quote(QUERY), headers=JSON)
    assert labels(now) == ["Anjō", "Anjō"], "the server did not move to 1.1"
    after = fetch(app, permalink("1.0"), headers=JSON)
    assert after.data == before.data
    assert labels(fetch(app, permalink("1.1"), headers=JSON)) == ["Anjō", "Anjō"]


def test_the_answer_says_how_to_cite_it(app: Flask) -> None:
    response = fetch(app, permalink("1.0"), headers=JSON)
    assert response.headers["Link"].endswith('>; rel="cite-as"')
    assert "immutable" in response.headers["Cache-Control"]
    again = fetch(
        app,
        permalink("1.0"),
        headers={**JSON, "If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304
    page = fetch(app, permalink("1.0"), headers={"Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "version 1.0 (udgivet 2025-01-15" in text
    assert "version 1.0 (released 2025-01-15" in text
    assert f"sha256:{query_hash(QUERY)}" in text
    assert "Anjo" in text


def test_cite_redirects_to_the_newest_version(app: Flask, project: Path) -> None:
    response = fetch(app, "/sparql/cite?query=" + quote(QUERY))
    assert response.status_code == 303
    newest = sorted(
        p.name for p in (project.parent / "releases").iterdir() if p.name[0].isdigit()
    )[-1]
    assert f"/sparql/cite/{newest}/{query_hash(QUERY)}?query=" in response.location
    pinned = fetch(app, "/sparql/cite?version=1.0&query=" + quote(QUERY))
    assert pinned.location.endswith(permalink("1.0"))


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (permalink("1.0").replace(QUERY[:6], "ASK"), 400),  # text changed
        (f"/sparql/cite/1.0/{'0' * 64}?query={quote(QUERY)}", 400),
        (f"/sparql/cite/1.0/not-a-hash?query={quote(QUERY)}", 400),
        (f"/sparql/cite/1.0/{query_hash(QUERY)}", 400),  # no query
        (permalink("9.9"), 404),
        (permalink(".."), 404),
        ("/sparql/cite", 400),
        ("/sparql/cite?version=nope&query=x", 404),
    ],
)
def test_broken_permalinks_are_refused(app: Flask, path: str, status: int) -> None:
    assert fetch(app, path, headers=JSON).status_code == status


def test_cited_updates_and_service_are_refused(app: Flask) -> None:
    update = "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }"
    assert fetch(app, permalink("1.0", update), headers=JSON).status_code == 403
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert fetch(app, permalink("1.0", service), headers=JSON).status_code == 400
    page = fetch(app, permalink("1.0", service), headers={"Accept": "text/html"})
    assert page.status_code == 400


class FakeStore:
    def __init__(self, name: str) -> None:
        self.name, self.closed = name, False

    def close(self) -> None:
        self.closed = True


class FakeRelease:
    def __init__(self, path: str) -> None:
        self.path = path


def test_old_stores_are_cached_and_the_least_recent_closed() -> None:
    opened: list[FakeStore] = []

    def open_store(release: FakeRelease) -> FakeStore:
        opened.append(FakeStore(release.path))
        return opened[-1]

    cache = StoreCache(open_store, size=2)
    a, b, c = FakeRelease("a"), FakeRelease("b"), FakeRelease("c")
    assert cache.get(a) is cache.get(a)  # type: ignore[arg-type]
    cache.get(b)  # type: ignore[arg-type]
    cache.get(a)  # type: ignore[arg-type]
    cache.get(c)  # type: ignore[arg-type]
    assert [s.name for s in opened] == ["a", "b", "c"]
    assert [s.closed for s in opened] == [False, True, False]
    assert len(cache) == 2
