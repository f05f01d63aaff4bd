"""CPU per cache-busting SPARQL GET in the web worker, through the front layer.

Usage (from the repository root, after bench/generate.py wrote bench/data/1k):

    .venv/bin/python bench/front_path.py [--release bench/data/1k/dist] [-n 2000]

In one process, no HTTP server: the front layer (web/front.py) is called as
granian calls it, with a new query text each time (a LIMIT no answer reaches),
so every request runs the query in the query process. Prints this process's CPU
per request (the query process's work is not in it), then the same for the
protocol functions and store.run alone, which is the floor the web layer adds to.
Then the CPU of replaying one stored answer (the same URL again) and of the
lexer's classify() for one new query text. Run once with KOLDING_GRAPH_FAST=0
in the environment to skip the fast path (web/fast_sparql.py) and measure
Flask's path.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import time
import urllib.parse

from kolding_graph.query.lexer import classify
from kolding_graph.query.protocol import ProtocolRequest, prepare
from kolding_graph.web import create_app, fast_sparql
from kolding_graph.web.front import Front
from kolding_graph.web.state import EXTENSION

QUERY = "SELECT ?p ?o WHERE { <https://data.kolding.dk/id/city/%s> ?p ?o } LIMIT %d"
ACCEPT = "application/sparql-results+json"


def environ_for(target: str) -> dict:
    """Return a WSGI environ for a GET of target, as a SPARQL client sends it."""
    path, _, query = target.partition("?")
    return {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path,
        "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000", "HTTP_ACCEPT": ACCEPT,
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(), "wsgi.version": (1, 0),
        "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }  # fmt: skip


def main() -> None:
    """Time the front layer and the floor under it; print CPU us per request."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--release", default="bench/data/1k/dist")
    parser.add_argument("--city", default="yssta-0-0")
    parser.add_argument("-n", type=int, default=2000)
    args = parser.parse_args()
    if os.environ.get("KOLDING_GRAPH_FAST") == "0":
        fast_sparql.applies = lambda environ: False  # type: ignore[assignment]
    logging.getLogger("kolding_graph").setLevel(logging.WARNING)
    config = {"RELEASE_DIR": args.release, "SOURCE_DIR": ".", "THREADS": 1}
    app = create_app({**config, "CLIENT_MAX_QUERIES": 0})
    front, store = Front(app), app.extensions[EXTENSION].store
    store.start()

    def through_front(i: int) -> None:
        target = "/sparql?" + urllib.parse.urlencode({"query": QUERY % (args.city, i)})
        b"".join(front(environ_for(target), lambda *a: None))

    def floor(i: int) -> None:
        store.run(prepare(ProtocolRequest(query=QUERY % (args.city, i)), ACCEPT))

    def replay(_i: int) -> None:  # one URL again and again: a stored answer
        through_front(0)

    def lexer(i: int) -> None:
        classify(QUERY % (args.city, 10**8 + i))

    steps = (
        ("front", through_front, 10**6),
        ("floor", floor, 10**7),
        ("replay", replay, 0),
        ("classify", lexer, 0),
    )
    for name, step, offset in steps:
        for i in range(200):  # warm: lexer, caches of the interpreter
            step(offset + 10**5 + i)
        started = time.process_time()
        for i in range(args.n):
            step(offset + i)
        used = (time.process_time() - started) / args.n * 1e6
        print(f"{name}: {used:.0f} us CPU per request in the web process")
    store.close()


if __name__ == "__main__":
    main()
