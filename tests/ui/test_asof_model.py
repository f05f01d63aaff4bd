"""The "as of" model on the real release: what held in a year, what cannot be placed."""

from __future__ import annotations

import pytest

from kolding_graph.browse.asof import (
    AsOf,
    BadAsOf,
    Period,
    Standing,
    parse_as_of,
    split,
    split_twins,
    standing,
)
from kolding_graph.web.ui import current_site

NO_KNOWN_START = {"kujalleq", "nikopol", "wuqing"}


@pytest.fixture(scope="module")
def site(app):
    """Return the page data of the real release."""
    with app.test_request_context("/"):
        yield current_site()


def twins_as_of(site, year: int):
    """Return the slugs of twin cities held, unknown and later as of a year."""
    home = site.home()
    found = split_twins(home.twins, home.entity.relations, AsOf(year), site.base)
    slug = lambda t: t.iri.rsplit("/", 1)[-1]  # noqa: E731
    return (
        {slug(t) for t in found.held},
        {slug(t) for t, _ in found.unknown},
        {slug(t) for t in found.later},
    )


def test_panevezys_twinned_from_2000(site):
    held_1999, unknown_1999, later_1999 = twins_as_of(site, 1999)
    held_2000, _, _ = twins_as_of(site, 2000)
    assert "panevezys" not in held_1999 | unknown_1999
    assert "panevezys" in later_1999
    assert "panevezys" in held_2000


@pytest.mark.parametrize("year", [1900, 1946, 1979, 1999, 2000, 2009, 2017, 2030])
def test_twins_without_a_known_start_are_unknown_in_every_year(site, year):
    held, unknown, later = twins_as_of(site, year)
    assert NO_KNOWN_START <= unknown
    assert not NO_KNOWN_START & (held | later)
    assert len(held | unknown | later) == 12


def test_the_oldest_twinnings_held_in_1946_only_drammen_and_orebro(site):
    held, _, _ = twins_as_of(site, 1946)
    assert held == {"drammen", "orebro"}


def test_per_bodker_andersen_mayor_1985_to_2009(site):
    person = site.entity(site.base + "id/person/per-bodker-andersen")
    mayor = site.base + "id/membership/per-bodker-andersen-mayor"

    def held(year: int) -> set[str]:
        return {r.node for r in split(person.relations, AsOf(year), site.base).held}

    assert mayor in held(1985) and mayor in held(2000) and mayor in held(2009)
    assert mayor not in held(1984) and mayor not in held(2010)


def test_a_post_without_dates_is_listed_as_unknown(site):
    person = site.entity(site.base + "id/person/per-bodker-andersen")
    deputy = site.base + "id/membership/per-bodker-andersen-deputy-mayor"
    found = split(person.relations, AsOf(2000), site.base)
    assert (deputy, Standing.START_UNKNOWN) in [(r.node, s) for r, s in found.unknown]
    assert deputy not in {r.node for r in found.held}


def test_ended_without_a_known_end_is_unknown_after_its_start():
    ended = Period(start=2001, end=None, ended=True)
    assert standing(ended, AsOf(2000)) is Standing.NOT_YET
    assert standing(ended, AsOf(2001)) is Standing.END_UNKNOWN
    assert standing(ended, AsOf(2030)) is Standing.END_UNKNOWN
    assert standing(Period(2001, 2019, True), AsOf(2020)) is Standing.ENDED
    assert standing(Period(None, 2019, True), AsOf(2020)) is Standing.ENDED
    assert standing(Period(2001, None, False), AsOf(2030)) is Standing.HELD


def test_a_day_in_the_start_year_cannot_be_placed_by_a_year_alone():
    period = Period(start=2000, end=None, ended=False)
    assert standing(period, parse_as_of("2000-06-01")) is Standing.START_UNKNOWN
    assert standing(period, parse_as_of("2001-01-01")) is Standing.HELD
    assert standing(period, parse_as_of("1999-12-31")) is Standing.NOT_YET


@pytest.mark.parametrize(
    "text", ["", "95", "1995-13-01", "1995-02-30", "abcd", "1995/06/01", "0999", "1e3"]
)
def test_bad_as_of_values_are_refused_with_a_reason(text):
    with pytest.raises(BadAsOf) as caught:
        parse_as_of(text)
    assert caught.value.status == 400
    assert caught.value.where == "asOf"


def test_as_of_round_trips():
    assert str(parse_as_of("1995")) == "1995"
    assert str(parse_as_of(" 1995-06-01 ")) == "1995-06-01"
