"""Shared test fixtures (flaskr-style). Paths come from this file's location."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from kolding_graph.build.pipeline import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.load import Release, load_release

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINI_PROJECT = TESTS / "fixtures" / "mini-project"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return a private, editable copy of the mini project."""
    return Path(shutil.copytree(MINI_PROJECT, tmp_path / "project"))


@pytest.fixture
def runner() -> CliRunner:
    """Return a click test runner."""
    return CliRunner()


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """Build the real project once per session and return its release."""
    out = tmp_path_factory.mktemp("release") / "dist"
    build_release(ROOT, out, DEFAULT_BASE_IRI)
    return load_release(out)


# --- SPARQL endpoint: both engines over the same release -------------------------
ENGINES = ("embedded", "remote")
SPARQL_TEST_TIMEOUT = 5.0


@pytest.fixture(scope="session")
def oxigraph_store(
    release: Release, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Run a real `oxigraph serve` on 127.0.0.1 holding the release; yield its URL."""
    from kolding_graph.store.publish import publish
    from servers import oxigraph_serve

    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph")) as base:
        publish(release, f"{base}/store")
        yield base


def sparql_config(engine: str, release: Release, oxigraph_url: str | None) -> dict:
    """Return the app settings for one engine over the release."""
    config = {
        "RELEASE_DIR": str(release.path),
        "SOURCE_DIR": str(ROOT),
        "QUERY_TIMEOUT": SPARQL_TEST_TIMEOUT,
    }
    if engine == "remote":
        config["ENDPOINT"] = f"{oxigraph_url}/query"
    return config


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Name the engine a test runs on; every endpoint test runs on both."""
    return request.param


@pytest.fixture(scope="session")
def engine_apps(release: Release, oxigraph_store: str) -> Iterator[dict[str, Flask]]:
    """Create one app per engine, once per session."""
    from kolding_graph.web import create_app
    from kolding_graph.web.state import get_state

    apps = {
        name: create_app(sparql_config(name, release, oxigraph_store))
        for name in ENGINES
    }
    yield apps
    for app in apps.values():
        with app.app_context():
            store = get_state().store
            if store is not None:
                store.close()


@pytest.fixture(scope="session")
def app(engine: str, engine_apps: dict[str, Flask]) -> Flask:
    """Return the app on the engine under test."""
    return engine_apps[engine]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the app on the engine under test."""
    return app.test_client()
