"""DCAT-AP and VoID metadata: valid against the shapes, true to the data and files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, VOID, XSD

from conftest import ROOT, TESTS
from kolding_graph.build.cut import build_release
from kolding_graph.errors import BuildError
from kolding_graph.metadata.edition import parse_release_date
from kolding_graph.namespaces import DEFAULT_BASE_IRI, SPDX, VCARD
from kolding_graph.release.distributions import kind_of
from kolding_graph.release.load import Release, load_release, sha256_file
from release_helpers import read_graphs

SHAPES = TESTS / "metadata-shapes"
BASE = DEFAULT_BASE_IRI
DATASET = URIRef(BASE + "dataset")
EU = "http://publications.europa.eu/resource/authority/"
DCAT_S = "https://data.kolding.dk/shapes/dcat-ap#"
VOID_S = "https://data.kolding.dk/shapes/void#"


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """Build the real project as version 2024.1, then as 2025.2 (named, dated)."""
    out = tmp_path_factory.mktemp("dated") / "dist"
    first = dt.date(2024, 12, 2)
    build_release(ROOT, out, DEFAULT_BASE_IRI, date=first, version="2024.1")
    build_release(
        ROOT, out, DEFAULT_BASE_IRI, date=dt.date(2025, 3, 1), version="2025.2"
    )
    return load_release(out)


def shapes(name: str) -> Graph:
    """Return one of the metadata shape files."""
    return Graph().parse(SHAPES / name)


def fired(data: Graph, shape_file: str) -> set[str]:
    """Validate data against a shape file; return the shapes that reported."""
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes(shape_file), inference="none", do_owl_imports=False
    )
    names = {str(s) for s in report.objects(None, SH.sourceShape)}
    assert conforms == (not names), text
    return names


def turtle(release: Release, name: str) -> Graph:
    """Parse a Turtle file of the release."""
    return Graph().parse(release.path / name, format="turtle")


def metadata_graph(release: Release) -> Graph:
    """Return the metadata named graph as dataset.nq holds it."""
    return read_graphs(release.path / "dataset.nq")[BASE + "graph/metadata"]


# --- validation -----------------------------------------------------------


@pytest.mark.parametrize("which", ["release", "dated"])
def test_dcat_file_and_metadata_graph_conform_to_dcat_ap(
    which: str, request: pytest.FixtureRequest
) -> None:
    release = request.getfixturevalue(which)
    assert fired(turtle(release, "dcat.ttl"), "dcat-ap.ttl") == set()
    assert fired(metadata_graph(release), "dcat-ap.ttl") == set()


@pytest.mark.parametrize("which", ["release", "dated"])
def test_void_file_and_metadata_graph_conform_to_void_shapes(
    which: str, request: pytest.FixtureRequest
) -> None:
    release = request.getfixturevalue(which)
    assert fired(turtle(release, "void.ttl"), "void.ttl") == set()
    assert fired(metadata_graph(release), "void.ttl") == set()


def _drop(s: URIRef, p: URIRef, lang: str | None = None) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for value in list(graph.objects(s, p)):
            if lang is None or getattr(value, "language", None) == lang:
                graph.remove((s, p, value))

    return mutate


def _drop_from_one(cls: URIRef, p: URIRef) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        subject = sorted(graph.subjects(RDF.type, cls))[0]
        graph.remove((subject, p, None))

    return mutate


def _set(s: URIRef, p: URIRef, value: object) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.set((s, p, value))

    return mutate


def _bad_checksum(graph: Graph) -> None:
    node = next(graph.subjects(RDF.type, SPDX.Checksum))
    graph.set((node, SPDX.checksumValue, Literal("not hex", datatype=XSD.hexBinary)))


CATALOG = URIRef(BASE + "catalog")
BROKEN_DCAT = {
    "dataset-without-danish-title": (
        _drop(DATASET, DCTERMS.title, "da"), "Dataset-title"),
    "dataset-without-english-description": (
        _drop(DATASET, DCTERMS.description, "en"), "Dataset-description-en"),
    "dataset-without-contact": (
        _drop(DATASET, DCAT.contactPoint), "Dataset-contactPoint"),
    "contact-without-email": (
        _drop(URIRef(BASE + "dataset#contact"), VCARD.hasEmail),
        "Dataset-contactPoint"),
    "dataset-theme-not-eu": (
        _set(DATASET, DCAT.theme, URIRef("https://example.org/theme")),
        "Dataset-theme"),
    "dataset-without-temporal": (_drop(DATASET, DCTERMS.temporal), "Dataset-temporal"),
    "catalog-without-publisher": (
        _drop(CATALOG, DCTERMS.publisher), "Catalog-publisher"),
    "distribution-without-access-url": (
        _drop_from_one(DCAT.Distribution, DCAT.accessURL), "Distribution-accessURL"),
    "distribution-with-text-media-type": (
        _set(URIRef(BASE + "dataset#dataset-ttl"), DCAT.mediaType, Literal("turtle")),
        "Distribution-mediaType"),
    "checksum-not-hex": (_bad_checksum, "Checksum-value"),
    "publisher-without-name": (
        _drop(URIRef(BASE + "id/municipality/kolding"), URIRef(
            "http://xmlns.com/foaf/0.1/name")), "Agent-name"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BROKEN_DCAT))
def test_dcat_ap_shapes_catch(case: str, release: Release) -> None:
    mutate, shape = BROKEN_DCAT[case]
    graph = turtle(release, "dcat.ttl")
    mutate(graph)
    assert DCAT_S + shape in fired(graph, "dcat-ap.ttl")


BROKEN_VOID = {
    "no-endpoint": (_drop(DATASET, VOID.sparqlEndpoint), "Dataset-sparqlEndpoint"),
    "no-dump": (_drop(DATASET, VOID.dataDump), "Dataset-dataDump"),
    "triples-as-text": (
        _set(DATASET, VOID.triples, Literal("many")),
        "Dataset-triples",
    ),
    "no-example": (_drop(DATASET, VOID.exampleResource), "Dataset-exampleResource"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_VOID))
def test_void_shapes_catch(case: str, release: Release) -> None:
    mutate, shape = BROKEN_VOID[case]
    graph = turtle(release, "void.ttl")
    mutate(graph)
    assert VOID_S + shape in fired(graph, "void.ttl")


def test_void_shapes_catch_a_partition_without_count(release: Release) -> None:
    graph = turtle(release, "void.ttl")
    partition = next(graph.objects(DATASET, VOID.classPartition))
    graph.remove((partition, VOID.entities, None))
    assert VOID_S + "Dataset-classPartition" in fired(graph, "void.ttl")


# --- true to the data -------------------------------------------------------


@pytest.fixture(scope="module")
def store(release: Release) -> ox.Store:
    """Load the release into pyoxigraph for independent counting."""
    store = ox.Store()
    store.bulk_load(path=release.path / "dataset.nq", format=ox.RdfFormat.N_QUADS)
    return store


def count(store: ox.Store, pattern: str) -> int:
    """Return COUNT(*) of DISTINCT solutions of a pattern over the union graph."""
    query = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {pattern} }} }}"
    )
    rows = list(store.query(query, use_default_graph_as_union=True))
    return int(rows[0]["n"].value)


def test_void_partitions_match_the_data(release: Release, store: ox.Store) -> None:
    void = turtle(release, "void.ttl")
    classes = list(void.objects(DATASET, VOID.classPartition))
    properties = list(void.objects(DATASET, VOID.propertyPartition))
    assert len(classes) == count(store, "[] a ?c")
    assert len(properties) == count(store, "[] ?p []")
    for node in classes:
        cls, n = void.value(node, VOID["class"]), void.value(node, VOID.entities)
        assert int(n) == count(store, f"?s a <{cls}>"), cls
    for node in properties:
        prop, n = void.value(node, VOID.property), void.value(node, VOID.triples)
        assert int(n) == count(store, f"?s <{prop}> ?o"), prop


def test_void_totals_match_the_data(release: Release, store: ox.Store) -> None:
    void = turtle(release, "void.ttl")
    assert int(void.value(DATASET, VOID.triples)) == release.triples == len(store)
    subjects = (
        f'SELECT DISTINCT ?s {{ ?s ?p ?o FILTER STRSTARTS(STR(?s), "{BASE}id/") }}'
    )
    assert int(void.value(DATASET, VOID.entities)) == count(store, f"{{ {subjects} }}")
    assert int(void.value(DATASET, VOID.entities)) > 0
    for subset in void.objects(DATASET, VOID.subset):
        name = str(subset).rsplit("/", 1)[-1]
        assert int(void.value(subset, VOID.triples)) == release.graphs[name]["triples"]


def test_void_example_resources_exist(release: Release, store: ox.Store) -> None:
    void = turtle(release, "void.ttl")
    examples = list(void.objects(DATASET, VOID.exampleResource))
    assert URIRef(BASE + "id/municipality/kolding") in examples
    for example in examples:
        assert count(store, f"<{example}> ?p ?o") > 0


def test_contact_point_comes_from_the_data(release: Release, store: ox.Store) -> None:
    dcat = turtle(release, "dcat.ttl")
    contact = dcat.value(DATASET, DCAT.contactPoint)
    schema = "https://schema.org/"
    rows = store.query(
        f"SELECT ?mail ?tel WHERE {{ <{BASE}id/municipality/kolding>"
        f" <{schema}contactPoint> [ <{schema}email> ?mail ;"
        f" <{schema}telephone> ?tel ] }}",
        use_default_graph_as_union=True,
    )
    row = next(iter(rows))
    assert dcat.value(contact, VCARD.hasEmail) == URIRef("mailto:" + row["mail"].value)
    tel = "tel:" + row["tel"].value.replace(" ", "")
    assert dcat.value(contact, VCARD.hasTelephone) == URIRef(tel)


def test_temporal_coverage_spans_the_years_of_the_facts(
    release: Release, store: ox.Store
) -> None:
    query = """
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT (MIN(?y) AS ?first) (MAX(?y) AS ?last) WHERE {
      GRAPH ?g { ?s ?p ?v }
      FILTER (?g IN (<BASEgraph/curated>, <BASEgraph/derived>))
      FILTER (DATATYPE(?v) IN (xsd:gYear, xsd:date))
      FILTER NOT EXISTS { ?s a <BASEdef/Source> }
      BIND (xsd:integer(SUBSTR(STR(?v), 1, 4)) AS ?y)
    }""".replace("BASE", BASE)
    row = next(iter(store.query(query)))
    dcat = turtle(release, "dcat.ttl")
    period = dcat.value(DATASET, DCTERMS.temporal)
    assert int(str(dcat.value(period, DCAT.startDate))) == int(row["first"].value)
    assert int(str(dcat.value(period, DCAT.endDate))) == int(row["last"].value)


def test_spatial_themes_licence_publisher(release: Release) -> None:
    dcat = turtle(release, "dcat.ttl")
    assert URIRef(EU + "country/DNK") in set(dcat.objects(DATASET, DCTERMS.spatial))
    assert set(dcat.objects(DATASET, DCAT.theme)) >= {URIRef(EU + "data-theme/GOVE")}
    publisher = dcat.value(DATASET, DCTERMS.publisher)
    assert publisher == URIRef(BASE + "id/municipality/kolding")
    for dist in dcat.objects(DATASET, DCAT.distribution):
        assert dcat.value(dist, DCTERMS.license) == URIRef(EU + "licence/CC_BY_4_0")


# --- true to the files --------------------------------------------------------


@pytest.mark.parametrize("which", ["release", "dated"])
def test_distributions_state_each_file_size_and_checksum(
    which: str, request: pytest.FixtureRequest
) -> None:
    release = request.getfixturevalue(which)
    dcat = turtle(release, "dcat.ttl")
    folder = release.version or "latest"
    described = set()
    for dist in dcat.objects(DATASET, DCAT.distribution):
        url = str(dcat.value(dist, DCAT.downloadURL))
        prefix = f"{BASE}downloads/{folder}/"
        assert url.startswith(prefix), url
        name = url.removeprefix(prefix)
        path = release.path / name
        checksum = dcat.value(dist, SPDX.checksum)
        assert int(dcat.value(dist, DCAT.byteSize)) == path.stat().st_size
        assert str(dcat.value(checksum, SPDX.checksumValue)) == sha256_file(path)
        media = (
            "http://www.iana.org/assignments/media-types/" + kind_of(name).media_type
        )
        assert dcat.value(dist, DCAT.mediaType) == URIRef(media)
        described.add(name)
    assert {"dataset.ttl", "dataset.nq.gz", "ontology.ttl", "shapes.ttl"} <= described


def test_metadata_graph_is_the_files_without_sizes(dated: Release) -> None:
    """The graph inside the dumps cannot state their checksums; all else agrees."""
    files = turtle(dated, "dcat.ttl") + turtle(dated, "void.ttl")
    for node in list(files.objects(None, SPDX.checksum)):
        files.remove((node, None, None))
    files.remove((None, SPDX.checksum, None))
    files.remove((None, DCAT.byteSize, None))
    assert set(metadata_graph(dated)) == set(files)


def test_release_dates_come_from_the_input(release: Release, dated: Release) -> None:
    automatic = turtle(release, "dcat.ttl")  # no date given: the sources' date
    day = Literal(dt.date.fromisoformat(release.release_date), datatype=XSD.date)
    assert automatic.value(DATASET, DCTERMS.issued) == day
    assert automatic.value(DATASET, DCTERMS.modified) == day
    dcat = turtle(dated, "dcat.ttl")
    assert dcat.value(DATASET, DCTERMS.issued) == Literal(
        dt.date(2024, 12, 2), datatype=XSD.date
    )
    assert dcat.value(DATASET, DCTERMS.modified) == Literal(
        dt.date(2025, 3, 1), datatype=XSD.date
    )
    assert str(dcat.value(DATASET, URIRef(str(DCAT) + "version"))) == "2025.2"
    assert dated.release_date == "2025-03-01" and dated.version == "2025.2"


def test_release_date_parsing() -> None:
    assert parse_release_date("2025-03-01", {}) == dt.date(2025, 3, 1)
    assert parse_release_date("", {"SOURCE_DATE_EPOCH": "1740830400"}) == dt.date(
        2025, 3, 1
    )
    assert parse_release_date(None, {}) is None
    with pytest.raises(BuildError, match="not a date"):
        parse_release_date("1 March 2025", {})
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        parse_release_date("", {"SOURCE_DATE_EPOCH": "yesterday"})


def test_metadata_shapes_are_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "tests/metadata-shapes/" in readme
    assert Path(SHAPES / "dcat-ap.ttl").is_file()
