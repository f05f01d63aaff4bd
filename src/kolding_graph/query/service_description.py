"""The SPARQL 1.1 Service Description of the endpoint, as an rdflib graph."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SH, VOID

from kolding_graph.formats import GRAPH_FORMATS, RESULT_FORMATS
from kolding_graph.namespaces import SD
from kolding_graph.query.named import NamedQuery

# Example queries are described the way SHACL describes SPARQL executables
# (SHACL has no property for DESCRIBE; schema:text carries every query's text).
EXECUTABLE = {"SELECT": SH.select, "ASK": SH.ask, "CONSTRUCT": SH.construct}


def service_description(
    endpoint: str,
    graphs: dict[str, int],
    examples: Iterable[NamedQuery],
    examples_url: str,
    see_also: Iterable[str] = (),
) -> Graph:
    """Describe the endpoint: languages, formats, features, dataset, examples.

    see_also: documents describing the dataset served (VoID, DCAT).
    """
    graph = Graph()
    for prefix, namespace in (("sd", SD), ("void", VOID), ("sh", SH), ("schema", SDO)):
        graph.bind(prefix, namespace)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        graph.add((service, SD.resultFormat, URIRef(fmt.w3c_iri)))
    graph.add((service, SD.defaultDataset, _dataset(graph, graphs)))
    for url in see_also:
        graph.add((service, RDFS.seeAlso, URIRef(url)))
    for example in examples:
        _add_example(graph, service, example, f"{examples_url}/{example.name}")
    return graph


def _dataset(graph: Graph, graphs: dict[str, int]) -> BNode:
    dataset, default = BNode(), BNode()
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for iri, size in sorted(graphs.items()):
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(size)))
    return dataset


def _add_example(graph: Graph, service: URIRef, example: NamedQuery, url: str) -> None:
    node = URIRef(url)
    graph.add((node, RDF.type, SH.SPARQLExecutable))
    graph.add((node, SDO.target, service))
    graph.add((node, SDO.text, Literal(example.text)))
    if example.form in EXECUTABLE:
        graph.add((node, EXECUTABLE[example.form], Literal(example.text)))
    for lang, title in example.title.items():
        graph.add((node, RDFS.label, Literal(title, lang=lang)))
    for lang, text in example.description.items():
        graph.add((node, RDFS.comment, Literal(text, lang=lang)))
