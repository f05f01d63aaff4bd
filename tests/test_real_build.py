"""The real ontology/, data/ and shapes/: every file parses, the build conforms."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from kolding_graph.build.cut import build_release
from kolding_graph.build.pipeline import Assembly, assemble
from kolding_graph.build.rules import Rule, derive, find_rules
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.load import Release
from kolding_graph.sources.parse import SourceFile, find_sources, parse_file

SOURCES = find_sources(ROOT)
RULES = find_rules(ROOT)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.relpath)
def test_input_file_parses(source: SourceFile) -> None:
    assert len(parse_file(source, DEFAULT_BASE_IRI)) > 0


def test_every_input_folder_has_files() -> None:
    graphs = {source.graph for source in SOURCES}
    assert {"ontology", "curated", "shapes"} <= graphs


def test_release_conforms_and_holds_every_graph(release: Release) -> None:
    assert {"curated", "derived", "ontology", "metadata"} <= set(release.graphs)
    assert all(graph["triples"] > 0 for graph in release.graphs.values())
    report = (release.path / "validation-report.ttl").read_text(encoding="utf-8")
    assert "sh:conforms true" in report


@pytest.fixture(scope="module")
def assembly() -> Assembly:
    """Return the real project's named graphs, parsed once for this module."""
    return assemble(ROOT, DEFAULT_BASE_IRI)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.relpath)
def test_rule_derives_something(assembly: Assembly, rule: Rule) -> None:
    inputs = {
        k: v for k, v in assembly.graphs.items() if k not in ("derived", "metadata")
    }
    derived, _ = derive([rule], inputs, DEFAULT_BASE_IRI)
    assert len(derived) > 0


def test_real_build_is_byte_identical(release: Release, tmp_path: Path) -> None:
    build_release(ROOT, tmp_path / "dist", DEFAULT_BASE_IRI)
    again = (tmp_path / "dist").resolve()
    for name in [*release.files, "release.json"]:
        assert (again / name).read_bytes() == (release.path / name).read_bytes(), name
