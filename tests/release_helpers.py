"""Helpers for the build tests: snapshots of a published release."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kolding_graph.build import cut
from kolding_graph.build import pipeline as build
from kolding_graph.terms import to_graph

BASE = "https://data.kolding.dk/"


def snapshot(out: Path) -> dict[str, object]:
    """Return everything observable about the release at out: link and bytes."""
    target = os.readlink(out) if out.is_symlink() else None
    files = {p.name: p.read_bytes() for p in sorted(out.resolve().iterdir())}
    return {"link": target, "files": files}


def build_into(project: Path, out: Path, **kwargs: bool) -> build.BuildResult:
    """Build the project into out with the default base IRI."""
    return cut.build_release(project, out, BASE, **kwargs)


def leftovers(out: Path) -> list[str]:
    """Return the temporary entries a build may leave beside the releases."""
    releases = out.parent / f"{out.name}.releases"
    names = [p.name for p in releases.glob("tmp-*")]
    return names + [p.name for p in out.parent.glob(".link-*")]


def read_graphs(nquads: Path) -> dict[str, Graph]:
    """Return the named graphs of an N-Quads file, keyed by graph IRI ("" = default)."""
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS):
        name = getattr(quad.graph_name, "value", "")
        to_graph([quad], graphs.setdefault(name, Graph()))
    return graphs
