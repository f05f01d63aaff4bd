"""The pages work the same over a remote SPARQL store (a real `oxigraph serve`)."""

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
]


@pytest.fixture(scope="module")
def clients(engine_apps):
    """Return test clients of the embedded and the remote app."""
    return {name: app.test_client() for name, app in engine_apps.items()}


@pytest.mark.parametrize("path", PAGES)
def test_page_is_the_same_on_both_engines(clients, path):
    embedded = clients["embedded"].get(path + ("&" if "?" in path else "?") + "lang=en")
    remote = clients["remote"].get(path + ("&" if "?" in path else "?") + "lang=en")
    assert remote.status_code == embedded.status_code == 200
    assert remote.get_data(as_text=True) == embedded.get_data(as_text=True)


def test_rdf_twin_is_the_same_on_both_engines(clients):
    embedded = clients["embedded"].get("/id/city/orebro.nt").get_data(as_text=True)
    remote = clients["remote"].get("/id/city/orebro.nt").get_data(as_text=True)
    assert sorted(remote.splitlines()) == sorted(embedded.splitlines())
    assert "Örebro" in remote


def test_unknown_iri_is_404_on_the_remote_engine(clients):
    assert clients["remote"].get("/id/city/atlantis").status_code == 404
