"""Citable queries: short permalinks /sparql/cite/<version>/<sha256> that always
answer from one release; the query text is kept once under its hash."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from kolding_graph.browse.labels import LANGUAGES
from kolding_graph.errors import NotFound, QueryError
from kolding_graph.formats import GRAPH_FORMATS, RESULT_FORMATS
from kolding_graph.lru import Lru
from kolding_graph.query.lexer import classify
from kolding_graph.query.protocol import ProtocolRequest, prepare
from kolding_graph.release.citation import (
    QueryArchive,
    check_hash,
    check_sha256,
    cite,
    query_hash,
)
from kolding_graph.release.load import Release
from kolding_graph.store.base import Store
from kolding_graph.store.opening import open_embedded
from kolding_graph.web.cite_text import CITE_TEXT
from kolding_graph.web.downloads import release_index, render, versioned
from kolding_graph.web.editor import graph_rows, max_rows, value_table, wants_html
from kolding_graph.web.etags import etag_for
from kolding_graph.web.language import select_locale
from kolding_graph.web.state import get_state, get_store
from kolding_graph.web.withdrawn import (
    current_withdrawn,
    refuse_naming,
    refuse_withheld,
)

bp = Blueprint("cite", __name__, template_folder="templates")
CACHE_KEY = "kolding_graph.cite_stores"
ARCHIVE = ".cited"  # the cited query texts, in the releases folder
OLD_STORES = 2  # old releases kept loaded per worker
YEAR = 365 * 24 * 3600


def archive() -> QueryArchive:
    """Return the archive of cited query texts beside the releases."""
    return QueryArchive(release_index().folder / ARCHIVE)


def permalink_url(version: str, sha256: str) -> str:
    """Return the absolute short permalink of a query (by hash) and a version."""
    return url_for("cite.answer", version=version, sha256=sha256, _external=True)


def with_lang(url: str) -> str:
    """Return url keeping an explicit page language choice (?lang=)."""
    lang = request.values.get("lang", "")
    if lang not in LANGUAGES:
        return url
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


@bp.route("/sparql/cite", methods=["GET", "POST"])
def create() -> BaseResponse:
    """Keep the query's text and redirect to its permalink (default: newest)."""
    text = request.values.get("query")
    if not text:
        raise QueryError("give the query to cite as query= (and version=)")
    classify(text)  # refuses updates, SERVICE and monsters before keeping anything
    version = request.values.get("version") or newest_version()
    if version is None:
        return no_release(text)
    versioned(version)
    try:
        target = permalink_url(version, archive().put(text))
    except OSError:  # a read-only server: the text travels in the link instead
        long = permalink_url(version, query_hash(text))
        target = f"{long}?query={quote(text, safe='')}"
    return redirect(with_lang(target), code=303)


def newest_version() -> str | None:
    """Return the newest versioned release's name, None if there is none."""
    releases = release_index().releases()
    return releases[-1].version if releases else None


def no_release(text: str) -> Response:
    """Explain that nothing can be cited yet, and offer to run the query now."""
    if not wants_html(request.values.get("format")):
        raise NotFound(CITE_TEXT["en"]["none"])
    body = render("cite_none.html", c=CITE_TEXT[select_locale()], text=text)
    return Response(body, mimetype="text/html")


@bp.route("/sparql/cite/<version>/<sha256>")
def answer(version: str, sha256: str) -> Response:
    """Answer a cited query from its own release, as a page or in a result format."""
    release = versioned(version)
    text = request.args.get("query")
    if text is None:
        check_sha256(sha256)
        text = archive().get(sha256)
        if text is None:
            raise NotFound("no query with this hash was cited on this server")
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
        cache = Lru(OLD_STORES, on_evict=lambda store: store.close())
        current_app.extensions[CACHE_KEY] = cache
    return cache.get_or_make(str(release.path), lambda: open_old_store(release))


def open_old_store(release: Release) -> Store:
    """Load an old release into its own embedded store, as the served one is."""
    from kolding_graph.web.clients import guard

    # the same fair shares and memory budget as the endpoint
    return guard(open_embedded(release, current_app.config))


def machine_answer(release: Release, store: Store, text: str) -> Response:
    """Return the answer in the negotiated format; it never changes, so cache it."""
    operation = ProtocolRequest(query=text, format=request.args.get("format"))
    query = prepare(operation, request.headers.get("Accept"))
    # The withdrawal list is part of the key: a withdrawal changes every ETag.
    withdrawn = current_withdrawn().digest
    etag = etag_for(release.id, query_hash(text), query.format.name, withdrawn)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        body = store.run(query)
        response = Response(body, mimetype=query.format.media_type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    link = permalink_url(release.version, query_hash(text))
    response.headers["Link"] = f'<{link}>; rel="cite-as"'
    response.headers["Vary"] = "Accept"
    return response


def page(release: Release, store: Store, text: str) -> str:
    """Render the citation page: how to cite, the query, the answer, downloads."""
    lang = select_locale()
    url = permalink_url(release.version, query_hash(text))
    graph = classify(text).form not in ("SELECT", "ASK")
    rows = graph_rows(store, text) if graph else store.rows(text, max_rows())
    table = value_table(rows)
    labelled = "pages" in current_app.blueprints
    if labelled:
        label_values(table)
    newer = [
        r for r in release_index().releases() if r.release_date > release.release_date
    ]
    citation = cite(release, text, url)
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    return render(
        "cite.html",
        c=CITE_TEXT[lang],
        release=release,
        text=text,
        permalink=url,
        citations=[(code, citation.text(code)) for code in (lang, other(lang))],
        variables=rows.variables,
        table=table,
        labelled=labelled,
        truncated=rows.truncated,
        downloads=[(f.name, f"{url}?format={f.name}") for f in formats],
        newer=newer[-1] if newer else None,
        cap=max_rows(),
    )


def label_values(table: list) -> None:
    """Look up the labels of the IRIs in a result table for the page."""
    from kolding_graph.web.ui import current_site, use_labels

    iris = [v.value for row in table for v in row if v is not None and v.is_iri]
    use_labels(current_site().labels(iris))


def other(lang: str) -> str:
    """Return the other of the two page languages."""
    return "en" if lang == "da" else "da"


def cite_text(key: str) -> str:
    """Return a cite string in the page language (for templates)."""
    return CITE_TEXT[select_locale()][key]


TEMPLATE_GLOBALS = {"cite_text": cite_text}
