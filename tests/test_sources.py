"""Finding and parsing the inputs: graphs, base IRI, and every refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef

from kolding_graph.errors import BuildError
from kolding_graph.sources.parse import find_sources, load_sources
from release_helpers import BASE


def test_sources_are_sorted_and_sorted_into_graphs(project: Path) -> None:
    found = [(s.relpath, s.graph) for s in find_sources(project)]
    assert found == [
        ("ontology/mini.ttl", "ontology"),
        ("data/agreements.ttl", "curated"),
        ("data/places.ttl", "curated"),
        ("data/wikidata/snapshot.ttl", "wikidata"),
        ("shapes/mini-shapes.ttl", "shapes"),
    ]


def test_relative_iris_and_prefixes_resolve_against_the_base(project: Path) -> None:
    base = "https://example.org/kg/"
    sources = load_sources(project, base)
    anjo = URIRef(base + "id/city/anjo")
    assert (anjo, None, URIRef(base + "def/City")) in sources.graphs["curated"]
    assert not any(
        str(s).startswith(BASE) for s in sources.graphs["curated"].subjects()
    )


def test_subjects_remember_their_files(project: Path) -> None:
    sources = load_sources(project, BASE)
    kolding = URIRef(BASE + "id/municipality/kolding")
    assert sources.files_defining(kolding) == ("data/places.ttl",)
    assert sources.files_defining(URIRef(BASE + "id/nothing")) == ()


def write(project: Path, relpath: str, text: str) -> None:
    path = project / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


PREFIXES = "@prefix kg: <def/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"

TESTS = Path(__file__).resolve().parent

# Negative syntax cases in the spirit of the W3C Turtle test suite, our own text.
# Each file's first line says where the error is: "# expect-line: N".
BAD_TURTLE = sorted((TESTS / "fixtures" / "bad-turtle").glob("*.ttl"))


@pytest.mark.parametrize("case", BAD_TURTLE, ids=lambda path: path.stem)
def test_syntax_error_names_file_and_line(project: Path, case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    line = int(re.match(r"# expect-line: (\d+)", text).group(1))
    write(project, f"data/{case.name}", text)
    with pytest.raises(BuildError) as caught:
        load_sources(project, BASE)
    message = str(caught.value)
    assert re.match(
        rf"data/{case.name}:{line}(:\d+)?: Turtle syntax error: ", message
    ), message


@pytest.mark.parametrize(
    "relpath",
    [
        "data/extra.rdf",
        "data/extra.jsonld",
        "data/extra.nt",
        "ontology/extra.owl",
        "ontology/imported/other.ttl",
        "shapes/nested/more.ttl",
    ],
)
def test_files_the_build_would_not_read_are_refused(
    project: Path, relpath: str
) -> None:
    write(project, relpath, "")
    with pytest.raises(BuildError, match=rf"^{relpath}: not a build input"):
        find_sources(project)


def test_docs_beside_inputs_are_ignored(project: Path) -> None:
    write(project, "data/README.md", "# notes")
    write(project, "shapes/.gitkeep", "")
    assert "data/README.md" not in [s.relpath for s in find_sources(project)]


def test_owl_imports_is_refused(project: Path) -> None:
    text = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n\n"
    text += "<ontology> owl:imports <http://example.org/remote.ttl> .\n"
    write(project, "ontology/imports.ttl", text)
    with pytest.raises(BuildError) as caught:
        load_sources(project, BASE)
    assert str(caught.value).startswith("ontology/imports.ttl:3: owl:imports")
    assert "http://example.org/remote.ttl" in str(caught.value)


@pytest.mark.parametrize(
    "literal",
    [
        '"2023-13-45"^^xsd:date',
        '"1.5"^^xsd:integer',
        '"soon"^^xsd:gYear',
        '"97"^^xsd:gYear',
        '"maybe"^^xsd:boolean',
    ],
)
def test_ill_typed_literal_is_refused(project: Path, literal: str) -> None:
    write(project, "data/dates.ttl", PREFIXES + f"\n<id/event/x> kg:date {literal} .\n")
    with pytest.raises(BuildError) as caught:
        load_sources(project, BASE)
    message = str(caught.value)
    assert message.startswith("data/dates.ttl:4: ill-typed literal"), message
    assert literal.split("^^")[0] in message
    assert f"{BASE}id/event/x" in message


def test_non_utf8_input_is_refused(project: Path) -> None:
    (project / "data/latin1.ttl").write_bytes(b'<a> <b> "\xf8" .\n')
    with pytest.raises(BuildError, match=r"data/latin1.ttl:1: not UTF-8"):
        load_sources(project, BASE)


def test_service_in_a_sparql_shape_is_refused(project: Path) -> None:
    text = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<shape/S> sh:sparql [\n"
    query = "SELECT ?this WHERE { SERVICE <http://x/> { ?this ?p ?o } }"
    text += f'  sh:select "{query}"\n] .\n'
    write(project, "shapes/remote.ttl", text)
    with pytest.raises(BuildError, match=r"shapes/remote.ttl:3: SERVICE"):
        load_sources(project, BASE)


@pytest.mark.parametrize("folder", ["data", "shapes"])
def test_project_without_data_or_shapes_is_refused(project: Path, folder: str) -> None:
    for path in (project / folder).rglob("*.ttl"):
        path.unlink()
    with pytest.raises(BuildError, match=f"no Turtle files in {folder}/"):
        load_sources(project, BASE)
