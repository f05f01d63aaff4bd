"""The pages are the same over each remote store (`oxigraph serve`, Virtuoso)."""

from __future__ import annotations

import pytest

PAGES = [
    "/",
    "/cities?sort=year",
    "/id/city/orebro",
    "/id/organisation/iclei",
    "/id/person/per-bodker-andersen",
    "/def/party",
    "/search?q=orebro",
    "/search?q=kolding",
    "/organisations",
    "/people",
    "/id/municipality/kolding",
    "/id/organisation/ubc",
    "/id/agreement/kolding-orebro",
    "/id/event/cop15",
    "/id/designation/kolding-city-of-design",
    "/ontology",
    "/dataset",
]


REMOTE = ("remote", "virtuoso")


@pytest.fixture(scope="module")
def clients(engine_apps):
    """Return a test client per engine."""
    return {name: app.test_client() for name, app in engine_apps.items()}


@pytest.mark.parametrize("remote", REMOTE)
@pytest.mark.parametrize("path", PAGES)
def test_page_is_the_same_on_every_engine(clients, path, remote):
    url = path + ("&" if "?" in path else "?") + "lang=en"
    embedded = clients["embedded"].get(url)
    answer = clients[remote].get(url)
    assert answer.status_code == embedded.status_code == 200
    assert answer.get_data(as_text=True) == embedded.get_data(as_text=True)


@pytest.mark.parametrize("remote", REMOTE)
def test_rdf_twin_is_the_same_on_every_engine(clients, remote):
    embedded = clients["embedded"].get("/id/city/orebro.nt").get_data(as_text=True)
    answer = clients[remote].get("/id/city/orebro.nt").get_data(as_text=True)
    assert sorted(answer.splitlines()) == sorted(embedded.splitlines())
    assert "Örebro" in answer


@pytest.mark.parametrize("remote", REMOTE)
def test_unknown_iri_is_404_on_the_remote_engines(clients, remote):
    assert clients[remote].get("/id/city/atlantis").status_code == 404
