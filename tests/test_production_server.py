"""The production server (granian, two workers): metrics over all workers, access
log with request ids, slow clients, over-long request lines, headers and bodies.
"""

from __future__ import annotations

import http.client
import re
import select
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from kolding_graph.release.load import Release
from production import (
    Running,
    process_tree,
    production_server,
    query_path,
    request,
)

ASK = "ASK { ?s ?p ?o }"
IDLE_SECONDS = 2.0


@pytest.fixture(scope="module")
def server(
    release: Release, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    log = tmp_path_factory.mktemp("production") / "server.log"
    args = ("--workers", "2", "--query-timeout", "2")
    env = {"KOLDING_GRAPH_IDLE_TIMEOUT": str(IDLE_SECONDS)}
    with production_server(release.path, log, *args, env=env) as running:
        yield running


def assert_healthy(server: Running) -> None:
    """A trivial query answers in under a second."""
    answer = request(server, query_path(ASK))
    assert answer.status == 200 and answer.seconds < 1.0, answer


def sample(server: Running, name: str, **labels: str) -> float:
    """Return one sample from the server's /metrics (0 if absent)."""
    text = request(server, "/metrics").body.decode("utf-8")
    for line in text.splitlines():
        series, _, value = line.rpartition(" ")
        if line.startswith("#") or series.split("{")[0] != name:
            continue
        if dict(re.findall(r'(\w+)="([^"]*)"', series)) == labels:
            return float(value)
    return 0.0


def worker_pids(server: Running) -> set[int]:
    """Return the workers' process ids (children of the main process)."""
    tree = process_tree(server.process.pid)
    return {pid for pid, parent in tree.items() if parent == server.process.pid}


def test_metrics_add_up_over_every_worker(server: Running) -> None:
    labels = {"route": "/sparql", "method": "GET", "status": "200"}
    before = sample(server, "kolding_graph_requests_total", **labels)
    path = query_path(ASK)

    def client() -> None:
        for _ in range(10):
            assert request(server, path).status == 200

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(worker_pids(server)) == 2
    # Whichever worker answers a scrape, it reports the sum over both.
    scrapes = {
        sample(server, "kolding_graph_requests_total", **labels) for _ in range(6)
    }
    assert scrapes == {before + 40}


def test_access_log_carries_the_request_id(server: Running) -> None:
    answer = request(server, query_path(ASK), headers={"X-Request-Id": "log-trace-7"})
    made = request(server, "/no/such/page").headers["x-request-id"]
    assert answer.headers["x-request-id"] == "log-trace-7"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        text = server.log_text()
        if "rid=log-trace-7" in text and f"rid={made}" in text:
            break
        time.sleep(0.1)
    lines = [
        line for line in server.log_text().splitlines() if "rid=log-trace-7" in line
    ]
    assert len(lines) == 1 and '"GET /sparql?query=' in lines[0] and " 200 " in lines[0]
    assert any(f"rid={made}" in line and " 404 " in line for line in text.splitlines())


def test_caches_are_warmed_once_before_the_workers_fork(server: Running) -> None:
    """Regression: the warm-up's own requests also started a second warm-up, on
    a thread of the main process, which was still running when it forked."""
    warmed = [line for line in server.log_text().splitlines() if "warmed " in line]
    assert len(warmed) == 1 and " answers of release " in warmed[0]
    answer = request(server, "/", headers={"Accept": "text/html"})
    assert answer.status == 200 and answer.headers["content-language"] == "da"


def test_stalled_client_is_dropped_while_others_are_served(server: Running) -> None:
    stalled = socket.create_connection((server.host, server.port))
    try:
        stalled.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        for _ in range(3):
            assert_healthy(server)
        stalled.settimeout(IDLE_SECONDS + 10)
        try:
            leftover = stalled.recv(4096)
        except ConnectionResetError:
            leftover = b""
        held = time.monotonic() - started
    finally:
        stalled.close()
    assert leftover == b"" and held < IDLE_SECONDS + 2
    assert "Traceback" not in server.log_text()
    assert_healthy(server)


def test_many_stalled_clients_cost_connections_not_workers(server: Running) -> None:
    """Regression: with gunicorn's sync workers, as many stalled clients as
    workers held every worker until the idle limit, and nobody was served."""
    stalled = []
    try:
        for _ in range(60):  # far more than workers x threads (2 x 4)
            sock = socket.create_connection((server.host, server.port))
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
            stalled.append(sock)
        # Some stalled in the middle of a body: each holds a request thread for
        # at most the idle limit, so fewer than there are threads.
        for sock in stalled[:3]:
            sock.sendall(b"Content-Length: 100\r\n\r\nASK")
        for _ in range(10):
            assert_healthy(server)
    finally:
        for sock in stalled:
            sock.close()
    assert_healthy(server)


def test_one_client_sending_bodies_slowly_cannot_hold_every_thread(
    server: Running,
) -> None:
    """Regression: twelve bodies that never finish, from one address, held all
    eight request threads (two workers x four) until the idle limit. Now each
    worker waits on at most two bodies of one client and refuses more (429)."""
    slow = []
    try:
        started = time.monotonic()
        for _ in range(12):
            sock = socket.create_connection(
                (server.host, server.port), source_address=("127.0.0.2", 0)
            )
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
                b"application/sparql-query\r\nContent-Length: 500\r\n\r\nASK"
            )
            slow.append(sock)
        # The refused are answered at once; the admitted wait for their bodies.
        answered = answered_within(slow, 0.5)
        for _ in range(5):
            assert_healthy(server)  # another client, while the bodies stall
        # Before the idle limit, no admitted body has been given up on yet.
        assert time.monotonic() - started < IDLE_SECONDS
    finally:
        for sock in slow:
            sock.close()
    assert len(answered) >= 12 - 2 * 2
    assert all(first.startswith(b"HTTP/1.1 429") for first in answered)


