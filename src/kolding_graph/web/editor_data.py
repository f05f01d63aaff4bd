"""Blueprint: the JSON the query editor's script reads (terms, labels, map outlines)."""

from __future__ import annotations

import json
import math

from flask import Blueprint, Response, abort, request

from kolding_graph.browse.geo import graticule, land_path, window_around
from kolding_graph.browse.labels import pick
from kolding_graph.errors import QueryError
from kolding_graph.namespaces import OWL_NS, RDF_NS, RDFS_NS, sparql_prefixes
from kolding_graph.web.ui import current_site, href, lang

bp = Blueprint("editor_data", __name__)

MAX_LABEL_IRIS = 5000
TERM_TYPES = {
    OWL_NS + "Class": "class",
    RDFS_NS + "Class": "class",
    OWL_NS + "ObjectProperty": "property",
    OWL_NS + "DatatypeProperty": "property",
    RDF_NS + "Property": "property",
}
TERMS_QUERY = (
    "\n"
    + sparql_prefixes({"rdfs": RDFS_NS})
    + """\
SELECT ?term ?type ?label WHERE {{
  VALUES ?type {{ {types} }}
  ?term a ?type .
  FILTER (STRSTARTS(STR(?term), "{space}"))
  OPTIONAL {{ ?term rdfs:label ?label }}
}}
"""
)


def terms_key() -> str:
    """Return the key of the terms JSON of the release being served (its id)."""
    return current_site().release_id or "store"


@bp.route("/query/terms/<key>.json")
def terms(key: str) -> Response:
    """Serve the prefixes and our ontology's terms with labels, cached per release."""
    if key != terms_key():
        abort(404)
    site = current_site()
    body = site.cache.get_or_make(("editor-terms",), lambda: terms_json(site))
    response = Response(body, mimetype="application/json")
    if site.release_id:  # the name carries the release id, so it never changes
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def terms_json(site) -> bytes:
    """Return the editor's prefix table and our classes and properties as JSON."""
    space = site.base + "def/"
    types = " ".join(f"<{t}>" for t in TERM_TYPES)
    found: dict[str, dict] = {}
    for row in site.select(TERMS_QUERY.format(types=types, space=space)):
        iri = row["term"].value
        term = found.setdefault(
            iri, {"iri": iri, "kind": TERM_TYPES[row["type"].value], "label": {}}
        )
        label = row.get("label")
        if label is not None and label.lang in ("da", "en"):
            term["label"][label.lang] = label.value
    listed = sorted(found.values(), key=lambda t: t["iri"])
    return json.dumps({"prefixes": site.prefixes, "terms": listed}).encode()


@bp.route("/query/labels", methods=["POST"])
def labels() -> Response:
    """Return the label (page language) and page link of each IRI posted."""
    iris = posted_iris()
    known = current_site().labels(iris)
    answer = {
        iri: {"label": pick(known.get(iri), lang()), "href": href(iri)} for iri in iris
    }
    return Response(json.dumps({"labels": answer}), mimetype="application/json")


def posted_iris() -> list[str]:
    """Return the IRIs of a labels request, or raise QueryError saying what is wrong."""
    data = request.get_json(silent=True)
    iris = data.get("iris") if isinstance(data, dict) else None
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        raise QueryError('expected JSON {"iris": ["...", ...]}', where="request body")
    if len(iris) > MAX_LABEL_IRIS:
        raise QueryError(f"at most {MAX_LABEL_IRIS} IRIs per request", where="iris")
    return [i for i in dict.fromkeys(iris) if i.startswith(("http://", "https://"))]


@bp.route("/query/map.json")
def map_outline() -> Response:
    """Return the home page's map drawing (land, graticule, projection) for a box."""
    west, south, east, north = (_degrees(name, limit) for name, limit in BOX)
    # Snapped outwards to whole grid cells, so that boxes share a few cached drawings.
    corners = [(_snap(west, math.floor), _snap(south, math.floor))]
    corners.append((_snap(east, math.ceil), _snap(north, math.ceil)))
    window = window_around(corners)
    body = {
        "window": {
            "west": window.west,
            "north": window.north,
            "scale": window.scale,
            "stretch": window.stretch,
            "width": window.width,
            "height": window.height,
        },
        "land": land_path(window),
        "graticule": [line[1:] for line in graticule(window)],
    }
    response = Response(json.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


BOX = (("west", 180.0), ("south", 90.0), ("east", 180.0), ("north", 90.0))
GRID = 5.0  # degrees


def _snap(degrees: float, rounding) -> float:
    """Return degrees rounded (down or up) to the grid."""
    return rounding(degrees / GRID) * GRID


def _degrees(name: str, limit: float) -> float:
    """Return a query parameter as degrees within ±limit, or raise QueryError."""
    text = request.args.get(name, "")
    try:
        value = float(text)
    except ValueError:
        raise QueryError(f"{name} must be a number of degrees", where=name) from None
    if not math.isfinite(value) or abs(value) > limit:
        raise QueryError(
            f"{name} must lie between -{limit:g} and {limit:g}", where=name
        )
    return value
