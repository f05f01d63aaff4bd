"""Names people read for IRIs: labels, vocabulary terms, node titles; never a CURIE."""

from __future__ import annotations

import re

from kolding_graph.browse.labels import pick
from kolding_graph.errors import KoldingGraphError
from kolding_graph.vocabulary import term_name
from kolding_graph.web.ui import current_site, label, lang, translate
from kolding_graph.web.vocab import INVERSE_LABELS, KIND_LABELS, KIND_PLURALS

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def name(iri: str) -> str:
    """Return what a link to iri reads: its label, term name or title."""
    return label(iri) or known_name(iri) or readable_tail(iri)


def known_name(iri: str) -> str | None:
    """Return the name of a vocabulary term or the title of an unnamed node."""
    found = term_name(iri, lang())
    if found:
        return found
    try:
        titles = current_site().titles()
    except KoldingGraphError:
        return None
    return pick(titles.get(iri), lang())


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


GLOBALS = {
    "name_of": name,
    "prop_label": prop_label,
    "inverse_label": inverse_label,
    "kind_label": kind_label,
}
