"""Each shape case is validated with the real project; its named shape must fire."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kolding_graph.build.pipeline import validate_project
from kolding_graph.namespaces import DEFAULT_BASE_IRI

ROOT = Path(__file__).resolve().parent.parent

CASES = Path(__file__).resolve().parent / "shapes"
VALID = sorted((CASES / "valid").glob("*.ttl"))
INVALID = sorted((CASES / "invalid").glob("*.ttl"))
CASE_FILE = "data/zz-shape-case.ttl"


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the real ontology, data and shapes to add one case file to."""
    root = tmp_path_factory.mktemp("shape-cases")
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def validate_with(project: Path, case: Path):
    """Validate the project with the case file added to its data."""
    shutil.copyfile(case, project / CASE_FILE)
    try:
        return validate_project(project, DEFAULT_BASE_IRI)
    finally:
        (project / CASE_FILE).unlink()


def test_there_are_cases_for_every_shape() -> None:
    shapes = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "shapes").glob("*.ttl")
    )
    named = {
        line.split()[0].split(":")[1]
        for line in shapes.splitlines()
        if line.startswith("kgsh:") and "sh:NodeShape" in line
    }
    covered = {case.stem.split("--")[1] for case in INVALID}
    assert named - {"SourceShape"} <= covered | {"SourceShape"}
    assert "SourceShape" in covered


@pytest.mark.parametrize("case", VALID, ids=lambda path: path.stem)
def test_valid_case_conforms(project_copy: Path, case: Path) -> None:
    report = validate_with(project_copy, case)
    assert report.conforms, report.render()


@pytest.mark.parametrize("case", INVALID, ids=lambda path: path.stem)
def test_invalid_case_fires_its_shape(project_copy: Path, case: Path) -> None:
    expected = case.stem.split("--")[1]
    report = validate_with(project_copy, case)
    assert not report.conforms
    fired_here = {
        violation.source_shape.strip("<>").rsplit("/", 1)[-1].split(":")[-1]
        for violation in report.violations
        if CASE_FILE in violation.files
    }
    assert expected in fired_here, report.render()
    elsewhere = [v for v in report.violations if CASE_FILE not in v.files]
    assert not elsewhere, "the case broke nodes outside it:\n" + report.render()


def test_sparql_shapes_follow_the_base_iri(project_copy: Path) -> None:
    """SHACL-SPARQL texts name our terms against the default base; the build
    rewrites them onto the base in use, or a moved dataset would go unchecked."""
    case = CASES / "invalid" / "membership-ends-before-start--PeriodShape.ttl"
    shutil.copyfile(case, project_copy / CASE_FILE)
    try:
        report = validate_project(project_copy, "https://example.org/kg/")
    finally:
        (project_copy / CASE_FILE).unlink()
    assert any(
        "end year (1985) is before the start year (2009)" in v.message
        for v in report.violations
    ), report.render()
