"""Blueprint: the Wikidata reconciliation page, and the notices on entity pages."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, Response, render_template

from kolding_graph.namespaces import Namespaces
from kolding_graph.web.pages import cached_html
from kolding_graph.web.ui import current_site, lang, use_labels
from kolding_graph.wikidata.discrepancies import KINDS, Discrepancy, Report
from kolding_graph.wikidata.report_rdf import anchor, report_from_select, report_node

bp = Blueprint("reconciliation", __name__, template_folder="templates")

# The page's own texts, Danish and English. Kept here rather than in the message
# catalogue: the discrepancies themselves come with both languages from the data.
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Afstemning med Wikidata", "Reconciliation with Wikidata"),
    "intro": (
        "Vi sammenligner vores data med et øjebliksbillede af Wikidata, og vores"
        " kilder med hinanden. Hver uoverensstemmelse står her med sin forklaring;"
        " dem, vi kender og har accepteret, er markeret, men vises stadig.",
        "We compare our data with a snapshot of Wikidata, and our sources with one"
        " another. Each discrepancy is listed here with its explanation; those we"
        " know of and accept are marked, but still shown.",
    ),
    "notice": ("Wikidata og vores kilder", "Wikidata and our sources"),
    "accepted": ("kendt og accepteret", "known and accepted"),
    "new": ("ny", "new"),
    "none": ("Ingen uoverensstemmelser.", "No discrepancies."),
    "missing": (
        "Denne udgivelse har ingen afstemning med Wikidata (intet øjebliksbillede).",
        "This release has no reconciliation with Wikidata (no snapshot).",
    ),
    "retrieved": (
        "Øjebliksbilledet blev hentet {when}.",
        "The snapshot was retrieved {when}.",
    ),
    "summary": (
        "{total} uoverensstemmelser, heraf {new} nye.",
        "{total} discrepancies, {new} of them new.",
    ),
    "snapshot": ("Øjebliksbilledet", "The snapshot"),
    "by_kind": ("Efter slags", "By kind"),
    "full_report": ("Hele afstemningen med Wikidata", "The full reconciliation"),
    "machine": ("Rapporten som data", "The report as data"),
}


def text(key: str, **values: object) -> str:
    """Return one of the page's texts in the page language."""
    danish, english = TEXTS[key]
    return (danish if lang() == "da" else english).format(**values)


def current_report() -> Report | None:
    """Return the report of the release being served (read once, then cached)."""
    site = current_site()
    return site.cache.get_or_make(
        ("reconciliation",), lambda: report_from_select(site.select, site.base)
    )


def discrepancies_for(iri: str) -> list[Discrepancy]:
    """Return the discrepancies that concern an entity."""
    report = current_report()
    return report.for_entity(iri) if report else []


def message(discrepancy: Discrepancy) -> str:
    """Return a discrepancy's explanation in the page language."""
    return discrepancy.message_da if lang() == "da" else discrepancy.message_en


def kind_name(kind: str) -> str:
    """Return the name of a kind of discrepancy in the page language."""
    _, danish, english = KINDS[kind]
    return danish if lang() == "da" else english


@bp.route("/reconciliation")
def report() -> Response:
    """Show every discrepancy with Wikidata and between our sources, by entity."""
    return cached_html(_render)


def _render() -> str:
    site, found = current_site(), current_report()
    if found is None:
        return render_template("reconciliation.html", report=None)
    concerned = {e for d in found.discrepancies for e in d.entities}
    use_labels(site.labels(sorted(concerned | {found.snapshot})))
    kinds = Counter(d.kind for d in found.discrepancies)
    return render_template(
        "reconciliation.html",
        report=found,
        groups=found.by_entity(),
        kinds=sorted(kinds.items()),
        note=found.snapshot_note.get(lang(), ""),
        report_iri=str(report_node(Namespaces(site.base))),
    )


TEMPLATE_GLOBALS = {
    "discrepancies_for": discrepancies_for,
    "discrepancy_message": message,
    "discrepancy_kind": kind_name,
    "discrepancy_anchor": anchor,
    "reconciliation_text": text,
}
