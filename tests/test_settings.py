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


def test_test_config_is_coerced_like_the_environment(tmp_path: Path) -> None:
    """A test's (or the server's) mapping is typed once, so no caller casts."""
    from kolding_graph.web import create_app

    app = create_app(
        {
            "RELEASE_DIR": tmp_path / "none",
            "SOURCE_DIR": str(tmp_path),
            "QUERY_TIMEOUT": "2",
            "RESULT_MAX_ROWS": 7.0,
            "QUERY_MEMORY_MB": "150",
        }
    )
    assert app.config["RELEASE_DIR"] == str(tmp_path / "none")
    assert app.config["QUERY_TIMEOUT"] == 2.0
    assert isinstance(app.config["QUERY_TIMEOUT"], float)
    assert app.config["RESULT_MAX_ROWS"] == 7
    assert isinstance(app.config["RESULT_MAX_ROWS"], int)
    assert app.config["QUERY_MEMORY_MB"] == 150


def test_a_bad_setting_says_which_and_what() -> None:
    with pytest.raises(ValueError, match="KOLDING_GRAPH_PORT: 'eighty'"):
        load_settings(environ={"KOLDING_GRAPH_PORT": "eighty"})
    with pytest.raises(ValueError, match="KOLDING_GRAPH_WORKERS: 2.5"):
        load_settings({"WORKERS": 2.5}, environ={})
