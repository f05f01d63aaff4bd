"""Dumps are a function of the graph alone: blank node labels and order do not leak."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kolding_graph.namespaces import Namespaces
from kolding_graph.release import dumps
from kolding_graph.terms import to_graph

NS = Namespaces()
IRIS = [URIRef(f"{NS.base}id/thing/{n}") for n in "abc"]
PREDICATES = [URIRef(f"{NS.base}def/{n}") for n in ("p", "q")]
LITERALS = [Literal("x"), Literal("ø", lang="da"), Literal(7)]

# Terms are drawn as ("iri"|"blank"|"literal", index); blank nodes get fresh
# random labels in every copy of the graph.
node = st.tuples(st.sampled_from(["iri", "blank"]), st.integers(0, 2))
value = node | st.tuples(st.just("literal"), st.integers(0, 2))
triples = st.lists(
    st.tuples(node, st.integers(0, 1), value), min_size=1, max_size=12, unique=True
)


def make_graph(spec: list, seed: int) -> Graph:
    """Build the graph described by spec with fresh blank nodes, in a shuffled order."""
    blanks = [BNode() for _ in range(3)]
    terms = {"iri": IRIS, "blank": blanks, "literal": LITERALS}
    rows = [(terms[s[0]][s[1]], PREDICATES[p], terms[o[0]][o[1]]) for s, p, o in spec]
    random.Random(seed).shuffle(rows)
    graph = Graph()
    for row in rows:
        graph.add(row)
    return graph


@settings(max_examples=60, deadline=None)
@given(triples, st.integers(), st.integers())
def test_same_graph_gives_same_bytes(spec: list, seed1: int, seed2: int) -> None:
    first = dumps.canonical_dataset({"g": make_graph(spec, seed1)}, NS)
    second = dumps.canonical_dataset({"g": make_graph(spec, seed2)}, NS)
    assert dumps.nquads(first) == dumps.nquads(second)
    assert dumps.union_turtle(first, NS) == dumps.union_turtle(second, NS)


@settings(max_examples=60, deadline=None)
@given(triples)
def test_canonical_dump_round_trips(spec: list) -> None:
    graph = make_graph(spec, 0)
    dataset = dumps.canonical_dataset({"g": graph}, NS)
    assert isomorphic(to_graph(dataset), graph)
    turtle = dumps.union_turtle(dataset, NS)
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), graph)
