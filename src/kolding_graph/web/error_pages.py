"""One error handler: every error in one shape, in the format the client asked for."""

from __future__ import annotations

import json
import logging
from html import escape

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from kolding_graph.errors import KoldingGraphError, NotAcceptable
from kolding_graph.formats import JSON, JSONLD

log = logging.getLogger(__name__)
# Seconds a client should wait before retrying, by status.
RETRY_AFTER = {429: 5, 502: 10, 503: 5}
ERROR_TYPES = ("text/plain", "application/json", "text/html")
_JSON_TYPES = (JSON.media_type, JSONLD.media_type)


def register(app: Flask) -> None:
    """Install the handler for domain errors, HTTP errors and unexpected faults."""
    app.register_error_handler(KoldingGraphError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _domain_error(error: KoldingGraphError) -> Response:
    _note(error)
    where = error.where
    if error.status >= 500:
        log.warning("%s: %s", error.title, error)
        where = None  # our fault: the place is a server path, for the log only
    response = error_response(error.status, error.title, error.message, where)
    if isinstance(error, NotAcceptable):
        response.vary.add("Accept")  # another Accept header may well be answered
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    allow = getattr(error, "allow", ())
    if allow:
        response.headers["Allow"] = ", ".join(allow)
    return response


def _http_error(error: HTTPException) -> Response:
    _note(error)
    status = error.code or 500
    response = error_response(status, error.name, error.description or "", None)
    for name, value in error.get_headers():
        if name.lower() == "allow":
            response.headers[name] = value
    return response


def _unexpected_error(error: Exception) -> Response:
    _note(error)
    log.exception(
        "unexpected error on %s %s [request %s]",
        request.method,
        request.path,
        g.get("request_id"),
    )
    return error_response(500, "Server error", "an unexpected error occurred", None)


def _note(error: Exception) -> None:
    from kolding_graph.web.ops import note_error

    note_error(error)


def error_response(
    status: int, title: str, message: str, where: str | None
) -> Response:
    """Build the error response in HTML, JSON or plain text, by the Accept header."""
    kind = _preferred_kind()
    request_id = g.get("request_id")
    if kind == "application/json":
        error = {"status": status, "title": title, "message": message, "where": where}
        error["request_id"] = request_id
        body = json.dumps({"error": error}, ensure_ascii=False)
        mimetype = "application/json"
    elif kind == "text/html":
        body = _html(status, title, message, where, request_id)
        mimetype = "text/html"
    else:
        at = f" (at {where})" if where else ""
        rid = f" [request id {request_id}]" if request_id else ""
        body = f"{status} {title}: {message}{at}{rid}\n"
        mimetype = "text/plain"
    response = Response(body, status=status, mimetype=mimetype)
    if status in RETRY_AFTER:
        response.headers["Retry-After"] = str(RETRY_AFTER[status])
    return response


def _preferred_kind() -> str:
    best = request.accept_mimetypes.best_match(ERROR_TYPES + _JSON_TYPES)
    if best in _JSON_TYPES:
        return "application/json"
    return best or "text/plain"


def _html(
    status: int, title: str, message: str, where: str | None, request_id: str | None
) -> str:
    from kolding_graph.web.error_view import error_page

    page = error_page(
        status, title, message, where, request_id, RETRY_AFTER.get(status)
    )
    if page is not None:
        return page
    at = f"<p>Sted / where: <code>{escape(where)}</code></p>" if where else ""
    if request_id:
        at += f"<p>Forespørgsels-id / request id: <code>{escape(request_id)}</code></p>"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} {escape(title)}</title></head><body>"
        f"<h1>{status} {escape(title)}</h1><p>{escape(message)}</p>{at}</body></html>"
    )
