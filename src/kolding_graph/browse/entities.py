"""Read one entity's neighbourhood from the store: facts, claims, figures, labels.

Every query here binds IRIs with VALUES (validated by labels.iri_ref); no text from a
request is ever written into query text any other way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kolding_graph.browse.labels import values_clause
from kolding_graph.namespaces import DCAT_NS as DCAT
from kolding_graph.namespaces import DEFAULT_BASE_IRI, RDFS_NS, rebase, sparql_prefixes
from kolding_graph.namespaces import ORG_NS as ORG
from kolding_graph.namespaces import OWL_NS as OWL
from kolding_graph.namespaces import PROV_NS as PROV
from kolding_graph.namespaces import RDF_NS as RDF
from kolding_graph.namespaces import SCHEMA_NS as SCHEMA
from kolding_graph.namespaces import SKOS_NS as SKOS
from kolding_graph.namespaces import VOID_NS as VOID
from kolding_graph.terms import Value

Row = dict[str, Value]
Select = Callable[[str], list[Row]]

RDF_TYPE = RDF + "type"
PROV_SOURCE = PROV + "wasDerivedFrom"
KG = DEFAULT_BASE_IRI + "def/"
INCOMING_LIMIT = 500

PREFIXES = sparql_prefixes(
    {"kg": KG, "org": ORG, "rdfs": RDFS_NS, "skos": SKOS, "schema": SCHEMA}
)

# The entity's own triples, and those of the claim and figure nodes about it.
# VALUES sits inside each branch: SPARQL evaluates a UNION branch before joining it
# with what is outside, so a VALUES outside would leave "?s ?p ?o" unbound.
OUT_QUERY = """SELECT ?node ?p ?o WHERE {
  { %(values)s ?s ?p ?o BIND(?s AS ?node) }
  UNION { %(values)s ?node kg:claimSubject|kg:figureOf ?s . ?node ?p ?o }
}"""

IN_QUERY = """SELECT ?x ?p WHERE {
  %(values)s
  ?x ?p ?s .
  FILTER (?p NOT IN (kg:claimSubject, kg:figureOf))
} LIMIT %(limit)d"""

# Memberships, agreements and designations the entity takes part in, one hop further.
# The links are found in a subquery before the OPTIONALs: with the OPTIONALs
# straight after the UNION, Virtuoso 7.2 drops some of their values (a status
# or start year seen on one agreement and missing on another).
RELATIONS_QUERY = (
    sparql_prefixes({"prov": PROV})
    + """SELECT ?dir ?node ?other ?role ?start ?end ?elected ?status ?src ?ysrc WHERE {
  { SELECT ?dir ?node ?other WHERE {
    { %(values)s ?node org:member ?s ; org:organization ?other
      BIND("member-of" AS ?dir) }
    UNION { %(values)s ?node org:organization ?s ; org:member ?other
      BIND("has-member" AS ?dir) }
    UNION { %(values)s ?node kg:party ?s , ?other FILTER (?other != ?s)
      BIND("party" AS ?dir) }
    UNION { %(values)s ?node kg:designee ?s ; kg:awardedBy ?other
      BIND("designation" AS ?dir) }
  } }
  OPTIONAL { ?node org:role ?role }
  OPTIONAL { ?node kg:startYear ?start }
  OPTIONAL { ?node kg:endYear ?end }
  OPTIONAL { ?node kg:electedYear ?elected }
  OPTIONAL { ?node kg:status ?status }
  OPTIONAL { ?node prov:wasDerivedFrom ?src }
  OPTIONAL { ?claim kg:claimSubject ?node ; kg:claimProperty kg:startYear ;
                    prov:wasDerivedFrom ?ysrc }
}"""
)

LABELS_QUERY = """SELECT ?s ?label WHERE {
  %(values)s
  ?s skos:prefLabel|rdfs:label ?label
}"""


@dataclass(frozen=True)
class Relation:
    """A membership, agreement or designation linking the entity to another node."""

    direction: str
    node: str
    other: str
    role: str | None
    start: Value | None
    end: Value | None
    elected: Value | None
    status: str | None
    sources: tuple[str, ...] = ()
    start_sources: tuple[str, ...] = ()  # of the start year, where a claim gives it


@dataclass
class Entity:
    """Everything a page or an RDF twin needs about one IRI."""

    iri: str
    props: dict[str, list[Value]]
    nodes: dict[str, dict[str, list[Value]]]
    incoming: dict[str, list[str]]
    relations: list[Relation]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # {related node: {property: claims}} where sources disagree (browse.claims).
    disputes: dict[str, dict[str, list]] = field(default_factory=dict)

    @property
    def types(self) -> list[str]:
        """Return the entity's rdf:type IRIs."""
        return [v.value for v in self.props.get(RDF_TYPE, [])]

    def first(self, prop: str) -> Value | None:
        """Return the first value of prop, or None."""
        values = self.props.get(prop)
        return values[0] if values else None

    def nodes_of_type(self, type_iri: str) -> dict[str, dict[str, list[Value]]]:
        """Return the claim or figure nodes of a given type."""
        return {
            node: props
            for node, props in sorted(self.nodes.items())
            if any(v.value == type_iri for v in props.get(RDF_TYPE, []))
        }


