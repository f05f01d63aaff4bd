"""The command line: build and validate, their output and exit codes."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

from kolding_graph import cli
from kolding_graph.release.load import load_release


def test_build_prints_a_summary(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    result = runner.invoke(
        cli.main, ["build", "--source", str(project), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    release = load_release(out)
    assert (
        f"Release {release.version} ({release.release_date}, id {release.id})"
        " published" in result.output
    )
    for graph, info in release.graphs.items():
        assert f"{graph:<10} {info['triples']:>7}" in result.output
    assert "kg:TwinningAgreement" in result.output
    assert "Built in" in result.output


def test_build_reads_defaults_from_the_environment(
    runner: CliRunner, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOLDING_GRAPH_SOURCE_DIR", str(project))
    monkeypatch.setenv("KOLDING_GRAPH_RELEASE_DIR", str(tmp_path / "env-dist"))
    monkeypatch.setenv("KOLDING_GRAPH_BASE_IRI", "https://example.org/kg/")
    result = runner.invoke(cli.main, ["build"])
    assert result.exit_code == 0, result.output
    assert load_release(tmp_path / "env-dist").base_iri == "https://example.org/kg/"


def test_build_fails_with_1_on_violations(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    break_agreement(project)
    args = ["build", "--source", str(project), "--out", str(tmp_path / "dist")]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 1, result.output
    assert "SHACL validation failed, nothing was published" in result.output
    assert "TwinningAgreementShape" in result.output
    assert not (tmp_path / "dist").exists()


def test_build_fails_with_2_on_syntax_errors(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    (project / "data" / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    args = ["build", "--source", str(project), "--out", str(tmp_path / "dist")]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 2, result.output
    assert "error: data/broken.ttl:1:9: Turtle syntax error" in result.output


def test_validate_conforms(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(cli.main, ["validate", "--source", str(project)])
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


def test_validate_reports_each_violation(runner: CliRunner, project: Path) -> None:
    break_agreement(project)
    result = runner.invoke(cli.main, ["validate", "--source", str(project)])
    assert result.exit_code == 1, result.output
    for part in (
        "focus node: <https://data.kolding.dk/id/agreement/kolding-anjo>",
        "path:       kg:party",
        "Less than 2 values",
        "TwinningAgreementShape",
        "defined in: data/agreements.ttl",
    ):
        assert part in result.output


def test_validate_exits_2_when_it_cannot_run(runner: CliRunner, project: Path) -> None:
    (project / "data" / "broken.ttl").write_text('<a> <b> "x\n', encoding="utf-8")
    result = runner.invoke(cli.main, ["validate", "--source", str(project)])
    assert result.exit_code == 2, result.output
    assert "data/broken.ttl:1" in result.output


def break_agreement(project: Path) -> None:
    path = project / "data" / "agreements.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" , <id/city/anjo>", ""), encoding="utf-8")


def test_console_script_resolves() -> None:
    (script,) = entry_points(group="console_scripts", name="kolding-graph")
    assert script.load() is cli.main
    executable = Path(sys.executable).parent / "kolding-graph"
    done = subprocess.run(
        [executable, "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "build" in done.stdout and "validate" in done.stdout


def test_validate_names_a_wrong_source_folder(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(cli.main, ["validate", "--source", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"error: {tmp_path}: no Turtle files in data/" in result.output
