"""Fixtures for the browsing UI: the app over the real release and over hostile data."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.load import Release
from kolding_graph.web import create_app
from release_helpers import write_release

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile.ttl"


def make_app(release_dir: Path) -> Flask:
    """Return the production app over a release, embedded store, examples from ROOT."""
    app = create_app(
        {"RELEASE_DIR": str(release_dir), "SOURCE_DIR": str(ROOT), "TESTING": True}
    )
    return app


def write_turtle_release(out: Path, turtle: Path) -> Path:
    """Write a contract-valid release of one Turtle file (no SHACL: hostile data)."""
    graph = ox.NamedNode(DEFAULT_BASE_IRI + "graph/curated")
    parsed = ox.parse(
        path=turtle, format=ox.RdfFormat.TURTLE, base_iri=DEFAULT_BASE_IRI
    )
    return write_release(out, [ox.Quad(*q.triple, graph) for q in parsed])


@pytest.fixture(scope="session")
def release_store(release: Release) -> ox.Store:
    """Return the real release loaded into an in-memory pyoxigraph store."""
    store = ox.Store()
    store.load(path=release.file("dataset.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="session")
def app(release: Release) -> Flask:
    """Return the app over the real release."""
    return make_app(release.path)


@pytest.fixture
def client(app: Flask):
    """Return a test client of the app over the real release."""
    return app.test_client()


@pytest.fixture(scope="session")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """Return the app over a small release full of hostile labels and IRIs."""
    out = write_turtle_release(tmp_path_factory.mktemp("hostile") / "dist", HOSTILE)
    return make_app(out)


@pytest.fixture
def hostile(hostile_app: Flask):
    """Return a test client of the hostile app."""
    return hostile_app.test_client()


# The browser harness's fixtures, shared by every browser test module.
from .harness import browser, page, server, watch  # noqa: E402, F401
