"""The snapshot's deterministic Turtle writer and its atomic write."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kolding_graph.namespaces import GEOSPARQL, PQ, PS, WD, WDP, WDS, WDT, Namespaces
from kolding_graph.wikidata.client import (
    qid_number,
)

SNAPSHOT_PREFIXES = (
    ("dcterms", DCTERMS),
    ("geosparql", GEOSPARQL),
    ("owl", OWL),
    ("p", WDP),
    ("pq", PQ),
    ("prov", PROV),
    ("ps", PS),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("skos", SKOS),
    ("wd", WD),
    ("wds", WDS),
    ("wdt", WDT),
    ("xsd", XSD),
)
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
HEADER = (
    "# Wikidata snapshot written by `kolding-graph enrich`; do not edit by hand.\n"
    "# How it was made (endpoint, queries, time): the node <id/document/"
    "wikidata-snapshot>.\n"
)

# A Wikidata item IRI (not a property, lexeme or statement).
ITEM = re.compile(f"^{re.escape(WD)}Q[1-9][0-9]*$")


class TurtleWriter:
    """Deterministic Turtle: everything sorted, our own IRIs relative."""

    SEP = " ,\n        "

    def __init__(self, ns: Namespaces) -> None:
        self.base = ns.base
        self.relative = (("kg", "def/"), ("doc", "id/document/"))
        self.absolute = [(p, str(n)) for p, n in SNAPSHOT_PREFIXES]
        self.absolute += [(p, ns.base + rel) for p, rel in self.relative]
        self.absolute.sort(key=lambda pair: -len(pair[1]))
        self.manager = Graph().namespace_manager
        for prefix, namespace in SNAPSHOT_PREFIXES:
            self.manager.bind(prefix, namespace, override=True, replace=True)

    def write(self, graph: Graph, header: str = HEADER) -> bytes:
        """Return the graph as Turtle bytes, identical for identical graphs."""
        lines = [header.rstrip("\n")] if header else []
        lines += [f"@prefix {p}: <{n}> ." for p, n in SNAPSHOT_PREFIXES]
        lines += [f"@prefix {p}: <{rel}> ." for p, rel in sorted(self.relative)]
        for subject in sorted(set(graph.subjects()), key=self.key):
            lines += ["", self.block(graph, subject)]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def block(self, graph: Graph, subject: Node) -> str:
        """Return one subject's statements as a Turtle block."""
        parts = []
        predicates = sorted(set(graph.predicates(subject)), key=self.predicate_key)
        for predicate in predicates:
            objects = sorted(graph.objects(subject, predicate), key=self.key)
            name = "a" if predicate == RDF.type else self.term(predicate)
            written = [self.term(o) for o in objects]
            one_line = f"{name} " + " , ".join(written)
            fits = len(one_line) <= 80 and "\n" not in one_line
            parts.append(
                one_line if fits else f"{name}\n        " + self.SEP.join(written)
            )
        return f"{self.term(subject)} " + " ;\n    ".join(parts) + " ."

    def term(self, term: Node) -> str:
        """Return a term in Turtle, shortened by a prefix where one fits."""
        if isinstance(term, Literal):
            return term.n3(self.manager)
        text = str(term)
        for prefix, namespace in self.absolute:
            local = text[len(namespace) :]
            if text.startswith(namespace) and LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
        if text.startswith(self.base):
            return f"<{text[len(self.base) :]}>"
        return f"<{text}>"

    def key(self, term: Node) -> tuple:
        """Sort own IRIs first, then Wikidata items by number, then the rest."""
        text = str(term)
        if isinstance(term, Literal):
            return (3, 0, text, term.language or "", str(term.datatype or ""))
        group = 0 if text.startswith(self.base) else 1 if ITEM.match(text) else 2
        return (group, qid_number(text)[0] if group == 1 else 0, text, "", "")

    def predicate_key(self, predicate: Node) -> tuple[int, str]:
        """Sort rdf:type first, then predicates by IRI."""
        return (0 if predicate == RDF.type else 1, str(predicate))


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
