"""Citable queries: /sparql/cite permalinks that always answer from one release."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, request, url_for

from kolding_graph.errors import NotFound, QueryError
from kolding_graph.query.protocol import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    ProtocolRequest,
    classify,
    prepare,
)
from kolding_graph.release.citation import StoreCache, check_hash, cite, query_hash
from kolding_graph.release.load import Release
from kolding_graph.store.base import Store
from kolding_graph.store.embedded import EmbeddedStore
from kolding_graph.web.downloads import page_lang, release_index, render, versioned
from kolding_graph.web.editor import graph_rows, max_rows, wants_html
from kolding_graph.web.state import get_state, get_store
from kolding_graph.web.withdrawn import (
    current_withdrawn,
    refuse_naming,
    refuse_withheld,
)

bp = Blueprint("cite", __name__, template_folder="templates")
CACHE_KEY = "kolding_graph.cite_stores"
OLD_STORES = 2  # old releases kept loaded per worker
YEAR = 365 * 24 * 3600
CITE_TEXT = {
    "da": {
        "title": "Citér en forespørgsel",
        "bound": "Forespørgslen køres altid mod version {version} (udgivet {date}):"
        " svaret ændrer sig ikke, når der kommer nye udgivelser.",
        "how": "Sådan citerer du svaret",
        "query": "Forespørgsel",
        "results": "Svar",
        "truncated": "Viser de første {n} rækker.",
        "formats": "Hent svaret",
        "newer": "Der findes en nyere udgivelse, {version}:",
        "run_newer": "kør forespørgslen mod den",
    },
    "en": {
        "title": "Cite a query",
        "bound": "This query always runs against version {version} (released {date}):"
        " its answer does not change when new releases come out.",
        "how": "How to cite the answer",
        "query": "Query",
        "results": "Answer",
        "truncated": "Showing the first {n} rows.",
        "formats": "Download the answer",
        "newer": "There is a newer release, {version}:",
        "run_newer": "run the query against it",
    },
}


def permalink_url(version: str, text: str) -> str:
    """Return the absolute permalink of a query against a version."""
    path = url_for(
        "cite.answer", version=version, sha256=query_hash(text), _external=True
    )
    return f"{path}?query={quote(text, safe='')}"


@bp.route("/sparql/cite")
def create() -> Response:
    """Redirect a query (and optional version, default newest) to its permalink."""
    text = request.args.get("query")
    if not text:
        raise QueryError("give the query to cite as ?query= (and ?version=)")
    version = request.args.get("version") or newest_version()
    versioned(version)
    return redirect(permalink_url(version, text), code=303)


def newest_version() -> str:
    """Return the newest versioned release's name, or say there is none."""
    releases = release_index().releases()
    if not releases:
        raise NotFound(
            "there is no versioned release to cite yet (kolding-graph release)"
        )
    return releases[-1].version


@bp.route("/sparql/cite/<version>/<sha256>")
def answer(version: str, sha256: str) -> Response:
    """Answer a cited query from its own release, as a page or in a result format."""
    release = versioned(version)
    text = request.args.get("query")
    if text is None:
        raise QueryError("the permalink has no ?query=")
    check_hash(text, sha256)
    refuse_withdrawn(release, text)
    store = store_for(release)
    if wants_html(request.args.get("format")):
        return Response(page(release, store, text), mimetype="text/html")
    return machine_answer(release, store, text)


def refuse_withdrawn(release: Release, text: str) -> None:
    """Answer 410 for a release holding a withdrawn record or a query naming one."""
    refuse_withheld(release)
    refuse_naming(text, release.base_iri)


def store_for(release: Release) -> Store:
    """Return the store answering for a release: the served one, or an old one."""
    state = get_state()
    if state.release is not None and state.release.id == release.id:
        return get_store()
    cache = current_app.extensions.get(CACHE_KEY)
    if cache is None:
        cache = StoreCache(open_old_store, OLD_STORES)
        current_app.extensions[CACHE_KEY] = cache
    return cache.get(release)  # type: ignore[return-value]


def open_old_store(release: Release) -> Store:
    """Load an old release's dataset into its own embedded store."""
    from kolding_graph.web.clients import guard

    config = current_app.config
    return guard(  # the same fair shares and memory budget as the endpoint
        EmbeddedStore(
            release.file("dataset.nq"),
            timeout=float(config["QUERY_TIMEOUT"]),
            max_bytes=int(config["RESULT_MAX_BYTES"]),
            memory_bytes=int(float(config["QUERY_MEMORY_MB"]) * 1_000_000),
        )
    )


def machine_answer(release: Release, store: Store, text: str) -> Response:
    """Return the answer in the negotiated format; it never changes, so cache it."""
    operation = ProtocolRequest(query=text, format=request.args.get("format"))
    query = prepare(operation, request.headers.get("Accept"))
    # The withdrawal list is part of the key: a withdrawal changes every ETag.
    withdrawn = current_withdrawn().digest
    key = f"{release.id} {query_hash(text)} {query.format.name} {withdrawn}"
    etag = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        body = store.run(query)
        response = Response(body, mimetype=query.format.media_type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response.headers["Link"] = (
        f'<{permalink_url(release.version, text)}>; rel="cite-as"'
    )
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def page(release: Release, store: Store, text: str) -> str:
    """Render the citation page: how to cite, the query, the answer, downloads."""
    lang = page_lang()
    url = permalink_url(release.version, text)
    graph = classify(text).form not in ("SELECT", "ASK")
    rows = graph_rows(store, text) if graph else store.rows(text, max_rows())
    newer = [
        r for r in release_index().releases() if r.release_date > release.release_date
    ]
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    return render(
        "cite.html",
        c=CITE_TEXT[lang],
        release=release,
        text=text,
        citation=cite(release, text, url),
        rows=rows,
        cells=[[show(term) for term in row] for row in rows.rows],
        downloads=[(f.name, f"{url}&format={f.name}") for f in formats],
        newer=newer[-1] if newer else None,
        cap=max_rows(),
    )


def show(term: object) -> tuple[str, str | None]:
    """Return (text, link) for a result cell; only http(s) IRIs become links."""
    if term is None:
        return ("", None)
    if isinstance(term, ox.NamedNode):
        link = term.value if term.value.startswith(("http://", "https://")) else None
        return (term.value, link)
    if isinstance(term, ox.Literal):
        suffix = f"@{term.language}" if term.language else ""
        return (term.value + suffix, None)
    return (str(term), None)
