"""The settings table is the single source: every setting is documented and coerced."""

from __future__ import annotations

from pathlib import Path

import pytest

from kolding_graph.config import SETTINGS, load_settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_setting_is_documented_in_readme(setting) -> None:
    assert f"`{setting.env_var}`" in README


def test_environment_overrides_default_and_is_coerced() -> None:
    values = load_settings(environ={"KOLDING_GRAPH_PORT": "9001"})
    assert values["PORT"] == 9001


def test_explicit_override_wins_over_environment() -> None:
    values = load_settings({"PORT": 7000}, environ={"KOLDING_GRAPH_PORT": "9001"})
    assert values["PORT"] == 7000
