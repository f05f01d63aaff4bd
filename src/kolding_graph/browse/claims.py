"""Claims and figures: one source's value for a property, and where sources disagree.

A property that sources dispute has no direct value (the claim rule leaves it out), so a
page shows the disagreement where the value would be, each claim with its source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kolding_graph.browse.entities import PROV_SOURCE, Entity, Queries, Select
from kolding_graph.browse.labels import Value
from kolding_graph.namespaces import DEFAULT_BASE_IRI, PROV_NS, sparql_prefixes

# The claims about some nodes (memberships, agreements a page lists), one row per term.
NODE_CLAIMS_QUERY = (
    sparql_prefixes({"prov": PROV_NS})
    + """SELECT ?s ?claim ?p ?o WHERE {
  %(values)s
  ?claim kg:claimSubject ?s ; a kg:Claim ; ?p ?o .
  FILTER (?p IN (kg:claimProperty, kg:value, kg:statedAs, kg:note, prov:wasDerivedFrom))
}"""
)


@dataclass(frozen=True)
class Claim:
    """One source's value (or wording) for a property of the entity."""

    iri: str
    prop: str
    value: Value | None
    stated_as: tuple[Value, ...]
    sources: tuple[str, ...]
    notes: tuple[Value, ...]


@dataclass(frozen=True)
class Figure:
    """A number about the entity that holds as of a date, per a source."""

    iri: str
    measure: str | None
    value: Value | None
    qualifier: str | None
    as_of: Value | None
    sources: tuple[str, ...]
    notes: tuple[Value, ...]


def claims(entity: Entity, base: str = DEFAULT_BASE_IRI) -> list[Claim]:
    """Return the kg:Claim nodes about the entity."""
    kg = base + "def/"
    found = []
    for node, props in entity.nodes_of_type(kg + "Claim").items():
        claim = _claim(node, props, kg)
        if claim is not None:
            found.append(claim)
    return found


def figures(entity: Entity, base: str = DEFAULT_BASE_IRI) -> list[Figure]:
    """Return the kg:Figure nodes about the entity, by measure then date."""
    kg = base + "def/"
    found = []
    for node, props in entity.nodes_of_type(kg + "Figure").items():
        measure = _one(props, kg + "measure")
        qualifier = _one(props, kg + "qualifier")
        found.append(
            Figure(
                iri=node,
                measure=measure.value if measure else None,
                value=_one(props, kg + "value"),
                qualifier=qualifier.value if qualifier else None,
                as_of=_one(props, kg + "asOf"),
                sources=_iris(props, PROV_SOURCE),
                notes=tuple(props.get(kg + "note", ())),
            )
        )
    return sorted(
        found,
        key=lambda f: (
            f.measure or "",
            f.as_of is None,
            f.as_of.value if f.as_of else "",
        ),
    )


def value_sources(found: list[Claim]) -> dict[tuple[str, Value], tuple[str, ...]]:
    """Return the sources of each (property, value) that claims give."""
    sources: dict[tuple[str, Value], tuple[str, ...]] = {}
    for claim in found:
        if claim.value is not None:
            key = (claim.prop, claim.value)
            sources[key] = tuple(dict.fromkeys(sources.get(key, ()) + claim.sources))
    return sources


def disagreements(found: list[Claim]) -> dict[str, list[Claim]]:
    """Return, per property, the claims when sources give it different values."""
    by_prop: dict[str, list[Claim]] = defaultdict(list)
    for claim in found:
        by_prop[claim.prop].append(claim)
    return {
        prop: sorted(group, key=lambda c: c.iri)  # the same order on every store
        for prop, group in sorted(by_prop.items())
        if len({(c.value, c.stated_as) for c in group}) > 1
    }


def _one(props: dict[str, list[Value]], prop: str) -> Value | None:
    values = props.get(prop)
    return values[0] if values else None


def _iris(props: dict[str, list[Value]], prop: str) -> tuple[str, ...]:
    return tuple(sorted(v.value for v in props.get(prop, ()) if v.is_iri))


def node_disputes(
    select: Select, queries: Queries, nodes: Iterable[str]
) -> dict[str, dict[str, list[Claim]]]:
    """Return {node: {property: claims}} for the disputed properties of nodes."""
    grouped: dict[str, dict[str, dict[str, list[Value]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    nodes = sorted(set(nodes))
    if not nodes:
        return {}
    for row in queries.run(select, NODE_CLAIMS_QUERY, "s", nodes):
        props = grouped[row["s"].value][row["claim"].value]
        props[row["p"].value].append(row["o"])
    found = {}
    for node, claim_nodes in grouped.items():
        parsed = [_claim(iri, props, queries.kg) for iri, props in claim_nodes.items()]
        disputed = disagreements([c for c in parsed if c is not None])
        if disputed:
            found[node] = disputed
    return found


def _claim(iri: str, props: dict[str, list[Value]], kg: str) -> Claim | None:
    """Return the Claim a node's properties describe (None without a property)."""
    prop = _one(props, kg + "claimProperty")
    if prop is None:
        return None
    return Claim(
        iri=iri,
        prop=prop.value,
        value=_one(props, kg + "value"),
        stated_as=tuple(sorted(props.get(kg + "statedAs", ()), key=_by_lang)),
        sources=_iris(props, PROV_SOURCE),
        notes=tuple(sorted(props.get(kg + "note", ()), key=_by_lang)),
    )


def _by_lang(value: Value) -> tuple[str, str]:
    return (value.lang, value.value)


def claim_sources(disputes: dict[str, dict[str, list[Claim]]]) -> set[str]:
    """Return the source IRIs the disputes cite (for labels)."""
    return {
        s
        for by_prop in disputes.values()
        for group in by_prop.values()
        for claim in group
        for s in claim.sources
    }
