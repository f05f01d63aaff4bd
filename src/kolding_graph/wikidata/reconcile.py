"""Reconcile: compare our curated facts with the Wikidata snapshot, and our sources
with one another, and report every disagreement per entity."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import PROV

from kolding_graph.errors import BuildError
from kolding_graph.namespaces import Namespaces
from kolding_graph.terms import language
from kolding_graph.wikidata.checks import (
    check_claims,
    check_coordinates,
    check_countries,
    check_labels,
    check_links,
    check_shared,
    check_twins,
    check_years,
)
from kolding_graph.wikidata.context import DEFAULT_MAX_KM, Context
from kolding_graph.wikidata.discrepancies import (
    BASELINE_FILE,
    Discrepancy,
    Report,
    read_accepted,
)
from kolding_graph.wikidata.enrich import (
    SNAPSHOT_FILE,
    load_curated,
    snapshot_node,
)
from kolding_graph.wikidata.report_rdf import report_graph


def reconcile(
    curated: Graph,
    snapshot: Graph,
    ns: Namespaces,
    *,
    max_km: float = DEFAULT_MAX_KM,
    ontology: Graph | None = None,
) -> Report:
    """Compare the curated graph with the snapshot and return every discrepancy."""
    ctx = Context(curated, snapshot, ns, ontology)
    found: dict[str, Discrepancy] = {}
    checks = (
        check_links(ctx),
        check_shared(ctx),
        check_twins(ctx),
        check_claims(ctx),
        check_years(ctx),
        check_labels(ctx),
        check_coordinates(ctx, max_km),
        check_countries(ctx),
    )
    for check in checks:
        for discrepancy in check:
            found.setdefault(discrepancy.key, discrepancy)
    return Report(
        tuple(sorted(found.values())),
        snapshot=str(snapshot_node(ns)),
        snapshot_note=snapshot_note(snapshot, ns),
    )


def snapshot_note(snapshot: Graph, ns: Namespaces) -> dict[str, str]:
    """Return how the snapshot was made: its notes and its retrieval time, if any."""
    node = snapshot_node(ns)
    note: dict[str, str] = {}
    for subject in (node, snapshot.value(node, PROV.wasGeneratedBy)):
        for text in snapshot.objects(subject, ns.kg.note) if subject else ():
            if (lang := language(text)) in ("da", "en"):
                note.setdefault(lang, str(text))
    generated = snapshot.value(node, PROV.generatedAtTime)
    if generated is not None:
        note["generated"] = str(generated)
    return note


def reconcile_release(
    graphs: Mapping[str, Graph], ns: Namespaces, root: Path
) -> tuple[Report, Graph] | None:
    """Build step: return the report and its graph, when there is a snapshot."""
    if "wikidata" not in graphs:
        return None
    report = reconcile(
        graphs["curated"], graphs["wikidata"], ns, ontology=graphs.get("ontology")
    )
    report = report.accept(read_accepted(Path(root) / BASELINE_FILE))
    return report, report_graph(report, ns)


def reconcile_project(
    root: Path,
    base: str,
    *,
    snapshot: Path | None = None,
    accepted: Path | None = None,
    max_km: float = DEFAULT_MAX_KM,
) -> Report:
    """Reconcile the project at root with its (or another) snapshot file."""
    ns = Namespaces(base)
    path = Path(snapshot) if snapshot else Path(root) / SNAPSHOT_FILE
    if not path.exists():
        raise BuildError(
            "no Wikidata snapshot: run `kolding-graph enrich`", where=str(path)
        )
    try:
        graph = Graph().parse(path, format="turtle", publicID=base)
    except (SyntaxError, ValueError) as exc:
        raise BuildError(f"cannot parse the snapshot: {exc}", where=str(path)) from exc
    ontology = Graph()
    for source in sorted((Path(root) / "ontology").glob("*.ttl")):
        ontology.parse(source, format="turtle", publicID=base)
    report = reconcile(
        load_curated(root, base), graph, ns, max_km=max_km, ontology=ontology
    )
    return report.accept(read_accepted(accepted or Path(root) / BASELINE_FILE))
