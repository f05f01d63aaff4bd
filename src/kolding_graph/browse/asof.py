"""What held in a given year or on a given day, by the start and end the sources give.

A relation (twinning, membership, post, designation) held as of Y when it began no
later than Y and had not ended before Y. Where the sources give no start, or say it
ended without saying when, it cannot be placed: it is listed apart as "time unknown",
never silently kept or dropped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from kolding_graph.browse.entities import Entity, Relation
from kolding_graph.browse.overview import Twin
from kolding_graph.errors import KoldingGraphError

EARLIEST_YEAR = 1000
LATEST_YEAR = 2999
ASOF_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")
ENDED_STATUS = "id/concept/status-ended"


class BadAsOf(KoldingGraphError):
    """An ?asOf= value that is neither a year nor a date."""

    status = 400
    title = "Bad request"


@dataclass(frozen=True)
class AsOf:
    """A year, or a day, to show the data as of."""

    year: int
    day: datetime.date | None = None

    def __str__(self) -> str:
        """Return the form used in URLs: 1995 or 1995-06-01."""
        return self.day.isoformat() if self.day else f"{self.year:04d}"


def parse_as_of(text: str) -> AsOf:
    """Return the AsOf a parameter names, or raise BadAsOf saying what is wrong."""
    match = ASOF_PATTERN.match(text.strip())
    if match is None:
        raise BadAsOf(
            f"{text[:40]!r} is neither a year (1995) nor a date (1995-06-01)",
            where="asOf",
        )
    year = int(match.group(1))
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise BadAsOf(
            f"the year {year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}", where="asOf"
        )
    if match.group(2) is None:
        return AsOf(year)
    try:
        day = datetime.date(year, int(match.group(2)), int(match.group(3)))
    except ValueError as error:
        raise BadAsOf(f"{text!r} is not a day of the calendar", where="asOf") from error
    return AsOf(year, day)


def normal_as_of(text: str) -> str:
    """Return an ?asOf= value in its normal form, or "" when absent or malformed."""
    try:
        return str(parse_as_of(text)) if text.strip() else ""
    except BadAsOf:
        return ""


class Standing(Enum):
    """Where a relation stands as of a year."""

    HELD = "held"
    NOT_YET = "not-yet"
    ENDED = "ended"
    START_UNKNOWN = "start-unknown"
    END_UNKNOWN = "end-unknown"

    @property
    def unknown(self) -> bool:
        """Return True when the sources cannot say whether it held."""
        return self in (Standing.START_UNKNOWN, Standing.END_UNKNOWN)


@dataclass(frozen=True)
class Period:
    """When a relation held, as far as the sources say."""

    start: int | None
    end: int | None
    ended: bool  # the sources say it ended (with or without a year)

    @property
    def open(self) -> bool:
        """Return True when it still holds (no end, and not said to have ended)."""
        return self.end is None and not self.ended


def period_of(relation: Relation, base: str) -> Period:
    """Return the period of a relation from its start and end years and its status."""
    return Period(
        start=_year(relation.start),
        end=_year(relation.end),
        ended=relation.status == base + ENDED_STATUS or relation.end is not None,
    )


def _year(value: object) -> int | None:
    text = getattr(value, "value", None)
    if not text:
        return None
    match = re.match(r"^-?\d{4}", str(text))
    return int(match.group(0)) if match else None


def standing(period: Period, when: AsOf) -> Standing:
    """Return whether a period held as of a year or day."""
    if period.end is not None and period.end < when.year:
        return Standing.ENDED
    if period.start is not None and period.start > when.year:
        return Standing.NOT_YET
    if period.start is None:
        return Standing.START_UNKNOWN
    if when.day is not None and period.start == when.year:
        return Standing.START_UNKNOWN  # began that year; the day is not known
    if period.end is None and period.ended:
        return Standing.END_UNKNOWN
    if when.day is not None and period.end == when.year:
        return Standing.END_UNKNOWN
    return Standing.HELD


@dataclass(frozen=True)
class Split:
    """Relations as of a year: those that held, and those whose time is unknown."""

    held: list[Relation]
    unknown: list[tuple[Relation, Standing]]
    other: list[tuple[Relation, Standing]]  # not yet begun, or already ended


def split(relations: Iterable[Relation], when: AsOf, base: str) -> Split:
    """Sort relations into those that held as of a year and those not placeable."""
    held: list[Relation] = []
    unknown: list[tuple[Relation, Standing]] = []
    other: list[tuple[Relation, Standing]] = []
    for relation in relations:
        found = standing(period_of(relation, base), when)
        if found is Standing.HELD:
            held.append(relation)
        else:
            (unknown if found.unknown else other).append((relation, found))
    return Split(held, unknown, other)


@dataclass(frozen=True)
class TwinSplit:
    """Twin cities as of a year: twinned then, and twinned at a time unknown."""

    held: list[Twin]
    unknown: list[tuple[Twin, Standing]]
    later: list[Twin]  # twinned after the year, or no longer twinned


def split_twins(
    twins: Iterable[Twin], relations: Iterable[Relation], when: AsOf, base: str
) -> TwinSplit:
    """Sort twin cities by whether their twinning held as of a year."""
    by_agreement = {r.node: r for r in relations if r.direction == "party"}
    held: list[Twin] = []
    unknown: list[tuple[Twin, Standing]] = []
    later: list[Twin] = []
    for twin in twins:
        relation = by_agreement.get(twin.agreement)
        period = (
            period_of(relation, base)
            if relation is not None
            else Period(twin.start, None, False)
        )
        found = standing(period, when)
        if found is Standing.HELD:
            held.append(twin)
        elif found.unknown:
            unknown.append((twin, found))
        else:
            later.append(twin)
    return TwinSplit(held, unknown, later)


def years_of_change(periods: Iterable[Period]) -> list[int]:
    """Return the years in which something began or ended, oldest first."""
    years: set[int] = set()
    for period in periods:
        years.update(y for y in (period.start, period.end) if y is not None)
    return sorted(years)


TWINNED_WITH = "def/twinnedWith"


def entity_as_of(entity: Entity, when: AsOf, base: str) -> tuple[Entity, Split]:
    """Return a copy of an entity showing only the relations that held then.

    Links from the relations left out, and twin links (kg:twinnedWith, both ways) to
    a partner whose every agreement had not begun or had ended, are left out too;
    those of unknown time stay (the page lists them apart).
    """
    found = split(entity.relations, when, base)
    kept = {r.node for r in found.held} | {r.node for r, _ in found.unknown}
    gone = {
        r.other
        for r in entity.relations
        if r.direction == "party" and r.node not in kept
    } - {r.other for r in entity.relations if r.node in kept}
    twinned = base + TWINNED_WITH
    props = dict(entity.props)
    if twinned in props:
        props[twinned] = [v for v in props[twinned] if v.value not in gone]
    dropped = {r.node for r in entity.relations} - kept
    incoming = {
        prop: [
            s
            for s in subjects
            if s not in dropped and not (prop == twinned and s in gone)
        ]
        for prop, subjects in entity.incoming.items()
    }
    copy = replace(
        entity,
        props={k: v for k, v in props.items() if v},
        incoming={k: v for k, v in incoming.items() if v},
        relations=found.held,
    )
    return copy, found


def own_standing(entity: Entity, when: AsOf, base: str) -> Standing | None:
    """Return where an agreement, membership or designation itself stands then."""
    kg = base + "def/"
    dated = (kg + "startYear", kg + "endYear", kg + "status")
    if not any(p in entity.props for p in dated):
        return None
    status = entity.first(kg + "status")
    period = Period(
        start=_year(entity.first(kg + "startYear")),
        end=_year(entity.first(kg + "endYear")),
        ended=(status is not None and status.value == base + ENDED_STATUS)
        or entity.first(kg + "endYear") is not None,
    )
    return standing(period, when)


@dataclass(frozen=True)
class Bar:
    """One relation on the timeline: from its start to its end, or to today."""

    relation: Relation
    start: int
    end: int | None  # None: it still holds, or it ended at a time not known
    ended: bool

    @property
    def period(self) -> Period:
        """Return the bar's period."""
        return Period(self.start, self.end, self.ended)

    def span(self, first: int, last: int) -> tuple[float, float]:
        """Return (left, width) in percent of an axis from first to last."""
        total = max(last - first, 1)
        stop = self.end if self.end is not None else last
        left = (self.start - first) / total * 100
        return round(left, 2), round(max((stop - self.start) / total * 100, 0.8), 2)


def timeline_bars(relations: Iterable[Relation], base: str) -> list[Bar]:
    """Return a bar per relation with a known start, oldest first."""
    bars = []
    for relation in relations:
        period = period_of(relation, base)
        if period.start is not None:
            bars.append(Bar(relation, period.start, period.end, period.ended))
    return sorted(bars, key=lambda b: (b.start, b.relation.node))
