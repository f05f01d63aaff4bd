"""Data for the home page and the lists: twin cities, organisations, people."""

from __future__ import annotations

from dataclasses import dataclass

from kolding_graph.browse.entities import Queries, Row, Select, fetch_labels
from kolding_graph.browse.labels import pick
from kolding_graph.namespaces import (
    DCTERMS_NS,
    GEO_NS,
    ORG_NS,
    PROV_NS,
    SCHEMA_NS,
    sparql_prefixes,
)
from kolding_graph.terms import Value
from kolding_graph.text import fold

HOME_PATH = "id/municipality/kolding"

GEO_PREFIX = sparql_prefixes({"geo": GEO_NS})
TWINS_QUERY = (
    GEO_PREFIX
    + """\
SELECT ?city ?agreement ?country ?lat ?long ?start ?status ?wikidata ?candidate
       ?region WHERE {
  %(values)s
  ?agreement a kg:TwinningAgreement ; kg:party ?home , ?city .
  FILTER (?city != ?home)
  OPTIONAL { ?city schema:addressCountry ?country }
  OPTIONAL { ?city geo:lat ?lat ; geo:long ?long }
  OPTIONAL { ?agreement kg:startYear ?start }
  OPTIONAL { ?agreement kg:status ?status }
  OPTIONAL { ?city schema:sameAs ?wikidata }
  OPTIONAL { ?city kg:candidateWikidataItem ?candidate }
  OPTIONAL { ?city kg:continentAsStated ?region }
}"""
)

SEAT_QUERY = (
    GEO_PREFIX
    + """\
SELECT ?place ?lat ?long WHERE {
  { %(values)s ?home kg:seat ?place . ?place geo:lat ?lat ; geo:long ?long }
  UNION { %(values)s ?home geo:lat ?lat ; geo:long ?long BIND(?home AS ?place) }
}"""
)

# Twins that Wikidata lists and our sources do not (from the reconciliation graph),
# with the sources the snapshot was made from.
WIKIDATA_ONLY_QUERY = (
    sparql_prefixes({"prov": PROV_NS, "dcterms": DCTERMS_NS})
    + """SELECT ?name ?item ?source ?date WHERE {
  %(values)s
  ?d a kg:TwinOnlyInWikidata ; kg:concerns ?home ; kg:otherValue ?name ;
     kg:wikidataItem ?item .
  OPTIONAL { ?report kg:hasDiscrepancy ?d ; kg:comparedWith ?snapshot .
             ?snapshot prov:wasDerivedFrom ?source .
             ?source dcterms:date ?date }
}"""
)

TYPED_QUERY = """SELECT ?x ?type WHERE {
  %(values)s
  ?x a ?type .
}"""

ORGANISATION_TYPES = (
    "def/Network",
    "def/Office",
    ORG_NS + "FormalOrganization",
    ORG_NS + "OrganizationalUnit",
    ORG_NS + "Organization",
)
PERSON_TYPES = (SCHEMA_NS + "Person",)


@dataclass(frozen=True)
class Twin:
    """A twin city as the home page and the list show it."""

    iri: str
    agreement: str
    labels: dict[str, str]
    country: str | None
    lat: float | None
    long: float | None
    start: int | None
    status: str | None
    wikidata: str | None
    candidate: str | None
    region: str | None = None  # the part of the world the municipal page puts it in

    def native_names_by_lang(self) -> list[tuple[str, str]]:
        """Return (language, name) for names in languages other than da and en."""
        common = {self.labels.get("da"), self.labels.get("en")}
        found: dict[str, str] = {}
        for code, text in sorted(self.labels.items()):
            if code not in ("da", "en", "") and text not in common:
                found.setdefault(text, code)
        return sorted((code, text) for text, code in found.items())

    def native_names(self) -> list[str]:
        """Return the labels in languages other than Danish and English."""
        common = {self.labels.get("da"), self.labels.get("en")}
        return sorted(
            {
                v
                for k, v in self.labels.items()
                if k not in ("da", "en") and v not in common
            }
        )


