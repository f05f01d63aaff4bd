"""The /sparql endpoint: glue between the HTTP request and the protocol functions."""

from __future__ import annotations

from email.utils import formatdate

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from kolding_graph.errors import NotFound, PayloadTooLarge
from kolding_graph.query.protocol import (
    PreparedQuery,
    ProtocolRequest,
    choose_format,
    parse_request,
    prepare,
)
from kolding_graph.query.service_description import service_description
from kolding_graph.web.editor import editor, results_page, wants_html
from kolding_graph.web.etags import etag_for
from kolding_graph.web.state import get_state, get_store
from kolding_graph.web.withdrawn import refuse_naming

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a SPARQL query, or describe the service when there is none."""
    body = read_body() if request.method == "POST" else b""
    operation = parse_request(
        request.method,
        request.headers.get("Content-Type"),
        request.args.items(multi=True),
        body,
        current_app.config["MAX_REQUEST_BYTES"],
    )
    if operation.query:
        refuse_naming(operation.query)
    if wants_html(operation.format):  # browsers: the editor and result table
        return results_page(operation.query) if operation.query else editor()
    if operation.query is None:
        return describe(operation.format)
    return answer(prepare(operation, request.headers.get("Accept")))


def read_body() -> bytes:
    """Return the request body, refusing (413) one over the limit, chunked too."""
    body = request.get_data(cache=False)
    limit = current_app.config["MAX_REQUEST_BYTES"]
    # Without Content-Length (chunked), Werkzeug stops reading at the limit
    # and returns what it read: a body that reaches the limit was cut short.
    if request.content_length is None and len(body) >= limit:
        raise PayloadTooLarge(f"request body over {limit} bytes")
    return body


@bp.route("/sparql/examples")
def examples() -> Response:
    """List the named example queries as JSON."""
    listing = [
        {
            "name": named.name,
            "title": named.title,
            "description": named.description,
            "form": named.form,
            "query": named.text,
            "url": url_for("sparql.example", name=named.name, _external=True),
        }
        for named in get_state().queries.values()
    ]
    return jsonify(listing)


@bp.route("/sparql/examples/<name>")
def example(name: str) -> Response:
    """Run a named example query, the format chosen as for /sparql."""
    named = get_state().queries.get(name)
    if named is None:
        raise NotFound(f"no example query named {name!r}", where=request.path)
    operation = ProtocolRequest(query=named.text, format=request.args.get("format"))
    return answer(prepare(operation, request.headers.get("Accept")))


def answer(query: PreparedQuery) -> Response:
    """Return the query's answer: 304, cached, or freshly run."""
    state = get_state()
    store = get_store()
    key = (state.release_id, *query.cache_key())
    etag = etag_for(*key) if state.release_id else None
    if etag and request.if_none_match.contains(etag):
        return _conditional(Response(status=304), etag)
    body = state.cache.get(key) if etag else None
    if body is None:
        body = store.run(query)
        if etag:
            state.cache.put(key, body)
    response = Response(body, content_type=f"{query.format.media_type}; charset=utf-8")
    return _conditional(response, etag)


def describe(format_name: str | None) -> Response:
    """Return the SPARQL Service Description in the negotiated RDF format."""
    fmt = choose_format("graph", request.headers.get("Accept"), format_name)
    endpoint_url = url_for("sparql.endpoint", _external=True)
    state = get_state()
    key = (endpoint_url, fmt.name)
    body = state.description_cache.get(key)
    if body is None:
        graph = service_description(
            endpoint_url,
            get_store().graph_sizes(),
            state.queries.values(),
            url_for("sparql.examples", _external=True),
            dataset_descriptions(),
        )
        body = graph.serialize(format=fmt.rdflib, encoding="utf-8")
        state.description_cache.put(key, body)
    response = Response(body, content_type=f"{fmt.media_type}; charset=utf-8")
    etag = etag_for(state.release_id, *key) if state.release_id else None
    if etag and request.if_none_match.contains(etag):
        return _conditional(Response(status=304), etag)
    return _conditional(response, etag)


def dataset_descriptions() -> list[str]:
    """Return the URLs of the VoID and DCAT descriptions, if downloads are served."""
    if "downloads" not in current_app.blueprints:
        return []
    dcat = url_for(
        "downloads.download", version="latest", name="dcat.ttl", _external=True
    )
    return [url_for("downloads.well_known_void", _external=True), dcat]


def _conditional(response: Response, etag: str | None) -> Response:
    response.headers["Vary"] = "Accept"
    if etag:
        response.set_etag(etag)
        response.headers["Cache-Control"] = "public, no-cache"
        modified = get_state().modified
        if modified:
            response.headers["Last-Modified"] = formatdate(modified, usegmt=True)
    else:
        response.headers["Cache-Control"] = "no-store"
    return response
