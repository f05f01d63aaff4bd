"""The build: the release contract, determinism, atomicity and its guards."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from kolding_graph.build import cut, writer
from kolding_graph.errors import BuildError, ValidationFailed
from kolding_graph.release.load import load_release
from release_helpers import BASE, build_into, leftovers, read_graphs, snapshot

TESTS = Path(__file__).resolve().parent
KG = BASE + "def/"


@pytest.fixture(scope="session")
def mini_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the mini project once per session; return the release link."""
    from conftest import MINI_PROJECT

    out = tmp_path_factory.mktemp("mini") / "dist"
    build_into(MINI_PROJECT, out)
    return out


@pytest.fixture
def published(project: Path, tmp_path: Path) -> Path:
    """Build a private copy of the mini project; return the release link."""
    out = tmp_path / "dist"
    build_into(project, out)
    return out


def edit(project: Path, relpath: str, old: str, new: str) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relpath}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the release contract -------------------------------------------------


def test_release_files_and_manifest(mini_release: Path) -> None:
    release = load_release(mini_release)
    manifest = json.loads((release.path / "release.json").read_text())
    nq = (release.path / "dataset.nq").read_bytes()
    assert manifest["id"] == hashlib.sha256(nq).hexdigest()[:16] == release.id
    assert manifest["base_iri"] == BASE
    assert set(manifest["graphs"]) == {
        "curated",
        "derived",
        "ontology",
        "metadata",
        "wikidata",
        "reconciliation",
    }
    for name, info in manifest["graphs"].items():
        assert info["iri"] == f"{BASE}graph/{name}"
    assert {
        "dataset.nq",
        "dataset.ttl",
        "reconciliation.ttl",
        "validation-report.ttl",
    } <= set(manifest["files"])


def test_nquads_sorted_all_in_named_graphs(mini_release: Path) -> None:
    lines = (mini_release / "dataset.nq").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    graphs = read_graphs(mini_release / "dataset.nq")
    counts = {name: len(graph) for name, graph in graphs.items()}
    manifest = load_release(mini_release).graphs
    assert counts == {info["iri"]: info["triples"] for info in manifest.values()}
    assert "" not in counts  # nothing in the default graph


def test_turtle_dump_is_the_union(mini_release: Path) -> None:
    union = Graph()
    for graph in read_graphs(mini_release / "dataset.nq").values():
        union += graph
    assert isomorphic(union, Graph().parse(mini_release / "dataset.ttl"))


def test_validation_report_is_published(mini_release: Path) -> None:
    report = (mini_release / "validation-report.ttl").read_text(encoding="utf-8")
    assert "sh:conforms true" in report


def test_derived_graph_holds_the_twinning_shortcut(mini_release: Path) -> None:
    derived = read_graphs(mini_release / "dataset.nq")[BASE + "graph/derived"]
    kolding = URIRef(BASE + "id/municipality/kolding")
    anjo = URIRef(BASE + "id/city/anjo")
    assert (kolding, URIRef(KG + "twinnedWith"), anjo) in derived
    assert (anjo, URIRef(KG + "twinnedWith"), kolding) in derived


def test_metadata_counts_every_graph_itself_included(mini_release: Path) -> None:
    metadata = read_graphs(mini_release / "dataset.nq")[BASE + "graph/metadata"]
    for name, info in load_release(mini_release).graphs.items():
        stated = metadata.value(URIRef(info["iri"]), VOID.triples)
        assert stated is not None and int(stated) == info["triples"], name
    total = metadata.value(URIRef(BASE + "dataset"), VOID.triples)
    assert int(total) == load_release(mini_release).triples


def test_summary_counts_entities_per_class(project: Path, tmp_path: Path) -> None:
    result = build_into(project, tmp_path / "dist")
    assert result.entities == {
        "kg:City": 2,
        "kg:Municipality": 1,
        "kg:TwinningAgreement": 2,
    }
    assert set(result.phases) == {"parse", "validate", "write", "switch"}


# --- determinism ----------------------------------------------------------


def test_two_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    """The fixture has blank nodes: their labels must not leak into the bytes."""
    first = snapshot_files(tmp_path / "a", project)
    env = os.environ | {"PYTHONHASHSEED": "12345"}
    script = Path(sys.executable).parent / "kolding-graph"
    subprocess.run(
        [script, "build", "--source", project, "--out", tmp_path / "b"],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert files_of(tmp_path / "b") == first
    assert b"_:c14n" in first["dataset.nq"]


def snapshot_files(out: Path, project: Path) -> dict[str, bytes]:
    build_into(project, out)
    return files_of(out)


def files_of(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.resolve().iterdir())}


