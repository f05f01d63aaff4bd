"""Operations: /healthz, /readyz, /metrics, request ids and per-request metrics."""

from __future__ import annotations

import re
import secrets
import time

from flask import Blueprint, Response, current_app, g, jsonify, request

from kolding_graph.errors import ReleaseError
from kolding_graph.web.metrics import get_metrics
from kolding_graph.web.reload import pin, refresh, unpin
from kolding_graph.web.state import PINNED, get_state

bp = Blueprint("ops", __name__)
REQUEST_ID_HEADER = "X-Request-Id"
# A client's (or proxy's) id is kept only if it is short and plain: it goes
# into logs and pages, so anything else is replaced by one of ours.
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
OPS_PATHS = ("/healthz", "/readyz", "/metrics")
ROUTE = "kolding_graph.route"  # environ: the route that answered (set by record)
WARM = "kolding_graph.warm"  # environ flag of the server's own warm-up requests
RAISED = "kolding_graph.raised"  # environ: an error met before Flask, for its handler


@bp.route("/healthz")
def healthz() -> Response:
    """Answer 200 while the process is alive (liveness)."""
    response = Response("ok\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/readyz")
def readyz() -> Response:
    """Answer 200 naming the release when it is loaded and verified, else 503."""
    state = get_state()
    if state.store is None:
        raise state.problem or ReleaseError("no release loaded")
    remote = getattr(state.store, "endpoint", None)
    if remote:
        state.store.rows("ASK {}", 1)  # a remote store: ready only while it answers
    if state.release is None:
        body: dict[str, str | int | None] = {
            "status": "ready",
            "release": None,
            "store": "remote",
        }
    else:
        body = {
            "status": "ready",
            "release": state.release.id,
            "base_iri": state.release.base_iri,
            "triples": state.release.triples,
        }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/metrics")
def metrics() -> Response:
    """Return the service's metrics in the Prometheus text format."""
    body, content_type = get_metrics().render()
    response = Response(body, content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    return response


def request_id() -> str:
    """Return the id of the current request (one is made if none was given)."""
    found = g.get("request_id")
    if found is None:
        found = g.request_id = new_request_id(
            request.headers.get(REQUEST_ID_HEADER, "")
        )
    return found


def new_request_id(given: str) -> str:
    """Return the id a client gave when it is short and plain, else a new one."""
    return given if _WELL_FORMED_ID.fullmatch(given) else secrets.token_hex(8)


def start_request() -> None:
    """Pin the release to serve, note the start time, request id and cache counts."""
    g.started = time.perf_counter()
    request_id()
    state = refresh(current_app._get_current_object())  # type: ignore[attr-defined]
    pin(state)
    setattr(g, PINNED, state)
    g.cache_before = (state.cache.hits, state.cache.misses)
    found = request.environ.get(RAISED)
    if found is not None:
        raise found  # met in front of Flask (fast_sparql.py): answered here as always


def finish_request(response: Response) -> Response:
    """Send the request id back and count the request in the metrics."""
    response.headers[REQUEST_ID_HEADER] = request_id()
    record(response)
    return response


def end_request(error: BaseException | None) -> None:
    """Let go of the state the request used."""
    state = g.pop(PINNED, None)
    if state is not None:
        unpin(state)


def note_error(error: Exception) -> None:
    """Remember why the request failed (called by the error handler)."""
    g.error_reason = type(error).__name__


def record(response: Response) -> None:
    """Count one answered request: route, status, latency, refusals, cache."""
    rule = request.url_rule.rule if request.url_rule is not None else "unmatched"
    request.environ[ROUTE] = rule  # for the front layer, which replays answers
    if request.path in OPS_PATHS and response.status_code < 500:
        return  # probes and scrapes would drown the traffic they measure
    if request.environ.get(WARM):
        return  # the server's own warm-up, not traffic
    found = get_metrics()
    status = response.status_code
    found.requests.labels(rule, request.method, str(status)).inc()
    started = g.get("started")
    if started is not None:
        found.latency.labels(rule).observe(time.perf_counter() - started)
    reason = g.get("error_reason")
    if reason == "QueryTimeout":
        found.timeouts.inc()
    elif reason and 400 <= status < 500 and status != 404:
        found.refusals.labels(reason).inc()
    _count_cache(found, status)


def count_outside_flask(
    environ: dict, route: str, status: str, started: float, cache: str | None
) -> None:
    """Count a request the front layer answered as record() counts Flask's.

    cache: how it was served ("front", "not_modified", "result"), None for a miss.
    """
    if environ.get(WARM):
        return
    found = get_metrics()
    found.requests.labels(route, environ["REQUEST_METHOD"], status[:3]).inc()
    found.latency.labels(route).observe(time.perf_counter() - started)
    if cache is None:
        found.cache_misses.inc()
    else:
        found.cache_hits.labels(cache).inc()


def _count_cache(found, status: int) -> None:
    if status == 304:
        found.cache_hits.labels("not_modified").inc()
        return
    before = g.get("cache_before")
    if before is None:
        return
    cache = get_state().cache
    hits, misses = cache.hits - before[0], cache.misses - before[1]
    if hits > 0:
        found.cache_hits.labels("result").inc(hits)
    if misses > 0:
        found.cache_misses.inc(misses)
