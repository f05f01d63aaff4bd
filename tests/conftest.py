"""Shared test fixtures (flaskr-style). Paths come from this file's location."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kolding_graph.build import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release import Release, load_release

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
