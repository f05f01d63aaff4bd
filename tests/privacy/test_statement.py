"""The privacy statement: settings, the bilingual page, person pages, DPV in DCAT."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph, URIRef

from kolding_graph.config import load_settings
from kolding_graph.errors import BuildError
from kolding_graph.namespaces import DEFAULT_BASE_IRI, DPV, DPV_PD, EU_GDPR
from kolding_graph.privacy import privacy_from
from kolding_graph.release.load import Release
from kolding_graph.web import create_app

ROOT = Path(__file__).resolve().parents[2]
PERSON = "/id/person/per-bodker-andersen"


def make_app(release: Release, **settings: object) -> Flask:
    """Return the app over the real release with some settings changed."""
    config = {"RELEASE_DIR": str(release.path), "SOURCE_DIR": str(ROOT)}
    return create_app({**config, "TESTING": True, **settings})


def test_defaults_are_drafts_of_a_public_task() -> None:
    stated = privacy_from(load_settings(environ={}))
    assert not stated.confirmed
    assert stated.legal_basis.article == "6(1)(e)"
    assert stated.objection_right


def test_unknown_legal_basis_is_refused_naming_the_setting() -> None:
    values = load_settings({"PRIVACY_LEGAL_BASIS": "because"}, environ={})
    with pytest.raises(BuildError, match="because") as caught:
        privacy_from(values)
    assert caught.value.where == "KOLDING_GRAPH_PRIVACY_LEGAL_BASIS"


def test_page_is_danish_by_default_with_draft_marker(release: Release) -> None:
    client = make_app(release).test_client()
    page = client.get("/persondata").get_data(as_text=True)
    assert "<h1>Om persondata</h1>" in page
    assert "Udkast." in page and "ikke juridisk rådgivning" in page
    assert "Kolding Kommune" in page
    assert "artikel 6(1)(e)" in page
    # the contact falls back to the data's own contact point
    assert 'href="mailto:kommunen@kolding.dk"' in page


def test_page_in_english_shows_the_stated_settings(release: Release) -> None:
    client = make_app(
        release,
        PRIVACY_CONTACT="dpo@example.org",
        PRIVACY_PURPOSE="Our own purpose.",
        PRIVACY_CONFIRMED="yes",
        PRIVACY_REVIEW_YEARS=7,
    ).test_client()
    page = client.get("/persondata?lang=en").get_data(as_text=True)
    assert "<h1>About personal data</h1>" in page
    assert "Draft." not in page
    assert "Our own purpose." in page
    assert 'href="mailto:dpo@example.org"' in page
    assert "more than 7 years ago" in page


@pytest.mark.parametrize("lang", ["da", "en"])
def test_person_page_links_the_privacy_page_and_shows_the_contact(
    release: Release, lang: str
) -> None:
    client = make_app(release).test_client()
    page = client.get(f"{PERSON}?lang={lang}").get_data(as_text=True)
    assert 'class="box personal-data"' in page
    assert f'href="/persondata?lang={lang}"' in page
    assert 'href="mailto:kommunen@kolding.dk"' in page


def test_other_pages_do_not_carry_the_person_box(release: Release) -> None:
    page = make_app(release).test_client().get("/id/organisation/ubc")
    text = page.get_data(as_text=True)
    assert "personal-data" not in text
    assert 'href="/persondata"' in text  # the footer link is on every page


def test_dcat_marks_personal_data_and_its_basis(release: Release) -> None:
    dcat = Graph().parse(release.file("dcat.ttl"), format="turtle")
    dataset = URIRef(DEFAULT_BASE_IRI + "dataset")
    assert set(dcat.objects(dataset, DPV.hasPersonalData)) == {
        DPV_PD.Name,
        DPV_PD.PublicLife,
    }
    assert list(dcat.objects(dataset, DPV.hasLegalBasis)) == [EU_GDPR["A6-1-e"]]
    purpose = dcat.value(dataset, DPV.hasPurpose)
    assert (purpose, None, None) in dcat
    controller = dcat.value(dataset, DPV.hasDataController)
    assert any("Kolding Kommune" in str(o) for o in dcat.objects(controller, None))
