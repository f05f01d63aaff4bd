"""Schema.org JSON-LD for entity pages and the Dataset description of the home page."""

from __future__ import annotations

import json
from typing import Any

from kolding_graph.browse.entities import Entity
from kolding_graph.browse.labels import pick
from kolding_graph.namespaces import GEO_NS as GEO
from kolding_graph.namespaces import SCHEMA_NS as SCHEMA
from kolding_graph.namespaces import SKOS_NS as SKOS
from kolding_graph.namespaces import WD_NS as WIKIDATA

CONTEXT = SCHEMA.rstrip("/")  # schema.org's JSON-LD context

SCHEMA_TYPES = {
    "municipality": "AdministrativeArea",
    "city": "AdministrativeArea",
    "town": "City",
    "organisation": "Organization",
    "person": "Person",
    "event": "Event",
    "document": "CreativeWork",
    "source": "CreativeWork",
    "country": "Country",
    "concept": "DefinedTerm",
    "class": "DefinedTerm",
    "property": "DefinedTerm",
    "dataset": "Dataset",
    "initiative": "Project",
}


def _texts(entity: Entity, prop: str, lang: str) -> dict[str, str]:
    return {v.lang: v.value for v in entity.props.get(prop, []) if v.kind == "literal"}


def entity_jsonld(
    entity: Entity, kind: str, lang: str, page_url: str
) -> dict[str, Any]:
    """Return a schema.org description of an entity for search engines."""
    names = _texts(entity, SKOS + "prefLabel", lang)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": SCHEMA_TYPES.get(kind, "Thing"),
        "@id": entity.iri,
        "url": page_url,
        "name": pick(names, lang) or entity.iri,
    }
    others = sorted({v for k, v in names.items() if v != data["name"]})
    others += sorted(v.value for v in entity.props.get(SKOS + "altLabel", []))
    if others:
        data["alternateName"] = list(dict.fromkeys(others))
    description = pick(_texts(entity, SCHEMA + "description", lang), lang)
    if description:
        data["description"] = description
    same = [
        v.value
        for v in entity.props.get(SCHEMA + "sameAs", [])
        if v.value.startswith(WIKIDATA)
    ]
    if same:
        data["sameAs"] = same
    lat, long = entity.first(GEO + "lat"), entity.first(GEO + "long")
    if lat is not None and long is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(lat.value),
            "longitude": float(long.value),
        }
    founded = entity.first(SCHEMA + "foundingDate")
    if founded is not None and founded.kind == "literal":
        data["foundingDate"] = founded.value
    return data


def dataset_jsonld(
    name: str,
    description: str,
    url: str,
    licence: str,
    creator: str,
    distributions: list[dict[str, str]],
) -> dict[str, Any]:
    """Return a schema.org Dataset description (for Google Dataset Search)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": url,
        "license": licence,
        "isAccessibleForFree": True,
        "inLanguage": ["da", "en"],
        "creator": {"@type": "GovernmentOrganization", "name": creator},
        "spatialCoverage": {"@type": "Place", "name": "Kolding"},
    }
    if distributions:
        data["distribution"] = [{"@type": "DataDownload", **d} for d in distributions]
    return data


def dumps(data: dict[str, Any]) -> str:
    """Return compact ASCII JSON (<, > and & are escaped by the template)."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