def test_base_iri_moves_every_identifier(project: Path, tmp_path: Path) -> None:
    base = "https://example.org/kolding/"
    cut.build_release(project, tmp_path / "dist", base)
    nq = (tmp_path / "dist" / "dataset.nq").read_text(encoding="utf-8")
    assert f"<{base}id/city/anjo>" in nq
    assert "data.kolding.dk" not in nq


# --- failures leave the last release untouched ----------------------------


def test_syntax_error_keeps_previous_release(project: Path, published: Path) -> None:
    before = snapshot(published)
    edit(project, "data/places.ttl", "kg:City ;", "kg:City ;;;; ]")
    with pytest.raises(BuildError, match=r"data/places.ttl:9:31: Turtle syntax error"):
        build_into(project, published)
    assert snapshot(published) == before
    assert leftovers(published) == []


def test_shacl_violation_keeps_previous_release(project: Path, published: Path) -> None:
    before = snapshot(published)
    edit(project, "data/agreements.ttl", " , <id/city/anjo>", "")
    with pytest.raises(ValidationFailed) as caught:
        build_into(project, published)
    message = str(caught.value)
    assert f"{BASE}id/agreement/kolding-anjo" in message
    assert "TwinningAgreementShape" in message
    assert "data/agreements.ttl" in message
    assert caught.value.report.violations[0].result_path == "kg:party"
    assert snapshot(published) == before


def test_ill_typed_literal_keeps_previous_release(
    project: Path, published: Path
) -> None:
    before = snapshot(published)
    edit(project, "data/agreements.ttl", '"1997"^^xsd:gYear', '"2023-13-45"^^xsd:date')
    with pytest.raises(BuildError, match=r"data/agreements.ttl:8: ill-typed literal"):
        build_into(project, published)
    assert snapshot(published) == before


def test_owl_imports_keeps_previous_release(project: Path, published: Path) -> None:
    before = snapshot(published)
    edit(
        project,
        "ontology/mini.ttl",
        '"Mini ontology"@en .',
        '"Mini ontology"@en ;\n    owl:imports <http://www.w3.org/ns/org> .',
    )
    with pytest.raises(BuildError, match=r"ontology/mini.ttl:\d+: owl:imports"):
        build_into(project, published)
    assert snapshot(published) == before


PHASES = ["parse", "validate", "write", "commit", "switch"]


