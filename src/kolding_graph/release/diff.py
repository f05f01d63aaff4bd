"""What changed between two releases: quads added and removed, as data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.compare import isomorphic

from kolding_graph.release import dumps
from kolding_graph.release.distributions import Rendered
from kolding_graph.terms import to_graph

ADDED, REMOVED = "added.nq.gz", "removed.nq.gz"
# The metadata graph describes each release itself (version, dates, counts), so it
# differs every time; a diff of the data leaves it out.
SKIPPED_GRAPHS = ("metadata",)


@dataclass(frozen=True)
class Diff:
    """Quads in the new release and not the old (added), and the reverse."""

    added: tuple[ox.Quad, ...]
    removed: tuple[ox.Quad, ...]

    @property
    def empty(self) -> bool:
        """Return True if nothing changed."""
        return not self.added and not self.removed


def read_quads(path: Path) -> list[ox.Quad]:
    """Parse an N-Quads file (a release's dataset.nq)."""
    return list(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))


def parse_nquads(data: bytes) -> list[ox.Quad]:
    """Parse N-Quads bytes."""
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _kept(quads: Iterable[ox.Quad], base: str) -> set[ox.Quad]:
    skipped = {ox.NamedNode(f"{base}graph/{name}") for name in SKIPPED_GRAPHS}
    return {quad for quad in quads if quad.graph_name not in skipped}


def diff_quads(old: Iterable[ox.Quad], new: Iterable[ox.Quad], base: str) -> Diff:
    """Compare two releases' quads (the metadata graph left out).

    Quads without blank nodes are compared one by one. Blank node labels carry no
    meaning across releases, so per graph the blank-node quads are compared as a
    whole: unchanged if isomorphic, otherwise all reported removed and added.
    """
    before, after = _kept(old, base), _kept(new, base)
    plain_added = {q for q in after - before if not dumps.has_blank_node(q)}
    plain_removed = {q for q in before - after if not dumps.has_blank_node(q)}
    blank_removed, blank_added = _blank_changes(before, after)
    return Diff(
        tuple(dumps.sorted_quads(plain_added | blank_added)),
        tuple(dumps.sorted_quads(plain_removed | blank_removed)),
    )


def _blank_changes(
    before: set[ox.Quad], after: set[ox.Quad]
) -> tuple[set[ox.Quad], set[ox.Quad]]:
    removed: set[ox.Quad] = set()
    added: set[ox.Quad] = set()
    graphs = {q.graph_name for q in before | after if dumps.has_blank_node(q)}
    for name in graphs:
        old = {q for q in before if q.graph_name == name and dumps.has_blank_node(q)}
        new = {q for q in after if q.graph_name == name and dumps.has_blank_node(q)}
        if not isomorphic(to_graph(old), to_graph(new)):
            removed |= old
            added |= new
    return removed, added


def render_diff(diff: Diff) -> dict[str, Rendered]:
    """Return added.nq.gz and removed.nq.gz: sorted N-Quads, fixed gzip headers."""
    return {
        ADDED: Rendered(_gzipped(diff.added), len(diff.added)),
        REMOVED: Rendered(_gzipped(diff.removed), len(diff.removed)),
    }


def _gzipped(quads: Iterable[ox.Quad]) -> bytes:
    text = "".join(f"{quad} .\n" for quad in quads)
    return dumps.gzip_bytes(text.encode("utf-8"))
