"""Every serialisation the project reads or writes, in one table.

One row per format: the name clients give in ?format=, its media type, what it
holds (SPARQL results, a graph, a dataset, a plain file), its name for people,
pyoxigraph's and rdflib's names for it, its file suffix, the W3C format IRI and
the EU file-type code. The endpoint, the entity pages, the editor, the stores
and the release files all look formats up here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kolding_graph.namespaces import EU_FILE_TYPE, W3C_FORMATS


@dataclass(frozen=True, slots=True)
class Format:
    """One serialisation and every name it goes by."""

    name: str  # as given in ?format= on /sparql
    media_type: str
    kind: str  # "results" (SELECT/ASK), "graph", "dataset", "file" or "citation"
    label: str  # for people
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None = None
    rdflib: str = ""
    suffix: str = ""
    w3c: str = ""  # local name in http://www.w3.org/ns/formats/
    file_type: str = ""  # code in the EU file-type authority table
    aliases: tuple[str, ...] = ()  # other media types a client may ask it by
    names: tuple[str, ...] = ()  # other ?format= names the entity pages accept

    @property
    def key(self) -> str:
        """Return the short name of a graph format on entity pages (its suffix)."""
        return self.suffix.lstrip(".")

    @property
    def rdf(self) -> ox.RdfFormat:
        """Return pyoxigraph's name of an RDF format (graph or dataset)."""
        if not isinstance(self.oxigraph, ox.RdfFormat):
            raise ValueError(f"{self.name} is not an RDF serialisation")
        return self.oxigraph

    @property
    def results(self) -> ox.QueryResultsFormat:
        """Return pyoxigraph's name of a SPARQL results format."""
        if not isinstance(self.oxigraph, ox.QueryResultsFormat):
            raise ValueError(f"{self.name} is not a SPARQL results format")
        return self.oxigraph

    @property
    def w3c_iri(self) -> str:
        """Return the W3C IRI naming the format (for service descriptions)."""
        return W3C_FORMATS[self.w3c]

    @property
    def file_type_iri(self) -> str:
        """Return the EU file-type IRI of the format ("" when none fits)."""
        return EU_FILE_TYPE[self.file_type] if self.file_type else ""


# fmt: off
R = ox.QueryResultsFormat
G = ox.RdfFormat
JSON = Format("json", "application/sparql-results+json", "results", "SPARQL JSON",
              R.JSON, w3c="SPARQL_Results_JSON", aliases=("application/json",))
XML = Format("xml", "application/sparql-results+xml", "results", "SPARQL XML",
             R.XML, w3c="SPARQL_Results_XML", aliases=("application/xml",))
CSV = Format("csv", "text/csv", "results", "CSV", R.CSV, w3c="SPARQL_Results_CSV")
TSV = Format("tsv", "text/tab-separated-values", "results", "TSV", R.TSV,
             w3c="SPARQL_Results_TSV")
TURTLE = Format("turtle", "text/turtle", "graph", "Turtle", G.TURTLE, "turtle",
                ".ttl", "Turtle", "RDF_TURTLE", ("application/x-turtle",))
NTRIPLES = Format("ntriples", "application/n-triples", "graph", "N-Triples",
                  G.N_TRIPLES, "nt", ".nt", "N-Triples", "RDF_N_TRIPLES",
                  ("text/plain",), ("n-triples",))
JSONLD = Format("jsonld", "application/ld+json", "graph", "JSON-LD", G.JSON_LD,
                "json-ld", ".jsonld", "JSON-LD", "JSON_LD", ("application/json",),
                ("json-ld", "json"))
RDFXML = Format("rdfxml", "application/rdf+xml", "graph", "RDF/XML", G.RDF_XML,
                "xml", ".rdf", "RDF_XML", "RDF_XML", ("application/xml",), ("xml",))
NQUADS = Format("nquads", "application/n-quads", "dataset", "N-Quads", G.N_QUADS,
                "nquads", ".nq", "N-Quads", "RDF_N_QUADS")
TRIG = Format("trig", "application/trig", "dataset", "TriG", G.TRIG, "trig",
              ".trig", "TriG", "RDF_TRIG")
JSON_FILE = Format("json-file", "application/json", "file", "JSON", suffix=".json",
                   file_type="JSON")
TEXT = Format("plain-text", "text/plain", "file", "Text", suffix=".txt",
              file_type="TXT")
# How to cite the dataset (the dataset IRI answers these too).
BIBTEX = Format("bibtex", "application/x-bibtex", "citation", "BibTeX")
CSL = Format("csl", "application/vnd.citationstyles.csl+json", "citation", "CSL-JSON")
RIS = Format("ris", "application/x-research-info-systems", "citation", "RIS")
BIBLIOGRAPHY = Format("text", "text/x-bibliography", "citation", "text")
# fmt: on

# What /sparql offers, the default first (the order breaks ties in Accept).
RESULT_FORMATS = (JSON, XML, CSV, TSV)
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)
# What every entity page offers besides HTML, in the order pages list them.
PAGE_FORMATS = (TURTLE, JSONLD, NTRIPLES, RDFXML)
CITATION_FORMATS = (BIBTEX, CSL, RIS, BIBLIOGRAPHY)
FILE_FORMATS = (NQUADS, TRIG, JSON_FILE, TEXT)
ALL_FORMATS = (*RESULT_FORMATS, *GRAPH_FORMATS, *FILE_FORMATS, *CITATION_FORMATS)
BY_NAME = {f.name: f for f in ALL_FORMATS}


def page_format(name: str) -> Format | None:
    """Return the entity-page format a ?format= value or a suffix names, or None."""
    name = name.lower()
    for fmt in PAGE_FORMATS:
        if name in (fmt.suffix, fmt.key, fmt.name, *fmt.names):
            return fmt
    return None


def split_suffix(path: str) -> tuple[str, Format | None]:
    """Split a path into (path without a known page format suffix, that format)."""
    for fmt in PAGE_FORMATS:
        if path.endswith(fmt.suffix) and len(path) > len(fmt.suffix):
            return path[: -len(fmt.suffix)], fmt
    return path, None
