"""Bounded load test of the production server on loopback (not a unit test).

Usage: .venv/bin/python bench/load.py [--seconds 60] [--warmup 15] [--clients 4]
                                      [--release DIR] [--json FILE]

Builds the repository into a temporary release (unless --release is given),
starts `kolding-graph serve` (production settings, gunicorn) on 127.0.0.1 and
drives it for a fixed time with mixed traffic from several clients, each on its
own loopback address (127.0.0.20, .21, ...), as different users would be:

  pages      entity pages, the home page, lists and search; each page must
             contain the Danish label of its entity
  examples   every named query in queries/*.rq; each answer must have the
             number of rows, triples or the boolean its header expects
  downloads  every file of the release; each body must match its SHA-256
  bad        malformed queries (400), updates (403), SERVICE (400)

and one more client sending heavy queries back to back (a cartesian product),
each of which must be stopped (503 at the time limit) or refused (429).

Reports requests and wrong answers per kind, unexpected 5xx, p50/p99 latency,
and the memory (PSS) of the server's processes in the first and last 10 s
after the warm-up (the traffic runs through the warm-up too and is checked).
Exit code 1 if any answer was wrong or any unexpected 5xx was seen.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kolding_graph.build.cut import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.query.named import load_queries
from kolding_graph.release.load import load_release

ROOT = Path(__file__).resolve().parent.parent
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE { ?s skos:prefLabel ?label FILTER(LANG(?label) = "da")
  FILTER(STRSTARTS(STR(?s), "https://data.kolding.dk/id/")) }"""
BAD = [
    ("SELECT * WHERE {", 400),
    ("DELETE WHERE { ?s ?p ?o }", 403),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 400),
    ("SELECT * WHERE " + "{" * 500 + "}" * 500, 400),
]
MIX = [("pages", 45), ("examples", 35), ("downloads", 10), ("bad", 10)]


@dataclass
class Tally:
    """What one kind of request got: latencies, statuses and wrong answers."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    unexpected_5xx: int = 0


class Server:
    """`kolding-graph serve` in its own process group on a free loopback port."""

    def __init__(self, release: Path, log: Path) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [str(Path(sys.executable).with_name("kolding-graph")), "serve"]
        command += ["--release", str(release), "--port", str(self.port)]
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, "/healthz", None)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def resident_bytes(self) -> int:
        """Return the memory of the server and all its children (PSS: shared
        copy-on-write pages counted once, split between the processes)."""
        total = 0
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            for line in rollup.splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        return total

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def descendants(pid: int) -> list[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, its in parents.items() if its == parent]
        found += children
        todo += children
    return found


def fetch(
    port: int, path: str, source: str | None, headers: dict | None = None
) -> tuple[int, bytes, float]:
    """GET a path from the server; return status, body and seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()


