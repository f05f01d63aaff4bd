"""Shared test fixtures (flaskr-style). Paths come from this file's location."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from kolding_graph.build.cut import build_release
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


# --- SPARQL endpoint: every engine over the same release --------------------------
# embedded pyoxigraph, a real `oxigraph serve`, a real Virtuoso (Debian's package)
ENGINES = ("embedded", "remote", "virtuoso")
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


@pytest.fixture(scope="session")
def virtuoso_store(
    release: Release, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Run Virtuoso on 127.0.0.1, filled by `publish` through its Digest-protected
    Graph Store endpoint; yield its query URL."""
    from kolding_graph.store.publish import Login, graph_store_url, publish
    from servers import VIRTUOSO_USER, virtuoso_serve

    with virtuoso_serve(tmp_path_factory.mktemp("virtuoso")) as base:
        login = Login(*VIRTUOSO_USER)
        publish(release, graph_store_url(f"{base}/sparql", login), login=login)
        yield f"{base}/sparql"


def engine_endpoint(engine: str, request: pytest.FixtureRequest) -> str | None:
    """Return the query URL of a remote engine (starting its server), None embedded."""
    if engine == "remote":
        return request.getfixturevalue("oxigraph_store") + "/query"
    if engine == "virtuoso":
        return request.getfixturevalue("virtuoso_store")
    return None


def sparql_config(engine: str, release: Release, endpoint: str | None) -> dict:
    """Return the app settings for one engine over the release."""
    config = {
        "RELEASE_DIR": str(release.path),
        "SOURCE_DIR": str(ROOT),
        "QUERY_TIMEOUT": SPARQL_TEST_TIMEOUT,
    }
    if endpoint:
        config["ENDPOINT"] = endpoint
    return config


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Name the engine a test runs on; every endpoint test runs on each."""
    return request.param


@pytest.fixture(scope="session")
def app_cache(release: Release) -> Iterator[dict[str, Flask]]:
    """Hold one app per engine for the session; close their stores at the end."""
    from kolding_graph.web.state import get_state

    apps: dict[str, Flask] = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            store = get_state().store
            if store is not None:
                store.close()


def engine_app(engine: str, request: pytest.FixtureRequest) -> Flask:
    """Return the session's app on one engine, made (and its server started) once."""
    from kolding_graph.web import create_app

    apps = request.getfixturevalue("app_cache")
    if engine not in apps:
        release = request.getfixturevalue("release")
        url = engine_endpoint(engine, request)
        apps[engine] = create_app(sparql_config(engine, release, url))
    return apps[engine]


@pytest.fixture(scope="session")
def engine_apps(request: pytest.FixtureRequest) -> dict[str, Flask]:
    """Return one app per engine, for tests that compare the engines."""
    return {name: engine_app(name, request) for name in ENGINES}


@pytest.fixture(scope="session")
def app(engine: str, request: pytest.FixtureRequest) -> Flask:
    """Return the app on the engine under test (a remote one starts its server)."""
    return engine_app(engine, request)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the app on the engine under test."""
    return app.test_client()


# --- Lanes: `make check` runs what needs neither a browser nor a server ------------
BROWSER_FIXTURES = {"browser", "page"}
SERVER_FIXTURES = {"oxigraph_store", "virtuoso_store", "engine_apps", "server"}
SERVER_FIXTURES |= {"deployment"}
# Helpers that start a real server process; a module calling one is a server test.
SERVER_HELPERS = ("production_server(", "kolding_graph_serve(", "oxigraph_serve(")
SERVER_HELPERS += ("oxigraph_server(", "virtuoso_serve(", "nginx_serve(")


def starts_servers(path: Path) -> bool:
    """Return whether a test module starts a server of its own."""
    text = path.read_text(encoding="utf-8")
    return any(helper in text for helper in SERVER_HELPERS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser and server tests, so the fast lane can leave them out."""
    server_modules: dict[Path, bool] = {}
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        path = Path(str(item.path))
        if path not in server_modules:
            server_modules[path] = starts_servers(path)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        remote = any(value in ENGINES[1:] for value in params.values())
        if names & SERVER_FIXTURES or remote or server_modules[path]:
            item.add_marker(pytest.mark.server)
