"""Releases over time: versioned releases, the diff between them, the changelog."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import MINI_PROJECT
from kolding_graph.build.cut import cut_release
from kolding_graph.build.versions import (
    check_version,
    list_releases,
    natural_key,
)
from kolding_graph.cli import main
from kolding_graph.errors import BuildError
from kolding_graph.release.diff import diff_quads
from kolding_graph.release.load import Release, load_release

BASE = "https://data.kolding.dk/"
CURATED = f"<{BASE}graph/curated>"
DERIVED = f"<{BASE}graph/derived>"
SKOS = "http://www.w3.org/2004/02/skos/core#"
MEMBERSHIP = """
@prefix org: <http://www.w3.org/ns/org#> .
<id/membership/kolding-ubc> a org:Membership ;
    org:member <id/municipality/kolding> ;
    org:organization <id/organisation/ubc> ;
    <def/status> <id/concept/status-current> .
<id/organisation/ubc>
    <http://www.w3.org/2004/02/skos/core#prefLabel> "UBC"@da , "UBC"@en .
"""
DRAMMEN = """
<id/city/drammen> a <def/City> ;
    <http://www.w3.org/2004/02/skos/core#prefLabel> "Drammen"@da , "Drammen"@en .
<id/agreement/kolding-drammen> a <def/TwinningAgreement> ;
    <def/party> <id/municipality/kolding> , <id/city/drammen> ;
    <def/startYear> "1946"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
    <http://purl.org/dc/terms/source> <id/document/venskabsbyer-2007> .
