"""Write small hand-made releases (per the release contract) for endpoint tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

BASE = "https://data.kolding.dk/"


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
