"""?asOf= on pages: the year asked for, links that keep it, the year control."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from flask import request
from flask.blueprints import BlueprintSetupState
from werkzeug.urls import iri_to_uri

from kolding_graph.browse import homemap
from kolding_graph.browse.asof import (
    AsOf,
    BadAsOf,
    entity_as_of,
    own_standing,
    parse_as_of,
    split_twins,
    timeline_bars,
    years_of_change,
)
from kolding_graph.browse.entities import Entity
from kolding_graph.browse.site import Home
from kolding_graph.web.ui import lang, page, translate

PARAM = "asOf"
DECADE = 10


def requested_as_of() -> AsOf | None:
    """Return the request's ?asOf= (None for today); raise BadAsOf when malformed."""
    text = request.args.get(PARAM, "")
    if not text.strip():
        return None
    try:
        return parse_as_of(text)
    except BadAsOf as error:
        error.message = translate(
            "?asOf= must be a year such as 1995 or a day such as 1995-06-01,"
            " not “%(value)s”."
        ) % {"value": text[:40]}
        raise


def check_as_of() -> None:
    """Refuse a malformed ?asOf= before any page is made (a 400 saying why)."""
    requested_as_of()


def kept_as_of() -> str:
    """Return the request's ?asOf= when it is valid, else "" (for links)."""
    return page().as_of


def url_with(**changes: str | None) -> str:
    """Return this page's URL with some query parameters set (None drops one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    query = urlencode(sorted(args.items()))
    return iri_to_uri(request.path) + ("?" + query if query else "")


def today_url() -> str:
    """Return this page as it is today (without ?asOf=)."""
    return url_with(asOf=None)


def as_of_url(year: int | str) -> str:
    """Return this page as of a year."""
    return url_with(asOf=str(year))


@dataclass(frozen=True)
class YearControl:
    """The years the home page offers: a range and the links shown without JS."""

    first: int
    last: int
    links: list[int]
    chosen: int


def year_control(change_years: list[int], chosen: AsOf | None) -> YearControl | None:
    """Return the year control: each year something began or ended, and decades."""
    if not change_years:
        return None
    this_year = datetime.date.today().year
    first = change_years[0] - change_years[0] % DECADE
    decades = range(first, this_year + 1, DECADE)
    links = sorted({*change_years, *decades} - {this_year})
    year = chosen.year if chosen else this_year
    return YearControl(first, this_year, links, year)


def setup_as_of(state: BlueprintSetupState) -> None:
    """Give the templates the year asked for and the URL helpers."""
    state.app.jinja_env.globals.update(
        as_of=lambda: kept_as_of(),
        pinned_release=lambda: page().release,
        current_release_url=lambda: url_with(release=None),
        today_url=today_url,
        as_of_url=as_of_url,
    )


def home_as_of(data: Home, when: AsOf | None, base: str) -> tuple[Home, dict]:
    """Return the home page data as of a year, with what is listed apart."""
    if data.entity is None:
        return data, {"map_twins": [(t, "held") for t in data.twins]}
    if when is None:
        return data, {
            "map_twins": [(t, "held") for t in data.twins],
            "unknown_twins": [],
            "unknown_relations": [],
        }
    twins = split_twins(data.twins, data.entity.relations, when, base)
    entity, relations = entity_as_of(data.entity, when, base)
    states = {t.iri: "held" for t in twins.held}
    states.update({t.iri: "unknown" for t, _ in twins.unknown})
    return replace(data, twins=twins.held, entity=entity), {
        "map_twins": [(t, states.get(t.iri, "later")) for t in data.twins],
        "unknown_twins": twins.unknown,
        "unknown_relations": [
            (r, state)
            for r, state in relations.unknown
            if r.direction in ("member-of", "designation")
        ],
    }


def entity_as_of_page(entity: Entity, base: str) -> tuple[Entity, dict]:
    """Return an entity as of the request's year, and what its page lists apart."""
    when = requested_as_of()
    if when is None:
        return entity, {"unknown_relations": [], "other_relations": []}
    standing = own_standing(entity, when, base)
    shown, found = entity_as_of(entity, when, base)
    return shown, {
        "unknown_relations": found.unknown,
        "other_relations": found.other,
        "own_standing": standing.value if standing else None,
    }


def home_years(entity: Entity | None, when: AsOf | None, base: str) -> dict:
    """Return the home page's timeline (bars, oldest first) and its year control."""
    engagements = [
        r
        for r in (entity.relations if entity is not None else [])
        if r.direction in ("party", "member-of", "designation")
    ]
    bars = timeline_bars(engagements, base)
    control = year_control(years_of_change(b.period for b in bars), when)
    return {"timeline": bars, "control": control}


def as_of_home(context: dict, today: Home, when: AsOf | None, apart: dict) -> dict:
    """Return the home page's context as of a year: maps of every twin city with its
    state (the same maps in every year), and the opening sentence in the past."""
    states = {t.iri: (state, t.start or "") for t, state in apart["map_twins"]}
    if when is None:
        return {**context, "map_states": states}
    held = sum(1 for state, _ in states.values() if state == "held")
    intro = translate(
        "In %(when)s Kolding Kommune had %(n)s twin cities,"
        " by the years the sources give."
    ) % {"when": when, "n": held}
    unknown = len(apart["unknown_twins"])
    if unknown:
        intro += " " + translate(
            "For %(n)s more the sources give no start; they are listed apart."
        ) % {"n": unknown}
    return {
        **context,
        "maps": homemap.panels(today.twins, today.place, lang()),
        "map_states": states,
        "intro": intro,
    }
