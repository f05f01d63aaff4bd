"""A pyoxigraph store of the real sources, for page tests until a release is at hand."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kolding_graph.labels import from_term
from kolding_graph.namespaces import rebase

ROOT = Path(__file__).resolve().parent.parent


def load_project(root: Path = ROOT, base: str = "https://data.kolding.dk/") -> ox.Store:
    """Parse ontology/ and data/ into named graphs and run the derivation rules."""
    store = ox.Store()
    for folder, graph in (("ontology", "ontology"), ("data", "curated")):
        for path in sorted((root / folder).glob("*.ttl")):
            store.load(path=path, format=ox.RdfFormat.TURTLE, base_iri=base,
                       to_graph=ox.NamedNode(f"{base}graph/{graph}"))
    derived = ox.NamedNode(f"{base}graph/derived")
    for rule in sorted((root / "ontology" / "rules").glob("*.rq")):
        text = rebase(rule.read_text(encoding="utf-8"), base)
        triples = list(store.query(text, use_default_graph_as_union=True))
        store.extend(ox.Quad(t.subject, t.predicate, t.object, derived) for t in triples)
    return store


def selector(store: ox.Store):
    """Return a select(query) -> rows function over the store's union graph."""

    def select(query: str):
        result = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [
            {n: from_term(row[n]) for n in names if row[n] is not None} for row in result
        ]

    return select
