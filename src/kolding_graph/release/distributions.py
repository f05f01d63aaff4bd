"""The downloadable files of a release: their formats, rendering and checksums."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from kolding_graph.formats import (
    JSON_FILE,
    JSONLD,
    NQUADS,
    NTRIPLES,
    RDFXML,
    TEXT,
    TRIG,
    TURTLE,
    Format,
)
from kolding_graph.namespaces import Namespaces
from kolding_graph.release import dumps

GZIP = "application/gzip"
CHECKSUMS = "SHA256SUMS"
OCTETS = Format("octets", "application/octet-stream", "file", "Bytes")


@dataclass(frozen=True)
class FileKind:
    """One kind of file a release may carry, and how to describe it."""

    name: str
    format: Format  # of the content once decompressed
    part: str  # dataset, ontology, shapes, report, metadata, checksums, changes
    da: str
    en: str

    @property
    def media_type(self) -> str:
        """Return the media type of the content (once decompressed)."""
        return self.format.media_type

    @property
    def file_type(self) -> str:
        """Return the EU file-type code of the content ("" if none fits)."""
        return self.format.file_type

    @property
    def gzipped(self) -> bool:
        """Return True if the file is gzip-compressed."""
        return self.name.endswith(".gz")

    @property
    def served_type(self) -> str:
        """Return the Content-Type the file is served with."""
        return GZIP if self.gzipped else self.media_type

    @property
    def slug(self) -> str:
        """Return an IRI-fragment-safe name for the file."""
        return self.name.replace(".", "-").lower()


def _kind(name: str, fmt: Format, part: str, da: str, en: str) -> FileKind:
    return FileKind(name, fmt, part, da, en)


KINDS: tuple[FileKind, ...] = (
    _kind("dataset.ttl", TURTLE, "dataset",
          "Hele datasættet i Turtle (alle grafer forenet)",
          "The whole dataset in Turtle (all graphs merged)"),
    _kind("dataset.nt.gz", NTRIPLES, "dataset",
          "Hele datasættet i N-Triples, gzip-komprimeret (alle grafer forenet)",
          "The whole dataset in N-Triples, gzip-compressed (all graphs merged)"),
    _kind("dataset.nq", NQUADS, "dataset",
          "Hele datasættet i N-Quads med de navngivne grafer",
          "The whole dataset in N-Quads with its named graphs"),
    _kind("dataset.nq.gz", NQUADS, "dataset",
          "Hele datasættet i N-Quads med de navngivne grafer, gzip-komprimeret",
          "The whole dataset in N-Quads with its named graphs, gzip-compressed"),
    _kind("dataset.trig", TRIG, "dataset",
          "Hele datasættet i TriG med de navngivne grafer",
          "The whole dataset in TriG with its named graphs"),
    _kind("dataset.jsonld", JSONLD, "dataset",
          "Hele datasættet i JSON-LD (udvidet form) med de navngivne grafer",
          "The whole dataset in JSON-LD (expanded form) with its named graphs"),
    _kind("dataset.rdf", RDFXML, "dataset",
          "Hele datasættet i RDF/XML (alle grafer forenet)",
          "The whole dataset in RDF/XML (all graphs merged)"),
    _kind("ontology.ttl", TURTLE, "ontology",
          "Ontologien alene (klasser og egenskaber) i Turtle",
          "The ontology alone (classes and properties) in Turtle"),
    _kind("shapes.ttl", TURTLE, "shapes",
          "SHACL-formerne, som data valideres med, i Turtle",
          "The SHACL shapes the data is validated with, in Turtle"),
    _kind("validation-report.ttl", TURTLE, "report",
          "SHACL-valideringsrapporten for denne udgivelse",
          "The SHACL validation report of this release"),
    _kind("reconciliation.ttl", TURTLE, "report",
          "Afstemningen med Wikidata: uoverensstemmelser pr. entitet",
          "The reconciliation with Wikidata: discrepancies per entity"),
    _kind("dcat.ttl", TURTLE, "metadata",
          "DCAT-AP-beskrivelse af datasættet og filerne, med kontrolsummer",
          "DCAT-AP description of the dataset and its files, with checksums"),
    _kind("void.ttl", TURTLE, "metadata",
          "VoID-beskrivelse: størrelser, klasser, egenskaber, adgangspunkter",
          "VoID description: sizes, classes, properties, access points"),
    _kind("added.nq.gz", NQUADS, "changes",
          "Tripler tilføjet siden forrige udgivelse (N-Quads, gzip)",
          "Triples added since the previous release (N-Quads, gzip)"),
    _kind("removed.nq.gz", NQUADS, "changes",
          "Tripler fjernet siden forrige udgivelse (N-Quads, gzip)",
          "Triples removed since the previous release (N-Quads, gzip)"),
    _kind("changelog.json", JSON_FILE, "changes",
          "Ændringslog: ændringerne som sætninger på dansk og engelsk",
          "Changelog: the changes as sentences in Danish and English"),
    _kind(CHECKSUMS, TEXT, "checksums",
          "SHA-256-kontrolsummer for alle filer (til sha256sum -c)",
          "SHA-256 checksums of every file (for sha256sum -c)"),
    _kind("release.json", JSON_FILE, "checksums",
          "Udgivelsens manifest: id, grafer, filer, størrelser, kontrolsummer",
          "The release manifest: id, graphs, files, sizes, checksums"),
)  # fmt: skip

KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
DISTRIBUTED_PARTS = ("dataset", "ontology", "shapes")


def kind_of(name: str) -> FileKind:
    """Return what is known about a release file name (a generic kind if unknown)."""
    if name in KINDS_BY_NAME:
        return KINDS_BY_NAME[name]
    return FileKind(name, OCTETS, "other", name, name)


def distributed_kinds() -> tuple[FileKind, ...]:
    """Return the files described as DCAT distributions of the dataset."""
    return tuple(kind for kind in KINDS if kind.part in DISTRIBUTED_PARTS)


@dataclass(frozen=True)
class Rendered:
    """A rendered file: its bytes and the number of triples (or quads) it holds."""

    data: bytes
    triples: int


def render_dataset(dataset: ox.Dataset, ns: Namespaces) -> dict[str, Rendered]:
    """Render the whole dataset in every dump format."""
    quads = dumps.sorted_quads(dataset)
    triples = dumps.union_triples(quads)
    nquads = dumps.nquads(dataset)
    ntriples = dumps.serialize(triples, NTRIPLES.rdf, ns)
    return {
        "dataset.nq": Rendered(nquads, len(quads)),
        "dataset.nq.gz": Rendered(dumps.gzip_bytes(nquads), len(quads)),
        "dataset.ttl": Rendered(dumps.union_turtle(dataset, ns), len(triples)),
        "dataset.nt.gz": Rendered(dumps.gzip_bytes(ntriples), len(triples)),
        "dataset.trig": Rendered(dumps.serialize(quads, TRIG.rdf, ns), len(quads)),
        "dataset.jsonld": Rendered(dumps.jsonld(quads), len(quads)),
        "dataset.rdf": Rendered(dumps.serialize(triples, RDFXML.rdf, ns), len(triples)),
    }


def render_graph(graph: Graph, ns: Namespaces) -> Rendered:
    """Render one graph (ontology, shapes) as Turtle with canonical blank nodes."""
    return Rendered(dumps.turtle(dumps.canonical_graph(graph, ns), ns), len(graph))


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256sums(files: Mapping[str, bytes]) -> bytes:
    """Return a SHA256SUMS file (GNU coreutils format) for the files, sorted."""
    lines = [f"{sha256(files[name])}  {name}\n" for name in sorted(files)]
    return "".join(lines).encode("utf-8")
