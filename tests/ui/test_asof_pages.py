"""?asOf= on the home page, the lists, entity pages and their RDF twins."""

from __future__ import annotations

import re

import pytest


def section(html: str, heading_id: str) -> str:
    """Return the HTML from a heading's id to the end of its section."""
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def twins_listed(html: str) -> set[str]:
    """Return the twin cities in the home page's main twin list (not those apart)."""
    listed = section(html, "twins-title").split('id="twins-unknown-title"')[0]
    return set(re.findall(r'href="/id/city/([a-z-]+)', listed))


def on_map(html: str, state: str = "") -> set[str]:
    """Return the twin cities drawn on the home map in a state ("" = held)."""
    svg = html.split('<figure class="worldmap">')[1].split("</figure>")[0]
    pattern = r'<g class="marker%s" data-start="\d*"><a href="/id/city/([a-z-]+)'
    return set(re.findall(pattern % (" " + state if state else ""), svg))


def test_panevezys_absent_as_of_1999_and_present_as_of_2000(client):
    before = client.get("/?asOf=1999&lang=da").get_data(as_text=True)
    after = client.get("/?asOf=2000&lang=da").get_data(as_text=True)
    assert "panevezys" not in twins_listed(before)
    assert "panevezys" in on_map(before, "later") and "panevezys" not in on_map(before)
    assert "panevezys" in twins_listed(after) and "panevezys" in on_map(after)


@pytest.mark.parametrize("year", ["1950", "1990", "2000", "2024"])
def test_twins_without_start_listed_apart_as_time_unknown(client, year):
    html = client.get(f"/?asOf={year}&lang=da").get_data(as_text=True)
    apart = html.split('id="twins-unknown-title"')[1].split("</ul>")[0]
    assert "Tidspunkt ukendt" in html
    for slug in ("kujalleq", "nikopol", "wuqing"):
        assert f"/id/city/{slug}?" in apart
        assert slug not in twins_listed(html)
        assert slug in on_map(html, "unknown")


def test_banner_says_the_year_and_links_back_to_today(client):
    da = client.get("/cities?asOf=1995&lang=da").get_data(as_text=True)
    en = client.get("/cities?asOf=1995&lang=en").get_data(as_text=True)
    assert "Som i 1995" in da and "Tilbage til i dag" in da
    assert "As of 1995" in en and "Back to today" in en
    banner = da.split('class="asof-banner"')[1].split("</div>")[0]
    assert 'href="/cities?lang=da"' in banner
    today = client.get("/cities?lang=da").get_data(as_text=True)
    assert "asof-banner" not in today


def test_links_keep_the_chosen_year(client):
    html = client.get("/?asOf=1995&lang=en").get_data(as_text=True)
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    local = re.findall(r'href="(/(?:id|cities|organisations|people)[^"]*)"', main)
    assert local
    assert all("asOf=1995" in link for link in local), local
    nav = html.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert "/cities?lang=en&amp;asOf=1995" in nav


def test_mayor_as_of_2000_and_not_as_of_2010(client):
    path = "/id/person/per-bodker-andersen?lang=en&asOf="
    mayor = "/id/membership/per-bodker-andersen-mayor?"
    in_2000 = client.get(path + "2000").get_data(as_text=True)
    in_2010 = client.get(path + "2010").get_data(as_text=True)

    def held(html: str) -> str:
        """Return the sections of relations that held (none may have)."""
        parts = html.split('<section class="relations">')[1:]
        return "".join(p.split("</section>")[0] for p in parts)

    assert mayor in held(in_2000)
    assert mayor not in held(in_2010)
    assert mayor not in section(in_2010, "asof-unknown-title")
    assert mayor in section(in_2010, "asof-other-title")
    # the UBC presidency (from 2001) is on the 2010 page, held or of unknown end
    assert "/id/membership/per-bodker-andersen-ubc-president?" in in_2010
    assert "Time unknown" in in_2010  # the deputy mayor post has no dates


def test_an_agreement_page_says_whether_it_held(client):
    html = client.get("/id/agreement/kolding-panevezys?asOf=1999&lang=en")
    assert "In 1999 this had not yet begun." in html.get_data(as_text=True)
    html = client.get("/id/agreement/kolding-kujalleq?asOf=1999&lang=da")
    assert "Kilderne siger ikke, hvornår dette begyndte" in html.get_data(as_text=True)