@dataclass(frozen=True)
class Place:
    """A point on a map."""

    iri: str
    lat: float
    long: float


def twin_cities(
    select: Select, queries: Queries, home: str
) -> tuple[list[Twin], dict[str, dict[str, str]]]:
    """Return the home entity's twin cities and the labels of everything they name."""
    rows = queries.run(select, TWINS_QUERY, "home", [home])
    names = {r["city"].value for r in rows} | {
        r[k].value
        for r in rows
        for k in ("country", "status", "agreement", "region")
        if k in r
    }
    labels = fetch_labels(select, queries, names)
    twins = {r["city"].value: _twin(r, labels) for r in rows}
    return sorted(twins.values(), key=lambda t: t.iri), labels


def _twin(row: Row, labels: dict[str, dict[str, str]]) -> Twin:
    def num(key: str) -> float | int | None:
        value: Value | None = row.get(key)
        return value.to_python() if value is not None else None

    def year(key: str) -> int | None:
        value = num(key)
        return int(value) if value is not None else None

    def ref(key: str) -> str | None:
        return row[key].value if key in row else None

    return Twin(
        iri=row["city"].value,
        agreement=row["agreement"].value,
        labels=labels.get(row["city"].value, {}),
        country=ref("country"),
        lat=num("lat"),
        long=num("long"),
        start=year("start"),
        status=ref("status"),
        wikidata=ref("wikidata"),
        candidate=ref("candidate"),
        region=ref("region"),
    )


def home_place(select: Select, queries: Queries, home: str) -> Place | None:
    """Return the position of the home entity's seat (or of the entity itself)."""
    rows = queries.run(select, SEAT_QUERY, "home", [home])
    rows.sort(key=lambda r: r["place"].value == home)
    for row in rows:
        return Place(
            row["place"].value, float(row["lat"].value), float(row["long"].value)
        )
    return None


CONTACT_QUERY = """SELECT ?email WHERE {
  %(values)s ?home schema:contactPoint ?point . ?point schema:email ?email
} ORDER BY ?email LIMIT 1"""


def contact_email(select: Select, queries: Queries, home: str) -> str:
    """Return the e-mail of the home entity's contact point as the data states it."""
    rows = queries.run(select, CONTACT_QUERY, "home", [home])
    return rows[0]["email"].value if rows else ""


def things_of_types(
    select: Select, queries: Queries, types: tuple[str, ...]
) -> dict[str, list[str]]:
    """Return {iri: [types]} for every node of one of the types."""
    full = [t if "://" in t else queries.base + t for t in types]
    found: dict[str, list[str]] = {}
    for row in queries.run(select, TYPED_QUERY, "type", full):
        if row["x"].is_iri:
            found.setdefault(row["x"].value, []).append(row["type"].value)
    return found


def sort_twins(
    twins: list[Twin],
    key: str,
    lang: str,
    country_labels: dict[str, dict[str, str]],
    descending: bool = False,
) -> list[Twin]:
    """Sort twin cities by name, country or year (unknown years last)."""

    def name(twin: Twin) -> str:
        return fold(pick(twin.labels, lang) or twin.iri)

    def country(twin: Twin) -> str:
        return fold(pick(country_labels.get(twin.country or "", {}), lang) or "")

    keys = {
        "name": lambda t: (name(t),),
        "country": lambda t: (country(t), name(t)),
        "year": lambda t: (t.start is None, t.start or 0, name(t)),
    }
    ordered = sorted(twins, key=keys.get(key, keys["name"]))
    if descending:
        known = [t for t in ordered if key != "year" or t.start is not None]
        unknown = [t for t in ordered if t not in known]
        ordered = known[::-1] + unknown
    return ordered


def wikidata_only_twins(
    select: Select, queries: Queries, home: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return (name, item) of twins only Wikidata lists, and (source, date) pairs."""
    rows = queries.run(select, WIKIDATA_ONLY_QUERY, "home", [home])
    twins = sorted({(r["name"].value, r["item"].value) for r in rows})
    dated = sorted({(r["source"].value, r["date"].value) for r in rows if "date" in r})
    return twins, dated
