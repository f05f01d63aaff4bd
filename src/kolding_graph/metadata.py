"""The `metadata` graph: a minimal VoID/DCAT description of the dataset."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from .namespaces import Namespaces

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLES = {
    "da": "Kolding Kommunes internationale samarbejde",
    "en": "Kolding Municipality's international cooperation",
}


def describe_dataset(ns: Namespaces, triples: Mapping[str, int]) -> Graph:
    """Return the metadata graph for graphs with the given triple counts.

    The metadata graph counts itself too: its own size does not depend on the
    numbers it states, so it is built once with a placeholder and then filled in.
    """
    graph = _describe(ns, {**triples, "metadata": 0})
    return _describe(ns, {**triples, "metadata": len(graph)})


def _describe(ns: Namespaces, triples: Mapping[str, int]) -> Graph:
    graph = ns.bind_prefixes(Graph())
    dataset = URIRef(ns.dataset)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for lang, title in TITLES.items():
        graph.add((dataset, DCTERMS.title, Literal(title, lang=lang)))
    graph.add((dataset, DCTERMS.license, LICENSE))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(ns.base + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(ns.base)))
    graph.add((dataset, VOID.triples, _count(sum(triples.values()))))
    for name in sorted(triples):
        # Each named graph is described as a VoID subset under its own graph IRI.
        subset = URIRef(ns.graph_iri(name))
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, _count(triples[name])))
    return graph


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)
