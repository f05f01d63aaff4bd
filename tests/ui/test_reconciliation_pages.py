"""The reconciliation page and the discrepancy notices on entity pages."""

from __future__ import annotations

import html

from kolding_graph.web.ui import current_site
from kolding_graph.wikidata.report_rdf import load_report, report_from_select


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def test_report_read_from_the_store_equals_the_release_file(app, release):
    with app.app_context():  # the pages' own select over the served store
        from_store = report_from_select(current_site().select, release.base_iri)
    from_file = load_report(release.path, release.base_iri)
    assert from_store is not None and from_store == from_file


def test_report_page_lists_every_discrepancy_in_both_languages(client, release):
    report = load_report(release.path, release.base_iri)
    english = text_of(client.get("/reconciliation?lang=en"))
    danish = text_of(client.get("/reconciliation?lang=da"))
    assert "Reconciliation with Wikidata" in english
    assert "Afstemning med Wikidata" in danish
    for discrepancy in report.discrepancies:
        assert discrepancy.key in english
        assert discrepancy.message_en in english
        assert discrepancy.message_da in danish
    assert "compiled by hand" in english  # the snapshot says how it was made


def test_dataset_page_links_to_the_report(client):
    page = text_of(client.get("/dataset?lang=en"))
    assert 'href="/reconciliation?lang=en"' in page


def test_affected_entity_page_shows_the_notice(client):
    page = text_of(client.get("/id/city/panevezys?lang=en"))
    assert "Wikidata and our sources" in page
    assert 'the spelling "Panevézys" differs from Wikidata\'s "Panevėžys"' in page
    assert "/reconciliation?lang=en#label-spelling-city-panevezys" in page
    kolding = text_of(client.get("/id/municipality/kolding?lang=da"))
    assert "Pisa (Q13375)" in kolding and "Nikopol" in kolding


def test_unaffected_entity_page_has_no_notice(client):
    page = text_of(client.get("/id/city/delmenhorst?lang=en"))
    assert "Wikidata and our sources" not in page


def test_release_without_reconciliation_says_so(hostile):
    page = text_of(hostile.get("/reconciliation?lang=en"))
    assert "no reconciliation with Wikidata" in page