@pytest.mark.parametrize("phase", PHASES)
def test_killed_build_never_exposes_a_partial_release(
    project: Path, published: Path, phase: str
) -> None:
    before = snapshot(published)
    edit(project, "data/places.ttl", '"Anjo"@da', '"Anjō"@da')  # a different release
    killed = subprocess.run(
        [sys.executable, TESTS / "build_killer.py", phase, project, published],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert snapshot(published) == before
    assert load_release(published).id
    if phase in ("write", "switch"):
        assert leftovers(published), "the kill should have left a staging dir or link"
    # The next build succeeds, publishes the change and cleans up after the killed one.
    result = build_into(project, published)
    assert result.release.id != before["link"].rsplit("/", 1)[-1]
    assert leftovers(published) == []


def test_build_killed_after_switch_has_published_a_whole_release(
    project: Path, published: Path
) -> None:
    edit(project, "data/places.ttl", '"Anjo"@da', '"Anjō"@da')
    killed = subprocess.run(
        [sys.executable, TESTS / "build_killer.py", "prune", project, published],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert 'Anjō"@da' in (published / "dataset.nq").read_text(encoding="utf-8")
    assert load_release(published).id


@pytest.mark.parametrize(
    "point", ["parse_file", "validate_graph", "write_file", "switch"]
)
def test_failure_in_any_phase_keeps_previous_release(
    project: Path, published: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    module = {
        "parse_file": "kolding_graph.sources.parse",
        "validate_graph": "kolding_graph.build.pipeline",
    }.get(point, "kolding_graph.build.writer")
    monkeypatch.setattr(f"{module}.{point}", disk_full)
    before = snapshot(published)
    edit(project, "data/places.ttl", '"Anjo"@da', '"Anjō"@da')
    with pytest.raises((BuildError, OSError), match="No space left"):
        build_into(project, published)
    assert snapshot(published) == before
    monkeypatch.undo()
    build_into(project, published)
    assert leftovers(published) == []


def test_full_disk_while_writing_cleans_its_staging(
    project: Path, published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real_write = writer.write_file

    def write_then_fill_disk(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(writer, "write_file", write_then_fill_disk)
    before = snapshot(published)
    edit(project, "data/places.ttl", '"Anjo"@da', '"Anjō"@da')
    with pytest.raises(BuildError, match="could not write the release"):
        build_into(project, published)
    assert snapshot(published) == before
    assert leftovers(published) == []


# --- guards ---------------------------------------------------------------


def test_second_concurrent_build_is_refused(project: Path, published: Path) -> None:
    before = snapshot(published)
    with writer.build_lock(published.absolute()):
        with pytest.raises(BuildError, match="another build is running"):
            build_into(project, published)
    assert snapshot(published) == before
    build_into(project, published)  # the lock is free again


def test_lock_is_held_across_processes(project: Path, published: Path) -> None:
    command = [sys.executable, "-c", HOLD_LOCK, str(published)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(BuildError, match="another build is running"):
                build_into(project, published)
        finally:
            holder.kill()
    build_into(project, published)


HOLD_LOCK = """
import sys, time
from pathlib import Path
from kolding_graph.build.writer import build_lock
with build_lock(Path(sys.argv[1]).absolute()):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_sharp_shrink_is_refused_unless_forced(project: Path, tmp_path: Path) -> None:
    synthetic = "\n".join(
        f'<id/test/n{i}> <def/comment> "synthetic test triple {i}" .'
        for i in range(200)
    )
    (project / "data/synthetic.ttl").write_text(synthetic, encoding="utf-8")
    out = tmp_path / "dist"
    build_into(project, out)
    before = snapshot(out)
    (project / "data/synthetic.ttl").unlink()
    with pytest.raises(BuildError, match="less than half.*--force"):
        build_into(project, out)
    assert snapshot(out) == before
    result = build_into(project, out, force=True)
    after = {name: info["triples"] for name, info in result.release.graphs.items()}
    assert data_triples(after) < data_triples(graph_counts(before)) / 2


def graph_counts(snap: dict) -> dict[str, int]:
    manifest = json.loads(snap["files"]["release.json"])
    return {name: graph["triples"] for name, graph in manifest["graphs"].items()}


def data_triples(counts: dict[str, int]) -> int:
    """Return the triples outside the generated metadata graph."""
    return sum(count for name, count in counts.items() if name != "metadata")


# --- the release directory layout -----------------------------------------


def test_output_is_a_link_to_an_immutable_directory(published: Path) -> None:
    release = load_release(published)
    assert published.is_symlink()
    assert os.readlink(published) == f"dist.releases/{release.version}"
    for path in release.path.iterdir():
        assert path.stat().st_mode & 0o222 == 0, f"{path.name} is writable"


def test_every_version_is_kept(project: Path, published: Path) -> None:
    versions = [load_release(published).version]
    for old, new in (('"Anjo"@da', '"Anjō"@da'), ('"Anjō"@da', '"Anjo (Japan)"@da')):
        edit(project, "data/places.ttl", old, new)
        versions.append(build_into(project, published).release.version)
    kept = sorted(
        p.name
        for p in (published.parent / "dist.releases").iterdir()
        if not p.name.startswith(".")
    )
    assert len(set(versions)) == 3
    assert kept == sorted(versions)


def test_rebuilding_the_same_inputs_keeps_the_same_release(
    project: Path, published: Path
) -> None:
    before = snapshot(published)
    build_into(project, published)
    assert snapshot(published) == before


def test_rebuilding_the_same_inputs_mints_no_version(
    project: Path, published: Path
) -> None:
    """Issue 13: only changed data gets a new version; the same data keeps its own."""
    first = load_release(published).version
    edit(project, "data/places.ttl", '"Anjo"@da', '"Anjō"@da')
    second = build_into(project, published).release.version
    again = build_into(project, published).release
    kept = {p.name for p in (published.parent / "dist.releases").glob("[0-9]*")}
    assert again.version == second != first
    assert kept == {first, second}


def test_plain_release_directory_is_migrated(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build_into(project, tmp_path / "elsewhere")
    old = load_release(tmp_path / "elsewhere")
    (out).mkdir()
    for path in old.path.iterdir():
        (out / path.name).write_bytes(path.read_bytes())
    edit(project, "data/places.ttl", '"Anjo"@da', '"Anjō"@da')
    result = build_into(project, out)
    assert out.is_symlink() and load_release(out).id == result.release.id
    assert (tmp_path / "dist.releases" / old.id / "release.json").is_file()


@pytest.mark.parametrize("kind", ["file", "foreign-dir"])
def test_foreign_output_path_is_refused(
    project: Path, tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "dist"
    if kind == "file":
        out.write_text("not a release")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    with pytest.raises(BuildError, match="is not a release"):
        build_into(project, out)
    assert out.exists() and not out.is_symlink()


def test_empty_output_directory_is_replaced(project: Path, tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    result = build_into(project, tmp_path / "dist")
    assert load_release(tmp_path / "dist").id == result.release.id