def sparql_path(query: str, **params: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


class Traffic:
    """The requests to send and how to check each answer."""

    def __init__(self, port: int, release_dir: Path) -> None:
        self.port = port
        self.release = load_release(release_dir)
        self.queries = list(load_queries(ROOT / "queries").values())
        status, body, _ = fetch(port, sparql_path(LABELS), None)
        rows = json.loads(body)["results"]["bindings"]
        base = self.release.base_iri
        self.pages = {
            "/" + row["s"]["value"][len(base) :]: row["label"]["value"] for row in rows
        }
        self.downloads = self._find_downloads()

    def _find_downloads(self) -> dict[str, str]:
        found = {}
        for name, info in self.release.files.items():
            path = f"/downloads/latest/{name}"
            if fetch(self.port, path, None)[0] == 200:
                found[path] = info["sha256"]
        return found

    def one(self, kind: str, source: str, rng: random.Random) -> tuple[int, float, str]:
        """Send one request of a kind; return status, seconds, and what was wrong."""
        return getattr(self, f"_{kind}")(source, rng)

    def _pages(self, source: str, rng: random.Random) -> tuple[int, float, str]:
        path, label = rng.choice(list(self.pages.items()))
        status, body, seconds = fetch(self.port, path, source, {"Accept": "text/html"})
        ok = status == 200 and label in html.unescape(body.decode("utf-8"))
        return status, seconds, "" if ok else f"{path}: {status}, label missing"

    def _examples(self, source: str, rng: random.Random) -> tuple[int, float, str]:
        named = rng.choice(self.queries)
        graph = named.form in ("CONSTRUCT", "DESCRIBE")
        fmt = "ntriples" if graph else "json"
        status, body, seconds = fetch(
            self.port, sparql_path(named.text, format=fmt), source
        )
        return status, seconds, check_example(named, status, body, graph)

    def _downloads(self, source: str, rng: random.Random) -> tuple[int, float, str]:
        if not self.downloads:
            return self._pages(source, rng)
        path, digest = rng.choice(list(self.downloads.items()))
        status, body, seconds = fetch(self.port, path, source)
        ok = status == 200 and hashlib.sha256(body).hexdigest() == digest
        return status, seconds, "" if ok else f"{path}: {status} or checksum"

    def _bad(self, source: str, rng: random.Random) -> tuple[int, float, str]:
        query, expected = rng.choice(BAD)
        status, _, seconds = fetch(self.port, sparql_path(query), source)
        return status, seconds, "" if status == expected else f"{query[:40]}: {status}"


def check_example(named, status: int, body: bytes, graph: bool) -> str:  # noqa: ANN001
    """Return what is wrong with an example's answer ('' if it is right)."""
    if status != 200:
        return f"{named.name}: status {status}"
    if graph:
        got = len([line for line in body.splitlines() if line.strip()])
    else:
        answer = json.loads(body)
        if "boolean" in answer:
            got = answer["boolean"]
        else:
            got = len(answer["results"]["bindings"])
    expected = named_expectation(named)
    if expected is None or got == expected:
        return ""
    return f"{named.name}: got {got}, expected {expected}"


def named_expectation(named) -> int | bool | None:  # noqa: ANN001
    for line in named.text.splitlines():
        if line.startswith("# expect-count:"):
            return int(line.split(":", 1)[1])
        if line.startswith("# expect-boolean:"):
            return line.split(":", 1)[1].strip() == "true"
    return None


def normal_client(
    traffic: Traffic, source: str, seed: int, until: float, tallies: dict
) -> None:
    rng = random.Random(seed)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    while time.monotonic() < until:
        kind = rng.choice(kinds)
        status, seconds, wrong = traffic.one(kind, source, rng)
        record(tallies[kind], status, seconds, wrong, status >= 500)


def heavy_client(port: int, source: str, until: float, tally: Tally) -> None:
    while time.monotonic() < until:
        status, _, seconds = fetch(port, sparql_path(HEAVY), source)
        wrong = "" if status in (503, 429) else f"heavy query answered {status}"
        record(tally, status, seconds, wrong, status >= 500 and status != 503)
        if status == 429:
            time.sleep(1.0)


_LOCK = threading.Lock()


def record(tally: Tally, status: int, seconds: float, wrong: str, bad5xx: bool) -> None:
    with _LOCK:
        tally.seconds.append(seconds)
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        if wrong:
            tally.wrong.append(wrong)
        tally.unexpected_5xx += bad5xx


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--warmup", type=float, default=15.0, help="seconds before memory is watched"
    )
    parser.add_argument("--release", type=Path)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        release = args.release or Path(scratch) / "dist"
        if args.release is None:
            build_release(ROOT, release, DEFAULT_BASE_IRI)
        server = Server(release, Path(scratch) / "server.log")
        try:
            report = drive(server, release, args.seconds, args.clients, args.warmup)
        finally:
            server.stop()
            log = (Path(scratch) / "server.log").read_text(errors="replace")
        report["tracebacks_in_log"] = log.count("Traceback")
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    failed = report["wrong_answers"] or report["unexpected_5xx"]
    return 1 if failed or report["tracebacks_in_log"] else 0


