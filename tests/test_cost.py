"""Costly queries on the production server: stopped in time, resources given back.

Each pathological query (the plain cartesian product and 5,000-deep nesting are
in the endpoint's own tests) gets 400, 413 or 503 (or a complete 200 when it is in
fact cheap) within the time limit + 2 s; meanwhile another client is served at
normal speed; afterwards no process of the server burns CPU, the memory of the
server's processes is back near where it was, and a trivial query answers in
under a second. The query processes have a memory budget (QUERY_MEMORY_MB):
a memory bomb is stopped by it before the time limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kolding_graph.release.load import Release
from production import (
    Answer,
    Running,
    process_tree,
    production_server,
    query_path,
    request,
)

LIMIT = 3.0
MEMORY_MB = 150
# Stopped by the memory budget, before the time limit.
MEMORY_BOMBS = ("string-doubling-bomb", "sort-everything")
HEAVY_CLIENT, OTHER_CLIENT = "127.0.0.4", "127.0.0.5"
ASK = "ASK { ?s ?p ?o }"
P = "<https://data.kolding.dk/def/twinnedWith>"
DOUBLING = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(40))
COSTLY = {
    "all-pairs-paths": (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ({P}|!{P})+/({P}|!{P})+ ?b }}"
    ),
    "group-concat-bomb": (
        "SELECT (GROUP_CONCAT(?x) AS ?y) WHERE "
        "{ ?a ?b ?c . ?d ?e ?f . BIND(CONCAT(STR(?c), STR(?f)) AS ?x) }"
    ),
    "string-doubling-bomb": (
        "SELECT (STRLEN(?a40) AS ?n) WHERE "
        f'{{ BIND("aaaaaaaaaaaaaaaa" AS ?a0) {DOUBLING} }}'
    ),
    "sort-everything": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
    "3000-patterns": (
        "SELECT * WHERE { "
        + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(3000))
        + "}"
    ),
    "huge-result": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",
    "redos-regex": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
        'FILTER(REGEX(CONCAT(STR(?o), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), '
        '"^(a+)+$|(.*a){30}")) }'
    ),
}


@pytest.fixture(scope="module")
def server(
    release: Release, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    log = tmp_path_factory.mktemp("cost") / "server.log"
    args = ("--workers", "2", "--query-timeout", str(LIMIT))
    env = {
        "KOLDING_GRAPH_QUERY_MEMORY_MB": str(MEMORY_MB),
        "KOLDING_GRAPH_CLIENT_QUERY_SECONDS": "1000",
        "RUST_BACKTRACE": "0",
    }
    with production_server(release.path, log, *args, env=env) as running:
        yield running


def tree_usage(server: Running) -> tuple[float, int]:
    """Return (CPU seconds, resident bytes) of the server's processes."""
    ticks, resident = 0, 0
    page = 4096
    for pid in [server.process.pid, *process_tree(server.process.pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            resident += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / 100, resident


def test_costly_queries_are_stopped_and_others_served(server: Running) -> None:
    request(server, query_path(ASK), source=OTHER_CLIENT)
    _, baseline = tree_usage(server)
    for name, query in COSTLY.items():
        result: dict[str, Answer] = {}

        def run(text: str = query, result: dict = result) -> None:
            result["answer"] = request(
                server,
                "/sparql",
                method="POST",
                source=HEAVY_CLIENT,
                body=text.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query"},
            )

        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(0.3)
        others = [
            request(server, query_path(ASK), source=OTHER_CLIENT) for _ in range(3)
        ]
        thread.join(timeout=LIMIT + 30)
        answer = result["answer"]
        assert answer.status in (200, 400, 413, 503), (name, answer.status)
        assert answer.seconds < LIMIT + 2, (name, answer.seconds)
        assert b"Traceback" not in answer.body and b'File "' not in answer.body
        if name in MEMORY_BOMBS:
            assert answer.status == 503 and answer.seconds < LIMIT, name
            assert b"more memory than one query may use" in answer.body
        if answer.status != 200:
            assert int(answer.headers.get("retry-after", "1")) > 0
            assert len(answer.body) < 2000, name  # a message, not a partial result
        assert all(a.status == 200 and a.seconds < 1.0 for a in others), (name, others)
        assert_resources_released(server, baseline, name)
    assert "Traceback" not in server.log_text()


def assert_resources_released(server: Running, baseline: int, name: str) -> None:
    time.sleep(0.3)
    cpu_before, _ = tree_usage(server)
    time.sleep(0.7)
    cpu_after, resident = tree_usage(server)
    assert cpu_after - cpu_before < 0.3, f"{name}: something still computes"
    assert resident < baseline + 150_000_000, (
        f"{name}: {resident - baseline} bytes kept"
    )
    answer = request(server, query_path(ASK), source=OTHER_CLIENT)
    assert answer.status == 200 and answer.seconds < 1.0


def test_page_queries_in_the_web_worker_leave_its_memory_unlimited(
    release: Release,
) -> None:
    """Regression: the budget was set by evaluate(), which page queries also
    call in the web worker itself; it limited the whole worker (and what it
    started, such as a browser)."""
    import resource

    from conftest import ROOT
    from kolding_graph.web import create_app
    from kolding_graph.web.state import get_state

    before = resource.getrlimit(resource.RLIMIT_AS)
    app = create_app(
        {
            "RELEASE_DIR": str(release.path),
            "SOURCE_DIR": str(ROOT),
            "QUERY_MEMORY_MB": 150,
        }
    )
    client = app.test_client()
    try:
        assert client.get("/id/city/orebro").status_code == 200
        assert client.get(query_path(ASK)).status_code == 200
        assert resource.getrlimit(resource.RLIMIT_AS) == before
    finally:
        with app.app_context():
            get_state().store.close()
