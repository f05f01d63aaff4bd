"""Shared test fixtures (flaskr-style). Paths come from this file's location."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
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


def sparql_config(engine: str, release: Release, endpoints: Mapping[str, str]) -> dict:
    """Return the app settings for one engine over the release."""
    config = {
        "RELEASE_DIR": str(release.path),
        "SOURCE_DIR": str(ROOT),
        "QUERY_TIMEOUT": SPARQL_TEST_TIMEOUT,
    }
    if engine != "embedded":
        config["ENDPOINT"] = endpoints[engine]
    return config


class RemoteEndpoints(Mapping[str, str]):
    """The query URL of each remote engine; its server starts when first asked for."""

    FIXTURES = {
        "remote": ("oxigraph_store", "/query"),
        "virtuoso": ("virtuoso_store", ""),
    }

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def __getitem__(self, engine: str) -> str:
        fixture, suffix = self.FIXTURES[engine]
        return self._request.getfixturevalue(fixture) + suffix

    def __iter__(self) -> Iterator[str]:
        return iter(self.FIXTURES)

    def __len__(self) -> int:
        return len(self.FIXTURES)


class EngineApps(Mapping[str, Flask]):
    """One app per engine, created (and its store started) on first use."""

    def __init__(self, release: Release, endpoints: RemoteEndpoints) -> None:
        self._release, self._endpoints = release, endpoints
        self._apps: dict[str, Flask] = {}

    def __getitem__(self, engine: str) -> Flask:
        from kolding_graph.web import create_app

        if engine not in ENGINES:
            raise KeyError(engine)
        if engine not in self._apps:
            config = sparql_config(engine, self._release, self._endpoints)
            self._apps[engine] = create_app(config)
        return self._apps[engine]

    def __iter__(self) -> Iterator[str]:
        return iter(ENGINES)

    def __len__(self) -> int:
        return len(ENGINES)

    def close(self) -> None:
        """Stop every app's query process."""
        from kolding_graph.web import get_state

        for app in self._apps.values():
            with app.app_context():
                store = get_state().store
                if store is not None:
                    store.close()


@pytest.fixture(scope="session")
def remote_endpoints(request: pytest.FixtureRequest) -> RemoteEndpoints:
    """Return the query URLs of the remote engines (servers started lazily)."""
    return RemoteEndpoints(request)


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Name the engine a test runs on; every endpoint test runs on each."""
    return request.param


@pytest.fixture(scope="session")
def engine_apps(
    release: Release, remote_endpoints: RemoteEndpoints
) -> Iterator[EngineApps]:
    """Create one app per engine, once per session, each when first used."""
    apps = EngineApps(release, remote_endpoints)
    yield apps
    apps.close()


@pytest.fixture(scope="session")
def app(engine: str, engine_apps: EngineApps) -> Flask:
    """Return the app on the engine under test."""
    return engine_apps[engine]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the app on the engine under test."""
    return app.test_client()


# --- the `server` marker: tests that start real server processes ------------------
SERVER_FIXTURES = {"oxigraph_store", "virtuoso_store", "deployment"}
SERVER_MODULES = {
    "test_cost",
    "test_fairness",
    "test_production_server",
    "test_publish",
    "test_reload",
    "test_remote_store_outage",
    "test_browser",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that starts a real server, so `-m 'not server'` skips it."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec else ()
        remote = any(p in ENGINES[1:] for p in params if isinstance(p, str))
        names = set(getattr(item, "fixturenames", ()))
        every_engine = "engine_apps" in names and "engine" not in names
        if (
            remote
            or every_engine
            or names & SERVER_FIXTURES
            or item.module.__name__.rsplit(".")[-1] in SERVER_MODULES
        ):
            item.add_marker(pytest.mark.server)
