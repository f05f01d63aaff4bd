"""RDF terms in their three shapes, and every conversion between them.

rdflib terms (build, validation, Wikidata), pyoxigraph terms (stores, dumps)
and Value, the plain data the pages and reports work with (it also reads a
SPARQL 1.1 JSON results binding).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kolding_graph.namespaces import XSD_NS

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = XSD_NS + "string"


@dataclass(frozen=True, slots=True)
class Value:
    """One RDF term: an IRI, a blank node or a literal (with language or datatype)."""

    kind: str  # "iri" | "bnode" | "literal"
    value: str
    lang: str = ""
    datatype: str = ""

    @property
    def is_iri(self) -> bool:
        """Return True for an IRI."""
        return self.kind == "iri"

    def to_python(self) -> Any:
        """Return the literal as int, float or bool where its datatype says so."""
        name = self.datatype.removeprefix(XSD_NS)
        try:
            if name in ("integer", "int", "long", "gYear", "nonNegativeInteger"):
                return int(self.value)
            if name in ("decimal", "double", "float"):
                return float(self.value)
        except ValueError:
            return self.value
        if name == "boolean":
            return self.value in ("true", "1")
        return self.value


def to_ox(term: Node) -> OxTerm:
    """Return the pyoxigraph twin of an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to pyoxigraph")


def from_ox(term: OxTerm) -> Node:
    """Return the rdflib twin of a pyoxigraph term (blank node labels kept)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)  # rdflib's plain literal is xsd:string
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to rdflib")


def to_value(term: OxTerm) -> Value:
    """Return a pyoxigraph term as a Value."""
    if isinstance(term, ox.NamedNode):
        return Value("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Value("bnode", term.value)
    datatype = term.datatype.value if term.datatype is not None else ""
    return Value("literal", term.value, term.language or "", datatype)


def value_from_json(binding: Mapping[str, str]) -> Value:
    """Return one SPARQL 1.1 JSON results binding as a Value."""
    kind = binding["type"]
    if kind == "uri":
        return Value("iri", binding["value"])
    if kind == "bnode":
        return Value("bnode", binding["value"])
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang", "")
        return Value("literal", binding["value"], lang, binding.get("datatype", ""))
    raise ValueError(f"unknown RDF term type {kind!r}")


def value_to_ox(value: Value) -> OxTerm:
    """Return a Value as a pyoxigraph term."""
    if value.kind == "iri":
        return ox.NamedNode(value.value)
    if value.kind == "bnode":
        return ox.BlankNode(value.value)
    if value.lang:
        return ox.Literal(value.value, language=value.lang)
    if value.datatype:
        return ox.Literal(value.value, datatype=ox.NamedNode(value.datatype))
    return ox.Literal(value.value)


def value_to_rdflib(value: Value) -> Node:
    """Return a Value as an rdflib term, its datatype exactly as given."""
    if value.kind == "iri":
        return URIRef(value.value)
    if value.kind == "bnode":
        return BNode(value.value)
    if value.lang:
        return Literal(value.value, lang=value.lang)
    datatype = URIRef(value.datatype) if value.datatype else None
    return Literal(value.value, datatype=datatype)


def text(term: OxTerm | ox.Triple) -> str:
    """Return a pyoxigraph term's lexical value (an IRI, a label, a literal's text)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def from_ox_any(term: OxTerm | ox.Triple) -> Node:
    """Return the rdflib twin of a term that may be a quoted triple (refused)."""
    if isinstance(term, ox.Triple):
        raise TypeError(f"cannot convert the quoted triple {term} to rdflib")
    return from_ox(term)


def language(term: Node) -> str | None:
    """Return a literal's language tag; None for other terms and untagged literals."""
    return term.language if isinstance(term, Literal) else None


def sort_key(term: Node) -> tuple[str, str]:
    """Return a key that orders terms by their text, then by language."""
    return (str(term), language(term) or "")


def graph_quads(graph: Graph, graph_name: str) -> Iterator[ox.Quad]:
    """Yield the triples of an rdflib graph as pyoxigraph quads in a named graph."""
    name = ox.NamedNode(graph_name)
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]


def to_graph(
    triples: Iterable[ox.Triple | ox.Quad], graph: Graph | None = None
) -> Graph:
    """Add pyoxigraph triples (or quads, graph ignored) to an rdflib graph."""
    graph = Graph() if graph is None else graph
    for t in triples:
        graph.add((from_ox_any(t.subject), from_ox(t.predicate), from_ox_any(t.object)))
    return graph
