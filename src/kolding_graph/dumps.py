"""Deterministic dumps: sorted N-Quads and Turtle, canonical blank nodes."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph

from .namespaces import Namespaces
from .terms import graph_quads, to_graph


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
    if any(_has_blank_node(quad) for quad in dataset):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(
        quad.object, ox.BlankNode
    )


def nquads(dataset: ox.Dataset) -> bytes:
    """Return the dataset as N-Quads, one quad a line, lines sorted."""
    lines = sorted(f"{quad} .\n" for quad in dataset)
    return "".join(lines).encode("utf-8")


def union_turtle(dataset: ox.Dataset, ns: Namespaces) -> bytes:
    """Return the union of all graphs as Turtle with the project's prefixes."""
    return turtle(to_graph(dataset), ns)


def turtle(graph: Graph, ns: Namespaces) -> bytes:
    """Return a graph as Turtle; stable as long as its blank node labels are."""
    ns.bind_prefixes(graph)
    return graph.serialize(format="turtle", encoding="utf-8")


def canonical_graph(graph: Graph, ns: Namespaces) -> Graph:
    """Return a copy of graph whose blank nodes carry canonical labels."""
    dataset = canonical_dataset({"report": graph}, ns)
    return to_graph(dataset)
