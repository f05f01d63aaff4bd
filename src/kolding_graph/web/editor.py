"""Blueprint: the query editor page and the HTML result table /sparql shows people."""

from __future__ import annotations

import pyoxigraph as ox
from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    render_template,
    request,
    url_for,
)
from werkzeug.datastructures import MIMEAccept

from kolding_graph.errors import QueryError
from kolding_graph.formats import GRAPH_FORMATS, NTRIPLES, RESULT_FORMATS
from kolding_graph.query.lexer import classify
from kolding_graph.query.protocol import ProtocolRequest, prepare
from kolding_graph.store.base import Rows, Store
from kolding_graph.terms import Value, to_value
from kolding_graph.web.editor_data import terms_key
from kolding_graph.web.state import get_state, get_store
from kolding_graph.web.ui import current_site, lang, translate, use_labels
from kolding_graph.web.vocab import _l

bp = Blueprint("editor", __name__, template_folder="templates")

# Words editor.js shows; {n}-style fields are filled in by the script.
SCRIPT_STRINGS = {
    "run": _l("Run query"),
    "running": _l("Running…"),
    "rows": _l("{n} rows"),
    "row": _l("1 row"),
    "time": _l("{ms} ms"),
    "show": _l("Show as"),
    "table": _l("Table"),
    "map": _l("Map"),
    "timeline": _l("Timeline"),
    "bars": _l("Bar chart"),
    "previous": _l("Previous"),
    "next": _l("Next"),
    "page": _l("Rows {from}–{to} of {n}"),
    "download": _l("Download"),
    "sort": _l("Sort by {name}"),
    "error": _l("The query could not run"),
    "at": _l("Line {line}, column {column}"),
    "yes": _l("Yes"),
    "no": _l("No"),
    "answer": _l("Answer"),
    "graph": _l(
        "This query builds a graph: its triples are shown as a table, "
        "and it can be downloaded in every graph format below."
    ),
    "mapTitle": _l("Map of the results: {n} places"),
    "mapNote": _l("Land outlines: Natural Earth (public domain)."),
    "results": _l("Query results"),
    "editor": _l("SPARQL query"),
    "insertedPrefix": _l("Added the line: {line}"),
}


def examples() -> list:
    """Return the example queries, by name."""
    return sorted(get_state().queries.values(), key=lambda q: q.name)


@bp.route("/query")
def editor(error: QueryError | None = None, text: str = "") -> Response:
    """Show the editor: a form posting to /sparql (enhanced by editor.js), examples.

    With an error, the query comes back in the form with the message and its place.
    """
    chosen = None if error else get_state().queries.get(request.args.get("example", ""))
    if not error:
        text = chosen.body if chosen else request.args.get("query", "")
    if not text and examples():
        text = examples()[0].body
    body = render_template(
        "editor.html",
        text=text,
        examples=examples(),
        chosen=chosen,
        lang=lang(),
        strings=editor_strings(),
        terms_url=url_for("editor_data.terms", key=terms_key()),
        error=error,
        request_id=g.get("request_id") if error else None,
    )
    return Response(body, status=error.status if error else 200, mimetype="text/html")


def editor_strings() -> dict:
    """Return the words editor.js shows, in the page language, and the format names."""
    words: dict = {key: translate(text) for key, text in SCRIPT_STRINGS.items()}
    words["formats"] = {
        "table": {f.name: f.label for f in RESULT_FORMATS},
        "graph": {f.name: f.label for f in GRAPH_FORMATS},
    }
    return words


def wants_html(format_name: str | None) -> bool:
    """Return True when a client asks /sparql for a page (format=html or Accept)."""
    return prefers_html(format_name, request.accept_mimetypes)


def prefers_html(format_name: str | None, accept: MIMEAccept) -> bool:
    """Return True when format=html, or no format and Accept prefers HTML."""
    if format_name:
        return format_name.strip().lower() in ("html", "text/html")
    offered = [f.media_type for f in RESULT_FORMATS] + ["text/html"]
    return accept.best_match(offered) == "text/html"


def max_rows() -> int:
    """Return how many rows an HTML result table shows (RESULT_MAX_ROWS)."""
    return current_app.config["RESULT_MAX_ROWS"]


def results_page(text: str) -> Response:
    """Run a query for people: a table, or the form again with the query's error."""
    try:
        return _results(text)
    except QueryError as error:
        return editor(error, text)


def _results(text: str) -> Response:
    """Run a query for people: an HTML table with labels and links, capped."""
    info = classify(text)  # refuses updates and SERVICE, as the endpoint does
    graph = info.form not in ("SELECT", "ASK")
    store = get_store()
    rows = graph_rows(store, text) if graph else store.rows(text, max_rows())
    table = value_table(rows)
    use_labels(
        current_site().labels(
            [v.value for row in table for v in row if v is not None and v.is_iri]
        )
    )
    body = render_template(
        "results.html",
        text=text,
        graph=graph,
        variables=rows.variables,
        table=table,
        truncated=rows.truncated,
        cap=max_rows(),
        downloads=download_links(text, graph),
    )
    return Response(body, mimetype="text/html")


def graph_rows(store: Store, text: str) -> Rows:
    """Run a CONSTRUCT or DESCRIBE and return its triples as subject/predicate/object
    rows (the first RESULT_MAX_ROWS, sorted)."""
    query = prepare(ProtocolRequest(query=text, format=NTRIPLES.name), None)
    triples = sorted(ox.parse(store.run(query), format=NTRIPLES.rdf), key=str)
    cap = max_rows()
    rows = tuple((t.subject, t.predicate, t.object) for t in triples[:cap])
    return Rows(("subject", "predicate", "object"), rows, truncated=len(triples) > cap)


def value_table(rows: Rows) -> list[list[Value | None]]:
    """Return a result's cells as plain values (None where unbound)."""
    return [[to_value(t) if t is not None else None for t in row] for row in rows.rows]


def download_links(text: str, graph: bool) -> list[tuple[str, str]]:
    """Return (format name, URL) for every result format of the query."""
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    return [
        (f.label, url_for("sparql.endpoint", query=text, format=f.name))
        for f in formats
    ]
