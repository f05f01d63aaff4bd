"""Blueprint: label search, as an HTML page grouped by kind or as JSON."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from kolding_graph.browse.labels import pick
from kolding_graph.browse.search_index import group_hits
from kolding_graph.web.naming import kind_label
from kolding_graph.web.ui import current_site, href, lang, page, use_labels

bp = Blueprint("search", __name__, template_folder="templates")

MAX_RESULTS = 50


@bp.route("/search")
def search() -> Response:
    """Find nodes by names and descriptions, ignoring case and diacritics.

    Claims, figures, concepts and vocabulary terms only with ?all=1.
    """
    site = current_site()
    text = request.args.get("q", "").strip()
    internal = request.args.get("all") == "1"
    hits = site.search(text, limit=MAX_RESULTS, internal=internal) if text else []
    use_labels(site.labels([h.iri for h in hits]))
    groups = group_hits(hits, site.kind)
    if wants_json():
        return jsonify(
            query=text, results=[_hit_json(h, site.kind(h.types)) for h in hits]
        )
    response = Response(
        render_template(
            "search.html", q=text, groups=groups, total=len(hits), internal=internal
        ),
        mimetype="text/html",
    )
    response.vary.add("Accept")
    return response


def wants_json() -> bool:
    """Return True if the client asked for JSON (?format=json or by Accept)."""
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _hit_json(hit, kind: str) -> dict:
    return {
        "iri": hit.iri,
        "url": href(hit.iri),
        "label": pick(page().labels.get(hit.iri), lang()) or hit.matched,
        "matched": hit.matched,
        "kind": kind,
        "kind_label": kind_label(kind),
    }
