"""Citing the dataset: the dataset IRI answers BibTeX, CSL-JSON, RIS and text."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS
from werkzeug.test import TestResponse

from conftest import MINI_PROJECT, ROOT
from kolding_graph.build.cut import cut_release
from kolding_graph.release.load import Release, load_release

BASE = "https://data.kolding.dk/"
TITLE_DA = "Kolding Kommunes internationale samarbejde"
TITLE_EN = "Kolding Municipality's international cooperation"


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Release, Release]:
    """Cut 1.0 (2025-01-15), change the data, cut 1.1 (2025-02-01)."""
    root = tmp_path_factory.mktemp("dataset-cite")
    project = Path(shutil.copytree(MINI_PROJECT, root / "project"))
    old = cut_release(
        project, root / "dist.releases", BASE, "1.0", dt.date(2025, 1, 15)
    )
    places = project / "data/places.ttl"
    places.write_text(places.read_text("utf-8").replace('"Anjo"@da', '"Anjō"@da'))
    new = cut_release(
        project, root / "dist.releases", BASE, "1.1", dt.date(2025, 2, 1),
        out=root / "dist",
    )  # fmt: skip
    return old.release, new.release


@pytest.fixture(scope="module")
def app(releases: tuple[Release, Release]) -> Iterator[Flask]:
    from kolding_graph.web import create_app
    from kolding_graph.web.state import get_state

    out = releases[1].path.parent.parent / "dist"
    app = create_app({"RELEASE_DIR": str(out), "SOURCE_DIR": str(ROOT)})
    yield app
    with app.app_context():
        get_state().store.close()


def fetch(app: Flask, path: str, **headers: str) -> TestResponse:
    response = app.test_client().get(path, headers=headers)
    response.get_data()
    response.close()
    return response


def parse_bibtex(text: str) -> tuple[str, str, dict[str, str]]:
    """Parse one BibTeX entry: (type, key, fields), braces balanced, no macros."""
    head = re.match(r"\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", text)
    assert head, text
    fields, rest = {}, text[head.end() :]
    for match in re.finditer(r"\s*(\w+)\s*=\s*\{", rest):
        start = depth = match.end()
        depth = 1
        index = start
        while depth:
            depth += {"{": 1, "}": -1}.get(rest[index], 0)
            index += 1
        fields[match.group(1)] = rest[start : index - 1]
    assert rest.rstrip().endswith("}"), text
    return head.group(1), head.group(2), fields


def test_bibtex_by_accept(app: Flask) -> None:
    response = fetch(app, "/dataset", Accept="application/x-bibtex")
    assert response.status_code == 200
    assert response.mimetype == "application/x-bibtex"
    kind, key, fields = parse_bibtex(response.get_data(as_text=True))
    assert kind == "misc" and key
    assert fields["author"] == "{Kolding Kommune}"
    assert fields["title"] == "{" + TITLE_DA + "}"
    assert (fields["version"], fields["year"], fields["date"]) == (
        "1.1",
        "2025",
        "2025-02-01",
    )
    assert fields["url"] == f"{BASE}dataset/1.1"
    assert "CC BY 4.0" in fields["note"]
    assert response.headers["Link"] == f'<{BASE}dataset/1.1>; rel="cite-as"'


def test_csl_json_by_accept(app: Flask) -> None:
    response = fetch(
        app,
        "/dataset",
        Accept="application/vnd.citationstyles.csl+json",
        **{"Accept-Language": "en"},
    )
    assert response.mimetype == "application/vnd.citationstyles.csl+json"
    (item,) = json.loads(response.data)
    assert item["type"] == "dataset"
    assert item["author"] == [{"literal": "Kolding Kommune"}]
    assert item["title"] == TITLE_EN
    assert item["version"] == "1.1"
    assert item["issued"] == {"date-parts": [[2025, 2, 1]]}
    assert item["URL"] == f"{BASE}dataset/1.1"


def test_ris_by_accept(app: Flask) -> None:
    response = fetch(app, "/dataset", Accept="application/x-research-info-systems")
    lines = response.get_data(as_text=True).splitlines()
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines), lines
    assert lines[0] == "TY  - DATA" and lines[-1] == "ER  - "
    tags = {line[:2]: line[6:] for line in lines}
    assert tags["AU"] == "Kolding Kommune"
    assert (tags["PY"], tags["DA"], tags["ET"]) == ("2025", "2025/02/01", "1.1")
    assert tags["TI"] == TITLE_DA


def test_formatted_line_by_accept_and_format(app: Flask) -> None:
    response = fetch(app, "/dataset?lang=en", Accept="text/x-bibliography")
    text = response.get_data(as_text=True).strip()
    assert text == (
        f"Kolding Kommune (2025). {TITLE_EN}, version 1.1 (2025-02-01) [Data set]."
        f" {BASE}dataset/1.1. Licence: CC BY 4.0."
    )
    by_name = fetch(app, "/dataset?format=text&lang=en")
    assert by_name.get_data(as_text=True).strip() == text


def test_a_version_iri_cites_that_version(app: Flask) -> None:
    response = fetch(app, "/dataset/1.0?format=bibtex")
    _, _, fields = parse_bibtex(response.get_data(as_text=True))
    assert (fields["version"], fields["date"]) == ("1.0", "2025-01-15")
    page = fetch(app, "/dataset/1.0", Accept="text/html")
    assert page.status_code == 303
    assert page.location.endswith("/downloads/1.0/")
    assert fetch(app, "/dataset/9.9", Accept="application/x-bibtex").status_code == 404


def test_browsers_and_rdf_clients_still_get_what_they_did(app: Flask) -> None:
    assert fetch(app, "/dataset", Accept="*/*").mimetype == "text/html"
    assert fetch(app, "/dataset", Accept="text/turtle").mimetype == "text/turtle"


@pytest.mark.parametrize(
    ("path", "lang", "expected"),
    [
        ("/dataset", "da", "Sådan citerer du"),
        ("/dataset", "en", "How to cite"),
        ("/downloads/", "da", "Sådan citerer du"),
        ("/downloads/1.0/", "en", "How to cite"),
    ],
)
def test_pages_have_a_cite_box(app: Flask, path: str, lang: str, expected: str) -> None:
    html = fetch(app, f"{path}?lang={lang}").get_data(as_text=True)
    box = html[
        html.index('id="cite"') : html.index("</section>", html.index('id="cite"'))
    ]
    assert expected in box
    version = "1.0" if "1.0" in path else "1.1"
    title = TITLE_DA if lang == "da" else TITLE_EN.replace("'", "&#39;")
    assert f"Kolding Kommune (2025). {title}, version {version}" in box
    visible = re.sub(r"<[^>]*>", "", html)
    assert "CC BY 4.0" in box and "CC_BY_4_0" not in visible
    assert 'data-copy="citation-text"' in box


def test_dcat_carries_the_citation_and_the_version(
    releases: tuple[Release, Release],
) -> None:
    old, new = releases
    dcat = Graph().parse(new.file("dcat.ttl"))
    dataset, version = URIRef(BASE + "dataset"), URIRef(BASE + "dataset/1.1")
    citations = {str(c) for c in dcat.objects(dataset, DCTERMS.bibliographicCitation)}
    assert any("version 1.1 (2025-02-01)" in c for c in citations), citations
    assert (dataset, URIRef("http://www.w3.org/ns/dcat#hasVersion"), version) in dcat
    assert (version, DCTERMS.isVersionOf, dataset) in dcat
    assert dcat.value(dataset, DCTERMS.issued) == Literal(dt.date(2025, 1, 15))
    assert dcat.value(dataset, DCTERMS.modified) == Literal(dt.date(2025, 2, 1))
    assert load_release(old.path).version == "1.0"


def test_the_graph_sizes_and_their_difference_are_explained(
    app: Flask, releases: tuple[Release, Release]
) -> None:
    """Issue 13: quads (N-Quads) and triples (Turtle) differ; the pages say why."""
    release = releases[1]
    quads = Graph().parse(release.file("dataset.ttl"))  # the union: distinct triples
    total = sum(int(info["triples"]) for info in release.graphs.values())
    void = Graph().parse(release.file("void.ttl"))
    comments = [str(c) for c in void.objects(URIRef(BASE + "dataset"), RDFS.comment)]
    english = next(c for c in comments if c.startswith("The "))
    assert f"hold {total} triples" in english
    assert f"{len(quads)} of them are distinct" in english
    dataset = URIRef(BASE + "dataset")
    assert (
        str(void.value(dataset, URIRef("http://www.w3.org/ns/dcat#version"))) == "1.1"
    )
    assert void.value(dataset, DCTERMS.modified) == Literal(dt.date(2025, 2, 1))
    html = fetch(app, "/dataset?lang=en").get_data(as_text=True)
    assert f"hold {total} triples" in html
    for name, info in release.graphs.items():
        assert f">{name}</a></td><td>{info['triples']}</td>" in html
