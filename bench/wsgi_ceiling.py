#!/usr/bin/env python3
"""The ceiling of a Python WSGI app under granian, beside Oxigraph (not run by tests).

Starts `oxigraph serve --union-default-graph` on the bench graph's store and
granian (our production settings: WSGI, WORKERS processes, THREADS threads)
with an app that answers Oxigraph's own bytes for the one-entity query without
doing anything else, then drives both with `wrk -t1 -c2`, alternating, and
prints the medians. Whatever our server does in Python comes on top of the
second figure, so a cached answer cannot be served faster than it.

    .venv/bin/python bench/wsgi_ceiling.py [--size 1m] [--rounds 3] [--duration 4]
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
ACCEPT = "application/sparql-results+json"
APP = '''
BODY = open({body!r}, "rb").read()
HEADERS = [("Content-Type", "{accept}"), ("Content-Length", str(len(BODY)))]

def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
'''


def free_port() -> int:
    """Return a free TCP port on the loopback address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str) -> bytes:
    """Return the body of url once the server answers it (30 s at most)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            request = urllib.request.Request(url, headers={"Accept": ACCEPT})
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def requests_per_second(url: str, seconds: int) -> float:
    """Return what wrk -t1 -c2 measured for url."""
    done = subprocess.run(
        ["wrk", "-t1", "-c2", f"-d{seconds}s", "-H", f"Accept: {ACCEPT}", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))


def main() -> None:
    """Print the two servers' req/s, medians of alternating rounds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    data = ROOT / "bench" / "data" / args.size
    city = json.loads((data / "bench.json").read_text())["samples"]["city"]
    text = f"SELECT ?p ?o WHERE {{ <{city}> ?p ?o }}"
    query = urllib.parse.urlencode({"query": text})
    ox_port, py_port = free_port(), free_port()
    oxigraph = subprocess.Popen(
        [BIN / "oxigraph", "serve", "--location", data / "oxigraph-store",
         "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    servers = [oxigraph]
    with tempfile.TemporaryDirectory() as folder:
        try:
            ox_url = f"http://127.0.0.1:{ox_port}/query?{query}"
            body = Path(folder) / "answer.json"
            body.write_bytes(wait_for(ox_url))
            (Path(folder) / "fixed.py").write_text(
                APP.format(body=str(body), accept=ACCEPT)
            )
            servers.append(
                subprocess.Popen(
                    [BIN / "granian", "--interface", "wsgi", "--workers",
                     str(args.workers), "--blocking-threads", str(args.threads),
                     "--runtime-threads", "1", "--port", str(py_port), "--no-ws",
                     "--working-dir", folder, "fixed:app"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            )
            py_url = f"http://127.0.0.1:{py_port}/sparql?{query}"
            wait_for(py_url)
            found: dict[str, list[float]] = {"oxigraph": [], "granian-wsgi": []}
            for _ in range(args.rounds):
                found["oxigraph"].append(requests_per_second(ox_url, args.duration))
                found["granian-wsgi"].append(
                    requests_per_second(py_url, args.duration)
                )
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    ox = statistics.median(found["oxigraph"])
    for name, values in found.items():
        median = statistics.median(values)
        print(f"{name:14} {median:9,.0f} req/s  {median / ox:.2f}x  {values}")


if __name__ == "__main__":
    sys.exit(main())
