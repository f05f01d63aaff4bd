"""Withdrawn records: the list in data/, and what the build leaves out because of it.

data/withdrawals.txt holds one record per line, `<IRI> YYYY-MM-DD` (the IRI may be
relative to the base, e.g. `id/person/jane-doe`), no reason. The build leaves out
the record and everything that only describes it: memberships and posts naming it
(org:member), claims about those (kg:claimSubject), consents (rdf:subject), blank
nodes hanging from it, and outside items (a Wikidata item) nothing else links to.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SDO, SKOS
from rdflib.term import Node

from kolding_graph.errors import BuildError
from kolding_graph.namespaces import ORG, Namespaces
from kolding_graph.release.withdrawn import iri_digest
from kolding_graph.sources.parse import Sources

LIST_FILE = "data/withdrawals.txt"
LINE = re.compile(r"<?([^<>\s]+)>?\s+(\d{4}-\d{2}-\d{2})")
NAME_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SDO.name)
SHORTEST_NAME = 4  # shorter names would match inside ordinary words


@dataclass(frozen=True)
class Withdrawal:
    """One withdrawn record: its IRI and the date it was withdrawn."""

    iri: str
    date: dt.date


@dataclass(frozen=True)
class LeftOut:
    """What a build left out: the withdrawals and every node removed with them."""

    withdrawals: tuple[Withdrawal, ...] = ()
    nodes: frozenset[str] = frozenset()

    def private_file(self) -> bytes:
        """Return withdrawn.json: hashes of the records and of all removed IRIs."""
        content = {
            "records": sorted(
                (
                    {"sha256": iri_digest(w.iri), "date": w.date.isoformat()}
                    for w in self.withdrawals
                ),
                key=lambda record: record["sha256"],
            ),
            "nodes": sorted(iri_digest(iri) for iri in self.nodes),
        }
        return (json.dumps(content, indent=1, sort_keys=True) + "\n").encode()


def read_withdrawals(root: Path, base: str) -> tuple[Withdrawal, ...]:
    """Read data/withdrawals.txt (none if it is absent); refuse a malformed line."""
    path = Path(root) / LIST_FILE
    if not path.is_file():
        return ()
    found = []
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        text = raw.split("#", 1)[0].strip()
        if text:
            found.append(_parse_line(text, base, f"{LIST_FILE}:{number}"))
    return tuple(found)


def _parse_line(text: str, base: str, where: str) -> Withdrawal:
    match = LINE.fullmatch(text)
    if match is None:
        raise BuildError(
            f"expected '<IRI> YYYY-MM-DD' (no reason), got {text!r}", where=where
        )
    try:
        date = dt.date.fromisoformat(match.group(2))
    except ValueError as exc:
        raise BuildError(f"{match.group(2)!r} is not a date", where=where) from exc
    iri = urljoin(base, match.group(1))
    if not iri.startswith(base):
        raise BuildError(f"{iri} is not an IRI of this dataset", where=where)
    return Withdrawal(iri, date)


def removed_nodes(
    graphs: Mapping[str, Graph], records: Iterable[str], ns: Namespaces
) -> set[Node]:
    """Return the records and every node that only describes them."""
    removed: set[Node] = {URIRef(iri) for iri in records}
    links = (ORG.member, ns.kg.claimSubject, RDF.subject)
    grew = bool(removed)
    while grew:
        before = len(removed)
        for graph in graphs.values():
            for link in links:
                removed |= {s for s, o in graph.subject_objects(link) if o in removed}
            removed |= {
                o for s in list(removed) for o in graph.objects(s) if _private(o)
            }
        grew = len(removed) > before
    return removed | _orphans(graphs, removed, ns)


def _private(node: Node) -> bool:
    return isinstance(node, BNode)


def _orphans(graphs: Mapping[str, Graph], removed: set[Node], ns: Namespaces) -> set:
    """Return outside IRIs (e.g. a Wikidata item) linked only from removed nodes.

    The snapshot's own bookkeeping (which items it covers) does not count.
    """
    bookkeeping = (ns.kg.coversItem, ns.kg.itemNotFound)
    linked: dict[Node, set[bool]] = {}
    for graph in graphs.values():
        for s, p, o in graph:
            outside = isinstance(o, URIRef) and not str(o).startswith(ns.base)
            if outside and p not in bookkeeping and str(s).startswith(ns.base):
                linked.setdefault(o, set()).add(s in removed)
    return {node for node, by in linked.items() if by == {True}}


def leave_out(graphs: Mapping[str, Graph], nodes: set[Node]) -> None:
    """Remove every triple with a removed node as subject or object, in place."""
    for graph in graphs.values():
        for node in nodes:
            graph.remove((node, None, None))
            graph.remove((None, None, node))


def names_of(graphs: Mapping[str, Graph], records: Iterable[str]) -> set[str]:
    """Return the names the records go by (labels and schema:name)."""
    names = set()
    for graph in graphs.values():
        for iri in records:
            for prop in NAME_PROPERTIES:
                names |= {str(v) for v in graph.objects(URIRef(iri), prop)}
    return {name for name in names if len(name) >= SHORTEST_NAME}


def check_names_gone(
    graphs: Mapping[str, Graph], names: set[str], sources: Sources
) -> None:
    """Refuse a build whose remaining text still names a withdrawn person."""
    folded = {name.casefold() for name in names}
    for graph in graphs.values():
        for subject, _, value in graph:
            text = str(value).casefold() if isinstance(value, Literal) else ""
            if any(name in text for name in folded):
                files = ", ".join(sources.files_defining(subject)) or str(subject)
                raise BuildError(
                    "a withdrawn person is still named in the text of another"
                    " record; rewrite that text by hand",
                    where=files,
                )


def withdraw(
    graphs: Mapping[str, Graph], root: Path, ns: Namespaces, sources: Sources
) -> LeftOut:
    """Leave every withdrawn record out of the graphs (in place); say what went."""
    withdrawals = read_withdrawals(root, ns.base)
    if not withdrawals:
        return LeftOut()
    records = [w.iri for w in withdrawals]
    names = names_of(graphs, records)
    nodes = removed_nodes(graphs, records, ns)
    leave_out(graphs, nodes)
    check_names_gone(graphs, names, sources)
    return LeftOut(withdrawals, frozenset(str(n) for n in nodes if _named(n)))


def _named(node: Node) -> bool:
    return isinstance(node, URIRef)
