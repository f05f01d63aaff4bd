"""Place map labels so that they do not overlap each other or the markers."""

from __future__ import annotations

from dataclasses import dataclass

# Width of a character as a share of the font size (system sans-serif, generous).
CHAR_WIDTH = 0.62
Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Label:
    """Where one label's text goes: its x, y (baseline) and SVG text-anchor."""

    x: float
    y: float
    anchor: str
    box: Box


def place_labels(
    points: list[tuple[float, float, str]],
    font: float,
    radius: float,
    bounds: tuple[float, float],
    rounds: int = 6,
) -> list[Label]:
    """Return one label per (x, y, text) point, overlapping as little as possible.

    Greedy, then a few rounds of repair: each label moves to the spot that overlaps
    the fewest other labels and markers, with the other labels where they are.
    """
    markers = [(x - radius, y - radius, x + radius, y + radius) for x, y, _ in points]
    options = [_candidates(x, y, text, font, radius) for x, y, text in points]
    chosen = [0] * len(points)
    for _ in range(rounds):
        changed = False
        for i, spots in enumerate(options):
            others = [options[j][chosen[j]].box for j in range(len(points)) if j != i]
            own = [m for j, m in enumerate(markers) if j != i]
            costs = [_cost(s.box, others, own, bounds) for s in spots]
            best = min(range(len(spots)), key=lambda k: (costs[k], k))
            if costs[best] < costs[chosen[i]]:
                chosen[i], changed = best, True
        if not changed:
            break
    return [spots[k] for spots, k in zip(options, chosen, strict=True)]


def _cost(box: Box, labels: list[Box], markers: list[Box], bounds) -> float:
    """Return how bad a spot is: overlaps with labels and markers, leaving the map."""
    hits = sum(_overlap(box, other) for other in labels)
    hits += sum(_overlap(box, m) for m in markers)
    return hits * 10 + (0 if _inside(box, bounds) else 25)


def _candidates(x: float, y: float, text: str, font: float, r: float) -> list[Label]:
    """Return the label positions to try: right, left, above, below, diagonals."""
    w, gap = len(text) * font * CHAR_WIDTH, r + font * 0.25
    base = font * 0.35
    spots = [
        (
            x + gap,
            y + base,
            "start",
            (x + gap, y - font / 2, x + gap + w, y + font / 2),
        ),
        (x - gap, y + base, "end", (x - gap - w, y - font / 2, x - gap, y + font / 2)),
        (x, y - gap, "middle", (x - w / 2, y - gap - font, x + w / 2, y - gap)),
        (
            x,
            y + gap + font * 0.8,
            "middle",
            (x - w / 2, y + gap, x + w / 2, y + gap + font),
        ),
        (
            x + gap * 0.7,
            y - gap * 0.7,
            "start",
            (x + gap * 0.7, y - gap * 0.7 - font, x + gap * 0.7 + w, y - gap * 0.7),
        ),
        (
            x + gap * 0.7,
            y + gap * 0.7 + font * 0.8,
            "start",
            (x + gap * 0.7, y + gap * 0.7, x + gap * 0.7 + w, y + gap * 0.7 + font),
        ),
        (
            x - gap * 0.7,
            y - gap * 0.7,
            "end",
            (x - gap * 0.7 - w, y - gap * 0.7 - font, x - gap * 0.7, y - gap * 0.7),
        ),
        (
            x - gap * 0.7,
            y + gap * 0.7 + font * 0.8,
            "end",
            (x - gap * 0.7 - w, y + gap * 0.7, x - gap * 0.7, y + gap * 0.7 + font),
        ),
    ]
    return [Label(round(a, 1), round(b, 1), anchor, box) for a, b, anchor, box in spots]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, bounds: tuple[float, float]) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= bounds[0] and box[3] <= bounds[1]
