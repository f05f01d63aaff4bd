"""One lexical form per value: numbers, booleans and dates as the engine keeps them.

`"15.20660"^^xsd:decimal` and `"15.2066"^^xsd:decimal` are one value but two
terms: stores that compare values (Oxigraph, Virtuoso) see one, stores that
keep lexical forms (rdflib) see two, and a join between a curated value and a
derived one then fails there. The build therefore writes each such literal in
the form an Oxigraph store gives back, which is also the form of every value
the rules derive.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal

from kolding_graph.namespaces import XSD_NS

XSD = XSD_NS
CANONICAL_TYPES = frozenset(
    XSD + name
    for name in (
        "boolean",
        "decimal",
        "integer",
        "double",
        "float",
        "date",
        "dateTime",
        "time",
        "gYear",
        "gYearMonth",
        "gMonthDay",
        "gMonth",
        "gDay",
        "duration",
    )
)
_SUBJECT = ox.NamedNode("urn:kolding-graph:canonical")


@lru_cache(maxsize=4096)
def canonical_form(lexical: str, datatype: str) -> str:
    """Return the canonical lexical form of a literal of one of CANONICAL_TYPES."""
    store = ox.Store()
    literal = ox.Literal(lexical, datatype=ox.NamedNode(datatype))
    store.add(ox.Quad(_SUBJECT, _SUBJECT, literal))
    (quad,) = store.quads_for_pattern(None, None, None)
    kept = quad.object
    return kept.value if isinstance(kept, ox.Literal) else lexical


def canonical(literal: Literal) -> Literal:
    """Return the literal in its canonical form (itself when it has none)."""
    datatype = str(literal.datatype) if literal.datatype else ""
    if datatype not in CANONICAL_TYPES:
        return literal
    form = canonical_form(str(literal), datatype)
    if form == str(literal):
        return literal
    return Literal(form, datatype=literal.datatype, normalize=False)


def canonicalise(graph: Graph) -> int:
    """Rewrite the graph's literals in canonical form; return how many changed."""
    changes = [
        (triple, canonical(triple[2]))
        for triple in graph
        if isinstance(triple[2], Literal) and triple[2].datatype
    ]
    changed = 0
    for (subject, predicate, obj), new in changes:
        if new is not obj:
            graph.remove((subject, predicate, obj))
            graph.add((subject, predicate, new))
            changed += 1
    return changed