def drive(
    server: Server, release: Path, seconds: float, clients: int, warmup: float
) -> dict:
    """Send traffic for warmup + seconds; watch memory after the warm-up."""
    traffic = Traffic(server.port, release)
    tallies = {kind: Tally() for kind, _ in MIX} | {"heavy": Tally()}
    until = time.monotonic() + warmup + seconds
    threads = [
        threading.Thread(
            target=normal_client,
            args=(traffic, f"127.0.0.{20 + n}", n, until, tallies),
        )
        for n in range(clients)
    ]
    threads.append(
        threading.Thread(
            target=heavy_client,
            args=(server.port, "127.0.0.99", until, tallies["heavy"]),
        )
    )
    memory: list[tuple[float, int]] = []
    for thread in threads:
        thread.start()
    time.sleep(warmup)  # caches fill, query processes are forked
    started = time.monotonic()
    while time.monotonic() < until:
        memory.append((time.monotonic() - started, server.resident_bytes()))
        time.sleep(1.0)
    for thread in threads:
        thread.join(timeout=120)
    report = summarise(tallies, memory, seconds, clients)
    report["warmup"] = warmup
    return report


def summarise(tallies: dict, memory: list, seconds: float, clients: int) -> dict:
    first = [rss for at, rss in memory if at < 10]
    last = [rss for at, rss in memory if at >= seconds - 10]
    normal = [s for kind, t in tallies.items() if kind != "heavy" for s in t.seconds]
    return {
        "seconds": seconds,
        "clients": clients,
        "kinds": {
            kind: {
                "requests": len(t.seconds),
                "statuses": {str(k): v for k, v in sorted(t.statuses.items())},
                "wrong": len(t.wrong),
                "examples_of_wrong": t.wrong[:5],
                "p50_ms": round(statistics.median(t.seconds) * 1000, 1)
                if t.seconds
                else 0,
                "p99_ms": round(percentile(t.seconds, 0.99) * 1000, 1),
            }
            for kind, t in tallies.items()
        },
        "requests": sum(len(t.seconds) for t in tallies.values()),
        "wrong_answers": sum(len(t.wrong) for t in tallies.values()),
        "unexpected_5xx": sum(t.unexpected_5xx for t in tallies.values()),
        "normal_p50_ms": round(statistics.median(normal) * 1000, 1) if normal else 0,
        "normal_p99_ms": round(percentile(normal, 0.99) * 1000, 1),
        "rss_first_10s_mb": round(statistics.mean(first) / 1e6, 1) if first else 0,
        "rss_last_10s_mb": round(statistics.mean(last) / 1e6, 1) if last else 0,
        "memory_mb_each_second": [round(rss / 1e6, 1) for _, rss in memory],
    }


def print_report(report: dict) -> None:
    print(
        f"{report['warmup']:g} s warm-up + {report['seconds']:g} s, "
        f"{report['clients']} clients + 1 heavy client, "
        f"{report['requests']} requests"
    )
    print("| kind | requests | statuses | wrong | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for kind, row in report["kinds"].items():
        statuses = ", ".join(f"{k}: {v}" for k, v in row["statuses"].items())
        print(
            f"| {kind} | {row['requests']} | {statuses} | {row['wrong']} | "
            f"{row['p50_ms']} | {row['p99_ms']} |"
        )
        for example in row["examples_of_wrong"]:
            print(f"    wrong: {example}")
    print(
        f"unexpected 5xx: {report['unexpected_5xx']}; wrong answers: "
        f"{report['wrong_answers']}; tracebacks in the server log: "
        f"{report['tracebacks_in_log']}"
    )
    print(
        f"normal traffic p50 {report['normal_p50_ms']} ms, p99 "
        f"{report['normal_p99_ms']} ms"
    )
    print(
        f"server memory (PSS of all processes): first 10 s "
        f"{report['rss_first_10s_mb']} MB, last 10 s {report['rss_last_10s_mb']} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
