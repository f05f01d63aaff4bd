"""Entity pages per kind: labels, relations, Wikidata, maps, figures, sources."""

from __future__ import annotations

import json
import re

import pytest

BASE = "https://data.kolding.dk/"
KIND_PAGES = {
    "/id/municipality/kolding": "Kommune",
    "/id/city/orebro": "Venskabsby",
    "/id/city/kolding": "By",
    "/id/organisation/ubc": "Organisation",
    "/id/organisation/sdeo": "Organisation",
    "/id/membership/kolding-ubc": "Medlemskab eller post",
    "/id/agreement/kolding-delmenhorst": "Venskabsbyaftale",
    "/id/person/per-bodker-andersen": "Person",
    "/id/project/smart-spp": "Initiativ eller projekt",
    "/id/event/cop15": "Begivenhed",
    "/id/document/international-politik": "Politikdokument",
    "/id/designation/kolding-city-of-design": "Udnævnelse",
    "/id/document/kolding-internationalt-samarbejde": "Kilde",
    "/id/figure/iclei-members-2023": "Tal",
    "/id/claim/iclei-founding-k1": "Påstand",
    "/id/concept/role-member": "Begreb",
    "/id/country/sweden": "Land",
    "/def/Network": "Klasse",
    "/def/twinnedWith": "Egenskab",
    "/ontology": "Ontologi",
}


def html_of(client, path: str, lang: str = "da") -> str:
    response = client.get(f"{path}?lang={lang}")
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1]


@pytest.mark.parametrize("path,kind", KIND_PAGES.items())
def test_each_kind_has_its_page(client, path, kind):
    html = html_of(client, path)
    assert f'<p class="kind">{kind}</p>' in html


@pytest.mark.parametrize("path", KIND_PAGES)
def test_no_bare_iri_is_shown_where_a_label_exists(client, path, app):
    """Every link to one of our IRIs that has a label shows the label, not the IRI."""
    html = main_of(html_of(client, path))
    site = app.extensions["kolding_graph.pages.site"][1]
    shown = re.findall(r'<a href="/((?:id|def)/[^"?]+)[^"]*"><bdi>([^<]*)</bdi>', html)
    assert shown
    labelled = site.labels([BASE + p for p, _ in shown])
    for local, text in shown:
        if labelled.get(BASE + local):
            assert not text.startswith(("http", "kg:", "kgid:")), (local, text)


def test_city_page_shows_country_agreement_year_and_native_name(client):
    html = html_of(client, "/id/city/anjo", "en")
    assert "Anjō" in html
    assert '<bdi lang="ja">安城市</bdi>' in html
    assert ">Japan</bdi></a>" in html
    assert "since 1997" in html


def test_verified_wikidata_link_with_its_source(client):
    html = html_of(client, "/id/city/orebro", "en")
    assert 'href="http://www.wikidata.org/entity/Q297718">Q297718</a>' in html
    box = html.split('class="box wikidata"')[1].split("</section>")[0]
    assert 'href="/id/document/wikidata-2016-sister-cities' in box
    assert "unconfirmed" not in box


def test_candidate_wikidata_item_is_marked_unconfirmed(client):
    html = html_of(client, "/id/city/wuqing", "en")
    box = html.split('class="box wikidata"')[1].split("</section>")[0]
    assert "Q708496" in box
    assert 'class="unconfirmed">unconfirmed</strong>' in box


def test_city_page_has_a_small_map_with_a_pin(client):
    html = html_of(client, "/id/city/lappeenranta")
    figure = html.split('class="minimap"')[1].split("</figure>")[0]
    assert '<path class="land" d="M' in figure
    assert '<circle class="pin"' in figure
    assert "61.0587" in figure


def test_figures_show_their_as_of_date_and_source(client):
    html = html_of(client, "/id/organisation/iclei", "en")
    table = html.split('class="figures"')[1].split("</section>")[0]
    assert "more than 2,500" in table
    assert re.search(r"<td[^>]*>2023</td>", table)
    assert "undated" in table
    assert 'href="/id/document/en-wikipedia-iclei' in table


def test_per_value_sources_beside_claimed_values(client):
    html = html_of(client, "/id/agreement/kolding-delmenhorst", "en")
    facts = html.split('class="facts"')[1]
    row = facts.split("start date")[1].split("</tr>")[0]
    assert "1979-05-16" in row
    assert 'href="/id/document/delmenhorst-partnerstaedte-kolding' in row


def test_organisation_lists_its_members_inverse_relation(client):
    html = html_of(client, "/id/organisation/ubc", "en")
    members = html.split("Members and post holders")[1].split("</section>")[0]
    assert ">Kolding Municipality</bdi>" in members
    assert "since 1997" in members
    assert ">Per Bødker Andersen</bdi>" in members


def test_person_page_lists_posts(client):
    html = html_of(client, "/id/person/per-bodker-andersen", "en")
    posts = html.split("Memberships and posts")[1].split("</section>")[0]
    assert "ICLEI executive board" in posts
    assert "elected 2009" in posts
    assert "1985–2009" in posts


def test_class_page_shows_domain_range_and_usage(client):
    html = html_of(client, "/def/party", "en")
    assert ">Agreement</bdi>" in html
    usage = html.split('class="usage"')[1]
    assert 'href="/id/agreement/kolding-orebro' in usage


def test_ontology_page_lists_its_terms(client):
    html = html_of(client, "/ontology", "en")
    assert 'href="/def/TwinningAgreement' in html


def test_entity_page_embeds_schema_org_json_ld(client):
    html = html_of(client, "/id/city/orebro", "en")
    raw = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert data["@type"] == "AdministrativeArea"
    assert data["name"] == "Örebro"
    assert data["sameAs"] == ["http://www.wikidata.org/entity/Q297718"]
    assert data["geo"]["latitude"] == pytest.approx(59.27412)


def test_source_markers_are_translated(client):
    """Regression: "source" moved to Python and fell out of the catalogue."""
    danish = html_of(client, "/id/city/orebro", "da")
    english = html_of(client, "/id/city/orebro", "en")
    assert '<span class="src">kilde: ' in danish
    assert '<span class="src">source: ' in english
