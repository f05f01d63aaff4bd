"""The one term module: rdflib, pyoxigraph, SPARQL JSON and Value agree."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from kolding_graph.terms import (
    Value,
    from_ox,
    to_ox,
    to_value,
    value_from_json,
    value_to_ox,
    value_to_rdflib,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
TERMS = [
    ox.NamedNode("https://data.kolding.dk/id/city/orebro"),
    ox.BlankNode("b0"),
    ox.Literal("Örebro", language="sv"),
    ox.Literal("1972", datatype=ox.NamedNode(XSD + "gYear")),
    ox.Literal("plain"),
]


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_every_shape_round_trips(term: ox.NamedNode) -> None:
    value = to_value(term)
    assert value_to_ox(value) == term
    assert to_ox(from_ox(term)) == term
    assert to_ox(value_to_rdflib(value)) == term  # type: ignore[arg-type]


def test_json_bindings_become_values() -> None:
    assert value_from_json({"type": "uri", "value": "http://a/"}) == Value(
        "iri", "http://a/"
    )
    lang = value_from_json({"type": "literal", "value": "Kolding", "xml:lang": "da"})
    assert lang == Value("literal", "Kolding", "da")
    typed = {"type": "typed-literal", "value": "3", "datatype": XSD + "integer"}
    assert value_from_json(typed).to_python() == 3
    assert value_from_json({"type": "bnode", "value": "x"}).kind == "bnode"
    with pytest.raises(ValueError, match="'triple'"):
        value_from_json({"type": "triple", "value": "x"})


def test_rdflib_keeps_datatypes_as_given() -> None:
    """Wikidata's explicit xsd:string stays typed; an absent datatype stays plain."""
    explicit = value_to_rdflib(Value("literal", "a", datatype=XSD + "string"))
    assert explicit == Literal("a", datatype=URIRef(XSD + "string"))
    assert value_to_rdflib(Value("literal", "a")) == Literal("a")
    assert value_to_rdflib(Value("bnode", "b1")) == BNode("b1")
    assert from_ox(ox.Literal("a")) == Literal("a")  # rdflib's plain is xsd:string
