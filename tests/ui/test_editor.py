"""The query editor and the HTML result table that /sparql shows people."""

from __future__ import annotations

import html
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kolding_graph.browse.geo import land_path, window_around
from kolding_graph.config import SETTINGS_BY_NAME
from kolding_graph.web import create_app

from .conftest import ROOT

JSON_ACCEPT = {"Accept": "application/json"}
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


def test_example_opens_without_its_test_headers(client):
    page = client.get("/query?example=twin-cities").get_data(as_text=True)
    text = page.split("<textarea")[1].split("</textarea>")[0]
    assert "expect-count" not in text and "title@" not in text
    assert text.split(">", 1)[1].startswith("PREFIX kg:")
    assert "Koldings venskabsbyer" in page.split('id="chosen-title"')[1][:200]


def test_example_links_run_the_query_without_headers(client):
    page = client.get("/query").get_data(as_text=True)
    assert "expect-count" not in page and "expect-boolean" not in page


def test_page_loads_the_bundle_and_its_strings(client):
    page = client.get("/query?lang=en").get_data(as_text=True)
    assert '<script src="/assets/editor.js" defer></script>' in page
    strings = json.loads(page.split('id="editor-strings">')[1].split("</script>")[0])
    assert strings["run"] == "Run query"
    danish = client.get("/query").get_data(as_text=True)
    assert '"run": "K\\u00f8r foresp\\u00f8rgslen"' in danish


def terms_url(client) -> str:
    """Return the terms JSON URL the editor page names."""
    page = client.get("/query").get_data(as_text=True)
    return html.unescape(re.search(r'data-terms="([^"]+)"', page).group(1))


def test_terms_list_our_classes_and_properties_with_both_labels(client, release):
    url = terms_url(client)
    assert release.id in url
    response = client.get(url)
    assert "immutable" in response.headers["Cache-Control"]
    data = response.get_json()
    assert data["prefixes"]["kg"] == "https://data.kolding.dk/def/"
    assert data["prefixes"]["schema"] == "https://schema.org/"
    terms = {t["iri"].rsplit("/", 1)[1]: t for t in data["terms"]}
    assert terms["TwinningAgreement"]["kind"] == "class"
    assert terms["TwinningAgreement"]["label"] == {
        "da": "Venskabsbyaftale",
        "en": "Twin-city agreement",
    }
    assert terms["party"]["kind"] == "property"
    assert all(
        t["iri"].startswith("https://data.kolding.dk/def/") for t in terms.values()
    )


def test_terms_of_another_release_are_not_found(client):
    assert client.get("/query/terms/0123456789abcdef.json").status_code == 404


def test_labels_and_links_for_result_iris(client):
    iris = ["https://data.kolding.dk/id/city/orebro", "https://example.org/x", "urn:x"]
    response = client.post("/query/labels?lang=en", json={"iris": iris})
    labels = response.get_json()["labels"]
    assert labels["https://data.kolding.dk/id/city/orebro"] == {
        "label": "Örebro",
        "href": "/id/city/orebro?lang=en",
    }
    assert labels["https://example.org/x"] == {
        "label": None,
        "href": "https://example.org/x",
    }
    assert "urn:x" not in labels


def test_labels_refuse_a_bad_body_saying_what(client):
    response = client.post("/query/labels", json={"iris": "x"}, headers=JSON_ACCEPT)
    assert response.status_code == 400
    assert "iris" in response.get_json()["error"]["message"]
    many = client.post("/query/labels", json={"iris": ["http://a/"] * 5001})
    assert many.status_code == 400


def test_map_outline_is_the_home_page_drawing_for_a_box(client):
    box = {"west": 9.47, "south": 55.49, "east": 15.2, "north": 59.27}
    response = client.get("/query/map.json", query_string=box)
    data = response.get_json()
    near = {"west": 9.1, "south": 55.2, "east": 15.9, "north": 59.9}
    assert client.get("/query/map.json", query_string=near).data == response.data
    window = window_around([(5.0, 55.0), (20.0, 60.0)])  # snapped to 5° cells
    assert data["land"] == land_path(window)
    assert data["window"]["width"] == window.width
    assert data["window"]["west"] == window.west


def test_map_outline_refuses_a_bad_box(client):
    bad = client.get(
        "/query/map.json",
        query_string={"west": "x", "south": 0, "east": 1, "north": 1},
        headers=JSON_ACCEPT,
    )
    assert bad.status_code == 400
    assert bad.get_json()["error"]["where"] == "west"
    far = client.get(
        "/query/map.json", query_string={"west": 0, "south": 0, "east": 1, "north": 91}
    )
    assert far.status_code == 400


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["west", "south", "east", "north"]),
        st.one_of(st.text(max_size=12), st.floats().map(str)),
    )
)
def test_any_map_box_gets_an_outline_or_a_clear_400(app, box):
    response = app.test_client().get(
        "/query/map.json", query_string=box, headers=JSON_ACCEPT
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:  # names the parameter at fault
        assert response.get_json()["error"]["where"] in (
            "west",
            "south",
            "east",
            "north",
        )
