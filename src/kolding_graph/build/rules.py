"""Derive the `derived` graph by running the ontology's CONSTRUCT rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kolding_graph.errors import BuildError
from kolding_graph.namespaces import rebase
from kolding_graph.sources.parse import RULES_DIR
from kolding_graph.terms import graph_quads, to_graph

# Rules are our own files, yet the engine would follow SERVICE anywhere: fail closed.
SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    """One CONSTRUCT query from ontology/rules/."""

    relpath: str
    text: str


def find_rules(root: Path) -> list[Rule]:
    """Return the rules in ontology/rules/ in sorted order, checked for safety."""
    rules = []
    for path in sorted((root / RULES_DIR).glob("*.rq")):
        rule = Rule(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
        if SERVICE.search(COMMENT.sub("", rule.text)):
            raise BuildError("SERVICE is not allowed in a rule", where=rule.relpath)
        rules.append(rule)
    return rules


def derive(
    rules: list[Rule], graphs: dict[str, Graph], base: str
) -> tuple[Graph, dict]:
    """Run every rule over the union of graphs; return the result and its sources."""
    store = ox.Store()
    for name, graph in graphs.items():
        store.bulk_extend(graph_quads(graph, f"urn:x-kolding-graph:{name}"))
    derived = Graph()
    origin: dict = {}
    for rule in rules:
        result = to_graph(run_rule(store, rule, base))
        for subject in set(result.subjects()):
            origin.setdefault(subject, set()).add(rule.relpath)
        derived += result
    return derived, origin


def run_rule(store: ox.Store, rule: Rule, base: str) -> list[ox.Triple]:
    """Run one CONSTRUCT rule over the store's union graph, rebased onto base."""
    try:
        result = store.query(
            rebase(rule.text, base), base_iri=base, use_default_graph_as_union=True
        )
    except SyntaxError as exc:
        raise BuildError(f"SPARQL syntax error: {exc}", where=rule.relpath) from exc
    if not isinstance(result, ox.QueryTriples):
        raise BuildError("a rule must be a CONSTRUCT query", where=rule.relpath)
    return list(result)
