"""Shared test fixtures (flaskr-style). Paths come from this file's location."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

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
