"""A SPARQL query over GET answered without entering Flask.

Most of an uncached query's CPU in the web worker was Flask's (request
context, routing, Response, hooks), not the query's: the engine runs in the
query process. For the common case, a GET /sparql?query=... from a SPARQL
client (not the HTML editor), this module does what web/sparql.py does with the
same protocol functions, cache, ETag, fairness ledger and store, and builds the
same headers. Anything else returns None and Flask answers; an error met on the
way is handed to Flask (ops.RAISED) so that the one error handler answers it,
with the request id, metrics and CORS headers as always.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from email.utils import formatdate
from functools import lru_cache
from typing import Any

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_etags

from kolding_graph.query.protocol import parse_request, prepare
from kolding_graph.web.clients import LEDGER, client_of, run_as
from kolding_graph.web.editor import prefers_html
from kolding_graph.web.etags import etag_for
from kolding_graph.web.lifecycle import CORS_HEADERS, SECURITY_HEADERS
from kolding_graph.web.ops import RAISED, count_outside_flask
from kolding_graph.web.reload import pin, unpin
from kolding_graph.web.withdrawn import refuse_naming_in

ROUTE = "/sparql"
_FIXED = [*SECURITY_HEADERS.items(), *CORS_HEADERS.items()]


@dataclass(frozen=True, slots=True)
class Answer:
    """A status line, headers (no request id), body and the answer's ETag."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str


def applies(environ: dict) -> bool:
    """Return whether this request may take the fast path at all."""
    return (
        environ["REQUEST_METHOD"] == "GET"
        and environ.get("PATH_INFO") == ROUTE
        and "query=" in environ.get("QUERY_STRING", "")
    )


def answer(
    app: Any, state: Any, environ: dict, started: float, kept: bool
) -> Answer | None:
    """Answer a client's SPARQL GET, or return None to let Flask answer.

    kept: the front layer keeps this answer itself (no second copy is cached).
    """
    if state.store is None or not state.release_id:
        return None
    pin(state)  # as ops.start_request does: a reload closes it only after us
    try:
        return _answer(app, state, environ, started, kept)
    except Exception as error:  # noqa: BLE001 - answered by Flask's one handler
        environ[RAISED] = error
        return None
    finally:
        unpin(state)


def _answer(
    app: Any, state: Any, environ: dict, started: float, kept: bool
) -> Answer | None:
    accept = environ.get("HTTP_ACCEPT")
    args = urllib.parse.parse_qsl(environ["QUERY_STRING"], keep_blank_values=True)
    limit = app.config["MAX_REQUEST_BYTES"]
    operation = parse_request("GET", None, args, b"", limit)
    if operation.query:  # as web/sparql.py: before anything else is decided
        refuse_naming_in(app, state, operation.query)
    if operation.query is None or _wants_html(operation.format, accept):
        return None  # the editor, a results page, or the service description
    query = prepare(operation, accept)
    key = (state.release_id, *query.cache_key())
    etag = etag_for(*key)
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    if wanted and parse_etags(wanted).contains(etag):
        count_outside_flask(environ, ROUTE, "304", started, "not_modified")
        return Answer("304 NOT MODIFIED", _headers(state, etag, None), b"", etag)
    body = state.cache.get(key)
    hit = body is not None
    if body is None:
        body = _run(app, state, environ, query)
        if not kept:
            state.cache.put(key, body)
    content_type = f"{query.format.media_type}; charset=utf-8"
    count_outside_flask(environ, ROUTE, "200", started, "result" if hit else None)
    return Answer("200 OK", _headers(state, etag, (content_type, body)), body, etag)


def _wants_html(format_name: str | None, accept: str | None) -> bool:
    """Return whether the client asks for the HTML page rather than an answer."""
    if accept is not None and len(accept) > _REMEMBERED_ACCEPT:
        return prefers_html(format_name, parse_accept_header(accept, MIMEAccept))
    return _wants_html_remembered(format_name, accept)


# A client sends the same Accept header with every query: the decision is a
# pure function of it, so recent ones are remembered (short headers only).
_REMEMBERED_ACCEPT = 512


@lru_cache(maxsize=256)
def _wants_html_remembered(format_name: str | None, accept: str | None) -> bool:
    return prefers_html(format_name, parse_accept_header(accept, MIMEAccept))


def _run(app: Any, state: Any, environ: dict, query: Any) -> bytes:
    """Run the query for its client (fair share: admitted, charged, or 429)."""
    client = client_of(
        environ.get("REMOTE_ADDR") or "unknown",
        environ.get("HTTP_X_FORWARDED_FOR", ""),
        app.config["TRUSTED_PROXIES"],
    )
    return run_as(client, app.extensions.get(LEDGER), state.store, query)


def _headers(state: Any, etag: str, content: tuple[str, bytes] | None) -> list:
    """Return the headers web/sparql.py and the app's hooks would send."""
    headers = []
    if content is not None:
        headers += [
            ("Content-Type", content[0]),
            ("Content-Length", str(len(content[1]))),
        ]
    headers += [("Vary", "Accept"), ("ETag", f'"{etag}"')]
    headers.append(("Cache-Control", "public, no-cache"))
    if state.modified:
        headers.append(("Last-Modified", formatdate(state.modified, usegmt=True)))
    return headers + _FIXED
