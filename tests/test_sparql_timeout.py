"""The time limit on a real production server (granian, two workers, 2 s limit)."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from pathlib import Path

from kolding_graph.release.load import Release
from servers import cpu_seconds, descendants, kolding_graph_serve

LIMIT = 2.0
# A four-way cartesian product over the whole graph: it would run for days.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "ASK { ?s ?p ?o }"


def fetch(base: str, query: str, source: str = "") -> tuple[int, dict, bytes]:
    """GET a query (from a given loopback address); return status, headers, body."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(
        host, int(port), timeout=30, source_address=(source, 0) if source else None
    )
    try:
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
        response = connection.getresponse()
        # Header names in lower case: HTTP does not fix their case (granian sends
        # them lower-cased).
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, found, response.read()
    finally:
        connection.close()


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
        # Another client (fair shares: one client cannot hold both workers).
        simple = [fetch(base, SIMPLE, source="127.0.0.2") for _ in range(5)]
        still_running = thread.is_alive()
        thread.join(timeout=LIMIT + 10)

        assert still_running, "the simple queries were answered during the heavy one"
        assert [status for status, _, _ in simple] == [200] * 5
        status, headers, body = heavy["answer"]
        assert status == 503 and b"time limit" in body
        assert int(headers["retry-after"]) > 0
        assert heavy["seconds"] < LIMIT + 2

        # The query's process was killed: nothing under the server burns CPU.
        time.sleep(0.3)
        pids = descendants(proc.pid)
        before = cpu_seconds(pids)
        time.sleep(1.0)
        assert cpu_seconds(pids) - before < 0.2
        assert fetch(base, SIMPLE)[0] == 200
