"""The WSGI layer in front of Flask: limits, request ids, access log, stored answers.

Every request passes here first. A GET whose answer this worker already holds
for the release being served (a SPARQL answer, a page, a description: anything
Flask marked with an ETag and did not forbid caching) is answered with the
stored bytes and headers, or 304 when the client's If-None-Match names it,
without entering Flask; only the request id is new. The store is keyed on the
release id: when reload.refresh() switches release, the old answers go with it.

The HTTP server (granian) parses requests in Rust and bounds header size and
header read time; this layer adds what it does not: the request line limit
(414), the body limit (413, chunked bodies too) and a deadline for the body
(408: the connection is closed), read on a helper thread so that a stalled
upload holds a request thread for at most IDLE_TIMEOUT seconds, and no client
holds more than half of a worker's threads that way (429 beyond).
"""

from __future__ import annotations

import io
import math
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ReadTimeout
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.http import parse_etags

from kolding_graph.store.cache import ResultCache
from kolding_graph.web import fast_sparql
from kolding_graph.web.access_log import log_request
from kolding_graph.web.clients import BodySlots, client_of
from kolding_graph.web.metrics import get_metrics
from kolding_graph.web.ops import (
    REQUEST_ID_HEADER,
    ROUTE,
    count_outside_flask,
    new_request_id,
)
from kolding_graph.web.reload import refresh

# The longest request line accepted, as gunicorn's limit_request_line was.
MAX_REQUEST_LINE = 8190
# URLs whose varying headers are remembered at once (each answer's key counts
# against CACHE_MAX_BYTES, this table only here).
MAX_URLS = 50_000
# Answers up to this size are kept (each also counts against CACHE_MAX_BYTES).
MAX_STORED_BYTES = 2_000_000
# Threads reading request bodies (a read parks one until its body or a timeout).
BODY_READERS = 64
# A body over the limit is read and dropped up to this many times the limit.
DRAIN_FACTOR = 16
_LATE = ("408 Request Timeout", "request body not sent in time")
_BUSY = "this client is already sending as many request bodies as it may at once"
_RID = "HTTP_X_REQUEST_ID"
_NOT_MODIFIED_KEEP = (
    "etag",
    "vary",
    "cache-control",
    "last-modified",
    "content-location",
)

StartResponse = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class Stored(fast_sparql.Answer):
    """One answer as Flask (or the fast path) gave it, and the route it came from."""

    route: str

    def __len__(self) -> int:
        return len(self.body) + 64 * len(self.headers)


