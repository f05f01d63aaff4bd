"""Per-client fairness on the SPARQL endpoint: admit, or refuse with 429.

A request that asks the endpoint a query is admitted by the shared ledger
(fairness.py) before it runs and charged its time when it ends. Everything
else (pages, probes, downloads) is not limited here. The client is the peer
address; X-Forwarded-For is believed only from a proxy listed in
TRUSTED_PROXIES, and then only its last hop not in that list.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, request
from flask.blueprints import BlueprintSetupState

from ..fairness import Ledger, Limits

bp = Blueprint("fairness", __name__)
LEDGER = "kolding_graph.fairness"
QUERY_ENDPOINTS = ("sparql.endpoint", "sparql.example")
# gunicorn's timeout is the query limit plus this margin (see server.py).
_REQUEST_MARGIN = 30.0


@bp.record_once
def create_ledger(state: BlueprintSetupState) -> None:
    """Create the shared ledger once, before the server forks its workers."""
    app: Flask = state.app
    config = app.config
    workers = max(1, int(config["WORKERS"]))
    running = int(config["CLIENT_MAX_QUERIES"])
    if workers > 1:
        # Each worker runs one request at a time: leave one free for others.
        running = min(running, workers - 1)
    limits = Limits(
        running=max(1, min(running, 8)),
        seconds=float(config["CLIENT_QUERY_SECONDS"]),
        stale_after=float(config["QUERY_TIMEOUT"]) + _REQUEST_MARGIN,
    )
    app.extensions[LEDGER] = Ledger(limits)


def client_address() -> str:
    """Return the address the request counts against."""
    peer = request.remote_addr or "unknown"
    trusted = {
        item.strip()
        for item in str(current_app.config["TRUSTED_PROXIES"]).split(",")
        if item.strip()
    }
    if peer not in trusted:
        return peer
    hops = [
        hop.strip()
        for hop in request.headers.get("X-Forwarded-For", "").split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


def _asks_a_query() -> bool:
    if request.endpoint not in QUERY_ENDPOINTS:
        return False
    if request.endpoint == "sparql.example":
        return True
    return request.method == "POST" or "query" in request.args


@bp.before_app_request
def admit() -> None:
    """Admit a query request for its client, or refuse it (429 with Retry-After)."""
    if not _asks_a_query():
        return
    ledger: Ledger = current_app.extensions[LEDGER]
    g.fairness_ticket = ledger.admit(client_address())


@bp.teardown_app_request
def charge(error: BaseException | None) -> None:
    """Charge the client the time its query request took."""
    ticket = g.pop("fairness_ticket", None)
    if ticket is not None:
        current_app.extensions[LEDGER].finish(ticket)
