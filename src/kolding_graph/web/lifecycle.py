"""App-wide set-up in one ordered place: languages, templates, hooks and headers.

create_app calls install() whatever blueprints the app serves, so every route
gets the same security headers, CORS rules and request bookkeeping. The order
of the hooks is the order of the lists below: it decides correctness (the
release is pinned before anything reads it, and let go of last).
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, Response, request
from flask_babel import Babel

from kolding_graph.web import (
    cite,
    clients,
    dataset_cite,
    downloads,
    naming,
    ops,
    pages,
    privacy,
    reconciliation,
    ui,
)
from kolding_graph.web.language import select_locale

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    # What SPARQL clients read besides the body (CORS-safelisted ones aside).
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Retry-After, Link, Allow, Content-Length, X-Request-Id"
    ),
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
    "Access-Control-Max-Age": "86400",
    "Vary": "Origin, Access-Control-Request-Headers",
}
# Allowed when a preflight names no headers, or names them unreadably: what
# browsers' SPARQL clients are seen to send.
BROAD_REQUEST_HEADERS = (
    "Accept, Accept-Language, Cache-Control, Content-Type, If-Modified-Since, "
    "If-None-Match, Pragma, X-Requested-With"
)
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_HEADER_LIST = re.compile(rf"{_TOKEN}(?:\s*,\s*{_TOKEN})*")
MAX_REQUESTED_HEADERS = 1000


def add_security_headers(response: Response) -> Response:
    """Add the security headers every response carries (unless already set)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def add_cors(response: Response) -> Response:
    """Allow any origin to query the endpoint (CORS), preflight included."""
    if request.path == "/sparql" or request.path.startswith("/sparql/"):
        response.headers.update(CORS_HEADERS)
        if request.method == "OPTIONS":
            response.headers.update(PREFLIGHT_HEADERS)
            response.headers["Access-Control-Allow-Headers"] = allowed_headers(
                request.headers.get("Access-Control-Request-Headers", "")
            )
    return response


def allowed_headers(requested: str) -> str:
    """Allow the headers a preflight asks for (the answer is public, no cookies)."""
    requested = requested.strip()
    if len(requested) <= MAX_REQUESTED_HEADERS and _HEADER_LIST.fullmatch(requested):
        return requested
    return BROAD_REQUEST_HEADERS


# The hooks in the order they run.
BEFORE = (
    ops.start_request,  # request id, then pin the release this request uses
    clients.note_client,  # name the client of a query (guards the pinned store)
)
AFTER = (
    add_security_headers,
    add_cors,
    ops.finish_request,  # last: the request id header, and count the answer
)
TEARDOWN = (
    clients.forget_client,
    ops.end_request,  # last: let go of the pinned release
)


def install(app: Flask) -> None:
    """Set up languages, templates, the fairness ledger and the request hooks."""
    install_languages(app)
    install_templates(app)
    clients.create_ledger(app)
    for before in BEFORE:
        app.before_request(before)
    for after in reversed(AFTER):  # Flask runs after_request hooks last first
        app.after_request(after)
    for teardown in reversed(TEARDOWN):  # and teardown hooks too
        app.teardown_request(teardown)


def install_languages(app: Flask) -> None:
    """Set up Danish and English, translations looked up once per request."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "da")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda text: ui.page().translations.ugettext(text),
        lambda one, many, n: ui.page().translations.ungettext(one, many, n),
        newstyle=True,
    )


def install_templates(app: Flask) -> None:
    """Give the templates every helper and filter they use."""
    app.jinja_env.globals.update(ui.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(naming.GLOBALS)
    app.jinja_env.globals.update(list_url=pages.list_url)
    app.jinja_env.globals.update(downloads.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(reconciliation.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(cite.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(privacy.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(dataset_cite.TEMPLATE_GLOBALS)
    app.jinja_env.filters.update(literal=ui.format_literal, jsonld=ui.markup_json)
