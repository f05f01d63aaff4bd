"""The home page reaches every fact of the municipality's page within two clicks."""

from __future__ import annotations

import re

import pytest

from .crawl import Reading, with_lang

# Every thing the source page (Internationalt samarbejde) speaks of.
SOURCE_PAGE_THINGS = [
    "/id/municipality/kolding",
    "/id/document/international-politik",
    "/id/document/international-politik-foreign-labour",
    "/id/document/international-politik-new-citizens",
    "/id/document/international-politik-education",
    "/id/document/international-politik-twin-cities",
    "/id/organisation/ubc",
    "/id/organisation/sdeo",
    "/id/organisation/iclei",
    "/id/project/local-government-climate-roadmap",
    "/id/event/cop15",
    "/id/project/smart-spp",
    "/id/person/per-bodker-andersen",
    "/id/designation/kolding-city-of-design",
    *(f"/id/city/{slug}" for slug in (
        "delmenhorst", "drammen", "huescar", "kujalleq", "lappeenranta", "nikopol",
        "orebro", "panevezys", "stykkisholmur", "szombathely", "anjo", "wuqing",
    )),
]  # fmt: skip


def links_of(client, url: str) -> set[str]:
    """Return the local pages a page links to (path only)."""
    reading = Reading("da")
    reading.feed(client.get(url).get_data(as_text=True))
    found = {with_lang(link, "da") for link in reading.links}
    return {u for u in found if u}


def test_every_fact_of_the_source_page_is_two_clicks_from_home(client):
    first = links_of(client, "/?lang=da")
    second = set(first)
    for url in first:
        second |= links_of(client, url)
    reached = {u.split("?")[0] for u in second}
    missing = [path for path in SOURCE_PAGE_THINGS if path not in reached]
    assert missing == []


def test_home_shows_contact_details(client):
    html = client.get("/?lang=da").get_data(as_text=True)
    assert 'href="tel:+4579797979"' in html and "kommunen@kolding.dk" in html


@pytest.mark.parametrize(
    ("lang", "count"),
    [("da", "har 12 venskabsbyer, ti i Europa og to i Asien"),
     ("en", "has 12 twin cities, ten in Europe and two in Asia")],
)  # fmt: skip
def test_home_counts_twins_as_the_source_does(client, lang, count):
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", lead)
    assert count in text
    assert 'href="/id/document/kolding-internationalt-samarbejde' in lead


def test_unesco_is_a_title_not_a_membership_and_sdeo_is_listed(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    members = html.split('id="member-title"')[1].split("</section>")[0]
    assert "UNESCO" not in members and "/id/organisation/ubc" in members
    title = html.split('id="title-title"')[1].split("</section>")[0]
    assert "/id/designation/kolding-city-of-design" in title
    assert "/id/organisation/sdeo" in html.split('id="partner-title"')[1]


def test_years_on_home_show_their_source(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    timeline = html.split('class="timeline"')[1].split("</ol>")[0]
    entries = re.findall(r"<li>.*?</li>", timeline, re.S)
    assert entries and all('class="src"' in e for e in entries)


def test_twins_only_wikidata_listed_are_said_with_source_and_date(client):
    html = client.get("/?lang=da").get_data(as_text=True)
    note = html.split('class="aside-note"')[1].split("</p>")[0]
    assert "fra 2016" in note and "Pisa" in note and "Nanortalik" in note
    assert 'href="/id/document/wikidata-2016-sister-cities' in note
