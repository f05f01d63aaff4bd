"""The query editor and the HTML result table that /sparql shows people."""

from __future__ import annotations

import html
import re

from kolding_graph.config import SETTINGS_BY_NAME
from kolding_graph.web import create_app

from .conftest import ROOT

TWINS = (
    "SELECT ?city WHERE { ?a a <https://data.kolding.dk/def/TwinningAgreement> ; "
    "<https://data.kolding.dk/def/party> ?city }"
)


def test_editor_lists_examples_in_the_page_language(client):
    danish = client.get("/query").get_data(as_text=True)
    english = html.unescape(client.get("/query?lang=en").get_data(as_text=True))
    assert "Koldings venskabsbyer" in danish
    assert "Kolding's twin cities" in english
    assert 'action="/sparql" method="post"' in danish
    assert '<textarea id="query-text" name="query"' in danish


def test_example_prefills_the_form(client):
    html = client.get("/query?example=kolding-in-ubc").get_data(as_text=True)
    assert "ubc" in html.split("<textarea")[1].split("</textarea>")[0].lower()


def test_form_post_gives_a_table_with_labels_and_links(client):
    response = client.post("/sparql", data={"query": TWINS, "format": "html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert 'href="/id/city/orebro"><bdi>Örebro</bdi></a>' in html
    assert "Kolding Kommune" in html
    assert len(re.findall(r"<tr><td\b", html)) == 24  # 12 agreements x 2 parties


def test_browsers_get_html_and_programs_get_json(client):
    browser = client.get(
        "/sparql",
        query_string={"query": TWINS},
        headers={
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        },
    )
    assert browser.mimetype == "text/html"
    program = client.get(
        "/sparql", query_string={"query": TWINS}, headers={"Accept": "*/*"}
    )
    assert program.mimetype == "application/sparql-results+json"


def test_every_result_format_is_one_link_away(client):
    html = client.post("/sparql", data={"query": TWINS, "format": "html"}).get_data(
        as_text=True
    )
    downloads = html.split("<h2>Hent</h2>")[1]
    for name in ("json", "xml", "csv", "tsv"):
        match = re.search(rf'href="(/sparql\?[^"]*format={name})"', downloads)
        assert match, name
        url = match.group(1).replace("&amp;", "&")
        assert client.get(url).status_code == 200


def test_big_results_say_they_are_truncated(client):
    query = "SELECT * WHERE { ?s ?p ?o }"
    html = client.post("/sparql", data={"query": query, "format": "html"}).get_data(
        as_text=True
    )
    cap = SETTINGS_BY_NAME["RESULT_MAX_ROWS"].default
    assert f"afkortet ved {cap} rækker" in html
    assert len(re.findall(r"<tr><td\b", html)) == cap


def test_row_cap_follows_the_result_max_rows_setting(release):
    app = create_app(
        {
            "RELEASE_DIR": str(release.path),
            "SOURCE_DIR": str(ROOT),
            "RESULT_MAX_ROWS": 3,
        }
    )
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    html = (
        app.test_client()
        .post("/sparql", data={"query": query, "format": "html"})
        .get_data(as_text=True)
    )
    assert "afkortet ved 3 rækker" in html
    assert len(re.findall(r"<tr><td\b", html)) == 3


def test_construct_offers_graph_downloads(client):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    html = client.post("/sparql", data={"query": query, "format": "html"}).get_data(
        as_text=True
    )
    assert "format=turtle" in html and "format=jsonld" in html


def test_updates_and_service_are_refused_in_html_too(client):
    update = client.post(
        "/sparql", data={"query": "DELETE WHERE { ?s ?p ?o }", "format": "html"}
    )
    assert update.status_code == 403
    service = client.post(
        "/sparql",
        data={
            "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "format": "html",
        },
    )
    assert service.status_code == 400


def test_syntax_error_is_a_400_page(client):
    response = client.post(
        "/sparql",
        data={"query": "SELECT WHERE {", "format": "html"},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 400


def test_result_cells_are_escaped(hostile):
    query = (
        "SELECT ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> "
        "?label }"
    )
    html = hostile.post("/sparql", data={"query": query, "format": "html"}).get_data(
        as_text=True
    )
    assert "&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_javascript_iris_in_results_are_not_links(hostile):
    query = "SELECT ?o WHERE { ?s <https://schema.org/sameAs> ?o }"
    html = hostile.post("/sparql", data={"query": query, "format": "html"}).get_data(
        as_text=True
    )
    assert 'href="javascript:' not in html
    assert "javascript:alert" in html
