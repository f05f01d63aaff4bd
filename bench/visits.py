"""Measurements bench/run makes with Python clients rather than wrk.

- first_visits: every entity page of the graph fetched once, as a browser asks
  for it (its Accept and Accept-Language), one after the other on one
  keep-alive connection: the latency of a first visit after the server's
  warm-up (a page the warm-up reached is a cache hit; others are rendered).
- slow_clients: SLOW connections that each send a request one byte a second
  and never finish it (reconnecting when the server drops them), while two
  normal clients fetch an entity page and a SPARQL answer as fast as they can;
  the normal clients' latencies and errors.

Loopback only; every run is bounded in time.
"""

from __future__ import annotations

import http.client
import selectors
import socket
import statistics
import threading
import time

BROWSER = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
    "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "Accept-Language": "da-DK,da;q=0.9,en-US;q=0.8,en;q=0.7",
}
SLOW_REQUEST = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: bench\r\nX-Slow: " + (
    b"x" * 4000
)


def percentiles(samples: list[float]) -> dict[str, float]:
    """Return p50 and p99 (ms) of latencies in seconds."""
    if not samples:
        return {"p50_ms": 0.0, "p99_ms": 0.0}
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p99_ms": p99 * 1000}


def first_visits(port: int, paths: list[str], limit: int = 2000) -> dict:
    """Fetch each path once (a first visit); return count, statuses and latencies."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, statuses = [], {}
    for path in paths[:limit]:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=BROWSER)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            status = 0
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    connection.close()
    return {"pages": len(latencies), "statuses": statuses, **percentiles(latencies)}


def slow_clients(
    port: int, paths: list[tuple[str, dict]], seconds: float, slow: int
) -> dict:
    """Hold `slow` byte-a-second clients while two normal clients run; report."""
    stop = threading.Event()
    dripper = threading.Thread(target=_drip, args=(port, slow, stop), daemon=True)
    dripper.start()
    time.sleep(2.0)  # every slow connection open and dripping
    results: list[dict] = [{}, {}]
    normal = [
        threading.Thread(target=_normal, args=(port, paths, seconds, results, i))
        for i in range(2)
    ]
    for thread in normal:
        thread.start()
    for thread in normal:
        thread.join(seconds + 60)
    stop.set()
    dripper.join(10)
    latencies = results[0].get("latencies", []) + results[1].get("latencies", [])
    return {
        "slow_connections": slow,
        "seconds": seconds,
        "requests": len(latencies),
        "errors": sum(r.get("errors", 0) for r in results),
        "reconnects_of_slow": _drip.reconnects,  # type: ignore[attr-defined]
        **percentiles(latencies),
    }


def _normal(port: int, paths: list[tuple[str, dict]], seconds: float,
            results: list[dict], index: int) -> None:  # fmt: skip
    """Fetch the paths in turn until the time is up; note latencies and errors."""
    latencies, errors, i = [], 0, 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path, headers = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append(time.perf_counter() - started)
    connection.close()
    results[index] = {"latencies": latencies, "errors": errors}


def _drip(port: int, count: int, stop: threading.Event) -> None:
    """Keep `count` connections sending one byte a second; reopen dropped ones."""
    _drip.reconnects = 0  # type: ignore[attr-defined]
    selector = selectors.DefaultSelector()
    sent: dict[socket.socket, int] = {}

    def open_one() -> None:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        sent[sock] = 0

    for _ in range(count):
        open_one()
    while not stop.is_set():
        tick = time.monotonic()
        for key, _ in selector.select(timeout=0):  # the server answered or closed
            _close(selector, sent, key.fileobj)  # type: ignore[arg-type]
        for sock in list(sent):
            try:
                sock.send(SLOW_REQUEST[sent[sock] : sent[sock] + 1])
                sent[sock] += 1
            except OSError:
                _close(selector, sent, sock)
        while len(sent) < count and not stop.is_set():
            open_one()
            _drip.reconnects += 1  # type: ignore[attr-defined]
        stop.wait(max(0.0, 1.0 - (time.monotonic() - tick)))
    for sock in list(sent):
        _close(selector, sent, sock)


def _close(selector: selectors.BaseSelector, sent: dict, sock: socket.socket) -> None:
    selector.unregister(sock)
    sent.pop(sock, None)
    sock.close()


def entity_paths(
    base_url: str, query_path: str, base_iri: str, limit: int
) -> list[str]:
    """Return the paths of up to limit entities under {base_iri}id/, via SPARQL."""
    import json
    import urllib.request

    text = (
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o "
        f'FILTER(STRSTARTS(STR(?s), "{base_iri}id/")) }} LIMIT {limit}'
    )
    url = f"{base_url}{query_path}?" + urllib.parse.urlencode({"query": text})
    request = urllib.request.Request(
        url, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        rows = json.loads(response.read())["results"]["bindings"]
    return ["/" + row["s"]["value"][len(base_iri) :] for row in rows]
