"""Citing the dataset: the dataset IRI and each version's IRI answer citations.

`/dataset` and `/dataset/<version>` answer BibTeX, CSL-JSON, RIS and a formatted
line by Accept or ?format=; pages get a "how to cite" box and the graph sizes.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from kolding_graph.errors import NotAcceptable
from kolding_graph.formats import BIBTEX, CSL, RIS
from kolding_graph.namespaces import RDFS_NS
from kolding_graph.release.dataset_citation import (
    BY_NAME,
    FORMATS,
    DatasetCitation,
    render,
    version_iri,
)
from kolding_graph.release.load import Release
from kolding_graph.web.downloads import served_release, versioned
from kolding_graph.web.language import select_locale
from kolding_graph.web.state import get_state, get_store

bp = Blueprint("dataset_cite", __name__)
RDFS_COMMENT = RDFS_NS + "comment"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FORMAT_NAMES = {f.name: f.label for f in (BIBTEX, CSL, RIS)}
TEXT = {
    "da": {
        "how": "Sådan citerer du",
        "copy_label": "Kopiér",
        "copied": "Kopieret",
        "as": "Hent citatet som",
        "none": "Denne udgivelse har intet versionsnummer og kan ikke citeres"
        " præcist; byg en ny udgivelse (kolding-graph build).",
        "line": "tekst",
        "graphs": "Tripler pr. graf",
        "graph": "Graf",
        "triples": "Tripler",
    },
    "en": {
        "how": "How to cite",
        "copy_label": "Copy",
        "copied": "Copied",
        "as": "Get the citation as",
        "none": "This release has no version and cannot be cited exactly; build a"
        " new release (kolding-graph build).",
        "line": "text",
        "graphs": "Triples per graph",
        "graph": "Graph",
        "triples": "Triples",
    },
}


def citation_of(release: Release, lang: str) -> DatasetCitation | None:
    """Return the citation of a release in a language, None if it has no version."""
    if not release.version or not release.release_date:
        return None
    url = version_iri(release.base_iri, release.version)
    return DatasetCitation(release.version, release.release_date, url, lang)


def wanted_format() -> str | None:
    """Return the citation media type asked for (?format= or Accept), else None."""
    name = request.args.get("format", "")
    if name:
        return BY_NAME.get(name.lower())
    offered = [*HTML_TYPES, *FORMATS]
    best = request.accept_mimetypes.best_match(offered)
    if best in FORMATS and request.accept_mimetypes[best] > 0:
        return best
    return None


def citation_response(release: Release) -> Response | None:
    """Answer a citation request for a release, or None if none was asked for."""
    media = wanted_format()
    if media is None:
        return None
    citation = citation_of(release, select_locale())
    if citation is None:
        raise NotAcceptable(TEXT["en"]["none"])
    response = Response(render(citation, media), mimetype=media)
    response.headers["Content-Type"] = f"{media}; charset=utf-8"
    response.headers["Link"] = f'<{citation.url}>; rel="cite-as"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Accept")
    response.vary.add("Accept-Language")
    return response


@bp.route("/dataset/<version>")
def version(version: str) -> BaseResponse:
    """Answer for one version's IRI: its citation, or its downloads page."""
    release = versioned(version)
    answer = citation_response(release)
    if answer is not None:
        return answer
    target = url_for("downloads.version_page", version=release.version)
    response = redirect(target, code=303)
    response.vary.add("Accept")
    return response


def cite_box(release: Release | None = None) -> dict:
    """Return what the "how to cite" box shows for a release (default: served)."""
    release = release or served_release()
    lang = select_locale()
    citation = citation_of(release, lang)
    path = url_for("dataset_cite.version", version=release.version or "latest")
    return {
        "t": TEXT[lang],
        "citation": citation,
        "formats": [
            (
                FORMAT_NAMES.get(name, TEXT[lang]["line"]),
                f"{path}?format={name}&lang={lang}",
            )
            for name in ("bibtex", "csl", "ris", "text")
        ],
    }


def graph_counts() -> dict:
    """Return the served release's triples per graph and why the totals differ."""
    release = served_release()
    lang = select_locale()
    rows = [
        (name, int(info["triples"])) for name, info in sorted(release.graphs.items())
    ]
    query = (
        f"SELECT ?c WHERE {{ GRAPH ?g {{ <{release.base_iri}dataset>"
        f" <{RDFS_COMMENT}> ?c }}"
        f' FILTER(lang(?c) = "{lang}" && CONTAINS(STR(?c), "N-Quads")) }} LIMIT 1'
    )
    found = get_store().rows(query, 1).rows
    why = found[0][0].value if found and found[0][0] is not None else ""
    return {"t": TEXT[lang], "rows": rows, "total": sum(n for _, n in rows), "why": why}


def loaded_release() -> Release | None:
    """Return the release the app serves, None without one (a remote store)."""
    return get_state().release


TEMPLATE_GLOBALS = {
    "cite_box": cite_box,
    "graph_counts": graph_counts,
    "loaded_release": loaded_release,
}
