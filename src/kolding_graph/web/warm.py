"""Warm the answer caches when a release is loaded, so a first visit is a hit.

The server before it forks its workers, and each worker on a thread after a
release change, fetches through its own front layer (no socket) the home page and
the pages it links to, breadth first and bounded in number and time, and every
example query as a browser and as a SPARQL client ask for it. Each page is then
rendered in Flask's per-release page cache (a first visit, whatever its headers,
skips the rendering) and each answer sits in the front store for the headers it
was asked with. The time bound keeps the server's start short at 1M triples;
after a reload, requests are served meanwhile (a first visit before its page is
warmed renders it).
"""

from __future__ import annotations

import io
import logging
import re
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kolding_graph import formats
from kolding_graph.web.ops import WARM

log = logging.getLogger(__name__)
# Bounds: every page at 1k triples; at 1M the first pages breadth first,
# so that the server is ready in seconds.
MAX_PAGES = 5000
MAX_SECONDS = 3.0
PARALLEL = 3  # pages fetched at once
# What browsers send (Chromium, Firefox); a page varies on Accept.
BROWSER_ACCEPTS = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
)
SPARQL_ACCEPT = formats.JSON.media_type
GRAPH_ACCEPT = formats.TURTLE.media_type
_LINK = re.compile(rb'href="(/[^"#]*)"')
# Never followed: files, the feed and the endpoint's editor forms.
_SKIP = ("/downloads", "/assets", "/static", "/releases", "/.well-known", "/metrics")
# Nor pages as of a year or of an old release: every link on them keeps the year,
# so following them would warm each page once per year before today's are done.
_PAST = re.compile(r"[?&](?:asOf|release)=")

App = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


def warm_state(front: Any, host: str, port: int) -> None:
    """Warm the caches for the release the front's app serves now; log how many."""
    from kolding_graph.web.reload import refresh

    started = time.monotonic()
    state = refresh(front.app)
    if state.store is None:
        return
    count = warm(front, state.queries.values(), host, port)
    log.info(
        "warmed %d answers of release %s in %.1f s",
        count,
        state.release_id,
        time.monotonic() - started,
    )


def warm(app: App, queries: Iterable[Any], host: str, port: int) -> int:
    """Fetch the pages reachable from home and the example queries; return how many."""
    deadline = time.monotonic() + MAX_SECONDS
    fetched = _crawl(app, host, port, deadline)
    for named in queries:
        if time.monotonic() > deadline:
            break
        path = f"/sparql/examples/{named.name}"
        asked = "/sparql?" + urllib.parse.urlencode({"query": named.text})
        accept = (
            GRAPH_ACCEPT if named.form in ("CONSTRUCT", "DESCRIBE") else SPARQL_ACCEPT
        )
        get(app, path, accept, host, port)
        get(app, asked, accept, host, port)
        for accept in BROWSER_ACCEPTS:
            get(app, asked, accept, host, port)
        fetched += 2 + len(BROWSER_ACCEPTS)
    return fetched


def _crawl(app: App, host: str, port: int, deadline: float) -> int:
    """Fetch home and the pages it links to, breadth first; return how many.

    A few pages at a time: their queries run in query processes, so rendering
    one page overlaps the engine's work for another.
    """
    seen, todo, fetched = {"/"}, deque(["/"]), 0

    def fetch(path: str) -> tuple[int, bytes]:
        # One fetch renders the page into the per-release page cache, which
        # any Accept and language of a first visit then hits.
        return get(app, path, BROWSER_ACCEPTS[0], host, port)

    with ThreadPoolExecutor(PARALLEL, "warm-up") as pool:
        while todo and fetched < MAX_PAGES and time.monotonic() < deadline:
            batch = [todo.popleft() for _ in range(min(len(todo), 2 * PARALLEL))]
            for status, body in pool.map(fetch, batch):
                fetched += 1
                if status == 200:
                    _follow(body, seen, todo)
    return fetched


def _follow(body: bytes, seen: set[str], todo: deque[str]) -> None:
    """Queue the local links of a page not seen before."""
    for link in _LINK.findall(body):
        found = link.decode("utf-8", "replace").replace("&amp;", "&")
        if (
            found not in seen
            and not found.startswith(_SKIP)
            and not _PAST.search(found)
        ):
            seen.add(found)
            todo.append(found)


def get(app: App, target: str, accept: str, host: str, port: int) -> tuple[int, bytes]:
    """GET a path from the app in this process; return status and body."""
    path, _, query = target.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": urllib.parse.unquote(path, "latin-1"),
        "RAW_URI": target,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": f"{host}:{port}",
        "HTTP_ACCEPT": accept,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        WARM: True,
    }
    status: list[str] = []
    body = app(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        data = b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return int(status[0][:3]), data