def test_rdf_twins_accept_as_of(client):
    twinned = "kg:twinnedWith"
    before = client.get("/id/city/panevezys.ttl?asOf=1999").get_data(as_text=True)
    after = client.get("/id/city/panevezys.ttl?asOf=2000").get_data(as_text=True)
    today = client.get("/id/city/panevezys.ttl").get_data(as_text=True)
    assert twinned not in before and twinned in after and twinned in today
    kolding = client.get(
        "/id/municipality/kolding?asOf=1946", headers={"Accept": "text/turtle"}
    ).get_data(as_text=True)
    assert "city\\/drammen" in kolding and "city\\/panevezys" not in kolding


def test_cities_list_as_of_a_year(client):
    html = client.get("/cities?asOf=1990&lang=en").get_data(as_text=True)
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = set(re.findall(r'href="/id/city/([a-z-]+)', table))
    assert rows == {
        "delmenhorst",
        "drammen",
        "huescar",
        "lappeenranta",
        "orebro",
        "stykkisholmur",
    }
    apart = section(html, "cities-unknown-title")
    assert {"kujalleq", "nikopol", "wuqing"} <= set(
        re.findall(r'href="/id/city/([a-z-]+)', apart)
    )


@pytest.mark.parametrize(
    "path",
    [
        "/?asOf=19x5",
        "/cities?asOf=1995-02-30",
        "/people?asOf=95",
        "/id/city/panevezys?asOf=1999-1",
        "/id/city/panevezys.ttl?asOf=abc",
    ],
)
def test_bad_as_of_is_a_clear_400(client, path):
    response = client.get(path + "&lang=en" if "?" in path else path)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must be a year such as 1995 or a day such as 1995-06-01" in text
    assert "asOf" in text


def test_pages_are_cached_per_year(client):
    """The page cache is keyed on the year: today, 1999 and today again differ."""
    first = client.get("/?lang=en").get_data(as_text=True)
    past = client.get("/?lang=en&asOf=1999").get_data(as_text=True)
    again = client.get("/?lang=en").get_data(as_text=True)
    assert "panevezys" in twins_listed(first) and "panevezys" in twins_listed(again)
    assert "panevezys" not in twins_listed(past)
    etags = {
        client.get(url).headers.get("ETag")
        for url in ("/?lang=en", "/?lang=en&asOf=1999", "/?lang=en&asOf=2000")
    }
    assert len(etags) == 3


def test_year_control_works_without_javascript(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    control = section(html, "years-title")
    assert '<form class="yearform" method="get" action="/"' in control
    assert (
        '<label for="asof-year">' in control and 'id="asof-year" name="asOf"' in control
    )
    assert 'aria-live="polite"' in control
    years = re.findall(r'<a href="/\?asOf=(\d{4})&amp;lang=en">', control)
    assert {"1946", "1979", "2000", "2017"} <= set(years)
    assert '<script src="/assets/asof.js" defer>' in html


def test_timeline_draws_bars_to_today_or_to_the_end(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    timeline = section(html, "timeline-title")
    items = timeline.split("<li>")[1:]
    assert len(items) >= 12
    drammen = next(i for i in items if "kolding-drammen" in i)
    assert '<span class="year">1946</span>–today' in drammen
    left, width = map(
        float,
        re.search(r'class="span" x="([\d.]+)" width="([\d.]+)"', drammen).groups(),
    )
    assert left < 10 and left + width == pytest.approx(100, abs=0.01)
    assert 'class="bar"' in drammen and 'aria-hidden="true"' in drammen


def test_pages_not_filtered_by_year_carry_no_banner_but_keep_it(client):
    html = client.get("/search?q=orebro&asOf=1995&lang=en").get_data(as_text=True)
    assert "asof-banner" not in html
    assert "/id/city/orebro?lang=en&amp;asOf=1995" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_relations_not_in_force_say_when_they_began_or_ended(client):
    city = client.get("/id/city/panevezys?asOf=1999&lang=en").get_data(as_text=True)
    other = section(city, "asof-other-title")
    assert "Not in force in 1999" in city and "(from 2000)" in other
    assert "/id/agreement/kolding-panevezys?" in other
    person = client.get("/id/person/per-bodker-andersen?asOf=2010&lang=da")
    other = section(person.get_data(as_text=True), "asof-other-title")
    assert "/id/membership/per-bodker-andersen-mayor?" in other
    assert "(ophørt 2009)" in other
