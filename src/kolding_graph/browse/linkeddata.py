"""The machine-readable twins of a page: an entity's triples, serialised."""

from __future__ import annotations

import pyoxigraph as ox

from kolding_graph.browse.entities import Entity
from kolding_graph.formats import RDFXML, TURTLE, Format
from kolding_graph.namespaces import Namespaces
from kolding_graph.terms import value_to_ox


def triples(entity: Entity) -> list[ox.Triple]:
    """Return the entity's description: its triples, its claims' and figures', and
    the triples that point at it."""
    out: list[ox.Triple] = []
    subject = ox.NamedNode(entity.iri)
    for prop, values in entity.props.items():
        out.extend(
            ox.Triple(subject, ox.NamedNode(prop), value_to_ox(v)) for v in values
        )
    for node, props in entity.nodes.items():
        node_term = ox.NamedNode(node)
        for prop, values in props.items():
            out.extend(
                ox.Triple(node_term, ox.NamedNode(prop), value_to_ox(v)) for v in values
            )
    for prop, subjects in entity.incoming.items():
        out.extend(
            ox.Triple(ox.NamedNode(s), ox.NamedNode(prop), subject) for s in subjects
        )
    return sorted(set(out), key=str)


def serialize(entity: Entity, fmt: Format, ns: Namespaces) -> bytes:
    """Return the entity's description in a format, with the project's prefixes."""
    found = triples(entity)
    prefixes = None
    if fmt in (TURTLE, RDFXML):
        used = {t.predicate.value for t in found} | {
            term.value
            for t in found
            for term in (t.subject, t.object)
            if isinstance(term, ox.NamedNode)
        }
        prefixes = {
            prefix: space
            for prefix, space in ns.prefixes().items()
            if any(i.startswith(space) for i in used)
        }
    return ox.serialize(found, format=fmt.rdf, prefixes=prefixes) or b""
