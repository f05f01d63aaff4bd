"""Turn an Entity into what the entity templates show, per kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import request

from kolding_graph.browse import geo, schemaorg
from kolding_graph.browse.claims import (
    Claim,
    Figure,
    claims,
    disagreements,
    figures,
    value_sources,
)
from kolding_graph.browse.entities import PROV_SOURCE, RDF_TYPE, Entity
from kolding_graph.browse.labels import pick, pick_values
from kolding_graph.formats import PAGE_FORMATS
from kolding_graph.namespaces import DCTERMS_NS, VOID_NS
from kolding_graph.namespaces import GEO_NS as GEO
from kolding_graph.namespaces import SCHEMA_NS as SCHEMA
from kolding_graph.namespaces import SKOS_NS as SKOS
from kolding_graph.namespaces import WD_NS as WIKIDATA
from kolding_graph.terms import Value
from kolding_graph.text import fold
from kolding_graph.web.lead import lead_sentences
from kolding_graph.web.naming import name
from kolding_graph.web.ui import current_site, href, lang, page, use_labels

VOID = VOID_NS
# Properties whose values in every language are worth showing (names).
ALL_LANGUAGES = {SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel"}
# Properties the page shows elsewhere (title, lead, sources box, Wikidata box, map).
SHOWN_ELSEWHERE = {
    SKOS + "prefLabel",
    SCHEMA + "description",
    PROV_SOURCE,
    DCTERMS_NS + "bibliographicCitation",  # the citation box has it
    GEO + "lat",
    GEO + "long",
}
# Properties whose Wikidata values the Wikidata box shows (other values stay facts).
WIKIDATA_LINKS = {SCHEMA + "sameAs", "def/candidateWikidataItem"}
# Properties for developers only: in the "for developers" fold, not in the facts.
TECHNICAL = {RDF_TYPE}
MAP_KINDS = {"city", "town", "municipality"}


@dataclass(frozen=True)
class MapView:
    """A small map around one point, ready for the SVG template."""

    window: geo.Window
    land: str
    x: float
    y: float
    lat: float
    long: float


def entity_context(entity: Entity) -> dict[str, Any]:
    """Return the template context of an entity page."""
    site = current_site()
    kind = site.kind(entity.types)
    found = claims(entity, site.base)
    page_lang = lang()
    names = {v.lang: v.value for v in entity.props.get(SKOS + "prefLabel", [])}
    title = pick(names, page_lang) or pick(entity.labels.get(entity.iri), page_lang)
    sources_of = value_sources(found)
    disputed = disagreements(found)
    return {
        "entity": entity,
        "kind": kind,
        "title": title or name(entity.iri),
        "native_names": native_names(names, title),
        "description": _text(entity, SCHEMA + "description", page_lang),
        "lead": lead_sentences(entity, disputed),
        "technical": technical_facts(entity),
        "claim_dispute": claim_dispute(entity) if kind == "claim" else None,
        "incoming": incoming_links(entity),
        "fact_rows": lambda curies: [
            row
            for row in fact_rows(entity, curies, disputed)
            if not _echo(row, title or name(entity.iri))
        ],
        "sources_of": sources_of,
        "disagreements": disputed,
        "claims": found,
        "figures": figures(entity, site.base),
        "node_sources": by_label(
            entity, [v.value for v in entity.props.get(PROV_SOURCE, [])], page_lang
        ),
        "wikidata": _with_sources(entity, SCHEMA + "sameAs", sources_of, WIKIDATA),
        "candidates": _with_sources(
            entity, site.base + "def/candidateWikidataItem", sources_of, ""
        ),
        "map": small_map(entity) if kind in MAP_KINDS else None,
        "map_sources": _sources(entity, GEO + "lat", sources_of),
        "relations": relations_by_direction(entity),
        "twins": _links(entity, "alternates"),
        "jsonld": schemaorg.dumps(
            schemaorg.entity_jsonld(entity, kind, page_lang, request.url)
        ),
    }


def by_label(entity: Entity, iris: list[str], page_lang: str) -> list[str]:
    """Sort IRIs by their label in the page language, then by IRI: never store order."""
    return sorted(
        iris,
        key=lambda iri: (fold(pick(entity.labels.get(iri), page_lang) or ""), iri),
    )


def native_names(names: dict[str, str], title: str | None) -> list[tuple[str, str]]:
    """Return (language, name) for the names in languages other than da/en."""
    return sorted(
        (code, text)
        for code, text in names.items()
        if code not in ("da", "en") and text != title
    )


FactRow = tuple[str, list[Value], list[Claim] | None]


def fact_rows(
    entity: Entity, curies: list[str], disputed: dict[str, list[Claim]]
) -> list[FactRow]:
    """Return the facts once: the kind's leading properties first, then the rest.

    A disputed property comes with its claims instead of a value (it has none).
    """
    from kolding_graph.web.ui import expand

    base = current_site().base
    leading = [expand(c) for c in curies]
    hidden = {base + p if p.startswith("def/") else p for p in SHOWN_ELSEWHERE}
    linked = {base + p if p.startswith("def/") else p for p in WIKIDATA_LINKS}
    props = set(entity.props) | set(disputed)
    rest = sorted(props - set(leading) - hidden - TECHNICAL)
    rows: list[FactRow] = []
    for prop in [p for p in leading if p in props] + rest:
        values = entity.props.get(prop, [])
        if prop in linked:
            values = [v for v in values if not v.value.startswith(WIKIDATA)]
            if not values:
                continue
        shown = values if prop in ALL_LANGUAGES else pick_values(values, lang())
        shown = _one_per_text(shown)
        ordered = sorted(shown, key=lambda v: _value_order(entity, v))
        rows.append((prop, ordered, disputed.get(prop)))
    return rows


def claim_dispute(claim: Entity) -> list[Claim] | None:
    """Return every claim on the same subject and property, when they disagree."""
    site = current_site()
    subject = claim.first(site.base + "def/claimSubject")
    prop = claim.first(site.base + "def/claimProperty")
    if subject is None or prop is None or not subject.is_iri:
        return None
    about = site.entity(subject.value)
    if about is None:
        return None
    group = disagreements(claims(about, site.base)).get(prop.value)
    if group:
        use_labels({**page().labels, **about.labels})
    return group


def _echo(row: FactRow, title: str | None) -> bool:
    """Return True for a row that only repeats the page title (a second name)."""
    prop, values, disputed = row
    return not disputed and bool(values) and all(v.value == title for v in values)


def _one_per_text(values: list[Value]) -> list[Value]:
    """Drop a name repeated in another language ("ICLEI" @da and @en)."""
    seen: dict[tuple[str, str], Value] = {}
    for v in sorted(values, key=lambda v: (v.lang != lang(), v.lang)):
        seen.setdefault((v.kind, v.value), v)
    return list(seen.values())


def incoming_links(entity: Entity) -> dict[str, list[str]]:
    """Return the links back to the page that no other section already shows."""
    shown = {r.node for r in entity.relations}
    # The Wikidata box lists the differences; the dataset's examples are for programs.
    skipped = {current_site().base + "def/concerns", VOID + "exampleResource"}
    kept = {}
    for prop, subjects in entity.incoming.items():
        if prop in skipped:
            continue
        rest = [s for s in subjects if s not in shown]
        if rest:
            kept[prop] = rest
    return kept


def technical_facts(entity: Entity) -> list[tuple[str, list[Value]]]:
    """Return the properties only developers need (types), for the fold."""
    return [
        (p, sorted(entity.props[p], key=lambda v: _value_order(entity, v)))
        for p in sorted(TECHNICAL)
        if entity.props.get(p)
    ]


def _value_order(entity: Entity, value: Value) -> tuple[str, str, str]:
    """Order values by language, then label (linked ones), then value."""
    label = pick(entity.labels.get(value.value), lang()) if value.is_iri else None
    return (value.lang, fold(label or value.value), value.value)


def small_map(entity: Entity) -> MapView | None:
    """Return a map around the entity's coordinates, if it has any."""
    lat, long = entity.first(GEO + "lat"), entity.first(GEO + "long")
    if lat is None or long is None:
        return None
    try:
        point = (float(long.value), float(lat.value))
    except ValueError:
        return None
    window = geo.window_around([point], margin=16.0)
    x, y = window.project(*point)
    return MapView(window, geo.land_path(window), x, y, point[1], point[0])


