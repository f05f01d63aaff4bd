"""A discrepancy report as RDF (the reconciliation graph), and back."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, XSD
from rdflib.term import Node

from kolding_graph.errors import ReleaseError
from kolding_graph.namespaces import Namespaces
from kolding_graph.terms import language, value_to_rdflib
from kolding_graph.wikidata.discrepancies import KEY, KINDS, Discrepancy, Report

REPORT_FILE = "reconciliation.ttl"


def report_node(ns: Namespaces) -> URIRef:
    """Return the IRI of the reconciliation report."""
    return URIRef(ns.entity("document", "wikidata-reconciliation"))


def anchor(discrepancy: Discrepancy) -> str:
    """Return a readable, stable, ASCII name for a discrepancy (IRI, HTML id)."""
    folded = unicodedata.normalize("NFKD", discrepancy.key).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.decode().lower()).strip("-")[:80]
    digest = hashlib.sha256(discrepancy.key.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}"


def discrepancy_iri(ns: Namespaces, discrepancy: Discrepancy) -> URIRef:
    """Return the IRI of a discrepancy."""
    return URIRef(ns.entity("discrepancy", anchor(discrepancy)))


def report_graph(report: Report, ns: Namespaces) -> Graph:
    """Return the report as RDF, repeating how the snapshot was made."""
    graph, kg, node = Graph(), ns.kg, report_node(ns)
    graph.add((node, RDF.type, kg.ReconciliationReport))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, RDFS.label, Literal("Afstemning med Wikidata", lang="da")))
    graph.add((node, RDFS.label, Literal("Reconciliation with Wikidata", lang="en")))
    if report.snapshot:
        snapshot = URIRef(report.snapshot)
        graph.add((node, kg.comparedWith, snapshot))
        graph.add((node, PROV.wasDerivedFrom, snapshot))
        for key, text in sorted(report.snapshot_note.items()):
            if key == "generated":
                when = Literal(text, datatype=XSD.dateTime)
                graph.add((snapshot, PROV.generatedAtTime, when))
            else:
                graph.add((snapshot, kg.note, Literal(text, lang=key)))
    for discrepancy in report.discrepancies:
        iri = discrepancy_iri(ns, discrepancy)
        graph.add((node, kg.hasDiscrepancy, iri))
        add_discrepancy(graph, iri, discrepancy, ns)
    return graph


def add_discrepancy(graph: Graph, iri: URIRef, d: Discrepancy, ns: Namespaces) -> None:
    """Add one discrepancy's statements to a graph."""
    kg = ns.kg
    graph.add((iri, RDF.type, kg[KINDS[d.kind][0]]))
    graph.add((iri, RDF.type, kg.Discrepancy))
    graph.add((iri, kg.discrepancyKey, Literal(d.key)))
    graph.add((iri, kg.accepted, Literal(d.accepted)))
    graph.add((iri, SDO.description, Literal(d.message_da, lang="da")))
    graph.add((iri, SDO.description, Literal(d.message_en, lang="en")))
    for entity in d.entities:
        graph.add((iri, kg.concerns, URIRef(entity)))
    optional = (
        (kg.wikidataItem, URIRef(d.item) if d.item else None),
        (kg.ourValue, Literal(d.ours) if d.ours else None),
        (kg.otherValue, Literal(d.other) if d.other else None),
        (kg.distanceKm, _decimal(d.distance_km)),
    )
    for prop, value in optional:
        if value is not None:
            graph.add((iri, prop, value))
    for source in d.sources:
        graph.add((iri, PROV.wasDerivedFrom, URIRef(source)))


def _decimal(value: float | None) -> Literal | None:
    return None if value is None else Literal(Decimal(str(value)), datatype=XSD.decimal)


def report_from_graph(graph: Graph, ns: Namespaces) -> Report:
    """Read a report back from its RDF (as written by report_graph)."""
    kg, node = ns.kg, report_node(ns)
    kinds = {kg[cls]: kind for kind, (cls, _, _) in KINDS.items()}
    found = [
        _read_discrepancy(graph, iri, kinds, ns)
        for iri in graph.objects(node, kg.hasDiscrepancy)
    ]
    snapshot = graph.value(node, kg.comparedWith)
    note: dict[str, str] = {}
    for text in graph.objects(snapshot, kg.note):
        if (lang := language(text)) in ("da", "en"):
            note[lang] = str(text)
    generated = graph.value(snapshot, PROV.generatedAtTime)
    if generated is not None:
        note["generated"] = str(generated)
    return Report(tuple(sorted(found)), str(snapshot or ""), note)


def _read_discrepancy(
    graph: Graph, iri: Node, kinds: dict[URIRef, str], ns: Namespaces
) -> Discrepancy:
    kg = ns.kg
    key = str(graph.value(iri, kg.discrepancyKey))
    match = KEY.fullmatch(key)
    if match is None:
        raise ReleaseError(f"malformed discrepancy key {key!r}", where=str(iri))
    types = graph.objects(iri, RDF.type)
    kind = next(kinds[t] for t in types if isinstance(t, URIRef) and t in kinds)
    concerned = sorted(str(e) for e in graph.objects(iri, kg.concerns))
    main = next(e for e in concerned if e.endswith("id/" + match["path"]))
    texts = {language(d): str(d) for d in graph.objects(iri, SDO.description)}
    distance = graph.value(iri, kg.distanceKm)
    return Discrepancy(
        entity=main,
        kind=kind,
        detail=match["detail"],
        key=key,
        item=str(graph.value(iri, kg.wikidataItem) or ""),
        ours=str(graph.value(iri, kg.ourValue) or ""),
        other=str(graph.value(iri, kg.otherValue) or ""),
        message_da=texts.get("da", ""),
        message_en=texts.get("en", ""),
        also=tuple(e for e in concerned if e != main),
        sources=tuple(sorted(str(s) for s in graph.objects(iri, PROV.wasDerivedFrom))),
        distance_km=float(str(distance)) if distance is not None else None,
        accepted=str(graph.value(iri, kg.accepted)) == "true",
    )


def load_report(release_path: Path, base: str) -> Report | None:
    """Return the reconciliation report of a release, or None if it has none."""
    path = Path(release_path) / REPORT_FILE
    if not path.exists():
        return None
    try:
        graph = Graph().parse(path, format="turtle")
    except (SyntaxError, ValueError) as exc:
        raise ReleaseError(f"cannot read the report: {exc}", where=str(path)) from exc
    return report_from_graph(graph, Namespaces(base))


REPORT_QUERY = "SELECT ?s ?p ?o WHERE { GRAPH <%s> { ?s ?p ?o } }"


def report_from_select(select: Callable[[str], list[dict]], base: str) -> Report | None:
    """Return the report from a store's reconciliation graph, or None if it is empty.

    select runs a SELECT query and returns rows of labels.Value, as the web
    layer's store adapters do; so this works over the embedded and remote stores.
    """
    ns = Namespaces(base)
    rows = select(REPORT_QUERY % ns.graph_iri("reconciliation"))
    graph = Graph()
    for row in rows:
        graph.add(tuple(value_to_rdflib(row[n]) for n in "spo"))  # type: ignore[arg-type]
    return report_from_graph(graph, ns) if len(graph) else None


# ------------------------------------------------------------------ text