def answered_within(socks: list[socket.socket], seconds: float) -> list[bytes]:
    """Return the first bytes of every socket that has an answer within seconds."""
    found: dict[socket.socket, bytes] = {}
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        waiting = [sock for sock in socks if sock not in found]
        readable = select.select(waiting, [], [], left)[0] if waiting else []
        if not readable:
            break
        for sock in readable:
            found[sock] = sock.recv(64)
    return list(found.values())


def test_stalled_body_is_dropped_without_a_server_error(server: Running) -> None:
    stalled = socket.create_connection((server.host, server.port))
    try:
        stalled.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: 500\r\n\r\nASK"
        )
        stalled.settimeout(IDLE_SECONDS + 10)
        started = time.monotonic()
        answer = b""
        while chunk := stalled.recv(4096):
            answer += chunk
        held = time.monotonic() - started
    finally:
        stalled.close()
    assert held < IDLE_SECONDS + 2
    assert not answer.startswith(b"HTTP/1.1 5"), answer[:200]
    assert_healthy(server)


def test_over_long_request_line_is_414(server: Running) -> None:
    answer = request(server, query_path("ASK {}" + " " * 9000))
    assert answer.status == 414
    assert_healthy(server)


def test_over_large_headers_are_431(server: Running) -> None:
    headers = {f"X-Padding-{i}": "x" * 100 for i in range(120)}
    answer = request(server, query_path(ASK), headers=headers)
    assert answer.status == 431
    assert_healthy(server)


def test_over_large_body_is_413(server: Running) -> None:
    body = b"ASK {}" + b" " * 2_000_000
    answer = request(
        server,
        "/sparql",
        method="POST",
        body=body,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert answer.status == 413 and b"Traceback" not in answer.body
    assert_healthy(server)


def test_over_large_form_body_is_413(server: Running) -> None:
    body = b"query=" + b"%20" * 700_000
    answer = request(
        server,
        "/sparql",
        method="POST",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 413
    assert_healthy(server)


# Raw paths as an attacker sends them (no client-side normalisation), against
# static files and downloads: every one is 404 (or 400 for what HTTP forbids),
# and nothing outside the served folders is ever in a body.
TRAVERSAL_TAILS = [
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "..%c0%af..%c0%af..%c0%afetc%c0%afpasswd",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "..\\..\\..\\..\\etc\\passwd",
    "..%5c..%5c..%5c..%5cetc%5cpasswd",
    "%2fetc%2fpasswd",
    "/etc/passwd",
    "....//....//....//etc/passwd",
    "site.css%00.txt",
    "..;/..;/..;/etc/passwd",
    "../../../../pyproject.toml",
    "../__init__.py",
    "../../web/__init__.py",
]
SECRETS = (b"root:", b"[tool.ruff]", b"from __future__", b"import ")


@pytest.mark.parametrize("prefix", ["/assets/", "/downloads/latest/", "/downloads/"])
def test_raw_traversal_paths_are_404(server: Running, prefix: str) -> None:
    for tail in TRAVERSAL_TAILS:
        with socket.create_connection((server.host, server.port), timeout=10) as raw:
            raw.sendall(
                f"GET {prefix}{tail} HTTP/1.1\r\nHost: x\r\n"
                "Connection: close\r\n\r\n".encode("latin-1")
            )
            answer = b""
            while chunk := raw.recv(65536):
                answer += chunk
        status = int(answer.split(b" ", 2)[1])
        assert status in (400, 404, 308), (prefix + tail, status)
        assert not any(secret in answer for secret in SECRETS), prefix + tail
    assert_healthy(server)


def test_over_large_chunked_body_is_413(server: Running) -> None:
    """Regression: with no Content-Length to check up front, Werkzeug read a
    chunked body up to the limit and stopped; the query, cut short, was run
    and answered 200."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        chunks = (b"ASK {}" if i == 0 else b" " * 65536 for i in range(40))
        connection.request(
            "POST",
            "/sparql",
            body=chunks,
            headers={"Content-Type": "application/sparql-query"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        status, body = response.status, response.read()
    except (BrokenPipeError, ConnectionResetError):
        status, body = 413, b""  # the server closed after answering 413
    finally:
        connection.close()
    assert status == 413 and b"Traceback" not in body
    assert_healthy(server)
