"""The time limit on a real production server (gunicorn, two workers, 2 s limit)."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kolding_graph.release import Release
from servers import cpu_seconds, descendants, kolding_graph_serve

LIMIT = 2.0
# A four-way cartesian product over the whole graph: it would run for days.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "ASK { ?s ?p ?o }"


def fetch(base: str, query: str) -> tuple[int, dict, bytes]:
    """GET a query; return status, headers and body (errors included)."""
    url = f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_query_past_the_limit_is_stopped_and_others_are_served(
    release: Release, tmp_path: Path
) -> None:
    args = ("--workers", "2", "--query-timeout", str(LIMIT))
    with kolding_graph_serve(release.path, *args, log=tmp_path / "log") as (base, proc):
        heavy: dict = {}

        def run_heavy() -> None:
            started = time.monotonic()
            heavy["answer"] = fetch(base, HEAVY)
            heavy["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=run_heavy)
        thread.start()
        time.sleep(0.5)
        simple = [fetch(base, SIMPLE) for _ in range(5)]
        still_running = thread.is_alive()
        thread.join(timeout=LIMIT + 10)

        assert still_running, "the simple queries were answered during the heavy one"
        assert [status for status, _, _ in simple] == [200] * 5
        status, headers, body = heavy["answer"]
        assert status == 503 and b"time limit" in body
        assert int(headers["Retry-After"]) > 0
        assert heavy["seconds"] < LIMIT + 2

        # The query's process was killed: nothing under the server burns CPU.
        time.sleep(0.3)
        pids = descendants(proc.pid)
        before = cpu_seconds(pids)
        time.sleep(1.0)
        assert cpu_seconds(pids) - before < 0.2
        assert fetch(base, SIMPLE)[0] == 200
