"""Deterministic dumps: sorted quads in every RDF format, fixed gzip headers."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import Graph

from kolding_graph.namespaces import Namespaces
from kolding_graph.terms import graph_quads, to_graph


def canonical_dataset(graphs: Mapping[str, Graph], ns: Namespaces) -> ox.Dataset:
    """Return the named graphs as one dataset with canonical blank node labels.

    Blank node labels from the parser are random; RDFC-1.0 relabels them from
    the shape of the data, so the same inputs always give the same bytes.
    """
    dataset = ox.Dataset(
        quad
        for name in sorted(graphs)
        for quad in graph_quads(graphs[name], ns.graph_iri(name))
    )
    if any(has_blank_node(quad) for quad in dataset):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def has_blank_node(quad: ox.Quad) -> bool:
    """Return True if the quad's subject or object is a blank node."""
    return isinstance(quad.subject, ox.BlankNode) or isinstance(
        quad.object, ox.BlankNode
    )


def nquads(dataset: ox.Dataset) -> bytes:
    """Return the dataset as N-Quads, one quad a line, lines sorted."""
    lines = sorted(f"{quad} .\n" for quad in dataset)
    return "".join(lines).encode("utf-8")


def union_turtle(dataset: ox.Dataset, ns: Namespaces) -> bytes:
    """Return the union of all graphs as Turtle with the project's prefixes."""
    return serialize(union_triples(dataset), ox.RdfFormat.TURTLE, ns)


def turtle(graph: Graph, ns: Namespaces) -> bytes:
    """Return a graph as sorted Turtle; stable as long as its blank node labels are.

    pyoxigraph writes every literal exactly as parsed; rdflib's Turtle writer
    would rewrite lexical forms ("-45.00"^^xsd:decimal became -45.0).
    """
    quads = graph_quads(graph, ns.graph_iri("dump"))
    return serialize(union_triples(quads), ox.RdfFormat.TURTLE, ns)


def canonical_graph(graph: Graph, ns: Namespaces) -> Graph:
    """Return a copy of graph whose blank nodes carry canonical labels."""
    dataset = canonical_dataset({"report": graph}, ns)
    return to_graph(dataset)


def quad_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    """Return the sort key of a quad: graph, subject, predicate, object."""
    return (
        str(quad.graph_name),
        str(quad.subject),
        str(quad.predicate),
        str(quad.object),
    )


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Return the quads ordered by graph, subject, predicate and object."""
    return sorted(quads, key=quad_key)


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """Return the distinct triples of all graphs, sorted."""
    distinct = {quad.triple for quad in quads}
    return sorted(
        distinct, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))
    )


def serialize(
    items: Sequence[ox.Quad] | Sequence[ox.Triple], fmt: ox.RdfFormat, ns: Namespaces
) -> bytes:
    """Serialise sorted quads or triples with pyoxigraph, in the order given."""
    return ox.serialize(items, format=fmt, prefixes=ns.prefixes()) or b""


def jsonld(quads: Sequence[ox.Quad]) -> bytes:
    """Return the quads as expanded JSON-LD (named graphs kept), indented."""
    document = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    text = json.dumps(document, indent=1, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Return data gzip-compressed with a fixed header: no file name, mtime 0."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9
    ) as stream:
        stream.write(data)
    return buffer.getvalue()
