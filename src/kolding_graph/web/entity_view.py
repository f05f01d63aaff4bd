"""Turn an Entity into what the entity templates show, per kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request

from kolding_graph.browse import geo, schemaorg
from kolding_graph.browse.entities import (
    PROV_SOURCE,
    RDF_TYPE,
    Entity,
    Figure,
    claims,
    disagreements,
    figures,
    value_sources,
)
from kolding_graph.browse.labels import pick, pick_values
from kolding_graph.formats import PAGE_FORMATS
from kolding_graph.namespaces import GEO_NS as GEO
from kolding_graph.namespaces import SCHEMA_NS as SCHEMA
from kolding_graph.namespaces import SKOS_NS as SKOS
from kolding_graph.namespaces import WD_NS as WIKIDATA
from kolding_graph.terms import Value
from kolding_graph.text import fold
from kolding_graph.web.ui import current_site, href, lang

# Properties whose values in every language are worth showing (names).
ALL_LANGUAGES = {SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel"}
# Properties shown at the top of the page; listed before the rest in the facts table.
LEADING = (SCHEMA + "description", RDF_TYPE, SKOS + "prefLabel", SKOS + "altLabel")
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
    return {
        "entity": entity,
        "kind": kind,
        "title": title or entity.iri,
        "native_names": native_names(names, title),
        "description": _text(entity, SCHEMA + "description", page_lang),
        "facts": facts(entity),
        "sources_of": sources_of,
        "disagreements": disagreements(found),
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


def facts(entity: Entity) -> list[tuple[str, list[Value]]]:
    """Return (property, values in the page language) for the facts table."""
    page_lang = lang()
    order = {prop: i for i, prop in enumerate(LEADING)}
    rows = []
    for prop in sorted(entity.props, key=lambda p: (order.get(p, 99), p)):
        values = entity.props[prop]
        shown = values if prop in ALL_LANGUAGES else pick_values(values, page_lang)
        rows.append((prop, sorted(shown, key=lambda v: _value_order(entity, v))))
    return rows


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
    return [(f.label, f.media_type, path + f.suffix) for f in PAGE_FORMATS]
