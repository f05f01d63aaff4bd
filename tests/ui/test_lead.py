"""Entity pages open with their main facts as sentences with sources, facts once."""

from __future__ import annotations

import re

import pytest


def lead_of(client, path: str, lang: str) -> str:
    """Return the lead paragraph's HTML."""
    html = client.get(f"{path}?lang={lang}").get_data(as_text=True)
    return re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("da", "Kolding Kommune</bdi></a> har været venskabsbyer siden 1946"),
        ("en", "Kolding Municipality</bdi></a> have been twin cities since 1946"),
    ],
)
def test_city_lead_says_since_when_with_its_source(client, lang, sentence):
    lead = lead_of(client, "/id/city/orebro", lang)
    assert sentence in lead
    tail = lead.split(sentence)[1].split(".")[0]
    assert 'href="/id/document/simple-wikipedia-kolding' in tail


def test_lead_says_where_sources_disagree(client):
    lead = lead_of(client, "/id/person/per-bodker-andersen", "da")
    assert "kilderne er uenige om, hvornår det sluttede" in lead
    assert "2001–2019" not in lead


def test_municipality_lead_counts_twins_from_the_municipal_page(client):
    lead = lead_of(client, "/id/municipality/kolding", "en")
    count = lead.split("has 12 twin cities")[1].split(").")[0]
    assert "kolding-internationalt-samarbejde" in count
    assert "decentralization" not in count


def test_each_fact_is_shown_once(client):
    html = client.get("/id/organisation/iclei?lang=en").get_data(as_text=True)
    main = html.split("<main", 1)[1]
    assert "All facts" not in main
    assert main.count("<dt>also known as</dt>") == 1
