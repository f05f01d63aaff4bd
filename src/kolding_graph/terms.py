"""Convert RDF terms between rdflib and pyoxigraph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
