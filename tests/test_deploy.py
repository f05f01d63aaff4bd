"""deploy/: nginx in front of two `kolding-graph serve` replicas over one Virtuoso.

Everything runs for real on loopback: Debian's nginx with deploy/nginx.conf (only
its ports replaced), two production servers, and Virtuoso filled by `publish`.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from kolding_graph.build.cut import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.release.load import load_release
from kolding_graph.store.publish import Login, graph_store_url, publish
from servers import (
    VIRTUOSO_USER,
    free_port,
    kolding_graph_serve,
    nginx_serve,
    virtuoso_serve,
)

pytestmark = pytest.mark.server
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
TWINS = (
    "SELECT ?city WHERE { <https://data.kolding.dk/id/municipality/kolding> "
    "<https://data.kolding.dk/def/twinnedWith> ?city } ORDER BY ?city"
)
REQUESTS = [
    ("GET", "/sparql?" + urllib.parse.urlencode({"query": TWINS}), "text/csv"),
    ("GET", "/sparql/examples/timeline", "application/sparql-results+json"),
    ("GET", "/id/city/orebro?lang=en", "text/html"),
    ("GET", "/id/city/orebro.ttl", "text/turtle"),
    ("POST", "/sparql", "application/sparql-results+json"),
]


@dataclass
class Deployment:
    """The running pieces and where the replicas read their release."""

    proxy: str
    replicas: list[tuple[str, object]]
    dist: Path
    work: Path
    store: str
    login: Login


def release_of(edition_date: str, out: Path) -> str:
    """Build the real project into out (a link), dated; return the release id."""
    date = dt.date.fromisoformat(edition_date)
    return build_release(ROOT, out, DEFAULT_BASE_IRI, date=date).release.id


def proxy_config(proxy_port: int, ports: list[int]) -> str:
    """Return deploy/nginx.conf with free ports in place of the documented ones."""
    text = NGINX_CONF.read_text()
    text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{proxy_port};")
    for documented, port in zip(("8001", "8002"), ports, strict=True):
        text = text.replace(
            f"server 127.0.0.1:{documented} ", f"server 127.0.0.1:{port} "
        )
    assert (
        f"server 127.0.0.1:{ports[1]} " in text and "server 127.0.0.1:8001" not in text
    )
    return text


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """Start Virtuoso, publish a release to it, two replicas and nginx."""
    work = tmp_path_factory.mktemp("deploy")
    dist = work / "dist"
    release_of("2025-03-01", dist)
    env = {"KOLDING_GRAPH_TRUSTED_PROXIES": "127.0.0.1"}
    with ExitStack() as stack:
        (work / "virtuoso").mkdir()
        base = stack.enter_context(virtuoso_serve(work / "virtuoso"))
        login = Login(*VIRTUOSO_USER)
        store = graph_store_url(f"{base}/sparql", login)
        publish(load_release(dist), store, login=login)
        replicas = []
        for number in (1, 2):
            replicas.append(
                stack.enter_context(
                    kolding_graph_serve(
                        dist,
                        "--endpoint",
                        f"{base}/sparql",
                        "--workers",
                        "2",
                        log=work / f"replica-{number}.log",
                        env=env,
                    )
                )
            )
        ports = [int(url.rsplit(":", 1)[1]) for url, _ in replicas]
        proxy_port = free_port()
        (work / "nginx").mkdir()
        proxy = stack.enter_context(
            nginx_serve(proxy_config(proxy_port, ports), work / "nginx", proxy_port)
        )
        yield Deployment(proxy, replicas, dist, work, store, login)


def fetch(
    base: str,
    method: str,
    path: str,
    accept: str,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
) -> tuple[int, dict[str, str], bytes]:
    """Send one request from a given loopback address; return status, headers, body."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(
        host, int(port), timeout=30, source_address=(source, 0)
    )
    body = urllib.parse.urlencode({"query": TWINS}) if method == "POST" else None
    sent = {"Accept": accept, **(headers or {})}
    if body:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        # Names in lower case: HTTP does not fix their case (granian lower-cases).
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, found, response.read()
    finally:
        connection.close()


