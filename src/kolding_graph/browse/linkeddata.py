"""The machine-readable twins of a page: format table and serialisation."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kolding_graph.browse.entities import Entity
from kolding_graph.browse.labels import Value
from kolding_graph.namespaces import Namespaces


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation offered for every resource."""

    key: str
    suffix: str
    media_type: str
    name: str
    oxigraph: ox.RdfFormat


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("ttl", ".ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE),
    RdfFormat(
        "jsonld", ".jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD
    ),
    RdfFormat(
        "nt", ".nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES
    ),
    RdfFormat("rdf", ".rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML),
)
BY_KEY = {f.key: f for f in FORMATS}
BY_SUFFIX = {f.suffix: f for f in FORMATS}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
# Names people type in ?format= besides the keys.
ALIASES = {
    "turtle": "ttl",
    "json-ld": "jsonld",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdfxml": "rdf",
    "xml": "rdf",
    "json": "jsonld",
}


def format_for(name: str) -> RdfFormat | None:
    """Return the format a ?format= value or a suffix names, or None."""
    name = name.lower()
    if name.startswith("."):
        return BY_SUFFIX.get(name)
    return BY_KEY.get(ALIASES.get(name, name))


def split_suffix(path: str) -> tuple[str, RdfFormat | None]:
    """Split a path into (path without a known format suffix, that format)."""
    for fmt in FORMATS:
        if path.endswith(fmt.suffix) and len(path) > len(fmt.suffix):
            return path[: -len(fmt.suffix)], fmt
    return path, None


def _term(value: Value) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if value.kind == "iri":
        return ox.NamedNode(value.value)
    if value.kind == "bnode":
        return ox.BlankNode(value.value)
    if value.lang:
        return ox.Literal(value.value, language=value.lang)
    if value.datatype:
        return ox.Literal(value.value, datatype=ox.NamedNode(value.datatype))
    return ox.Literal(value.value)


def triples(entity: Entity) -> list[ox.Triple]:
    """Return the entity's description: its triples, its claims' and figures', and
    the triples that point at it."""
    out = []
    subject = ox.NamedNode(entity.iri)
    for prop, values in entity.props.items():
        out.extend(ox.Triple(subject, ox.NamedNode(prop), _term(v)) for v in values)
    for node, props in entity.nodes.items():
        node_term = ox.NamedNode(node)
        for prop, values in props.items():
            out.extend(
                ox.Triple(node_term, ox.NamedNode(prop), _term(v)) for v in values
            )
    for prop, subjects in entity.incoming.items():
        out.extend(
            ox.Triple(ox.NamedNode(s), ox.NamedNode(prop), subject) for s in subjects
        )
    return sorted(set(out), key=str)


def serialize(entity: Entity, fmt: RdfFormat, ns: Namespaces) -> bytes:
    """Return the entity's description in a format, with the project's prefixes."""
    found = triples(entity)
    prefixes = None
    if fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
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
    return ox.serialize(found, format=fmt.oxigraph, prefixes=prefixes)
