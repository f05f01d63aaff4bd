"""Write src/kolding_graph/browse/geodata/land-110m.json from Natural Earth (npm world-atlas).

Natural Earth is in the public domain; world-atlas (ISC) packs its 1:110m land polygons
as TopoJSON. Run after `npm ci --prefix tools/npm`:  python tools/coastline.py
The output is a plain list of rings of [longitude, latitude], rounded to 0.01 degrees.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools/npm/node_modules/world-atlas/land-110m.json"
TARGET = ROOT / "src/kolding_graph/browse/geodata/land-110m.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return the topology's arcs as absolute longitude/latitude points."""
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list) -> list[list[float]]:
    """Join the arcs of one ring (a negative index means the arc reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return [list(p) for p in points]


def main() -> None:
    """Convert the TopoJSON land object to rings."""
    topology = json.loads(SOURCE.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            rings.extend(ring_points(ring, arcs) for ring in polygon)
    document = {
        "source": "Natural Earth 1:110m land (public domain), npm world-atlas 2.0.2",
        "rings": rings,
    }
    TARGET.write_text(
        json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{TARGET.relative_to(ROOT)}: {len(rings)} rings")


if __name__ == "__main__":
    main()
