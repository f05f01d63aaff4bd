"""A VoID description: sizes, class and property partitions, access points."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from kolding_graph.metadata.dcat import DCAT_VERSION, download_url
from kolding_graph.namespaces import W3C_FORMATS, Namespaces
from kolding_graph.release.distributions import KINDS

if TYPE_CHECKING:
    from kolding_graph.metadata.dcat import Facts
    from kolding_graph.metadata.edition import Edition

FEATURES = ("Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")


@dataclass(frozen=True)
class Statistics:
    """Counts over the union of the named graphs (what the endpoint serves)."""

    graphs: dict[str, int]
    classes: dict[str, int]
    properties: dict[str, int]
    entities: int
    subjects: int
    objects: int
    distinct: int = 0
    shared: tuple[tuple[str, str, int], ...] = ()

    @property
    def quads(self) -> int:
        """Return the triples of all graphs together (a triple per graph it is in)."""
        return sum(self.graphs.values())


def union_of(graphs: Mapping[str, Graph]) -> set:
    """Return the distinct triples of all the graphs."""
    union: set = set()
    for graph in graphs.values():
        union |= set(graph)
    return union


def statistics(
    graphs: Mapping[str, Graph], ns: Namespaces, known: set | None = None
) -> Statistics:
    """Count triples per graph, instances per class, triples per property.

    known: the union of some of the graphs, already computed (a shortcut).
    """
    union = union_of(graphs) if known is None else known | union_of(graphs)
    typed = {(s, o) for s, p, o in union if p == RDF.type}
    entity_space = str(ns.id)
    return Statistics(
        graphs={name: len(graph) for name, graph in sorted(graphs.items())},
        classes=dict(sorted(Counter(str(o) for _, o in typed).items())),
        properties=dict(sorted(Counter(str(p) for _, p, _ in union).items())),
        entities=len({s for s, _, _ in union if str(s).startswith(entity_space)}),
        subjects=len({s for s, _, _ in union}),
        objects=len({o for _, _, o in union}),
        distinct=len(union),
        shared=shared_triples(graphs),
    )


def shared_triples(graphs: Mapping[str, Graph]) -> tuple[tuple[str, str, int], ...]:
    """Return (graph, graph, count) for each pair of graphs sharing triples."""
    names = sorted(graphs)
    sets = {name: set(graphs[name]) for name in names}
    pairs = []
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            count = len(sets[first] & sets[second])
            if count:
                pairs.append((first, second, count))
    return tuple(pairs)


def explain_counts(stats: Statistics, lang: str) -> str:
    """Say why the triples of all graphs outnumber the distinct triples."""
    pairs = ", ".join(f"{a} + {b}: {n}" for a, b, n in stats.shared)
    if lang == "da":
        text = (
            f"De {len(stats.graphs)} navngivne grafer rummer {stats.quads} tripler"
            f" i alt (N-Quads, TriG, JSON-LD); {stats.distinct} af dem er"
            " forskellige (Turtle, N-Triples, RDF/XML slår graferne sammen)."
        )
        why = " En tripel, der står i to grafer, tælles én gang pr. graf"
    else:
        text = (
            f"The {len(stats.graphs)} named graphs hold {stats.quads} triples in"
            f" all (N-Quads, TriG, JSON-LD); {stats.distinct} of them are distinct"
            " (Turtle, N-Triples and RDF/XML merge the graphs)."
        )
        why = " A triple that is in two graphs counts once per graph"
    return text + (f"{why} ({pairs})." if pairs else "")


def vocabularies(stats: Statistics) -> list[str]:
    """Return the namespaces of the classes and properties used, sorted."""
    terms = [*stats.classes, *stats.properties]
    return sorted({namespace_of(term) for term in terms})


def namespace_of(iri: str) -> str:
    """Return an IRI's namespace: everything up to its last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def partition_iri(ns: Namespaces, kind: str, term: str) -> URIRef:
    """Return a stable IRI for a class or property partition."""
    digest = hashlib.sha256(term.encode("utf-8")).hexdigest()[:12]
    local = term[max(term.rfind("#"), term.rfind("/")) + 1 :]
    safe = "".join(ch for ch in local if ch.isascii() and (ch.isalnum() or ch in "-_"))
    return URIRef(f"{ns.dataset}#{kind}-{safe}-{digest}")


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def describe(
    ns: Namespaces, stats: Statistics, facts: Facts, edition: Edition
) -> Graph:
    """Return the VoID description of the dataset and its named graphs."""
    graph = Graph()
    dataset = URIRef(ns.dataset)
    graph.add((dataset, RDF.type, VOID.Dataset))
    describe_sizes(graph, dataset, stats)
    describe_access(graph, ns, dataset, facts, edition)
    describe_partitions(graph, ns, dataset, stats)
    for lang in ("da", "en"):
        graph.add((dataset, RDFS.comment, Literal(explain_counts(stats, lang), lang)))
    describe_edition(graph, dataset, edition)
    for name, count in stats.graphs.items():
        subset = URIRef(ns.graph_iri(name))
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, _count(count)))
    return graph


def describe_edition(graph: Graph, dataset: URIRef, edition: Edition) -> None:
    """Add the version and its release date."""
    if edition.version:
        graph.add((dataset, DCAT_VERSION, Literal(edition.version)))
    if edition.date is not None:
        graph.add((dataset, DCTERMS.modified, Literal(edition.date, datatype=XSD.date)))


def describe_sizes(graph: Graph, dataset: URIRef, stats: Statistics) -> None:
    """Add the dataset's triples (quads over all graphs), entities and counts."""
    graph.add((dataset, VOID.triples, _count(sum(stats.graphs.values()))))
    graph.add((dataset, VOID.entities, _count(stats.entities)))
    graph.add((dataset, VOID.classes, _count(len(stats.classes))))
    graph.add((dataset, VOID.properties, _count(len(stats.properties))))
    graph.add((dataset, VOID.distinctSubjects, _count(stats.subjects)))
    graph.add((dataset, VOID.distinctObjects, _count(stats.objects)))


def describe_access(
    graph: Graph, ns: Namespaces, dataset: URIRef, facts: Facts, edition: Edition
) -> None:
    """Add the endpoint, dumps, URI space, example resources and vocabularies."""
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(ns.base + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(ns.base)))
    for kind in KINDS:
        if kind.part == "dataset":
            url = download_url(ns, edition.folder, kind.name)
            graph.add((dataset, VOID.dataDump, url))
    for example in facts.examples:
        graph.add((dataset, VOID.exampleResource, URIRef(example)))
    for feature in FEATURES:
        graph.add((dataset, VOID.feature, W3C_FORMATS[feature]))


def describe_partitions(
    graph: Graph, ns: Namespaces, dataset: URIRef, stats: Statistics
) -> None:
    """Add one partition per class (entities) and per property (triples)."""
    for vocabulary in vocabularies(stats):
        graph.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for cls, count in stats.classes.items():
        node = partition_iri(ns, "class", cls)
        graph.add((dataset, VOID.classPartition, node))
        graph.add((node, VOID["class"], URIRef(cls)))
        graph.add((node, VOID.entities, _count(count)))
    for prop, count in stats.properties.items():
        node = partition_iri(ns, "property", prop)
        graph.add((dataset, VOID.propertyPartition, node))
        graph.add((node, VOID.property, URIRef(prop)))
        graph.add((node, VOID.triples, _count(count)))
