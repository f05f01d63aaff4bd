"""The `metadata` graph: a DCAT-AP and VoID description of one release."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SDO, SKOS, XSD

from kolding_graph.errors import BuildError
from kolding_graph.metadata import dcat, void
from kolding_graph.metadata.edition import Edition
from kolding_graph.metadata.personal import has_people
from kolding_graph.namespaces import Namespaces
from kolding_graph.terms import language

# The statistics of the metadata graph include the metadata graph itself; its
# size does not depend on the numbers it states, so a few rounds settle it.
MAX_ROUNDS = 5
DATE_TYPES = {XSD.gYear, XSD.gYearMonth, XSD.date, XSD.dateTime}
DATA_GRAPHS = ("curated", "derived", "wikidata")


def describe_dataset(
    ns: Namespaces, graphs: Mapping[str, Graph], edition: Edition | None = None
) -> Graph:
    """Return the metadata graph for the given named graphs (itself counted too)."""
    edition = edition or Edition()
    facts = gather_facts(ns, graphs)
    data = void.union_of(graphs)
    stats = void.statistics({**graphs, "metadata": Graph()}, ns, data)
    for _ in range(MAX_ROUNDS):
        described = describe(ns, facts, stats, edition)
        settled = void.statistics({**graphs, "metadata": described}, ns, data)
        if settled == stats:
            return described
        stats = settled
    raise BuildError("the VoID statistics of the metadata graph do not settle")


def describe(
    ns: Namespaces,
    facts: dcat.Facts,
    stats: void.Statistics,
    edition: Edition,
    files: Mapping[str, dcat.FileInfo] | None = None,
) -> Graph:
    """Return the DCAT-AP and VoID descriptions merged into one graph."""
    graph = dcat.describe(ns, facts, edition, files)
    graph += void.describe(ns, stats, facts, edition)
    return ns.bind_prefixes(graph)


def gather_facts(ns: Namespaces, graphs: Mapping[str, Graph]) -> dcat.Facts:
    """Read what the description takes from the data: contact, years, examples."""
    data = Graph()
    for name in DATA_GRAPHS:
        data += graphs.get(name, Graph())
    publisher = URIRef(ns.entity("municipality", "kolding"))
    return dcat.Facts(
        publisher=str(publisher),
        contact=find_contact(data, publisher),
        years=year_span(data, ns),
        examples=example_resources(ns, data),
        people=has_people(data),
    )


def find_contact(data: Graph, publisher: URIRef) -> dcat.Contact | None:
    """Return the publisher's contact point as the data states it, if it does."""
    node = data.value(publisher, SDO.contactPoint)
    if node is None:
        return None
    labels = {
        language(label): str(label) for label in data.objects(node, SKOS.prefLabel)
    }
    return dcat.Contact(
        name_da=labels.get("da", ""),
        name_en=labels.get("en", ""),
        email=str(data.value(node, SDO.email) or ""),
        telephone=str(data.value(node, SDO.telephone) or ""),
    )


def year_span(data: Graph, ns: Namespaces) -> tuple[int, int] | None:
    """Return the first and last year the facts name (not their provenance)."""
    sources = set(data.subjects(RDF.type, ns.kg.Source))
    years = [
        int(str(value)[:4])
        for subject, predicate, value in data
        if isinstance(value, Literal)
        and value.datatype in DATE_TYPES
        and str(value)[:4].isdigit()
        and subject not in sources
        and not str(predicate).startswith(str(PROV))
    ]
    return (min(years), max(years)) if years else None


EXAMPLES = (("municipality", "kolding"), ("city", "kolding"), ("city", "orebro"))


def example_resources(ns: Namespaces, data: Graph) -> tuple[str, ...]:
    """Return a few typical entities: preferred ones the data has, else the first."""
    subjects = {str(s) for s in data.subjects(RDF.type, None)}
    preferred = [ns.entity(kind, slug) for kind, slug in EXAMPLES]
    found = tuple(iri for iri in preferred if iri in subjects)
    if found:
        return found
    return tuple(sorted(s for s in subjects if s.startswith(str(ns.id)))[:3])


def standalone_descriptions(
    ns: Namespaces,
    graphs: Mapping[str, Graph],
    edition: Edition,
    files: Mapping[str, dcat.FileInfo],
) -> dict[str, Graph]:
    """Return dcat.ttl (with every file's size and checksum) and void.ttl.

    The metadata graph travels inside the dumps, so it cannot state their
    checksums; these files, written after the dumps, can.
    """
    facts = gather_facts(ns, graphs)
    stats = void.statistics(graphs, ns)
    return {
        "dcat.ttl": ns.bind_prefixes(dcat.describe(ns, facts, edition, files)),
        "void.ttl": ns.bind_prefixes(void.describe(ns, stats, facts, edition)),
    }
