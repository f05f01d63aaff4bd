"""Review of former officials: people whose last public post ended long ago.

A person is published for their public posts; once the last one has ended more
than the review period ago (PRIVACY_REVIEW_YEARS), the controller should decide
whether the record is still needed. A post without an end year counts as
current, so nobody is flagged on a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SDO
from rdflib.term import Node

from kolding_graph.namespaces import ORG, Namespaces


@dataclass(frozen=True)
class ReviewNote:
    """A person whose last public post ended longer ago than the review period."""

    person: str
    last_year: int
    years: int
    files: tuple[str, ...]

    def render(self) -> str:
        """Return the note as one line for the controller."""
        where = ", ".join(self.files) or "(no input file)"
        return (
            f"review: {self.person}: the last public post ended in {self.last_year},"
            f" more than {self.years} years ago; decide whether to keep the record or"
            f" list it in data/withdrawals.txt ({where})"
        )


def last_post_end(data: Graph, person: Node, ns: Namespaces) -> int | None:
    """Return the year the person's last post ended, None if one is current."""
    ends = []
    for post in data.subjects(ORG.member, person):
        years = [
            int(str(y)[:4])
            for y in data.objects(post, ns.kg.endYear)
            if isinstance(y, Literal) and str(y)[:4].isdigit()
        ]
        if not years:
            return None
        ends.append(max(years))
    return max(ends) if ends else None


def former_officials(
    data: Graph,
    ns: Namespaces,
    today: dt.date,
    years: int,
    files_of: Callable[[Node], tuple[str, ...]],
) -> list[ReviewNote]:
    """Return the people whose last public post ended more than years ago."""
    notes = []
    for person in sorted(set(data.subjects(RDF.type, SDO.Person)), key=str):
        last = last_post_end(data, person, ns)
        if last is not None and today.year - last > years:
            notes.append(ReviewNote(str(person), last, years, files_of(person)))
    return notes
