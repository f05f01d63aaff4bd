"""What the home page says: twins counted as the source counts them, with sources."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from kolding_graph.browse import homemap
from kolding_graph.browse.overview import Twin
from kolding_graph.browse.site import Home, Site
from kolding_graph.namespaces import ORG_NS, PROV_NS, SCHEMA_NS
from kolding_graph.web.naming import link, name, sources
from kolding_graph.web.ui import lang, translate
from kolding_graph.web.vocab import _l

SCHEMA = SCHEMA_NS
ORG = ORG_NS
NUMBER_WORDS = (
    _l("zero"), _l("one"), _l("two"), _l("three"), _l("four"), _l("five"),
    _l("six"), _l("seven"), _l("eight"), _l("nine"), _l("ten"), _l("eleven"),
    _l("twelve"),
)  # fmt: skip


def home_context(site: Site, data: Home) -> dict[str, Any]:
    """Return the template context of the home page."""
    entity = data.entity
    by_region = twins_by_region(data.twins)
    incoming = entity.incoming if entity else {}
    listing = site.listing("organisations")
    people = site.listing("people")
    return {
        "maps": homemap.panels(data.twins, data.place, lang()),
        "twins_by_region": by_region,
        "intro": intro(data, by_region),
        "wikidata_note": wikidata_note(data),
        "organisations": set(listing.types),
        "partners": incoming.get(ORG + "linkedTo", []),
        "people": sorted(people.types),
        "policies": incoming.get(SCHEMA + "publisher", []),
        "contact": contact(
            site, entity.first(SCHEMA + "contactPoint") if entity else None
        ),
    }


def twins_by_region(twins: list[Twin]) -> list[tuple[str | None, list[Twin]]]:
    """Return the twins grouped as the source groups them, the biggest group first."""
    groups: dict[str | None, list[Twin]] = {}
    for twin in twins:
        groups.setdefault(twin.region, []).append(twin)
    ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0] or ""))
    return [(region, sorted(ts, key=lambda t: name(t.iri))) for region, ts in ordered]


def count_words(n: int) -> str:
    """Return a small number in words ("ten"), larger ones as digits."""
    return translate(NUMBER_WORDS[n]) if n < len(NUMBER_WORDS) else str(n)


def intro(data: Home, by_region: list[tuple[str | None, list[Twin]]]) -> Markup:
    """Return "Kolding Kommune has 12 twin cities, ten in Europe and two in Asia"."""
    entity = data.entity
    if entity is None:
        return Markup("")
    parts = [
        Markup(translate("%(n)s in %(region)s"))
        % {"n": count_words(len(ts)), "region": name(region)}
        for region, ts in by_region
        if region
    ]
    twins = [r for r in entity.relations if r.direction == "party"]
    cited = sorted(set.intersection(*(set(r.sources) for r in twins))) if twins else []
    sentence = Markup(translate("%(who)s has %(n)s twin cities")) % {
        "who": link(entity.iri),
        "n": len({t.iri for t in data.twins}),
    }
    if parts:
        joined = Markup(", ").join(parts[:-1])
        and_word = Markup(" %s ") % translate("and")
        sentence += (
            Markup(", ") + (joined + and_word if joined else Markup("")) + parts[-1]
        )
    if cited:
        sentence += Markup(" ") + sources(cited)
    return (
        sentence
        + Markup(". ")
        + translate("Every fact on these pages shows where it comes from.")
    )


def wikidata_note(data: Home) -> Markup:
    """Return the dated sentence on twins that only Wikidata listed."""
    if not data.wikidata_only:
        return Markup("")
    names = Markup(", ").join(
        Markup("<bdi>%s</bdi>") % n for n, _ in data.wikidata_only
    )
    dated = data.wikidata_sources
    when = min(d for _, d in dated)[:4] if dated else "?"
    text = Markup(
        translate(
            "Wikidata's list of Kolding's twin cities from %(year)s also named "
            "%(names)s; the municipality's page does not."
        )
    ) % {"year": when, "names": names}
    cited = [s for s, _ in dated]
    return text + (Markup(" ") + sources(cited) if cited else Markup(""))


def contact(site: Site, point: Any) -> dict[str, Any] | None:
    """Return the telephone, e-mail and sources of the municipality's contact point."""
    if point is None or not point.is_iri:
        return None
    found = site.entity(point.value)
    if found is None:
        return None
    phone, email = found.first(SCHEMA + "telephone"), found.first(SCHEMA + "email")
    return {
        "phone": phone.value if phone else None,
        "email": email.value if email else None,
        "sources": [v.value for v in found.props.get(PROV_NS + "wasDerivedFrom", [])],
    }
