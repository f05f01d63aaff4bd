"""The release's SHACL report is summarised for the dataset page."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from kolding_graph.release.load import Release, validation_summary

REPORT_WITH_A_WARNING = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
[] a sh:ValidationReport ; sh:conforms false ; sh:result [
    a sh:ValidationResult ; sh:resultSeverity sh:Warning ] , [
    a sh:ValidationResult ; sh:resultSeverity sh:Violation ] .
"""


def test_real_release_conforms_without_results(release: Release) -> None:
    summary = validation_summary(release)
    assert summary.conforms and summary.results == {}


def test_results_are_counted_by_severity(release: Release, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(release.path, tmp_path / "copy"))
    report = copy / "validation-report.ttl"
    report.chmod(0o644)
    report.write_text(REPORT_WITH_A_WARNING, encoding="utf-8")
    summary = validation_summary(dataclasses.replace(release, path=copy))
    assert not summary.conforms
    assert summary.results == {"Warning": 1, "Violation": 1}
