"""Serving withdrawn records: which IRIs are gone, which releases still hold them.

The served release carries the private list (withdrawn.json, SHA-256 of every IRI
the build left out). It is the current list for every release the server offers:
an older release that holds one of those IRIs is withheld as a whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kolding_graph.errors import ReleaseError
from kolding_graph.release.changelog import Entry
from kolding_graph.release.diff import Diff
from kolding_graph.release.load import DATASET, Release

# Written by the build into each release beside the published files, never listed
# in its manifest and so never served: the SHA-256 of every IRI left out, so the
# server can answer 410 for them (and refuse old releases that hold them) without
# the release naming anyone.
PRIVATE_FILE = "withdrawn.json"
WITHDRAWN_ENTRY = Entry(
    "record-withdrawn",
    "",
    "Oplysningerne om en person er trukket tilbage.",
    "A person's record was withdrawn.",
)


@dataclass(frozen=True)
class Withdrawn:
    """The hashes of withdrawn IRIs, and a digest of the list (for cache keys)."""

    nodes: frozenset[str] = frozenset()
    digest: str = ""

    def covers(self, iri: str) -> bool:
        """Return True if iri was withdrawn."""
        return bool(self.nodes) and iri_digest(iri) in self.nodes

    def any_of(self, iris: Iterable[str]) -> bool:
        """Return True if any of the IRIs was withdrawn."""
        return any(self.covers(iri) for iri in iris)


def iri_digest(iri: str) -> str:
    """Return the SHA-256 (hex) of an IRI, as the release's private list holds it."""
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()


def read_withdrawn(release: Release | None) -> Withdrawn:
    """Return the withdrawal list a release carries (empty when it has none)."""
    path = release.path / PRIVATE_FILE if release is not None else None
    if path is None or not path.is_file():
        return Withdrawn()
    data = path.read_bytes()
    try:
        nodes = frozenset(str(n) for n in json.loads(data)["nodes"])
    except (ValueError, KeyError, TypeError) as exc:
        # Fail closed: without the list the server could show withdrawn data.
        raise ReleaseError(
            f"unreadable withdrawal list: {exc}", where=str(path)
        ) from exc
    return Withdrawn(nodes, hashlib.sha256(data).hexdigest()[:16])


def holds_withdrawn(release: Release, withdrawn: Withdrawn) -> bool:
    """Return True if a release's dataset names a withdrawn IRI anywhere."""
    if not withdrawn.nodes:
        return False
    quads = ox.parse(path=release.file(DATASET), format=ox.RdfFormat.N_QUADS)
    for quad in quads:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode) and withdrawn.covers(term.value):
                return True
    return False


def drop_withdrawn(diff: Diff, nodes: Iterable[str], new: Iterable[ox.Quad]) -> Diff:
    """Return the diff without quads about withdrawn nodes.

    A node that left the data and pointed at a withdrawn node (a reconciliation
    note about the person, say) only described it, so it goes unmentioned too.
    """
    gone: set = {ox.NamedNode(iri) for iri in nodes}
    present = {q.subject for q in new}
    grew = bool(gone)
    while grew:
        more = {
            q.subject
            for q in diff.removed
            if q.object in gone and q.subject not in present | gone
        }
        gone |= more
        grew = bool(more)
    removed = tuple(
        q for q in diff.removed if q.subject not in gone and q.object not in gone
    )
    return Diff(diff.added, removed)


def withdrawn_entries(old: Iterable[ox.Quad], records: Iterable[str]) -> list[Entry]:
    """Return one unnamed changelog entry per withdrawn record the old release had."""
    subjects = {q.subject.value for q in old if isinstance(q.subject, ox.NamedNode)}
    return [WITHDRAWN_ENTRY for iri in sorted(records) if iri in subjects]
