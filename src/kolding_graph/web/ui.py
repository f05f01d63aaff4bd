"""Helpers shared by the browsing UI: page context, labels, links, formatting."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from babel.numbers import format_decimal
from flask import current_app, g, request, url_for
from flask_babel import get_translations
from markupsafe import Markup
from werkzeug.urls import iri_to_uri

from kolding_graph.browse.asof import normal_as_of
from kolding_graph.browse.labels import LANGUAGES, pick, pick_values
from kolding_graph.browse.select import store_select
from kolding_graph.browse.site import Site
from kolding_graph.errors import KoldingGraphError
from kolding_graph.namespaces import DEFAULT_BASE_IRI, WD_NS, XSD_NS, Namespaces
from kolding_graph.terms import Value
from kolding_graph.web.language import select_locale

SITE_KEY = "kolding_graph.pages.site"


@dataclass
class PageContext:
    """What every helper of one request needs, looked up once per request."""

    base: str
    root: str
    lang: str
    lang_query: str
    prefixes: dict[str, str]
    translations: Any
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    as_of: str = ""  # a valid ?asOf= (links keep it), else ""
    release: str = ""  # the old release ?release= names (links keep it), else ""

    @property
    def keep_query(self) -> str:
        """Return the query string every link keeps: ?lang=, ?asOf=, ?release=."""
        kept = [("lang", self.lang_query[6:]), ("asOf", self.as_of)]
        pairs = [(k, v) for k, v in [*kept, ("release", self.release)] if v]
        return "?" + urlencode(pairs) if pairs else ""


PAGE_KEY = "kolding_graph_page"
PINNED_SITE_KEY = "kolding_graph_pinned_site"


def start_page() -> PageContext:
    """Look up the request's language, base and root once (on first use)."""
    site = _site_or_none()
    chosen = request.args.get("lang", "")
    base = site.base if site else current_app.config.get("BASE_IRI", DEFAULT_BASE_IRI)
    return PageContext(
        base=base,
        root=request.script_root,
        lang=select_locale(),
        lang_query=f"?lang={chosen}" if chosen in LANGUAGES else "",
        prefixes=site.prefixes if site else Namespaces(base).prefixes(),
        translations=get_translations(),
        as_of=normal_as_of(request.args.get("asOf", "")),
        release=g.get(PINNED_SITE_KEY, (None, ""))[1],
    )


def page() -> PageContext:
    """Return the current request's page context, made when first needed.

    Made lazily (not before every request) so that answers without a page, such
    as SPARQL results, do not pay for the language and translation look-ups.
    """
    ctx = g.get(PAGE_KEY)
    if ctx is None:
        ctx = start_page()
        setattr(g, PAGE_KEY, ctx)
    return ctx


def translate(text: str) -> str:
    """Return text in the page language."""
    return page().translations.ugettext(text)


def use_labels(labels: dict[str, dict[str, str]]) -> None:
    """Make labels known to the templates of this request."""
    page().labels = labels


def current_site() -> Site:
    """Return the page data of the release the app serves (made once per store)."""
    from kolding_graph.web.state import get_state, get_store

    if (pinned := g.get(PINNED_SITE_KEY)) is not None:
        return pinned[0]  # ?release= names an old release (web/release_pages.py)
    store = get_store()  # raises the reason (503) when no release is loaded
    made = current_app.extensions.get(SITE_KEY)
    if made is None or made[0] is not store:
        release = get_state().release
        base = release.base_iri if release else current_app.config["BASE_IRI"]
        local = not current_app.config["ENDPOINT"]
        made = (store, Site(store_select(store), base, release, index_files=local))
        current_app.extensions[SITE_KEY] = made
    return made[1]


def _site_or_none() -> Site | None:
    try:
        return current_site()
    except KoldingGraphError:
        return None


def lang() -> str:
    """Return the current page language code."""
    return page().lang


def href(iri: str) -> str | None:
    """Return a link for an IRI: local for ours, as-is for http(s), None otherwise."""
    ctx = page()
    if iri.startswith(ctx.base):
        return ctx.root + "/" + _uri(iri[len(ctx.base) :]) + ctx.keep_query
    if iri.startswith(("http://", "https://")):
        return _uri(iri)
    return None


def _uri(text: str) -> str:
    """Return an IRI (part) as a URI: non-ASCII percent-encoded once, nothing else."""
    return text if text.isascii() else iri_to_uri(text)


def page_url(endpoint: str, **values: Any) -> str:
    """Return url_for(endpoint) keeping an explicit ?lang= choice."""
    chosen = request.args.get("lang", "")
    if chosen in LANGUAGES and "lang" not in values:
        values["lang"] = chosen
    kept = {"asOf": page().as_of, "release": page().release}
    values.update({k: v for k, v in kept.items() if v and k not in values})
    return url_for(endpoint, **values)


def has_endpoint(endpoint: str) -> bool:
    """Return True if the app has a view for endpoint (e.g. another blueprint's)."""
    return endpoint in current_app.view_functions


def label(iri: str) -> str | None:
    """Return the label of an IRI in the page language, if the page knows one."""
    ctx = page()
    return pick(ctx.labels.get(iri), ctx.lang)


def format_literal(value: Value) -> str:
    """Return a literal as text for people: numbers grouped, booleans in words."""
    name = value.datatype.removeprefix(XSD_NS)
    if name in ("integer", "decimal", "int", "long", "nonNegativeInteger"):
        try:
            return format_decimal(
                Decimal(value.value), locale=lang(), decimal_quantization=False
            )
        except (ArithmeticError, ValueError):
            return value.value
    if name == "boolean":
        return translate("yes") if value.to_python() else translate("no")
    return value.value


def wikidata_id(iri: str) -> str | None:
    """Return Q123 for a Wikidata entity IRI, else None."""
    return iri[len(WD_NS) :] if iri.startswith(WD_NS) else None


def other_languages() -> list[tuple[str, str]]:
    """Return (code, URL of this page in that language) for the language switch."""
    args = request.args.to_dict()
    out = []
    for code in LANGUAGES:
        args["lang"] = code
        query = urlencode(sorted(args.items()))
        out.append((code, f"{this_url()}?{query}"))
    return out


def this_url() -> str:
    """Return the path of this request as the client sees it (under any mount)."""
    return request.script_root + iri_to_uri(request.path)


def markup_json(text: str) -> Markup:
    """Return JSON for a <script type="application/ld+json"> element, escaped."""
    escaped = (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(escaped)


def expand(curie: str) -> str:
    """Return the IRI of a prefixed name such as kg:seat."""
    prefix, _, local = curie.partition(":")
    return page().prefixes[prefix] + local


def shown_values(values: list[Value]) -> list[Value]:
    """Return the values to show in the page language (others only as fallback),
    in a stable order whatever order the store gave them in."""
    return sorted(pick_values(values, lang()), key=lambda v: (v.kind, v.lang, v.value))


TEMPLATE_GLOBALS = {
    "expand": expand,
    "shown_values": shown_values,
    "current_site_base": lambda: page().base,
    "lang_query": lambda: page().lang_query,
    "href": href,
    "label": label,
    "wikidata_id": wikidata_id,
    "page_url": page_url,
    "has_endpoint": has_endpoint,
    "other_languages": other_languages,
    "current_lang": lang,
    "pick": pick,
}