class Queries:
    """The page queries, written once for the store's base IRI."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = base
        self.prefixes = rebase(PREFIXES, base)
        self.kg = base + "def/"

    def run(
        self,
        select: Select,
        template: str,
        var: str,
        iris: Iterable[str],
        **params: int,
    ) -> list[Row]:
        """Run a template with ?var bound by VALUES to iris."""
        text = self.prefixes + template % {"values": values_clause(var, iris), **params}
        return select(text)


def describe(select: Select, queries: Queries, iri: str) -> Entity | None:
    """Return the entity at iri, or None when the store says nothing about it."""
    props, nodes = _outgoing(queries.run(select, OUT_QUERY, "s", [iri]), iri)
    incoming = _incoming(
        queries.run(select, IN_QUERY, "s", [iri], limit=INCOMING_LIMIT)
    )
    if not props and not incoming:
        return None
    incoming = _without_echoes(incoming, props)
    relations = _relations(queries.run(select, RELATIONS_QUERY, "s", [iri]))
    entity = Entity(iri, props, nodes, incoming, relations)
    entity.labels = fetch_labels(select, queries, _mentioned(entity))
    return entity


def fetch_labels(
    select: Select, queries: Queries, iris: Iterable[str]
) -> dict[str, dict[str, str]]:
    """Return {iri: {lang: label}} for the IRIs that have a label."""
    iris = sorted(set(iris))
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    if not iris:
        return labels
    for row in queries.run(select, LABELS_QUERY, "s", iris):
        label = row["label"]
        labels[row["s"].value].setdefault(label.lang, label.value)
    return labels


def _outgoing(rows: list[Row], iri: str) -> tuple[dict, dict]:
    props: dict[str, list[Value]] = defaultdict(list)
    nodes: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        node = row["node"].value
        target = props if node == iri else nodes[node]
        if row["o"] not in target[row["p"].value]:
            target[row["p"].value].append(row["o"])
    return dict(props), {n: dict(p) for n, p in nodes.items()}


def _incoming(rows: list[Row]) -> dict[str, list[str]]:
    incoming: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["x"].is_iri:
            incoming[row["p"].value].append(row["x"].value)
    return {p: sorted(set(xs)) for p, xs in incoming.items()}


def _without_echoes(
    incoming: dict[str, list[str]], props: dict[str, list[Value]]
) -> dict[str, list[str]]:
    """Drop links back that repeat an outgoing one (symmetric twinnedWith)."""
    kept = {}
    for prop, subjects in incoming.items():
        out = {v.value for v in props.get(prop, [])}
        rest = [s for s in subjects if s not in out]
        if rest:
            kept[prop] = rest
    return kept


def _relations(rows: list[Row]) -> list[Relation]:
    found = {}
    cited: dict[tuple[str, str, str], tuple[set[str], set[str]]] = defaultdict(
        lambda: (set(), set())
    )
    for row in rows:
        relation = Relation(
            direction=row["dir"].value,
            node=row["node"].value,
            other=row["other"].value,
            role=_iri_or_none(row.get("role")),
            start=row.get("start"),
            end=row.get("end"),
            elected=row.get("elected"),
            status=_iri_or_none(row.get("status")),
        )
        key = (relation.direction, relation.node, relation.other)
        found[key] = relation
        for index, var in enumerate(("src", "ysrc")):
            if var in row:
                cited[key][index].add(row[var].value)
    with_sources = [
        replace(
            r,
            sources=tuple(sorted(cited[k][0])),
            start_sources=tuple(sorted(cited[k][1])),
        )
        for k, r in found.items()
    ]
    return sorted(with_sources, key=_relation_order)


def _relation_order(relation: Relation) -> tuple:
    start = relation.start or relation.elected
    return (relation.direction, start.value if start else "9999", relation.node)


def _iri_or_none(value: Value | None) -> str | None:
    return value.value if value is not None and value.is_iri else None


def _mentioned(entity: Entity) -> set[str]:
    """Return every IRI a page about the entity may show."""
    found = {entity.iri, *entity.props, *entity.incoming}
    for values in entity.props.values():
        found.update(v.value for v in values if v.is_iri)
    for props in entity.nodes.values():
        found.update(props)
        for values in props.values():
            found.update(v.value for v in values if v.is_iri)
    for subjects in entity.incoming.values():
        found.update(subjects)
    for relation in entity.relations:
        found.update({relation.node, relation.other})
        found.update(x for x in (relation.role, relation.status) if x)
        found.update(relation.sources + relation.start_sources)
    return found


# Page kinds by rdf:type, most specific first; "def/..." is relative to the base.
KINDS: tuple[tuple[str, str], ...] = (
    ("def/Municipality", "municipality"),
    ("def/LocalAuthority", "city"),
    ("def/Town", "town"),
    ("def/TwinningAgreement", "agreement"),
    ("def/Agreement", "agreement"),
    (ORG + "Membership", "membership"),
    ("def/Network", "organisation"),
    ("def/Office", "organisation"),
    (ORG + "FormalOrganization", "organisation"),
    (ORG + "OrganizationalUnit", "organisation"),
    (ORG + "Organization", "organisation"),
    (SCHEMA + "Person", "person"),
    ("def/Project", "initiative"),
    ("def/Campaign", "initiative"),
    ("def/Initiative", "initiative"),
    ("def/Event", "event"),
    ("def/PolicyDocument", "document"),
    ("def/PolicySection", "document"),
    ("def/Designation", "designation"),
    ("def/Source", "source"),
    ("def/Figure", "figure"),
    ("def/Claim", "claim"),
    (SCHEMA + "Country", "country"),
    (SCHEMA + "ContactPoint", "contact"),
    (SKOS + "Concept", "concept"),
    (SKOS + "ConceptScheme", "concept"),
    (OWL + "Ontology", "ontology"),
    (OWL + "Class", "class"),
    (OWL + "ObjectProperty", "property"),
    (OWL + "DatatypeProperty", "property"),
    (DCAT + "Dataset", "dataset"),
    (VOID + "Dataset", "dataset"),
)


def kind_of(types: Iterable[str], base: str = DEFAULT_BASE_IRI) -> str:
    """Return the page kind for a set of rdf:types ("thing" when none is known)."""
    present = set(types)
    for type_iri, kind in KINDS:
        full = type_iri if "://" in type_iri else base + type_iri
        if full in present:
            return kind
    return "thing"
