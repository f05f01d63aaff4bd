"""The on-disk store: built once per release beside it, opened read-only by all."""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from tests.release_helpers import write_release

from kolding_graph import cli
from kolding_graph.build.cut import build_release
from kolding_graph.config import load_settings
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.indexes import INDEX_FOLDER, index_dir
from kolding_graph.release.load import Release, load_release
from kolding_graph.store.embedded import EmbeddedStore
from kolding_graph.store.ondisk import STORE_NAME, prepare_store
from kolding_graph.store.opening import open_embedded

EX = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def quads(n: int) -> list[ox.Quad]:
    graph = ox.NamedNode(EX + "graph/curated")
    return [
        ox.Quad(
            ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), graph
        )
        for i in range(n)
    ]


def new_release(folder: Path, n: int) -> Release:
    return load_release(write_release(folder, quads(n)))


def count(store: EmbeddedStore) -> int:
    answer = store.rows(COUNT, 1).rows[0][0]
    assert isinstance(answer, ox.Literal)
    return int(answer.value)


@pytest.fixture
def config() -> dict:
    """Settings under which every release, however small, is read from disk."""
    return load_settings(environ={"KOLDING_GRAPH_MEMORY_STORE_MAX_TRIPLES": "0"})


@pytest.fixture
def on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI read every release from disk, however small."""
    monkeypatch.setenv("KOLDING_GRAPH_MEMORY_STORE_MAX_TRIPLES", "0")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_release_is_served_from_its_store_on_disk(
    tmp_path: Path, config: dict
) -> None:
    release = new_release(tmp_path / "releases" / "r1", 7)
    published = files_of(release.path)
    store = open_embedded(release, config)
    try:
        assert store.on_disk
        assert count(store) == 7
    finally:
        store.close()
    location = index_dir(release) / STORE_NAME
    assert location.is_dir() and location.parent.parent.name == INDEX_FOLDER
    # Beside the release, never in it: the published files are untouched.
    assert files_of(release.path) == published


def test_a_small_release_is_loaded_into_memory(tmp_path: Path) -> None:
    release = new_release(tmp_path / "r1", 7)
    store = open_embedded(release, load_settings(environ={}))
    try:
        assert not store.on_disk
        assert count(store) == 7
    finally:
        store.close()
    assert not (index_dir(release) / STORE_NAME).exists()


def test_the_store_is_built_once_and_shared(tmp_path: Path, config: dict) -> None:
    release = new_release(tmp_path / "r1", 3)
    location = prepare_store(release)
    made = sorted((p.name, p.stat().st_mtime_ns) for p in location.iterdir())
    second = open_embedded(release, config)
    third = open_embedded(release, config)
    try:
        assert count(second) == count(third) == 3
    finally:
        second.close()
        third.close()
    assert sorted((p.name, p.stat().st_mtime_ns) for p in location.iterdir()) == made


def _prepare_in_fork(path: str, answer: multiprocessing.SimpleQueue) -> None:
    release = load_release(path)
    answer.put(str(prepare_store(release)))


def test_a_forked_process_builds_a_store_without_hanging(tmp_path: Path) -> None:
    # RocksDB's background threads do not survive a fork: a server worker
    # forked after the main process used a store must still build a new
    # release's store (it hung here, waiting for those threads, before).
    first = new_release(tmp_path / "r1", 4)
    opened = ox.Store.read_only(str(prepare_store(first)))  # open at the fork
    assert len(opened) == 4
    second = new_release(tmp_path / "r2", 6)
    context = multiprocessing.get_context("fork")
    answer = context.SimpleQueue()
    child = context.Process(target=_prepare_in_fork, args=(str(second.path), answer))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("building the store in a forked process hung")
    assert child.exitcode == 0
    location = Path(answer.get())
    assert len(ox.Store.read_only(str(location))) == 6


def test_the_build_writes_the_store_so_no_server_waits(
    runner: CliRunner, project: Path, tmp_path: Path, on_disk: None
) -> None:
    out = tmp_path / "dist"
    args = ["build", "--source", str(project), "--out", str(out)]
    assert runner.invoke(cli.main, args).exit_code == 0
    location = index_dir(load_release(out)) / STORE_NAME
    assert len(ox.Store.read_only(str(location))) > 0


def test_prepare_writes_the_store_of_a_release(
    runner: CliRunner, tmp_path: Path, on_disk: None
) -> None:
    release = new_release(tmp_path / "r1", 9)
    done = runner.invoke(cli.main, ["prepare", "--release", str(release.path)])
    assert done.exit_code == 0, done.output
    assert len(ox.Store.read_only(str(index_dir(release) / STORE_NAME))) == 9


def test_prepare_says_what_is_missing(runner: CliRunner, tmp_path: Path) -> None:
    done = runner.invoke(cli.main, ["prepare", "--release", str(tmp_path / "none")])
    assert done.exit_code != 0
    assert str(tmp_path / "none") in done.output


def unwritable(release: Release) -> None:
    """Put a file where the index folder goes: no store can be written there
    (a read-only deployment; chmod would not stop root, who runs CI)."""
    index_dir(release).parent.parent.joinpath(INDEX_FOLDER).write_text("no folder")


def damaged(release: Release) -> None:
    """Leave a store folder without any RocksDB file in it."""
    (index_dir(release) / STORE_NAME).mkdir(parents=True)


@pytest.mark.parametrize("spoil", [unwritable, damaged])
def test_no_usable_store_falls_back_to_memory(
    spoil, tmp_path: Path, config: dict, caplog: pytest.LogCaptureFixture
) -> None:
    release = new_release(tmp_path / "r1", 5)
    spoil(release)
    with caplog.at_level(logging.WARNING, logger="kolding_graph.store.opening"):
        store = open_embedded(release, config)
    try:
        assert not store.on_disk
        assert count(store) == 5
    finally:
        store.close()
    assert any("into memory" in r.getMessage() for r in caplog.records)


def test_what_a_killed_builder_left_is_removed(tmp_path: Path) -> None:
    release = new_release(tmp_path / "r1", 3)
    folder = index_dir(release)
    left = folder / f".tmp-{STORE_NAME}-999-dead"
    left.mkdir(parents=True)
    (left / "000001.sst").write_bytes(b"half a store")
    prepare_store(release)
    assert not left.exists()
    assert len(ox.Store.read_only(str(folder / STORE_NAME))) == 3


def test_a_build_writes_the_indexes_before_servers_switch(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    build_release(project, out, DEFAULT_BASE_IRI)
    first = load_release(out).id
    (project / "data" / "extra.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://data.kolding.dk/id/thing/extra> rdfs:label "Ekstra"@da .\n',
        encoding="utf-8",
    )
    seen: list[tuple[str, str]] = []

    def before_switch(release: Release) -> None:
        seen.append((release.id, load_release(out).id))

    build_release(project, out, DEFAULT_BASE_IRI, before_switch=before_switch)
    ((new, served_meanwhile),) = seen
    assert new == load_release(out).id != first
    assert served_meanwhile == first
