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
from dataclasses import dataclass
from enum import Enum

from kolding_graph.browse.entities import Relation
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


def split(relations: Iterable[Relation], when: AsOf, base: str) -> Split:
    """Sort relations into those that held as of a year and those not placeable."""
    held, unknown = [], []
    for relation in relations:
        found = standing(period_of(relation, base), when)
        if found is Standing.HELD:
            held.append(relation)
        elif found.unknown:
            unknown.append((relation, found))
    return Split(held, unknown)


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
    held, unknown, later = [], [], []
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
    years = set()
    for period in periods:
        years.update(y for y in (period.start, period.end) if y is not None)
    return sorted(years)
