"""Publishing a new release while the server answers: never a mixed or empty answer.

A real production server (granian, two workers) answers concurrent clients
while `kolding-graph build` publishes a new release of the same project. Every
answer must come wholly from the old or wholly from the new release: the count
of triples it reports must be the count of the release its ETag names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from conftest import ROOT
from kolding_graph.build.cut import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.load import load_release
from kolding_graph.web import create_app
from kolding_graph.web.state import get_state
from production import (
    Answer,
    Running,
    process_tree,
    production_server,
    query_path,
    request,
)

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NEW_LABEL = (
    '<id/city/anjo> a kg:City ;\n    skos:altLabel "Anjo-shi"@en ;\n'
    '    skos:prefLabel "Anjo"@da'
)


def add_a_label(project: Path) -> None:
    """Change the data: one more label for Anjo."""
    path = project / "data" / "places.ttl"
    text = path.read_text(encoding="utf-8")
    old = '<id/city/anjo> a kg:City ;\n    skos:prefLabel "Anjo"@da'
    assert old in text, "mini project changed"
    path.write_text(text.replace(old, NEW_LABEL), encoding="utf-8")


def count_of(answer: Answer) -> int:
    bindings = json.loads(answer.body)["results"]["bindings"]
    return int(bindings[0]["n"]["value"])


def release_of(answer: Answer) -> str:
    return answer.headers["etag"].strip('"').split("-")[0]


def test_new_release_under_load_never_mixes(project: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    old = load_release(build_release(project, dist, DEFAULT_BASE_IRI).release.path)
    answers: list[Answer] = []
    stop = threading.Event()

    def client(number: int) -> None:
        source = f"127.0.0.{11 + number}"  # three clients, as on a network
        i = 0
        while not stop.is_set():
            i += 1
            # Half repeat one query (served from the cache), half are new.
            text = COUNT if i % 2 else f"{COUNT} LIMIT {number * 100000 + i}"
            answers.append(request(server, query_path(text), source=source))

    args = ("--workers", "2", "--source", str(project))
    with production_server(dist, tmp_path / "server.log", *args) as server:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        before = query_processes(server)
        add_a_label(project)
        build = subprocess.run(
            [str(Path(sys.executable).with_name("kolding-graph")), "build"]
            + ["--source", str(project), "--out", str(dist)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        published = time.monotonic()
        assert build.returncode == 0, build.stderr
        time.sleep(2.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        late = [request(server, query_path(COUNT)) for _ in range(6)]
        processes = process_tree(server.process.pid)
        after = query_processes(server)
        ready = json.loads(request(server, "/readyz").body)
        assert_served_wholly(server, old, dist, answers, late, published)
    # The master's two workers, each with at most THREADS (4) query processes;
    # those of the old release were ended.
    workers = {pid for pid, parent in processes.items() if parent == server.process.pid}
    assert len(workers) == 2 and before and after, processes
    assert not before & after and len(after) <= 2 * 4, (before, after)
    assert ready["release"] == load_release(dist).id


def query_processes(server: Running) -> set[int]:
    """Return the query processes: the master's grandchildren."""
    tree = process_tree(server.process.pid)
    return {
        pid for pid, parent in tree.items() if tree.get(parent) == server.process.pid
    }


def assert_served_wholly(
    server: Running,
    old,  # noqa: ANN001 (a Release)
    dist: Path,
    answers: list[Answer],
    late: list[Answer],
    published: float,
) -> None:
    new = load_release(dist)
    assert new.id != old.id and new.triples != old.triples
    expected = {old.id: old.triples, new.id: new.triples}
    assert len(answers) > 50
    assert {answer.status for answer in answers + late} == {200}
    for answer in answers + late:
        assert count_of(answer) == expected[release_of(answer)]
    assert {release_of(a) for a in answers} == {old.id, new.id}
    assert {release_of(a) for a in late} == {new.id}
    assert "Traceback" not in server.log_text()


def test_corrupt_new_release_keeps_the_old_one(release, tmp_path: Path) -> None:
    """A link switched to a broken release: the app keeps serving the good one."""
    link = tmp_path / "dist"
    link.symlink_to(release.path)
    app: Flask = create_app({"RELEASE_DIR": str(link), "SOURCE_DIR": str(ROOT)})
    client = app.test_client()
    try:
        first = client.get("/sparql", query_string={"query": COUNT})
        broken = tmp_path / "broken"
        broken.mkdir()
        (broken / "release.json").write_text("{", encoding="utf-8")
        switched = tmp_path / "switched"
        switched.symlink_to(broken)
        switched.rename(link)
        again = client.get("/sparql", query_string={"query": COUNT})
        ready = client.get("/readyz")
        assert first.status_code == again.status_code == ready.status_code == 200
        assert (
            again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
        )
        assert json.loads(ready.data)["release"] == release.id
    finally:
        with app.app_context():
            get_state().store.close()


