"""Review of former officials: validate warns about long-ended public posts."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kolding_graph.build.review import former_officials
from kolding_graph.cli import main
from kolding_graph.namespaces import DEFAULT_BASE_IRI as BASE
from kolding_graph.namespaces import Namespaces

ROOT = Path(__file__).resolve().parents[2]
TEST_PERSON = ROOT / "tests" / "fixtures" / "privacy" / "test-person.ttl"
PERSON = BASE + "id/person/test-testesen"


def person_graph(extra: str = "") -> Graph:
    """Return the TEST person's data, optionally with one more Turtle snippet."""
    graph = Graph().parse(TEST_PERSON, format="turtle", publicID=BASE)
    if extra:
        prefixes = "@prefix org: <http://www.w3.org/ns/org#> .\n"
        graph.parse(data=prefixes + extra, format="turtle", publicID=BASE)
    return graph


def review(graph: Graph, year: int, years: int = 4) -> list:
    return former_officials(
        graph, Namespaces(BASE), dt.date(year, 6, 1), years, lambda _: ("f.ttl",)
    )


def test_a_post_ended_longer_ago_than_the_period_is_flagged() -> None:
    notes = review(person_graph(), 1907)
    assert [(n.person, n.last_year) for n in notes] == [(PERSON, 1902)]
    assert "f.ttl" in notes[0].render() and PERSON in notes[0].render()


def test_within_the_period_nothing_is_flagged() -> None:
    assert review(person_graph(), 1906) == []
    assert review(person_graph(), 1950, years=60) == []


def test_a_post_without_an_end_year_counts_as_current() -> None:
    current = (
        "<id/membership/test-testesen-board> org:member <id/person/test-testesen> ."
    )
    assert review(person_graph(current), 2100) == []


def test_the_real_data_flags_nobody_today() -> None:
    """Per Bødker Andersen's deputy-mayor post has no end date in the sources."""
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--source", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert "review:" not in result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copyfile(TEST_PERSON, tmp_path / "data" / "zz-test-person.ttl")
    return tmp_path


def test_validate_warns_naming_the_record_and_its_file(project: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--source", str(project)])
    assert result.exit_code == 0, result.output
    assert f"warning: review: {PERSON}" in result.output
    assert "ended in 1902" in result.output
    assert "data/zz-test-person.ttl" in result.output


def test_the_review_period_is_a_setting(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    years = dt.date.today().year - 1902 + 1
    monkeypatch.setenv("KOLDING_GRAPH_PRIVACY_REVIEW_YEARS", str(years))
    result = CliRunner().invoke(main, ["validate", "--source", str(project)])
    assert result.exit_code == 0, result.output
    assert "review:" not in result.output
