"""The home page's maps: one per part of the world, labels readable on a phone.

The twin cities are grouped as the municipal page groups them (ten in Europe, two in
Asia); each group gets its own map, so no city is off-screen and labels can be sized
for a phone and placed so that they do not overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

from kolding_graph.browse import geo
from kolding_graph.browse.labels import pick
from kolding_graph.browse.maplabels import Label, place_labels
from kolding_graph.browse.overview import Place, Twin

PHONE_WIDTH = 330.0  # CSS pixels a map gets on a 360-390 px wide phone
LABEL_PX = 13.0  # label size in CSS pixels at that width


@dataclass(frozen=True)
class Marker:
    """One place on a map with its label."""

    iri: str
    text: str
    x: float
    y: float
    label: Label
    home: bool = False


@dataclass(frozen=True)
class Panel:
    """One map: its window, land, graticule, markers and the ties to Kolding."""

    region: str | None
    window: geo.Window
    land: str
    graticule: list
    markers: list[Marker]
    font: float
    radius: float
    home: Marker | None


def panels(twins: list[Twin], home: Place | None, lang: str) -> list[Panel]:
    """Return the maps, the part of the world with the most twin cities first."""
    groups: dict[str | None, list[Twin]] = {}
    for twin in twins:
        if twin.lat is not None and twin.long is not None:
            groups.setdefault(twin.region, []).append(twin)
    ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0] or ""))
    return [
        _panel(region, group, home if i == 0 else None, lang)
        for i, (region, group) in enumerate(ordered)
    ]


def _panel(
    region: str | None, group: list[Twin], home: Place | None, lang: str
) -> Panel:
    points = [(t.long or 0.0, t.lat or 0.0) for t in group]  # all placed (panels)
    if home is not None:
        points.append((home.long, home.lat))
    window = geo.window_around(points, margin=5.0, minimum=12.0)
    font = round(LABEL_PX * window.width / PHONE_WIDTH, 1)
    radius = round(font * 0.38, 1)
    places = [(home.iri, "Kolding", home.long, home.lat, True)] if home else []
    places += [
        (t.iri, pick(t.labels, lang) or t.iri, t.long or 0.0, t.lat or 0.0, False)
        for t in sorted(group, key=lambda t: t.lat or 0, reverse=True)
    ]
    xy = [(window.project(lon, lat), text) for _, text, lon, lat, _ in places]
    labels = place_labels(
        [(x, y, text) for (x, y), text in xy],
        font,
        radius,
        (window.width, window.height),
    )
    markers = [
        Marker(iri, text, x, y, label, is_home)
        for (iri, text, _, _, is_home), ((x, y), _), label in zip(
            places, xy, labels, strict=True
        )
    ]
    home_marker = markers[0] if home else None
    return Panel(
        region,
        window,
        geo.land_path(window),
        geo.graticule(window),
        [m for m in markers if not m.home],
        font,
        radius,
        home_marker,
    )
