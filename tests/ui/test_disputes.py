"""Disputed values (issue 12): pages showing the property show both claims inline."""

from __future__ import annotations

import re

import pytest

UBC_POST = "/id/membership/per-bodker-andersen-ubc-president"


def page(client, path: str, lang: str) -> str:
    """Return a page's HTML in a language."""
    response = client.get(f"{path}?lang={lang}")
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def dispute_after(html: str, marker: str) -> str:
    """Return the dispute block that follows marker (a property's name)."""
    rest = html.split(marker, 1)[1]
    assert 'class="dispute"' in rest, f"no dispute after {marker!r}"
    return rest.split('class="dispute"', 1)[1].split("</ul></div>", 1)[0]


TITLE = {"da": "Kilderne er uenige", "en": "Sources disagree"}
SAYS = {"da": "kilden siger", "en": "the source says"}
NOTE = {"da": "Vores bemærkning:", "en": "Our note:"}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_iclei_founding_is_disputed_where_the_value_would_be(client, lang):
    """ICLEI's founding: 1990 (en.wikipedia) against "shortly after 1992" (Kolding)."""
    html = page(client, "/id/organisation/iclei", lang)
    words = {"da": "kort efter FN-topmødet", "en": "shortly after the 1992 UN summit"}
    founded = {"da": "<dt>grundlagt</dt>", "en": "<dt>founded</dt>"}[lang]
    block = dispute_after(html, founded)
    assert TITLE[lang] in block and "1990" in block and words[lang] in block
    assert SAYS[lang] in block
    assert block.count('href="/id/document/') >= 2, "each claim names its source"
    assert not re.search(r"(grundlagt|founded)</dt>\s*<dd><bdi>1990", html)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(
    "path", [UBC_POST, "/id/person/per-bodker-andersen", "/id/organisation/ubc"]
)
def test_ubc_presidency_end_is_disputed_on_every_page_showing_it(client, path, lang):
    """The presidency's end: 2019 (en.wikipedia) against "since 2001" (Kolding)."""
    html = page(client, path, lang)
    marker = {"da": "slutår", "en": "end year"}[lang]
    block = dispute_after(html, marker)
    assert TITLE[lang] in block and "2019" in block
    assert {"da": "siden 2001", "en": "since 2001"}[lang] in block
    assert NOTE[lang] in block, "our comment is marked as ours"
    assert "2001–2019" not in html, "the end year was settled"


def test_source_words_and_our_comment_are_apart(client):
    """The source's words are quoted alone; our comment is a separate, marked note."""
    block = dispute_after(page(client, UBC_POST, "en"), "end year")
    quoted = re.findall(r"<q>(.*?)</q>", block)
    assert any("since 2001" in q for q in quoted)
    assert not any("out of date" in q for q in quoted)


@pytest.mark.parametrize(
    "path",
    [
        "/id/claim/iclei-founding-k1",
        "/id/claim/per-bodker-andersen-ubc-president-end-en-wikipedia",
    ],
)
def test_a_disputed_claim_page_shows_the_other_claims(client, path):
    html = page(client, path, "en")
    box = html.split('class="claim-dispute"')[1].split("</section>")[0]
    assert TITLE["en"] in box and box.count('href="/id/claim/') == 2


def test_an_undisputed_claim_page_has_no_dispute(client):
    assert 'class="claim-dispute"' not in page(client, "/id/claim/orebro-lat", "en")
