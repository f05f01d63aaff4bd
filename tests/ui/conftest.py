"""Fixtures for the browsing UI: an app over the real release, one over hostile data."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.pages import Site, oxigraph_select
from kolding_graph.release import Release
from kolding_graph.web import ui

HOSTILE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "hostile" / "hostile.ttl"
)


def make_app(store: ox.Store, release_id: str) -> Flask:
    """Return a Flask app serving the browsing UI over a pyoxigraph store."""
    app = Flask("kolding_graph.web")
    app.config["TESTING"] = True
    ui.init_app(app)
    app.extensions[ui.SITE_KEY] = Site(
        oxigraph_select(store), DEFAULT_BASE_IRI, release_id
    )
    return app


@pytest.fixture(scope="session")
def release_store(release: Release) -> ox.Store:
    """Return the real release loaded into an in-memory pyoxigraph store."""
    store = ox.Store()
    store.load(path=release.file("dataset.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="session")
def app(release_store: ox.Store, release: Release) -> Flask:
    """Return the app over the real release."""
    return make_app(release_store, release.id)


@pytest.fixture
def client(app: Flask):
    """Return a test client of the app over the real release."""
    return app.test_client()


@pytest.fixture(scope="session")
def hostile_app() -> Flask:
    """Return the app over a small graph full of hostile labels and IRIs."""
    store = ox.Store()
    store.load(
        path=HOSTILE,
        format=ox.RdfFormat.TURTLE,
        base_iri=DEFAULT_BASE_IRI,
        to_graph=ox.NamedNode(DEFAULT_BASE_IRI + "graph/curated"),
    )
    return make_app(store, "hostile")


@pytest.fixture
def hostile(hostile_app: Flask):
    """Return a test client of the hostile app."""
    return hostile_app.test_client()
