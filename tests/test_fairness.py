"""Fair shares: a client over its share of queries gets 429, others are served.

The ledger is tested on its own, then on the production server (granian, two
workers) with clients on different loopback addresses (127.0.0.2, 127.0.0.3),
which are different clients to the server, as on a real network.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from conftest import ROOT
from kolding_graph.query.fair_share import Ledger, Limits, Refused, Ticket
from kolding_graph.release.load import Release
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

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK = "ASK { ?s ?p ?o }"
ABUSER, OTHER = "127.0.0.2", "127.0.0.3"


# --- the ledger --------------------------------------------------------------------


def test_ledger_limits_queries_at_once_per_client() -> None:
    ledger = Ledger(Limits(running=2, seconds=100))
    first, second = ledger.admit("a"), ledger.admit("a")
    with pytest.raises(Refused) as refused:
        ledger.admit("a")
    assert refused.value.status == 429 and refused.value.retry_after >= 1
    assert "at once" in refused.value.message
    ledger.admit("b")  # another client is not affected
    ledger.finish(first)
    ledger.admit("a")
    ledger.finish(second)


def test_ledger_limits_query_seconds_and_says_when_to_return() -> None:
    ledger = Ledger(Limits(running=4, seconds=1.0, window=60.0))
    ticket = ledger.admit("a")
    time.sleep(0.3)
    assert 0.3 <= ledger.finish(ticket) < 0.6
    running, debt = ledger.usage("a")
    assert running == 0 and 0.25 < debt < 0.6
    # A query that took 2 s: the client is now 1.3 s or so over its budget.
    ticket = ledger.admit("a")
    ledger.finish(Ticket(ticket.slot, ticket.position, ticket.started - 2.0))
    with pytest.raises(Refused) as refused:
        ledger.admit("a")
    assert "query time" in refused.value.message
    # The debt drains at 1 s per 60 s: about 80 s until it is under budget.
    assert 60 <= refused.value.retry_after <= 100
    ledger.admit("b")


def test_ledger_ignores_starts_of_a_dead_worker() -> None:
    ledger = Ledger(Limits(running=1, seconds=100, stale_after=0.2))
    ledger.admit("a")  # never finished: its worker was killed
    with pytest.raises(Refused):
        ledger.admit("a")
    time.sleep(0.25)
    ledger.admit("a")


def test_ledger_is_shared_with_forked_processes() -> None:
    ledger = Ledger(Limits(running=1, seconds=100))
    pid = os.fork()
    if pid == 0:  # a worker forked after the ledger exists
        try:
            ledger.admit("a")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert ledger.usage("a")[0] == 1
    with pytest.raises(Refused):
        ledger.admit("a")


def test_ledger_keeps_a_thousand_clients_apart() -> None:
    ledger = Ledger(Limits(running=1, seconds=100))
    for number in range(1000):  # each runs one query: none is taken for another
        ledger.admit(f"203.0.113.{number}")
    assert all(ledger.usage(f"203.0.113.{n}")[0] == 1 for n in range(1000))


# --- client identity in the app ----------------------------------------------------


@pytest.fixture(scope="module")
def proxied_app(release: Release) -> Iterator[Flask]:
    app = create_app(
        {
            "RELEASE_DIR": str(release.path),
            "SOURCE_DIR": str(ROOT),
            "WORKERS": 2,
            "TRUSTED_PROXIES": "10.9.9.9",
        }
    )
    yield app
    with app.app_context():
        get_state().store.close()


@pytest.mark.parametrize(
    ("peer", "forwarded", "counted"),
    [
        ("127.0.0.5", "203.0.113.7", "127.0.0.5"),  # not a proxy: header ignored
        ("10.9.9.9", "203.0.113.7", "203.0.113.7"),  # trusted proxy: its client
        ("10.9.9.9", "198.51.100.1, 203.0.113.8", "203.0.113.8"),  # last hop wins
        ("10.9.9.9", "", "10.9.9.9"),
    ],
)
def test_client_is_the_peer_unless_a_trusted_proxy_forwards(
    proxied_app: Flask, peer: str, forwarded: str, counted: str
) -> None:
    from kolding_graph.web.clients import LEDGER

    ledger: Ledger = proxied_app.extensions[LEDGER]
    held = ledger.admit(counted)  # that client already runs its one query
    try:
        response = proxied_app.test_client().get(
            query_path(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {len(peer + forwarded)}"),
            headers={"X-Forwarded-For": forwarded} if forwarded else {},
            environ_base={"REMOTE_ADDR": peer},
        )
    finally:
        ledger.finish(held)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert b"at once" in response.data


def cpu_seconds(server: Running) -> float:
    """Return the CPU time used so far by the server's processes."""
    ticks = 0
    for pid in process_tree(server.process.pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def test_client_over_budget_still_gets_cached_answers(proxied_app: Flask) -> None:
    from kolding_graph.web.clients import LEDGER

    ledger: Ledger = proxied_app.extensions[LEDGER]
    client = proxied_app.test_client()
    cached_query = query_path("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    first = client.get(cached_query, environ_base={"REMOTE_ADDR": "127.0.0.6"})
    assert first.status_code == 200
    spent = ledger.admit("127.0.0.7")
    ledger.finish(Ticket(spent.slot, spent.position, spent.started - 1000))
    over = {"REMOTE_ADDR": "127.0.0.7"}
    assert client.get(cached_query, environ_base=over).data == first.data
    not_modified = client.get(
        cached_query,
        environ_base=over,
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert not_modified.status_code == 304
    fresh = client.get(query_path('ASK { ?s ?p "fresh" }'), environ_base=over)
    assert fresh.status_code == 429 and b"query time" in fresh.data
    assert int(fresh.headers["Retry-After"]) > 60


# --- on the production server ------------------------------------------------------


@pytest.fixture(scope="module")
def server(
    release: Release, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    log = tmp_path_factory.mktemp("fairness") / "server.log"
    args = ("--workers", "2", "--query-timeout", "2")
    env = {"KOLDING_GRAPH_CLIENT_QUERY_SECONDS": "3"}
    with production_server(release.path, log, *args, env=env) as running:
        yield running


def test_abuser_gets_429_while_others_keep_their_latency(server: Running) -> None:
    heavy: dict[str, Answer] = {}

    def run_heavy() -> None:
        heavy["first"] = request(server, query_path(HEAVY), source=ABUSER)

    thread = threading.Thread(target=run_heavy)
    cpu = cpu_seconds(server)
    thread.start()
    # Wait until the heavy query really runs (the machine may be busy).
    deadline = time.monotonic() + 1.5
    while cpu_seconds(server) - cpu < 0.2 and time.monotonic() < deadline:
        time.sleep(0.05)
    # A second heavy query at once from the same client: refused at once.
    second = request(server, query_path(HEAVY), source=ABUSER)
    spoofed = request(
        server,
        query_path(HEAVY),
        source=ABUSER,
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    others = [request(server, query_path(ASK), source=OTHER) for _ in range(5)]
    thread.join(timeout=30)

    assert second.status == 429 and second.seconds < 1.0
    assert int(second.headers["retry-after"]) >= 1 and b"at once" in second.body
    assert spoofed.status == 429  # X-Forwarded-For is not believed by default
    assert all(a.status == 200 and a.seconds < 1.0 for a in others), others
    assert heavy["first"].status == 503 and b"time limit" in heavy["first"].body

    # Another 2 s query spends the 3 s budget; the next is refused for a while.
    assert request(server, query_path(HEAVY), source=ABUSER).status == 503
    refused = request(server, query_path('ASK { ?s ?p "new" }'), source=ABUSER)
    assert refused.status == 429 and b"query time" in refused.body
    assert int(refused.headers["retry-after"]) >= 5
    assert b"Traceback" not in refused.body
    # Everybody else is still served at once.
    fine = request(server, query_path(ASK), source=OTHER)
    assert fine.status == 200 and fine.seconds < 1.0


def test_citable_queries_on_old_releases_are_limited_too(tmp_path: Path) -> None:
    """A permalink runs the client's query on an old release's own store: the
    same fair shares apply there as on the endpoint."""
    import datetime as dt
    import shutil
    from urllib.parse import quote

    from conftest import MINI_PROJECT
    from kolding_graph.build.cut import cut_release
    from kolding_graph.release.citation import query_hash
    from kolding_graph.web.cite import CACHE_KEY
    from kolding_graph.web.clients import LEDGER

    project = Path(shutil.copytree(MINI_PROJECT, tmp_path / "project"))
    base = "https://data.kolding.dk/"
    for version, day in (("1.0", 15), ("1.1", 16)):
        cut_release(
            project,
            tmp_path / "releases",
            base,
            version,
            dt.date(2025, 1, day),
            out=tmp_path / "dist",
        )
    app = create_app(
        {
            "RELEASE_DIR": str(tmp_path / "dist"),
            "RELEASES_DIR": str(tmp_path / "releases"),
            "SOURCE_DIR": str(ROOT),
            "WORKERS": 2,
        }
    )
    ledger: Ledger = app.extensions[LEDGER]
    spent = ledger.admit("127.0.0.8")
    ledger.finish(Ticket(spent.slot, spent.position, spent.started - 1000))
    text = "SELECT * WHERE { ?s ?p ?o } LIMIT 3"
    path = f"/sparql/cite/1.0/{query_hash(text)}?query={quote(text, safe='')}"
    client = app.test_client()
    try:
        over = client.get(path, environ_base={"REMOTE_ADDR": "127.0.0.8"})
        fine = client.get(path, environ_base={"REMOTE_ADDR": "127.0.0.9"})
        assert over.status_code == 429 and b"query time" in over.data
        assert fine.status_code == 200
    finally:
        with app.app_context():
            get_state().store.close()
            if CACHE_KEY in app.extensions:
                app.extensions[CACHE_KEY].clear()