"""


def iri(path: str) -> str:
    return f"<{BASE}{path}>"


def quad(s: str, p: str, o: str, g: str = CURATED) -> str:
    return f"{s} {p} {o} {g} ."


TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
KG = BASE + "def/"
EXPECTED_ADDED = {
    quad(iri("id/city/drammen"), TYPE, f"<{KG}City>"),
    quad(iri("id/city/drammen"), f"<{SKOS}prefLabel>", '"Drammen"@da'),
    quad(iri("id/city/drammen"), f"<{SKOS}prefLabel>", '"Drammen"@en'),
    quad(iri("id/agreement/kolding-drammen"), TYPE, f"<{KG}TwinningAgreement>"),
    quad(iri("id/agreement/kolding-drammen"), f"<{KG}party>", iri("id/city/drammen")),
    quad(
        iri("id/agreement/kolding-drammen"),
        f"<{KG}party>",
        iri("id/municipality/kolding"),
    ),
    quad(
        iri("id/agreement/kolding-drammen"),
        f"<{KG}startYear>",
        '"1946"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    ),
    quad(
        iri("id/agreement/kolding-drammen"),
        "<http://purl.org/dc/terms/source>",
        iri("id/document/venskabsbyer-2007"),
    ),
    quad(iri("id/city/lappeenranta"), f"<{SKOS}prefLabel>", '"Villmanstrand"@da'),
    quad(
        iri("id/membership/kolding-ubc"),
        f"<{KG}status>",
        iri("id/concept/status-ended"),
    ),
    quad(
        iri("id/municipality/kolding"),
        f"<{KG}twinnedWith>",
        iri("id/city/drammen"),
        DERIVED,
    ),
    quad(
        iri("id/city/drammen"),
        f"<{KG}twinnedWith>",
        iri("id/municipality/kolding"),
        DERIVED,
    ),
}
EXPECTED_REMOVED = {
    quad(iri("id/city/lappeenranta"), f"<{SKOS}prefLabel>", '"Lappeenranta"@da'),
    quad(
        iri("id/membership/kolding-ubc"),
        f"<{KG}status>",
        iri("id/concept/status-current"),
    ),
}


@dataclass(frozen=True)
class History:
    """Two versioned releases of the mini project and where they live."""

    project: Path
    folder: Path
    out: Path
    first: Release
    second: Release


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    """Cut 1.0.0, change the data (new twin, renamed, membership ended), cut 1.1.0."""
    root = tmp_path_factory.mktemp("history")
    project = Path(shutil.copytree(MINI_PROJECT, root / "project"))
    (project / "data/memberships.ttl").write_text(MEMBERSHIP, encoding="utf-8")
    folder, out = root / "releases", root / "dist"
    first = cut_release(project, folder, BASE, "1.0.0", dt.date(2025, 1, 15), out=out)
    (project / "data/drammen.ttl").write_text(DRAMMEN, encoding="utf-8")
    edit(project / "data/places.ttl", '"Lappeenranta"@da', '"Villmanstrand"@da')
    edit(project / "data/memberships.ttl", "status-current", "status-ended")
    second = cut_release(project, folder, BASE, "1.1.0", dt.date(2025, 3, 1), out=out)
    return History(project, folder, out, first.release, second.release)


def gunzip_lines(path: Path) -> set[str]:
    return set(gzip.decompress(path.read_bytes()).decode("utf-8").splitlines())


def test_diff_lists_exactly_the_changed_quads(history: History) -> None:
    assert gunzip_lines(history.second.file("added.nq.gz")) == EXPECTED_ADDED
    assert gunzip_lines(history.second.file("removed.nq.gz")) == EXPECTED_REMOVED
    counts = history.second.files
    assert counts["added.nq.gz"]["triples"] == len(EXPECTED_ADDED)
    assert counts["removed.nq.gz"]["triples"] == len(EXPECTED_REMOVED)


def test_changelog_says_what_changed(history: History) -> None:
    log = json.loads(history.second.file("changelog.json").read_text("utf-8"))
    assert (log["version"], log["previous"]) == ("1.1.0", "1.0.0")
    sentences = {(e["kind"], e["en"]) for e in log["entries"]}
    assert ("twin-added", "New twin city: Drammen.") in sentences
    assert (
        "membership-ended",
        "Kolding Municipality's membership of UBC ended.",
    ) in sentences
    assert ("renamed", "Lappeenranta is now called Villmanstrand.") in sentences
    danish = {e["da"] for e in log["entries"]}
    assert "Kolding Kommunes medlemskab af UBC er ophørt." in danish
    assert "Ny venskabsby: Drammen." in danish
    assert not any(e["kind"] == "changed" for e in log["entries"]), log["entries"]


def test_first_release_has_an_empty_changelog(history: History) -> None:
    log = json.loads(history.first.file("changelog.json").read_text("utf-8"))
    assert (log["previous"], log["entries"]) == ("", [])
    assert "added.nq.gz" not in history.first.files


def test_old_releases_are_kept_and_the_newest_is_served(history: History) -> None:
    releases = list_releases(history.folder)
    assert [r.version for r in releases] == ["1.0.0", "1.1.0"]
    assert os.readlink(history.out) == os.path.relpath(
        history.folder / "1.1.0", history.out.parent
    )
    assert load_release(history.out).id == history.second.id
    assert history.first.release_date == "2025-01-15"


@pytest.mark.parametrize("bad", ["../x", "latest", "a/b", "", ".hidden", "a..b"])
def test_unsafe_versions_are_refused(bad: str) -> None:
    with pytest.raises(BuildError, match="not allowed"):
        check_version(bad)


def test_versions_sort_naturally() -> None:
    assert sorted(["1.10", "1.9", "1.2"], key=natural_key) == ["1.2", "1.9", "1.10"]


def test_an_existing_version_is_never_replaced(history: History) -> None:
    before = {p.name: p.read_bytes() for p in (history.folder / "1.1.0").iterdir()}
    with pytest.raises(BuildError, match="exists already"):
        cut_release(history.project, history.folder, BASE, "1.1.0", dt.date(2025, 4, 1))
    after = {p.name: p.read_bytes() for p in (history.folder / "1.1.0").iterdir()}
    assert after == before


def test_a_date_before_the_newest_is_refused(history: History) -> None:
    with pytest.raises(BuildError, match="before 2025-03-01"):
        cut_release(history.project, history.folder, BASE, "0.9", dt.date(2024, 1, 1))
    assert not (history.folder / "0.9").exists()


def build_cli(project: Path, out: Path, *args: str, **env: str) -> dict:
    """Run `kolding-graph build` and return the published release.json."""
    environ = {"SOURCE_DATE_EPOCH": "", "KOLDING_GRAPH_RELEASE_DATE": ""} | env
    result = CliRunner().invoke(
        main,
        ["build", "--source", str(project), "--out", str(out), *args],
        env=environ,
    )
    assert result.exit_code == 0, result.output
    return json.loads((out / "release.json").read_text(encoding="utf-8"))


def test_build_names_a_version_from_the_given_date(tmp_path: Path) -> None:
    project = Path(shutil.copytree(MINI_PROJECT, tmp_path / "project"))
    out = tmp_path / "dist"
    first = build_cli(project, out, "--release-date", "2025-06-01")
    assert (first["version"], first["release_date"]) == ("2025-06-01.1", "2025-06-01")
    again = build_cli(project, out, "--release-date", "2025-06-02")
    assert again == first, "unchanged inputs must not mint a new version"
    (project / "data/drammen.ttl").write_text(DRAMMEN, encoding="utf-8")
    second = build_cli(project, out, "--release-date", "2025-06-01")
    assert second["version"] == "2025-06-01.2"
    third = build_cli(project, out, SOURCE_DATE_EPOCH="1767225600")  # 2026-01-01
    assert third == second
    assert sorted(p.name for p in (tmp_path / "dist.releases").glob("2*")) == [
        "2025-06-01.1",
        "2025-06-01.2",
    ]


def test_without_a_date_the_newest_file_change_dates_the_release(
    tmp_path: Path,
) -> None:
    project = Path(shutil.copytree(MINI_PROJECT, tmp_path / "project"))
    stamp = dt.datetime(2024, 2, 29, 12, tzinfo=dt.UTC).timestamp()
    for path in project.rglob("*"):
        os.utime(path, (stamp, stamp))
    manifest = build_cli(project, tmp_path / "dist")
    assert manifest["version"] == "2024-02-29.1"


def test_without_a_date_the_newest_source_commit_dates_the_release(
    tmp_path: Path,
) -> None:
    project = Path(shutil.copytree(MINI_PROJECT, tmp_path / "project"))
    when = "2023-05-17T10:00:00+00:00"
    env = os.environ | {
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "data"]):
        subprocess.run(["git", "-C", str(project), *command], env=env, check=True)
    manifest = build_cli(project, tmp_path / "dist")
    assert (manifest["version"], manifest["release_date"]) == (
        "2023-05-17.1",
        "2023-05-17",
    )


def test_diff_command_prints_quads_and_sentences(history: History) -> None:
    runner = CliRunner()
    args = ["diff", "1.0.0", "1.1.0", "--releases", str(history.folder)]
    result = runner.invoke(main, [*args, "--format", "nquads"])
    assert result.exit_code == 0, result.output
    lines = set(result.output.splitlines())
    assert lines == {f"+ {q}" for q in EXPECTED_ADDED} | {
        f"- {q}" for q in EXPECTED_REMOVED
    }
    danish = runner.invoke(main, [*args, "--lang", "da"])
    assert "Ny venskabsby: Drammen." in danish.output
    missing = runner.invoke(main, ["diff", "1.0.0", "9.9", "--releases", "/nonexist"])
    assert missing.exit_code == 2


# --- the diff itself, on small quad sets --------------------------------------


def nq(text: str) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS))


G = "<https://data.kolding.dk/graph/curated>"
META = "<https://data.kolding.dk/graph/metadata>"


def test_relabelled_blank_nodes_are_no_change() -> None:
    old = nq(f'<http://a/s> <http://a/p> _:b1 {G} .\n_:b1 <http://a/q> "x" {G} .\n')
    new = nq(f'<http://a/s> <http://a/p> _:zz {G} .\n_:zz <http://a/q> "x" {G} .\n')
    assert diff_quads(old, new, BASE).empty


def test_changed_blank_nodes_are_reported_whole() -> None:
    old = nq(f'<http://a/s> <http://a/p> _:b1 {G} .\n_:b1 <http://a/q> "x" {G} .\n')
    new = nq(f'<http://a/s> <http://a/p> _:b2 {G} .\n_:b2 <http://a/q> "y" {G} .\n')
    diff = diff_quads(old, new, BASE)
    assert (len(diff.added), len(diff.removed)) == (2, 2)


def test_metadata_graph_is_left_out() -> None:
    old = nq(f'<http://a/s> <http://a/p> "1" {META} .\n')
    new = nq(f'<http://a/s> <http://a/p> "2" {META} .\n')
    assert diff_quads(old, new, BASE).empty
