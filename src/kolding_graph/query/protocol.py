"""SPARQL 1.1 Protocol: request parsing, result formats and content negotiation.

Pure functions over plain values (method, headers, parameters, body bytes): the
web layer only glues them to the request, so every rule is tested without HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_options_header

from kolding_graph.errors import (
    Forbidden,
    MethodNotAllowed,
    NotAcceptable,
    PayloadTooLarge,
    QueryError,
    UnsupportedMediaType,
)
from kolding_graph.formats import GRAPH_FORMATS, RESULT_FORMATS, Format
from kolding_graph.query.lexer import QueryInfo, classify

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
GRAPH_PARAMS = ("default-graph-uri", "named-graph-uri")
ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


FORM_KIND = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph"}
FORM_KIND["DESCRIBE"] = "graph"


@dataclass(frozen=True, slots=True)
class ProtocolRequest:
    """A SPARQL query operation as the protocol defines it."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: str | None = None


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A query that passed every check, ready for an engine."""

    text: str
    info: QueryInfo
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: Format = field(default=RESULT_FORMATS[0])

    def cache_key(self) -> tuple:
        """Return the key under which this query's answer may be cached."""
        return (
            self.info.normalised,
            self.default_graphs,
            self.named_graphs,
            self.format.name,
        )


def parse_request(
    method: str,
    content_type: str | None,
    args: Iterable[tuple[str, str]],
    body: bytes,
    max_bytes: int,
) -> ProtocolRequest:
    """Turn an HTTP request into a query operation, or raise the protocol's error."""
    if method == "HEAD":  # answered like GET, without the body
        method = "GET"
    if method not in ("GET", "POST"):
        raise MethodNotAllowed(
            f"method {method} not allowed: use GET or POST", allow=ALLOWED_METHODS
        )
    if len(body) > max_bytes:
        raise PayloadTooLarge(f"request body over {max_bytes} bytes")
    params = list(args)
    if method == "POST":
        params += _post_params(content_type, body)
    return _operation(method, params)


def _post_params(content_type: str | None, body: bytes) -> list[tuple[str, str]]:
    """Read the parameters a POST body carries, by its media type."""
    media_type, options = parse_options_header(content_type or "")
    media_type = media_type.lower()
    if media_type == UPDATE_TYPE:
        raise Forbidden("read-only endpoint: SPARQL Update is not accepted")
    if media_type not in (FORM_TYPE, QUERY_TYPE):
        shown = media_type or "none"
        raise UnsupportedMediaType(
            f"content type {shown} not supported: send {QUERY_TYPE} or {FORM_TYPE}"
        )
    charset = options.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"charset {charset} not supported: send UTF-8")
    text = _decode(body)
    if media_type == QUERY_TYPE:
        return [("query", text)]
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise QueryError("form parameters are not valid UTF-8") from None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(
            "request body is not valid UTF-8", where=f"byte {error.start}"
        ) from None


def _operation(method: str, params: list[tuple[str, str]]) -> ProtocolRequest:
    """Check the parameters and build the operation they describe."""
    names = [name for name, _ in params]
    if "update" in names:
        raise Forbidden("read-only endpoint: SPARQL Update is not accepted")
    queries = [value for name, value in params if name == "query"]
    if len(queries) > 1:
        raise QueryError("exactly one query parameter is allowed")
    formats = [value for name, value in params if name == "format"]
    if len(formats) > 1:
        raise QueryError("at most one format parameter is allowed")
    if not queries and method == "POST":
        raise QueryError("missing query parameter")
    return ProtocolRequest(
        query=queries[0] if queries else None,
        default_graphs=tuple(v for n, v in params if n == GRAPH_PARAMS[0]),
        named_graphs=tuple(v for n, v in params if n == GRAPH_PARAMS[1]),
        format=formats[0] if formats else None,
    )


def prepare(request: ProtocolRequest, accept: str | None) -> PreparedQuery:
    """Classify the query and choose its result format."""
    if request.query is None:
        raise QueryError("missing query parameter")
    text = request.query
    info = _classify_cached(text) if len(text) <= CACHED_TEXT else classify(text)
    fmt = _choose_cached(FORM_KIND[info.form], accept, request.format)
    return PreparedQuery(
        text=request.query,
        info=info,
        default_graphs=request.default_graphs,
        named_graphs=request.named_graphs,
        format=fmt,
    )


# Clients repeat the same queries and Accept headers: both decisions are pure
# functions of their text, so recent ones are remembered (short texts only).
CACHED_TEXT = 4096
_classify_cached = lru_cache(maxsize=1024)(classify)


def offered(kind: str) -> tuple[Format, ...]:
    """Return the formats offered for a kind of result, the default first."""
    return RESULT_FORMATS if kind == "results" else GRAPH_FORMATS


def choose_format(kind: str, accept: str | None, name: str | None = None) -> Format:
    """Pick a format by explicit name, else by Accept (q-values), else the default."""
    formats = offered(kind)
    if name:
        return _format_by_name(formats, name)
    if not accept or not accept.strip():
        return formats[0]
    return negotiate(formats, parse_accept_header(accept, MIMEAccept))


_choose_cached = lru_cache(maxsize=256)(choose_format)


def _format_by_name(formats: tuple[Format, ...], name: str) -> Format:
    lowered = name.strip().lower()
    for fmt in formats:
        if lowered in (fmt.name, fmt.media_type):
            return fmt
    raise NotAcceptable(
        f"format {name!r} not offered here; offered: {listing(formats)}"
    )


def negotiate(formats: tuple[Format, ...], accept: MIMEAccept) -> Format:
    """Return the client's preferred format among those offered, or raise 406."""
    by_type: dict[str, Format] = {}
    for fmt in formats:
        by_type.setdefault(fmt.media_type, fmt)
    for fmt in formats:
        for alias in fmt.aliases:
            by_type.setdefault(alias, fmt)
    best = accept.best_match(list(by_type))
    if best is None:
        raise NotAcceptable(
            f"none of the accepted types is offered; offered: {listing(formats)}"
        )
    return by_type[best]


def listing(formats: Iterable[Format]) -> str:
    """Return the media types of formats as a comma-separated list."""
    return ", ".join(fmt.media_type for fmt in formats)
