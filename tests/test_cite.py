"""Citable queries: a permalink answers from its own release, whatever comes later."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from conftest import MINI_PROJECT, ROOT
from kolding_graph.build.cut import cut_release
from kolding_graph.lru import Lru
from kolding_graph.release.citation import query_hash

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


@contextmanager
def cite_app(root: Path) -> Iterator[Flask]:
    """Serve root/dist beside the versioned releases in root/releases, then close."""
    from kolding_graph.web import create_app
    from kolding_graph.web.cite import CACHE_KEY
    from kolding_graph.web.state import get_state

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
            app.extensions[CACHE_KEY].clear()


@pytest.fixture(scope="module")
def app(project: Path) -> Iterator[Flask]:
    with cite_app(project.parent) as app:
        yield app


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


def click_cite(app: Flask, text: str = QUERY, **form: str) -> str:
    """Press "Cite this query" as the editor's form sends it; return the link."""
    response = app.test_client().post(
        "/sparql/cite", data={"query": text, "format": "html"}, query_string=form
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.location


def test_a_permalink_answers_the_same_after_a_newer_release(
    app: Flask, project: Path
) -> None:
    """Issue 13: one click gives a short link; it keeps its bytes after 1.1."""
    link = click_cite(app)
    assert len(link) < 200 and "query=" not in link, link
    assert link.endswith(f"/sparql/cite/1.0/{query_hash(QUERY)}")
    before = fetch(app, link, headers=JSON)
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
    after = fetch(app, link, headers=JSON)
    assert after.data == before.data
    assert fetch(app, permalink("1.0"), headers=JSON).data == before.data
    newer = click_cite(app)
    assert newer.endswith(f"/sparql/cite/1.1/{query_hash(QUERY)}")
    assert labels(fetch(app, newer, headers=JSON)) == ["Anjō", "Anjō"]


def test_the_answer_says_how_to_cite_it(app: Flask) -> None:
    response = fetch(app, permalink("1.0"), headers=JSON)
    assert response.headers["Link"].endswith('>; rel="cite-as"')
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # lifecycle CORS
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
    assert response.location.endswith(f"/sparql/cite/{newest}/{query_hash(QUERY)}")
    pinned = fetch(app, "/sparql/cite?version=1.0&query=" + quote(QUERY))
    assert pinned.location.endswith(f"/sparql/cite/1.0/{query_hash(QUERY)}")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (permalink("1.0").replace(QUERY[:6], "ASK"), 400),  # text changed
        (f"/sparql/cite/1.0/{'0' * 64}?query={quote(QUERY)}", 400),
        (f"/sparql/cite/1.0/not-a-hash?query={quote(QUERY)}", 400),
        (f"/sparql/cite/1.0/{query_hash('never cited')}", 404),  # unknown
        (permalink("9.9"), 404),
        (permalink(".."), 404),
        ("/sparql/cite", 400),
        ("/sparql/cite?version=nope&query=ASK%7B%7D", 404),
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


def test_old_stores_are_cached_and_the_least_recent_closed() -> None:
    opened: list[FakeStore] = []

    def open_store(name: str) -> FakeStore:
        opened.append(FakeStore(name))
        return opened[-1]

    cache = Lru(2, on_evict=lambda store: store.close())
    a = cache.get_or_make("a", lambda: open_store("a"))
    assert cache.get_or_make("a", lambda: open_store("a")) is a
    cache.get_or_make("b", lambda: open_store("b"))
    cache.get_or_make("a", lambda: open_store("a"))
    cache.get_or_make("c", lambda: open_store("c"))
    assert [s.name for s in opened] == ["a", "b", "c"]
    assert [s.closed for s in opened] == [False, True, False]
    assert len(cache) == 2
    cache.clear()
    assert all(s.closed for s in opened) and len(cache) == 0


@pytest.fixture(scope="module")
def old_release_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app serving 1.1 whose releases folder also holds the older 1.0."""
    root = tmp_path_factory.mktemp("cite-old")
    project = Path(shutil.copytree(MINI_PROJECT, root / "project"))
    for version, day in (("1.0", 15), ("1.1", 16)):
        date = dt.date(2025, 1, day)
        cut_release(project, root / "releases", BASE, version, date, out=root / "dist")
    with cite_app(root) as app:
        yield app


@pytest.mark.parametrize("version", ["1.1", "1.0"])
def test_relative_iris_resolve_on_old_releases_too(
    old_release_app: Flask, version: str
) -> None:
    """Bug: a cited query on an older release refused relative IRIs (400 "expected
    IRI"): cite.py opened old stores without the release's base IRI."""
    relative = QUERY.replace("<https://data.kolding.dk/id/city/anjo>", "<id/city/anjo>")
    response = fetch(old_release_app, permalink(version, relative), headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert labels(response) == ["Anjo", "Anjō"]


def test_the_editor_and_every_result_page_offer_cite_this_query(app: Flask) -> None:
    client = app.test_client()
    editor = client.get("/query?lang=en").get_data(as_text=True)
    start = editor.index('<form class="query')
    form = editor[start : editor.index("</form>", start)]
    assert 'formaction="/sparql/cite?lang=en">Cite this query</button>' in form
    result = client.post("/sparql", data={"query": QUERY, "format": "html"})
    page = result.get_data(as_text=True)
    cite = page[page.index('<form class="cite"') :]
    assert 'action="/sparql/cite" method="post"' in cite
    assert "Citér denne forespørgsel" in cite[: cite.index("</form>")]


def test_the_cite_page_speaks_the_page_language_with_labels(app: Flask) -> None:
    link = click_cite(app, QUERY, lang="en")
    assert link.endswith("?lang=en")
    html = fetch(app, link, headers={"Accept": "text/html"}).get_data(as_text=True)
    title = html[html.index("<title>") : html.index("</title>")]
    assert "Cite a query" in title and "https://" not in title
    english = html.index("(released ")
    danish = html.index("(udgivet ")
    assert english < danish, "the English citation comes first on English pages"
    assert "@da" not in html and "@en" not in html
    assert '<bdi lang="da">Anj' in html  # a literal with its language, no @da
    short = link.split("?")[0]
    assert f'class="permalink"><a href="{short}">' in html


def test_without_a_versioned_release_a_helpful_page(
    tmp_path: Path, project: Path
) -> None:
    from kolding_graph.web import create_app
    from kolding_graph.web.state import get_state

    empty = tmp_path / "none"
    empty.mkdir()
    app = create_app(
        {
            "RELEASE_DIR": str(project.parent / "dist"),
            "RELEASES_DIR": str(empty),
            "SOURCE_DIR": str(ROOT),
        }
    )
    try:
        response = app.test_client().post(
            "/sparql/cite?lang=en", data={"query": QUERY, "format": "html"}
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "no versioned release to cite yet" in page
        assert "Run the query now" in page
        program = app.test_client().post("/sparql/cite", data={"query": QUERY})
        assert program.status_code == 404
    finally:
        with app.app_context():
            get_state().store.close()


def test_the_archive_of_cited_queries_is_bounded(tmp_path: Path) -> None:
    """Anyone can cite (GET /sparql/cite writes): the archive refuses past its budget,
    and the caller then puts the text in the link instead."""
    from kolding_graph.release.citation import QueryArchive

    archive = QueryArchive(tmp_path / "cited", max_bytes=100)
    first = archive.put("ASK { ?s ?p ?o }")
    assert archive.get(first) == "ASK { ?s ?p ?o }"
    assert archive.put("ASK { ?s ?p ?o }") == first  # kept once, no new bytes
    with pytest.raises(OSError, match="full"):
        archive.put("SELECT * WHERE { ?s ?p ?o } LIMIT " + "1" * 100)
    assert archive.size() <= 100
