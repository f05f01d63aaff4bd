"""Test helpers for releases: the one release writer, build snapshots, graphs."""

from __future__ import annotations

import hashlib
import json
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


def write_release(directory: Path, quads: list[ox.Quad]) -> Path:
    """Write a valid release of the given quads into directory and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    lines = sorted(line for line in nquads.decode("utf-8").splitlines() if line)
    (directory / "dataset.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    triples = [quad.triple for quad in quads]
    (directory / "dataset.ttl").write_bytes(
        ox.serialize(triples, format=ox.RdfFormat.TURTLE)
    )
    (directory / "validation-report.ttl").write_text("", encoding="utf-8")
    files = {
        path.name: {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "bytes": path.stat().st_size,
        }
        for path in sorted(directory.iterdir())
    }
    graphs: dict[str, dict] = {}
    for quad in quads:
        iri = quad.graph_name.value
        name = iri.rstrip("/").rsplit("/", 1)[-1]
        graphs.setdefault(name, {"iri": iri, "triples": 0})["triples"] += 1
    manifest = {
        "id": files["dataset.nq"]["sha256"][:16],
        "base_iri": BASE,
        "graphs": graphs,
        "files": files,
    }
    (directory / "release.json").write_text(json.dumps(manifest), encoding="utf-8")
    return directory


def quads_from_files(named: dict[str, Path]) -> list[ox.Quad]:
    """Load N-Triples files into the named graphs given by {graph IRI: file}."""
    quads = []
    for graph, path in named.items():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(*quad.triple, ox.NamedNode(graph)))
    return quads
