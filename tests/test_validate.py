"""SHACL validation: which shape fired, on which node, from which file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kolding_graph.build.pipeline import validate_project
from kolding_graph.errors import BuildError
from release_helpers import BASE

KOLDING = f"<{BASE}id/municipality/kolding>"


def edit(project: Path, relpath: str, old: str, new: str) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relpath}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_mini_project_conforms(project: Path) -> None:
    report = validate_project(project, BASE)
    assert report.conforms, report.render()
    assert report.violations == ()


def test_missing_label_names_node_shape_and_file(project: Path) -> None:
    edit(project, "data/places.ttl", ' , "Kolding Municipality"@en', "")
    report = validate_project(project, BASE)
    assert not report.conforms
    (violation,) = report.violations
    assert violation.focus_node == KOLDING
    assert violation.result_path == "skos:prefLabel"
    # The property shape is a blank node: the report names the node shape holding it.
    assert violation.source_shape == f"<{BASE}shape/LocalAuthorityShape>"
    assert violation.files == ("data/places.ttl",)
    assert violation.severity == "Violation"
    assert violation.component == "sh:MinCountConstraintComponent"
    assert violation.message.startswith("Less than 2 values")


def test_malformed_qid_reports_the_value(project: Path) -> None:
    edit(project, "data/places.ttl", "wd:Q270806", "wd:Q0270806")
    (violation,) = validate_project(project, BASE).violations
    assert violation.focus_node == f"<{BASE}id/city/anjo>"
    assert violation.value == "wd:Q0270806"
    assert violation.component == "sh:PatternConstraintComponent"
    assert violation.source_shape.endswith("shape/LocalAuthorityShape>")


def test_agreement_with_one_party_fires_the_agreement_shape(project: Path) -> None:
    edit(project, "data/agreements.ttl", " , <id/city/anjo>", "")
    (violation,) = validate_project(project, BASE).violations
    assert violation.focus_node == f"<{BASE}id/agreement/kolding-anjo>"
    assert violation.source_shape.endswith("shape/TwinningAgreementShape>")
    assert violation.result_path == "kg:party"
    assert violation.files == ("data/agreements.ttl",)


def test_named_property_shape_is_reported_by_its_own_name(project: Path) -> None:
    edit(project, "data/agreements.ttl", '"1997"^^xsd:gYear', '"1997"^^xsd:integer')
    (violation,) = validate_project(project, BASE).violations
    assert violation.source_shape.endswith("shape/StartYearShape>")
    assert violation.value == '"1997"^^xsd:integer'


def test_subclass_targets_use_the_ontology(project: Path) -> None:
    """kg:City is only a kg:LocalAuthority through rdfs:subClassOf in the ontology."""
    edit(project, "data/places.ttl", '"Lappeenranta"@da , ', "")
    (violation,) = validate_project(project, BASE).violations
    assert violation.focus_node == f"<{BASE}id/city/lappeenranta>"


def test_render_lists_every_detail(project: Path) -> None:
    edit(project, "data/agreements.ttl", " , <id/city/anjo>", "")
    text = validate_project(project, BASE).render()
    for part in (
        "Does not conform: 1 violation",
        "focus node:",
        "kg:party",
        "TwinningAgreementShape",
        "defined in: data/agreements.ttl",
    ):
        assert part in text, text


@pytest.mark.parametrize("severity", ["Warning", "Info"])
def test_warnings_are_reported_but_conform(project: Path, severity: str) -> None:
    edit(
        project,
        "shapes/mini-shapes.ttl",
        "    sh:maxCount 1 ;",
        f"    sh:maxCount 0 ;\n    sh:severity sh:{severity} ;",
    )
    report = validate_project(project, BASE)
    assert report.conforms
    assert {v.severity for v in report.violations} == {severity}


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("sh:maxCount 1 ;", 'sh:maxCount "one" ;', "path:       sh:maxCount"),
        ("    sh:path kg:startYear ;", "", "path:       sh:path"),
    ],
    ids=["bad-count", "property-shape-without-path"],
)
def test_broken_shape_is_named_with_its_file(
    project: Path, old: str, new: str, expected: str
) -> None:
    edit(project, "shapes/mini-shapes.ttl", old, new)
    with pytest.raises(BuildError) as caught:
        validate_project(project, BASE)
    message = str(caught.value)
    assert message.startswith("the SHACL shapes are broken: ")
    assert f"focus node: <{BASE}shape/StartYearShape>" in message
    assert expected in message
    assert "defined in: shapes/mini-shapes.ttl" in message


def test_invalid_pattern_is_named_with_file_and_line(project: Path) -> None:
    edit(project, "shapes/mini-shapes.ttl", 'sh:pattern "^http', 'sh:pattern "^(http')
    with pytest.raises(BuildError) as caught:
        validate_project(project, BASE)
    message = str(caught.value)
    assert message.startswith("shapes/mini-shapes.ttl:20: sh:pattern"), message
    assert f"<{BASE}shape/LocalAuthorityShape>" in message