def test_cache_and_etag_follow_the_release(project: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build_release(project, dist, DEFAULT_BASE_IRI)
    old = load_release(dist)
    app = create_app({"RELEASE_DIR": str(dist), "SOURCE_DIR": str(ROOT)})
    client = app.test_client()
    try:
        before = client.get("/sparql", query_string={"query": COUNT})
        assert client.get("/sparql", query_string={"query": COUNT}).data == before.data
        add_a_label(project)
        build_release(project, dist, DEFAULT_BASE_IRI)
        new = load_release(dist)
        after = client.get(
            "/sparql",
            query_string={"query": COUNT},
            headers={"If-None-Match": before.headers["ETag"]},
        )
        assert after.status_code == 200
        assert after.headers["ETag"] != before.headers["ETag"]
        assert json.loads(after.data) != json.loads(before.data)
        n_before = json.loads(before.data)["results"]["bindings"][0]["n"]["value"]
        n_after = json.loads(after.data)["results"]["bindings"][0]["n"]["value"]
        assert int(n_before) == old.triples and int(n_after) == new.triples
    finally:
        with app.app_context():
            get_state().store.close()


# Three patterns over the mini release: about 10 million rows, seconds of work.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?h }"


def slow_count(dataset: Path) -> int:
    """Return SLOW_COUNT's answer on a dataset, computed here without the server."""
    store = ox.Store()
    store.load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    solution = next(iter(store.query(SLOW_COUNT, use_default_graph_as_union=True)))
    return int(solution["n"].value)


def test_a_request_keeps_its_release_while_another_thread_reloads(
    project: Path, tmp_path: Path
) -> None:
    """Threads of one worker share its state (granian runs requests concurrently):
    a request pinned to the old release finishes on it while another request
    switches to the new one; the old query process ends with its last request."""
    from urllib.request import urlopen

    from werkzeug.serving import make_server

    from kolding_graph.web.reload import _USERS

    dist = tmp_path / "dist"
    old = load_release(build_release(project, dist, DEFAULT_BASE_IRI).release.path)
    app = create_app(
        {"RELEASE_DIR": str(dist), "SOURCE_DIR": str(ROOT), "QUERY_TIMEOUT": 120}
    )
    with app.app_context():
        old_state = get_state()
    old_state.store.start()
    old_process = old_state.store._executor.pid
    expected = slow_count(old.file("dataset.nq"))
    add_a_label(project)  # the next release, built aside and published below
    built = build_release(project, tmp_path / "next", DEFAULT_BASE_IRI)
    new = load_release(built.release.path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{server.server_port}"
    slow: dict[str, object] = {}

    def ask_slowly() -> None:
        with urlopen(base + query_path(SLOW_COUNT), timeout=120) as answer:
            slow.update(status=answer.status, etag=answer.headers["ETag"])
            slow["body"] = answer.read()

    try:
        asking = threading.Thread(target=ask_slowly)
        asking.start()
        deadline = time.monotonic() + 10
        while not _USERS.get(id(old_state)) and time.monotonic() < deadline:
            time.sleep(0.01)  # until the slow request holds the old state
        time.sleep(0.2)  # and its query runs
        dist.with_name("switching").symlink_to(new.path)
        dist.with_name("switching").rename(dist)  # publish: one atomic rename
        with urlopen(base + "/readyz", timeout=60) as ready:
            assert json.loads(ready.read())["release"] == new.id
        assert asking.is_alive(), "the slow query ended before the reload"
        asking.join(timeout=120)
        assert slow["status"] == 200, slow
        assert str(slow["etag"]).strip('"').startswith(old.id + "-")
        n = json.loads(slow["body"])["results"]["bindings"][0]["n"]["value"]  # type: ignore[arg-type]
        assert int(n) == expected
        try:
            os.kill(old_process, 0)
        except ProcessLookupError:
            pass
        else:
            raise AssertionError("the old release's query process is still running")
    finally:
        server.shutdown()
        with app.app_context():
            get_state().store.close()
