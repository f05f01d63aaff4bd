"""Per-client fairness on the SPARQL endpoint: admit, or refuse with 429.

A query a client sends to the endpoint is admitted by the shared ledger
(fairness.py) just before the engine runs it, and charged its time when it
ends; answers from the cache or a 304 cost nothing and are never refused.
Pages, probes and downloads are not limited here. The client is the peer
address; X-Forwarded-For is believed only from a proxy listed in
TRUSTED_PROXIES, and then only its last hop not in that list.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Blueprint, Flask, current_app, g, request

from kolding_graph.query.fair_share import Ledger, Limits, Refused
from kolding_graph.web.state import get_state

bp = Blueprint("fairness", __name__)
LEDGER = "kolding_graph.fairness"
QUERY_ENDPOINTS = ("sparql.endpoint", "sparql.example", "cite.answer")
# A client at its limit of queries at once waits this long for one of them to
# end before it is refused: quick queries sent in parallel are served in turn,
# a second heavy one is refused almost at once.
GRACE_SECONDS = 0.25
# A query older than the limit plus this margin is surely over (its slot is stale).
_REQUEST_MARGIN = 30.0
# The client whose query the engine is about to run (None: our own queries).
_CLIENT: ContextVar[str | None] = ContextVar("kolding_graph_client", default=None)


class FairStore:
    """A store whose client queries are admitted and charged by the ledger."""

    def __init__(self, inner: Any, ledger: Ledger) -> None:
        self.inner = inner
        self._ledger = ledger

    def run(self, query: Any) -> bytes:
        """Run a client's query once the ledger admits it."""
        return self._admitted(self.inner.run, query)

    def rows(self, text: str, max_rows: int) -> Any:
        """Return a query's first rows once the ledger admits it."""
        return self._admitted(self.inner.rows, text, max_rows)

    def _admitted(self, call: Any, *args: Any) -> Any:
        client = _CLIENT.get()
        if client is None:
            return call(*args)
        ticket = admit(self._ledger, client)
        try:
            return call(*args)
        finally:
            self._ledger.finish(ticket)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def run_as(client: str, ledger: Ledger | None, store: Any, query: Any) -> bytes:
    """Run a client's query outside Flask, admitted and charged as note_client's are."""
    fair = store
    if ledger is not None and not isinstance(store, FairStore):
        fair = FairStore(store, ledger)
    token = _CLIENT.set(client)
    try:
        return fair.run(query)
    finally:
        _CLIENT.reset(token)


def guard(store: Any) -> Any:
    """Return a store whose client queries the app's ledger admits (if it has one)."""
    ledger = current_app.extensions.get(LEDGER)
    return FairStore(store, ledger) if ledger is not None else store


def admit(ledger: Ledger, client: str) -> Any:
    """Admit a client's query, waiting briefly if it is only busy, or raise 429."""
    deadline = time.monotonic() + GRACE_SECONDS
    while True:
        try:
            return ledger.admit(client)
        except Refused as refused:
            if not refused.busy or time.monotonic() >= deadline:
                raise
        time.sleep(0.002)


def create_ledger(app: Flask) -> None:
    """Create the shared ledger once, before the server forks its workers."""
    config = app.config
    running = config["CLIENT_MAX_QUERIES"]
    if running <= 0:
        return  # limits switched off (benchmarks of one client only)
    workers = max(1, config["WORKERS"])
    if workers > 1:
        # Each worker runs one request at a time: leave one free for others.
        running = min(running, workers - 1)
    limits = Limits(
        running=max(1, min(running, 8)),
        seconds=config["CLIENT_QUERY_SECONDS"],
        stale_after=config["QUERY_TIMEOUT"] + _REQUEST_MARGIN,
    )
    app.extensions[LEDGER] = Ledger(limits)


def client_address() -> str:
    """Return the address the request counts against."""
    return client_of(
        request.remote_addr or "unknown",
        request.headers.get("X-Forwarded-For", ""),
        current_app.config["TRUSTED_PROXIES"],
    )


def client_of(peer: str, forwarded_for: str, trusted_proxies: str) -> str:
    """Return the client: the peer, or from a trusted proxy the last untrusted hop."""
    trusted = {item.strip() for item in trusted_proxies.split(",") if item.strip()}
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


def note_client() -> None:
    """Name the client of a query request; guard the store it will use."""
    ledger = current_app.extensions.get(LEDGER)
    if ledger is None or request.endpoint not in QUERY_ENDPOINTS:
        return
    state = get_state()
    if state.store is not None and not isinstance(state.store, FairStore):
        state.store = FairStore(state.store, ledger)
    g.fairness_token = _CLIENT.set(client_address())


def forget_client(error: BaseException | None) -> None:
    """End the request's claim to be a client query."""
    token = g.pop("fairness_token", None)
    if token is not None:
        _CLIENT.reset(token)


class BodySlots:
    """How many request bodies each client is sending to this worker at once.

    Waiting for a body holds a request thread (up to IDLE_TIMEOUT): one client
    sending many bodies slowly could hold them all. Each client may use at most
    `per_client` threads for bodies at once; more are refused with 429.
    """

    def __init__(self, per_client: int) -> None:
        self.per_client = max(1, per_client)
        self._sending: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str) -> Iterator[bool]:
        """Hold one of the client's slots while the body is read; yield if admitted."""
        with self._lock:
            admitted = self._sending.get(client, 0) < self.per_client
            if admitted:
                self._sending[client] = self._sending.get(client, 0) + 1
        try:
            yield admitted
        finally:
            if admitted:
                with self._lock:
                    left = self._sending[client] - 1
                    if left:
                        self._sending[client] = left
                    else:
                        del self._sending[client]
