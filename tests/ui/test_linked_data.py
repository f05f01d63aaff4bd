"""Every IRI under the base dereferences: HTML or RDF by Accept, suffix or ?format=."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kolding_graph.formats import PAGE_FORMATS as FORMATS

BASE = "https://data.kolding.dk/"
ENTITY_PATHS = [
    "/id/city/orebro",
    "/id/municipality/kolding",
    "/id/city/kolding",
    "/id/organisation/ubc",
    "/id/agreement/kolding-anjo",
    "/id/person/per-bodker-andersen",
    "/def/LocalAuthority",
    "/def/party",
    "/ontology",
    "/dataset",
]


@pytest.mark.parametrize("path", ENTITY_PATHS)
def test_browsers_get_html(client, path):
    response = client.get(path, headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.key)
def test_rdf_by_accept_parses_and_describes_the_entity(client, fmt):
    response = client.get("/id/city/orebro", headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.mimetype == fmt.media_type
    triples = list(ox.parse(response.data, format=fmt.oxigraph))
    subjects = {t.subject.value for t in triples}
    assert BASE + "id/city/orebro" in subjects
    labels = {
        t.object.value for t in triples if t.predicate.value.endswith("#prefLabel")
    }
    assert "Örebro" in labels


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.key)
def test_rdf_by_suffix_and_by_format_parameter(client, fmt):
    by_suffix = client.get("/id/organisation/iclei" + fmt.suffix)
    by_param = client.get(f"/id/organisation/iclei?format={fmt.key}")
    for response in (by_suffix, by_param):
        assert response.status_code == 200
        assert response.mimetype == fmt.media_type
    assert by_suffix.data == by_param.data


def test_ontology_and_dataset_have_suffix_urls(client):
    for path in ("/ontology.ttl", "/dataset.jsonld"):
        assert client.get(path).status_code == 200, path


def test_link_headers_name_every_alternate(client):
    response = client.get("/id/city/orebro")
    links = response.headers.getlist("Link")
    for fmt in FORMATS:
        assert any(
            f"</id/city/orebro{fmt.suffix}>" in link and fmt.media_type in link
            for link in links
        ), fmt.key


def test_html_page_links_its_machine_readable_twins(client):
    html = client.get("/id/city/orebro").get_data(as_text=True)
    for fmt in FORMATS:
        assert f'href="/id/city/orebro{fmt.suffix}"' in html


def test_claims_and_figures_travel_with_the_entity(client):
    data = json.loads(client.get("/id/organisation/iclei.jsonld").data)
    ids = {node["@id"] for node in data}
    assert BASE + "id/claim/iclei-founding-en-wikipedia" in ids
    assert BASE + "id/figure/iclei-members-2023" in ids


def test_unacceptable_accept_gets_406_listing_formats(client):
    response = client.get("/id/city/orebro", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert b"text/turtle" in response.data


def test_no_accept_gets_html(client):
    response = client.get("/id/city/orebro", headers={"Accept": ""})
    assert response.mimetype == "text/html"


def test_turtle_uses_only_prefixes_it_needs(client):
    text = client.get("/id/city/orebro.ttl").get_data(as_text=True)
    assert "@prefix skos:" in text
    assert "@prefix sd:" not in text


def test_same_release_gives_304_on_if_none_match(client):
    first = client.get("/id/city/orebro")
    again = client.get(
        "/id/city/orebro", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path", ["/id/city/atlantis", "/def/Nothing", "/graph/nothing"]
)
def test_unknown_iri_gets_helpful_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'role="search"' in html
    assert "Traceback" not in html


def test_404_suggests_near_names(client):
    html = client.get("/id/city/orebr").get_data(as_text=True)
    assert 'href="/id/city/orebro"' in html


def test_injection_through_the_path_finds_nothing(client):
    for path in [
        "/id/city/foo> } UNION { ?s ?p ?o",
        "/id/city/foo%3E%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo",
        "/id/city/x> ?p ?o } #",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert b'class="entity' not in response.data
        assert b"Did you mean" not in response.data


def test_iris_from_paths_are_only_ever_bound_clean(app):
    from kolding_graph.web.pages import candidate_iris

    assert candidate_iris(BASE, "/id/city/foo> } UNION { ?s ?p ?o") == []
    assert candidate_iris(BASE, "/id/city/a%3Eb") == [BASE + "id/city/a%3Eb"]


ETAG_CHILD = """
import sys
from kolding_graph.web import create_app
app = create_app({"RELEASE_DIR": sys.argv[1], "SOURCE_DIR": sys.argv[2]})
client = app.test_client()
for path in sys.argv[3:]:
    print(client.get(path, headers={"Accept-Language": "en"}).headers.get("ETag"))
"""


def test_page_etags_are_the_same_in_every_process(release):
    """Bug: page ETags came from Python's hash(), randomised per process, so they
    changed on every restart and differed between workers and replicas."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    paths = ["/", "/cities?sort=year", "/id/city/orebro", "/id/city/orebro?lang=da"]
    paths.append("/sparql?query=ASK%7B%7D")  # the endpoint's tags too
    answers = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", ETAG_CHILD, str(release.path), str(root), *paths],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        answers.append(done.stdout.split())
    assert len(answers[0]) == len(paths) and "None" not in answers[0]
    assert len(set(answers[0])) == len(paths), "different pages share an ETag"
    assert answers[0] == answers[1]


def test_every_406_comes_from_the_shared_error_handler(client):
    """One way to refuse a format: the domain error NotAcceptable, answered by the
    shared error handler in the client's error format, with Vary: Accept."""
    by_accept = client.get("/id/city/orebro", headers={"Accept": "image/png"})
    by_name = client.get(
        "/id/city/orebro?format=exe", headers={"Accept": "application/json"}
    )
    for response in (by_accept, by_name):
        assert response.status_code == 406
        assert "Accept" in response.headers["Vary"]
        assert response.headers["X-Request-Id"]
    error = by_name.get_json()["error"]
    assert error["status"] == 406 and "'exe'" in error["message"]
    assert "application/ld+json" in error["message"]
    assert by_accept.get_data(as_text=True).startswith("406 Not acceptable:")
