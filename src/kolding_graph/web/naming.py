"""Names and links people read for IRIs: labels, vocabulary terms, node titles.

Never a prefixed name: a term without a name reads as words from its IRI.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from kolding_graph.browse.labels import Value, pick
from kolding_graph.errors import KoldingGraphError
from kolding_graph.namespaces import WD_NS
from kolding_graph.vocabulary import term_name
from kolding_graph.web.ui import (
    current_site,
    format_literal,
    href,
    label,
    lang,
    page,
    translate,
)
from kolding_graph.web.vocab import INVERSE_LABELS, KIND_LABELS, KIND_PLURALS

WIKIDATA = WD_NS
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def name(iri: str) -> str:
    """Return what a link to iri reads: its label, term name or title.

    An outside web address without a name reads as itself (a source's URL).
    """
    found = label(iri) or known_name(iri)
    if found:
        return found
    if iri.startswith(("http://", "https://")) and not iri.startswith(page().base):
        return iri
    return readable_tail(iri)


def known_name(iri: str) -> str | None:
    """Return the name of a vocabulary term or the title of an unnamed node."""
    found = term_name(iri, lang())
    if found:
        return found
    try:
        titles = current_site().title(iri)
    except KoldingGraphError:
        return None
    return pick(titles, lang())


def readable_tail(iri: str) -> str:
    """Return the IRI's last segment as words ("foundingDate" -> "founding date")."""
    tail = re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
    return _CAMEL.sub(" ", tail).replace("-", " ").lower() if tail.isascii() else tail


def prop_label(iri: str) -> str:
    """Return the name of a property in the page language."""
    return known_name(iri) or label(iri) or readable_tail(iri)


def inverse_label(iri: str) -> str:
    """Return how a link pointing at the page reads ("members", "agreements")."""
    base = current_site().base
    key = "def/" + iri[len(base + "def/") :] if iri.startswith(base + "def/") else iri
    if key in INVERSE_LABELS:
        return translate(INVERSE_LABELS[key])
    return translate("linked as “%(name)s”") % {"name": prop_label(iri)}


def kind_label(kind: str, plural: bool = False) -> str:
    """Return the name of a page kind."""
    table = KIND_PLURALS if plural else KIND_LABELS
    return translate(table.get(kind, table["thing"]))


def link(iri: str) -> Markup:
    """Return a link to an IRI showing its label (or code text when not http)."""
    url = href(iri)
    if url is None:
        return Markup('<code class="iri"><bdi>%s</bdi></code>') % iri
    text = name(iri)
    if iri.startswith(WIKIDATA) and text != iri:
        text = f"{text} (Wikidata {iri[len(WIKIDATA) :]})"
    return Markup('<a href="%s"><bdi>%s</bdi></a>') % (url, text)


def text_link(iri: str, text: str) -> Markup:
    """Return a link to an IRI with a given text (code text when not http)."""
    url = href(iri)
    if url is None:
        return Markup('<code class="iri"><bdi>%s</bdi></code>') % iri
    return Markup('<a href="%s">%s</a>') % (url, text)


def value(v: Value) -> Markup:
    """Return one RDF value for people: a link, or text marked with its language."""
    if v.kind == "iri":
        return link(v.value)
    if v.kind == "bnode":
        return Markup("<code>_:%s</code>") % v.value
    if v.lang:
        shown = Markup('<bdi lang="%s">%s</bdi>') % (v.lang, v.value)
        if v.lang != lang():
            shown += Markup(' <span class="lang">%s</span>') % v.lang
        return shown
    if v.value.startswith(("http://", "https://")):
        return Markup('<code class="iri">%s</code>') % v.value
    return Markup("<bdi>%s</bdi>") % format_literal(v)


def sources(iris: tuple[str, ...] | list[str]) -> Markup:
    """Return "[source: A, B]" with links, or nothing."""
    if not iris:
        return Markup("")
    word = translate("source") if len(iris) == 1 else translate("sources")
    links = Markup(", ").join(link(i) for i in iris)
    return Markup('<span class="src">%s: %s</span>') % (word, links)


GLOBALS = {
    "link": link,
    "text_link": text_link,
    "value": value,
    "sources": sources,
    "name_of": name,
    "prop_label": prop_label,
    "inverse_label": inverse_label,
    "kind_label": kind_label,
}
