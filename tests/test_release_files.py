"""Release dumps: every format holds the dataset; checksums; reproducibility."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import ROOT
from kolding_graph.build.cut import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.distributions import CHECKSUMS, KINDS, kind_of
from kolding_graph.release.load import Release, load_release

FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
DUMPS = [kind.name for kind in KINDS if kind.part == "dataset"]
# Every release has its changelog (the first says so); diffs only after the first.
ALWAYS = {k.name for k in KINDS if k.part != "changes" and k.name != "release.json"} | {
    "changelog.json"
}


def content(path: Path) -> bytes:
    """Return a file's bytes, decompressed if it is gzipped."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def parse(path: Path) -> list[ox.Quad]:
    """Parse a release file with pyoxigraph (the format from its kind)."""
    fmt = FORMATS[kind_of(path.name).media_type]
    return list(ox.parse(content(path), format=fmt))


@pytest.fixture(scope="module")
def quads(release: Release) -> set[ox.Quad]:
    """Return the release's quads as the contract file dataset.nq states them."""
    return set(parse(release.path / "dataset.nq"))


def test_release_carries_every_file(release: Release) -> None:
    assert set(release.files) == ALWAYS
    for name, info in release.files.items():
        assert info["media_type"] == kind_of(name).served_type, name


@pytest.mark.parametrize("name", DUMPS)
def test_dump_holds_the_whole_dataset(
    release: Release, quads: set[ox.Quad], name: str
) -> None:
    parsed = parse(release.path / name)
    fmt = FORMATS[kind_of(name).media_type]
    if fmt.supports_datasets:
        assert set(parsed) == quads
    else:
        assert {q.triple for q in parsed} == {q.triple for q in quads}
        assert all(q.graph_name == ox.DefaultGraph() for q in parsed)
    assert len(parsed) == release.files[name]["triples"]


def test_named_graphs_are_kept_in_quad_dumps(quads: set[ox.Quad]) -> None:
    graphs = {q.graph_name.value for q in quads}
    assert {DEFAULT_BASE_IRI + f"graph/{n}" for n in ("curated", "metadata")} <= graphs


def test_ontology_dump_is_the_ontology_graph(
    release: Release, quads: set[ox.Quad]
) -> None:
    ontology = ox.NamedNode(DEFAULT_BASE_IRI + "graph/ontology")
    expected = {q.triple for q in quads if q.graph_name == ontology}
    assert {q.triple for q in parse(release.path / "ontology.ttl")} == expected


def test_shapes_dump_is_the_shapes_folder(release: Release) -> None:
    shapes = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.parse(path, publicID=DEFAULT_BASE_IRI)
    dumped = Graph().parse(release.path / "shapes.ttl")
    assert len(dumped) == release.files["shapes.ttl"]["triples"] > 0
    assert isomorphic(dumped, shapes)


@pytest.mark.parametrize("name", ["dataset.nq.gz", "dataset.nt.gz"])
def test_gzip_header_has_no_name_and_no_time(release: Release, name: str) -> None:
    data = (release.path / name).read_bytes()
    flags, mtime = data[3], int.from_bytes(data[4:8], "little")
    assert data[:2] == b"\x1f\x8b"
    assert flags & 0x08 == 0, "a file name is stored in the gzip header"
    assert mtime == 0


def test_sha256sum_check_passes(release: Release) -> None:
    """Run the real coreutils sha256sum on the published release."""
    result = run_sha256sum(release.path)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert checked == set(release.files) - {CHECKSUMS}


def test_sha256sum_catches_a_changed_byte(release: Release, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(release.path, tmp_path / "copy"))
    target = copy / "dataset.ttl"
    target.chmod(0o644)
    data = bytearray(target.read_bytes())
    data[100] ^= 1
    target.write_bytes(bytes(data))
    result = run_sha256sum(copy)
    assert result.returncode != 0
    assert "dataset.ttl: FAILED" in result.stdout


def run_sha256sum(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run `sha256sum -c SHA256SUMS` in folder."""
    if shutil.which("sha256sum") is None:
        pytest.skip("coreutils sha256sum is not installed")
    return subprocess.run(
        ["sha256sum", "-c", CHECKSUMS],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_two_builds_in_two_processes_are_byte_identical(tmp_path: Path) -> None:
    """Same inputs and release date: the same bytes, whatever the hash seed."""
    build_release(ROOT, tmp_path / "a", DEFAULT_BASE_IRI, date=dt.date(2025, 3, 1))
    env = os.environ | {"PYTHONHASHSEED": "4242", "SOURCE_DATE_EPOCH": "1740830400"}
    env.pop("KOLDING_GRAPH_RELEASE_DATE", None)
    script = Path(sys.executable).parent / "kolding-graph"
    done = subprocess.run(
        [script, "build", "--source", ROOT, "--out", tmp_path / "b"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    first, second = load_release(tmp_path / "a"), load_release(tmp_path / "b")
    assert first.release_date == second.release_date == "2025-03-01"
    assert set(first.files) == set(second.files)
    for name in [*first.files, "release.json"]:
        assert (first.path / name).read_bytes() == (second.path / name).read_bytes()