def test_replicas_give_the_same_answers_and_etags(deployment: Deployment) -> None:
    (first, _), (second, _) = deployment.replicas
    # Pages name their own URL: ask each replica for the proxy's, as nginx does.
    host = {"Host": urllib.parse.urlsplit(deployment.proxy).netloc}
    for method, path, accept in REQUESTS:
        one = fetch(first, method, path, accept, host)
        two = fetch(second, method, path, accept, host)
        via = fetch(deployment.proxy, method, path, accept)
        assert one[0] == two[0] == via[0] == 200, (path, one[2][:200])
        assert one[2] == two[2] == via[2], path
        if method == "GET":
            assert one[1]["etag"] == two[1]["etag"] == via[1]["etag"], path


def test_an_etag_from_one_replica_is_a_304_on_the_other(
    deployment: Deployment,
) -> None:
    (first, _), (second, _) = deployment.replicas
    for method, path, accept in REQUESTS:
        if method != "GET":
            continue
        etag = fetch(first, method, path, accept)[1]["etag"]
        for base in (second, first, deployment.proxy):
            status, _, body = fetch(base, method, path, accept, {"If-None-Match": etag})
            assert (status, body) == (304, b""), (base, path)


def current_release(base: str) -> str:
    """Return the release id a server's /readyz names."""
    status, _, body = fetch(base, "GET", "/readyz", "application/json")
    assert status == 200, body
    return json.loads(body)["release"]


def test_a_new_release_is_picked_up_by_both_replicas(deployment: Deployment) -> None:
    """Publish the new release to the store, then switch the replicas' link."""
    old = current_release(deployment.replicas[0][0])
    nxt = deployment.work / "next"
    new = release_of("2025-04-01", nxt)
    assert new != old
    publish(load_release(nxt), deployment.store, login=deployment.login)
    link = deployment.work / "dist.new"
    os.symlink(os.path.realpath(nxt), link)
    os.replace(link, deployment.dist)
    for base, _ in deployment.replicas:
        for _ in range(4):  # every worker of each replica
            status, headers, _ = fetch(base, "GET", REQUESTS[0][1], "text/csv")
            assert status == 200 and headers["etag"].strip('"').startswith(new)
        assert current_release(base) == new
    status, headers, _ = fetch(deployment.proxy, "GET", REQUESTS[0][1], "text/csv")
    assert status == 200 and headers["etag"].strip('"').startswith(new)


def test_a_replica_killed_mid_run_fails_no_client_request(
    deployment: Deployment,
) -> None:
    """Clients on their own addresses keep querying through nginx while one
    replica is killed as `kill` and orchestrators do (SIGTERM to its server and
    workers): every answer is 200, from the other replica once it is gone.

    (SIGKILL of every process of a replica would also cut the answers it is
    sending at that instant, which no proxy can resend: README, "Deployment".)"""
    outcomes: list[tuple[int, str]] = []
    stop = threading.Event()

    def client(source: str) -> None:
        number = 0
        while not stop.is_set():
            method, path, accept = REQUESTS[number % len(REQUESTS)]
            number += 1
            try:
                status = fetch(deployment.proxy, method, path, accept, source=source)[0]
            except OSError as error:
                status = -1
                path = f"{path}: {error}"
            outcomes.append((status, path))

    threads = [
        threading.Thread(target=client, args=(f"127.0.0.{n}",)) for n in (2, 3, 4)
    ]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    before = len(outcomes)
    victim = deployment.replicas[0][1]
    os.killpg(victim.pid, signal.SIGTERM)  # type: ignore[attr-defined]
    victim.wait(timeout=20)  # type: ignore[attr-defined]
    gone = len(outcomes)
    time.sleep(2.0)
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    failed = [outcome for outcome in outcomes if outcome[0] != 200]
    assert failed == []
    assert before >= 6 and len(outcomes) >= gone + 6, (before, gone, len(outcomes))
    with pytest.raises(ConnectionRefusedError):  # it is gone, not just slow
        fetch(deployment.replicas[0][0], "GET", "/healthz", "text/plain")
    survivor = deployment.replicas[1][0]
    assert fetch(survivor, "GET", "/healthz", "text/plain")[0] == 200
