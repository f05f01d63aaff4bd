"""Maps drawn by us: an equirectangular projection of bundled Natural Earth land."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Point = tuple[float, float]  # (longitude, latitude)


@dataclass(frozen=True)
class Window:
    """The part of the earth a map shows, and the projection into SVG units."""

    west: float
    south: float
    east: float
    north: float
    scale: float = 10.0

    @property
    def stretch(self) -> float:
        """Return the x shrink of the projection: cos of the middle latitude."""
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def width(self) -> float:
        """Return the SVG width of the window."""
        return round((self.east - self.west) * self.stretch * self.scale, 1)

    @property
    def height(self) -> float:
        """Return the SVG height of the window."""
        return round((self.north - self.south) * self.scale, 1)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Return the SVG x, y of a longitude and latitude."""
        x = (lon - self.west) * self.stretch * self.scale
        y = (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)

    def contains(self, lon: float, lat: float) -> bool:
        """Return True if the point lies inside the window."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def window_around(
    points: list[Point], margin: float = 8.0, minimum: float = 10.0
) -> Window:
    """Return a window holding every point, with a margin in degrees."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    half_w = max((max(lons) - min(lons)) / 2 + margin, minimum)
    half_h = max((max(lats) - min(lats)) / 2 + margin / 2, minimum / 2)
    mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    south, north = max(mid_lat - half_h, -89.0), min(mid_lat + half_h, 89.0)
    return Window(mid_lon - half_w, south, mid_lon + half_w, north)


@lru_cache(maxsize=1)
def land_rings() -> tuple[tuple[Point, ...], ...]:
    """Return the bundled land polygons as rings of (longitude, latitude)."""
    text = resources.files("kolding_graph.browse.geodata").joinpath("land-110m.json")
    rings = json.loads(text.read_text(encoding="utf-8"))["rings"]
    return tuple(tuple((p[0], p[1]) for p in ring) for ring in rings)


def clip_ring(ring: tuple[Point, ...], window: Window) -> list[Point]:
    """Clip a ring to the window (Sutherland-Hodgman against its four edges)."""
    edges = (
        (lambda p: p[0] >= window.west, lambda a, b: _at_lon(a, b, window.west)),
        (lambda p: p[0] <= window.east, lambda a, b: _at_lon(a, b, window.east)),
        (lambda p: p[1] >= window.south, lambda a, b: _at_lat(a, b, window.south)),
        (lambda p: p[1] <= window.north, lambda a, b: _at_lat(a, b, window.north)),
    )
    points = list(ring)
    for inside, cross in edges:
        if not points:
            break
        points = _clip_edge(points, inside, cross)
    return points


def _clip_edge(points: list[Point], inside, cross) -> list[Point]:
    out: list[Point] = []
    previous = points[-1]
    for point in points:
        if inside(point):
            if not inside(previous):
                out.append(cross(previous, point))
            out.append(point)
        elif inside(previous):
            out.append(cross(previous, point))
        previous = point
    return out


def _at_lon(a: Point, b: Point, lon: float) -> Point:
    t = (lon - a[0]) / (b[0] - a[0])
    return lon, a[1] + t * (b[1] - a[1])


def _at_lat(a: Point, b: Point, lat: float) -> Point:
    t = (lat - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), lat


@lru_cache(maxsize=256)
def land_path(window: Window) -> str:
    """Return an SVG path of the land inside the window."""
    parts = []
    for ring in land_rings():
        clipped = clip_ring(ring, window)
        if len(clipped) < 3:
            continue
        xy = [window.project(*p) for p in clipped]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
    return "".join(parts)


def graticule(
    window: Window, step: int = 10
) -> list[tuple[str, float, float, float, float]]:
    """Return the graticule lines (kind, x1, y1, x2, y2) inside the window."""
    lines = []
    for lon in range(math.ceil(window.west / step) * step, int(window.east) + 1, step):
        x1, y1 = window.project(lon, window.north)
        x2, y2 = window.project(lon, window.south)
        lines.append(("meridian", x1, y1, x2, y2))
    for lat in range(
        math.ceil(window.south / step) * step, int(window.north) + 1, step
    ):
        x1, y1 = window.project(window.west, lat)
        x2, y2 = window.project(window.east, lat)
        lines.append(("parallel", x1, y1, x2, y2))
    return lines