def relations_by_direction(entity: Entity) -> dict[str, list]:
    """Return the entity's memberships, agreements and designations, by direction."""
    grouped: dict[str, list] = {}
    for relation in entity.relations:
        grouped.setdefault(relation.direction, []).append(relation)
    return grouped


def figure_text(figure: Figure) -> str:
    """Return "about 100" style text: the qualifier's label and the number."""
    from kolding_graph.web.ui import format_literal, label

    number = format_literal(figure.value) if figure.value is not None else "?"
    qualifier = label(figure.qualifier) if figure.qualifier else None
    exact = figure.qualifier and figure.qualifier.endswith("qualifier-exact")
    return number if not qualifier or exact else f"{qualifier} {number}"


def _text(entity: Entity, prop: str, page_lang: str) -> str | None:
    return pick({v.lang: v.value for v in entity.props.get(prop, [])}, page_lang)


def _with_sources(
    entity: Entity, prop: str, sources_of: dict, prefix: str
) -> list[tuple[str, tuple[str, ...]]]:
    """Return (IRI, its sources) for the IRI values of prop starting with prefix."""
    return sorted(
        (v.value, sources_of.get((prop, v), ()))
        for v in entity.props.get(prop, [])
        if v.is_iri and v.value.startswith(prefix)
    )


def _sources(entity: Entity, prop: str, sources_of: dict) -> tuple[str, ...]:
    value = entity.first(prop)
    return sources_of.get((prop, value), ()) if value is not None else ()


def _links(entity: Entity, _: str) -> list[tuple[str, str, str]]:
    """Return (name, media type, URL) of the entity's machine-readable twins."""
    local = href(entity.iri) or ""
    path = local.split("?", 1)[0]
    query = "?" + urlencode({"asOf": page().as_of}) if page().as_of else ""
    return [(f.label, f.media_type, path + f.suffix + query) for f in PAGE_FORMATS]
