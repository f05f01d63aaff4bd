"""Blueprint: /sitemap.xml and /robots.txt, so search engines find every page."""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, request, url_for

from kolding_graph.namespaces import SITEMAPS_NS
from kolding_graph.web.ui import current_site, href

bp = Blueprint("sitemap", __name__)

# Every IRI under the base that is the subject of a statement has a page.
PAGES_QUERY = """SELECT DISTINCT ?s WHERE {
  ?s ?p ?o .
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), "%(base)s"))
}"""
LISTS = ("pages.home", "pages.cities", "pages.organisations", "pages.people")


def page_urls() -> list[str]:
    """Return the absolute URL of every HTML page: the lists, then each resource."""
    site = current_site()

    def make() -> list[str]:
        rows = site.select(PAGES_QUERY % {"base": site.base})
        return sorted({r["s"].value for r in rows})

    iris = site.cache.get_or_make(("sitemap",), make)
    root = request.url_root.rstrip("/")
    urls = [url_for(name, _external=True) for name in LISTS]
    return urls + [root + local for local in map(href, iris) if local]


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    """List every page for search engines (sitemaps.org format)."""
    entries = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in page_urls())
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAPS_NS}">\n'
        f"{entries}</urlset>\n"
    )
    return Response(body, mimetype="application/xml")


@bp.route("/robots.txt")
def robots() -> Response:
    """Welcome crawlers to the pages, not to the query endpoint; name the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /sparql",
        "Disallow: /query",
        "Allow: /",
        f"Sitemap: {url_for('sitemap.sitemap', _external=True)}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