class Front:
    """The WSGI application the server runs: Flask behind limits and a store."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.flask = app.wsgi_app
        self.max_body: int = app.config["MAX_REQUEST_BYTES"]
        self.idle: float = app.config["IDLE_TIMEOUT"]
        self.cache_bytes: int = app.config["CACHE_MAX_BYTES"]
        self._release: str | None = None
        self._answers = ResultCache(self.cache_bytes)
        self._vary: dict[tuple, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self._readers: ThreadPoolExecutor | None = None
        self.warm_for: tuple[str, int] | None = None  # (host, port) once warming
        self._readers_pid = 0
        # Half of a worker's request threads, at most, wait for one client's bodies.
        self._bodies = BodySlots(app.config["THREADS"] // 2)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request: refused, from the store, or by Flask."""
        started = time.perf_counter()
        given = environ.get(_RID, "")
        environ[_RID] = new_request_id(given)
        refused = self._check(environ)
        if refused is not None:
            return self._refuse(environ, start_response, started, *refused)
        if environ["REQUEST_METHOD"] in ("GET", "HEAD"):
            state = refresh(self.app)
            if state.release_id != self._release:
                self.switch_to(state.release_id)
            key = self._key(environ, state.release_id)
            if key is not None:
                hit = self._lookup(key, environ)
                if hit is not None:
                    return self._replay(environ, start_response, started, hit)
            if fast_sparql.applies(environ):
                kept = key is not None
                fast = fast_sparql.answer(self.app, state, environ, started, kept)
                if fast is not None:
                    return self._fast(environ, start_response, started, key, fast)
            return self._through(environ, start_response, started, key)
        return self._through(environ, start_response, started, None)

    # ------------------------------------------------------------ limits

    def _check(self, environ: dict) -> tuple[str, str] | None:
        """Return (status, reason) when the request is refused before Flask."""
        line = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))
        if line > MAX_REQUEST_LINE:
            return "414 URI Too Long", f"request line over {MAX_REQUEST_LINE} bytes"
        length = environ.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not length and not chunked:
            return None
        too_large = f"request body over {self.max_body} bytes"
        if length.isdigit() and int(length) > self.max_body:
            # Read and drop a body up to DRAIN_FACTOR times the limit, so that
            # the client, still sending, reads the 413 rather than a reset.
            if int(length) > DRAIN_FACTOR * self.max_body:
                return "408 Request Timeout", too_large  # closes the connection
            drained = self._in_time(_drain, environ["wsgi.input"], int(length))
            return ("413 Content Too Large", too_large) if drained else _LATE
        return self._read_body(environ, int(length) if length.isdigit() else None)

    def _in_time(self, read: Callable[..., Any], *args: Any) -> Any:
        """Run a body read on a helper thread; return None after IDLE_TIMEOUT."""
        future = self._pool().submit(read, *args)
        try:
            return future.result(timeout=self.idle)
        except ReadTimeout:
            future.cancel()
            return None

    def _read_body(self, environ: dict, length: int | None) -> tuple[str, str] | None:
        """Read the body within IDLE_TIMEOUT seconds into memory; refuse if not."""
        wanted = self.max_body + 1 if length is None else length
        client = client_of(
            environ.get("REMOTE_ADDR") or "unknown",
            environ.get("HTTP_X_FORWARDED_FOR", ""),
            self.app.config["TRUSTED_PROXIES"],
        )
        with self._bodies.slot(client) as admitted:
            if not admitted:
                return "429 Too Many Requests", _BUSY
            body = self._in_time(environ["wsgi.input"].read, wanted)
        if body is None:
            return _LATE[0], f"request body not sent in {self.idle:g} s"
        if len(body) > self.max_body:
            return "413 Content Too Large", f"request body over {self.max_body} bytes"
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return None

    def _pool(self) -> ThreadPoolExecutor:
        """Return this process's body readers (threads do not survive a fork)."""
        if self._readers is None or self._readers_pid != os.getpid():
            self._readers = ThreadPoolExecutor(BODY_READERS, "body-reader")
            self._readers_pid = os.getpid()
        return self._readers

    def _refuse(
        self,
        environ: dict,
        start_response: StartResponse,
        started: float,
        status: str,
        reason: str,
    ) -> Iterable[bytes]:
        body = f"{status[4:]}: {reason}\n".encode()
        headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            (REQUEST_ID_HEADER, environ[_RID]),
        ]
        if status[:3] == "408":
            # granian keeps a connection open until its request body is read;
            # a body shorter than its Content-Length makes it close at once,
            # which also ends the parked read. A stalled client gets no answer.
            # (The body must be an iterator: a list's length is trusted instead.)
            headers.append(("Content-Length", str(len(body) + 1)))
        else:
            # An unread body (413, 429) is drained by granian while the client
            # sends it, so the client reads this answer instead of a reset.
            headers.append(("Content-Length", str(len(body))))
        if status[:3] == "429":
            headers.append(("Retry-After", str(math.ceil(self.idle))))
        start_response(status, headers)
        get_metrics().refusals.labels(status[4:].replace(" ", "")).inc()
        log_request(environ, status, len(body), started)
        return iter([body])

    # ------------------------------------------------------------ stored answers

    def _key(self, environ: dict, release: str | None) -> tuple | None:
        """Return what names an answer (None: this request is never stored)."""
        if release is None or self.cache_bytes <= 0 or environ.get("HTTP_COOKIE"):
            return None
        return (
            release,
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )

    def switch_to(self, release: str | None, warm: bool = True) -> None:
        """Forget the answers of the release served before; warm up for the new one."""
        with self._lock:
            if release == self._release:
                return
            self._answers = ResultCache(self.cache_bytes)
            self._vary = {}
            self._release = release
        if warm and self.warm_for is not None and release is not None:
            self.warm_in_background(*self.warm_for)

    def warm_in_background(self, host: str, port: int) -> None:
        """Warm this process's caches on a thread, now and after each release change."""
        from kolding_graph.web.warm import warm_state

        self.warm_for = (host, port)
        thread = threading.Thread(
            target=warm_state, args=(self, host, port), name="warm-up", daemon=True
        )
        thread.start()

    def _lookup(self, key: tuple, environ: dict) -> Stored | None:
        """Return the stored answer for this request's key and varying headers."""
        vary = self._vary.get(key)
        if vary is None:
            return None
        found = self._answers.get((key, *(environ.get(h, "") for h in vary)))
        return found

    def _remember(self, key: tuple, environ: dict, stored: Stored, vary: str) -> None:
        names = tuple(
            "HTTP_" + name.strip().upper().replace("-", "_")
            for name in vary.split(",")
            if name.strip()
        )
        with self._lock:
            if key[0] != self._release or self._vary.get(key, names) != names:
                return
            if len(self._vary) >= MAX_URLS:
                self._vary = {}  # bounded: their answers age out of the store
            self._vary[key] = names
            self._answers.put((key, *(environ.get(h, "") for h in names)), stored)

    def _replay(
        self,
        environ: dict,
        start_response: StartResponse,
        started: float,
        stored: Stored,
    ) -> Iterable[bytes]:
        """Send a stored answer (or 304) with this request's id."""
        status, headers, body = stored.status, stored.headers, stored.body
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if wanted and parse_etags(wanted).contains(stored.etag):
            status, body = "304 NOT MODIFIED", b""
            headers = [h for h in headers if h[0].lower() in _NOT_MODIFIED_KEEP]
        start_response(status, [*headers, (REQUEST_ID_HEADER, environ[_RID])])
        served = "not_modified" if status[0] == "3" else "front"
        count_outside_flask(environ, stored.route, status, started, served)
        log_request(environ, status, len(body), started)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _fast(
        self,
        environ: dict,
        start_response: StartResponse,
        started: float,
        key: tuple | None,
        fast: fast_sparql.Answer,
    ) -> Iterable[bytes]:
        """Send an answer of the fast path, and keep it to replay."""
        if key is not None and fast.status[:3] == "200":
            stored = Stored(fast.status, fast.headers, fast.body, fast.etag, "/sparql")
            self._remember(key, environ, stored, "Accept")
        start_response(fast.status, [*fast.headers, (REQUEST_ID_HEADER, environ[_RID])])
        log_request(environ, fast.status, len(fast.body), started)
        return [fast.body]

    # ------------------------------------------------------------ Flask

    def _through(
        self,
        environ: dict,
        start_response: StartResponse,
        started: float,
        key: tuple | None,
    ) -> Iterable[bytes]:
        """Let Flask answer; keep the answer when it may be replayed."""
        seen: list[Any] = []

        def capture(status: str, headers: list, exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info) if exc_info else None

        result = self.flask(environ, capture)
        status, headers = seen
        stored = self._storable(environ, key, status, headers, result)
        if stored is not None:
            start_response(status, headers)
            log_request(environ, status, len(stored.body), started)
            return [stored.body]
        start_response(status, headers)
        log_request(environ, status, _length(headers), started)
        return result

    def _storable(
        self,
        environ: dict,
        key: tuple | None,
        status: str,
        headers: list,
        result: Iterable[bytes],
    ) -> Stored | None:
        """Store and return the answer when it is a replayable 200, else None."""
        if key is None or environ["REQUEST_METHOD"] != "GET" or status[:3] != "200":
            return None
        named = {name.lower(): value for name, value in headers}
        etag = named.get("etag", "")
        size = named.get("content-length", "")
        if (
            not etag.startswith('"')
            or "set-cookie" in named
            or "no-store" in named.get("cache-control", "")
            or "private" in named.get("cache-control", "")
            or named.get("vary", "").strip() == "*"
            or not size.isdigit()
            or int(size) > MAX_STORED_BYTES
        ):
            return None
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        stored = Stored(
            status,
            [h for h in headers if h[0].lower() != REQUEST_ID_HEADER.lower()],
            body,
            etag[1:-1],
            environ.get(ROUTE, "unmatched"),
        )
        self._remember(key, environ, stored, named.get("vary", ""))
        return stored


def _drain(stream: Any, length: int) -> bool:
    """Read and drop length bytes of a request body; return True when done."""
    while length > 0:
        chunk = stream.read(min(length, 65536))
        if not chunk:
            break
        length -= len(chunk)
    return True


def _length(headers: list[tuple[str, str]]) -> int | None:
    for name, value in headers:
        if name.lower() == "content-length" and value.isdigit():
            return int(value)
    return None
