"""Human titles, in Danish and English, for nodes that have no name of their own.

Claims, figures, discrepancies, named graphs and the dataset have no skos:prefLabel;
their pages and the links to them are titled from what they say, for example
"ICLEI – grundlagt: 1990 (ifølge Engelsk Wikipedia: ICLEI)".
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from babel.numbers import format_decimal

from kolding_graph.browse.entities import Queries, Row, Select, fetch_labels
from kolding_graph.browse.labels import LANGUAGES, Value, pick
from kolding_graph.namespaces import (
    DCAT_NS,
    DCTERMS_NS,
    FOAF,
    OWL_NS,
    PROV_NS,
    VOID_NS,
    WD_NS,
    sparql_prefixes,
)
from kolding_graph.vocabulary import term_name

Titles = dict[str, dict[str, str]]

CLAIMS_QUERY = (
    sparql_prefixes({"prov": PROV_NS})
    + """SELECT ?node ?about ?p ?value ?words ?src WHERE {
  ?node a kg:Claim ; kg:claimSubject ?about ; kg:claimProperty ?p .
  OPTIONAL { ?node kg:value ?value }
  OPTIONAL { ?node kg:statedAs ?words }
  OPTIONAL { ?node prov:wasDerivedFrom ?src }
}"""
)

FIGURES_QUERY = """SELECT ?node ?about ?p ?value ?qualifier ?date WHERE {
  ?node a kg:Figure ; kg:figureOf ?about .
  OPTIONAL { ?node kg:measure ?p }
  OPTIONAL { ?node kg:value ?value }
  OPTIONAL { ?node kg:qualifier ?qualifier }
  OPTIONAL { ?node kg:asOf ?date }
}"""

DISCREPANCIES_QUERY = """SELECT ?node ?p ?about WHERE {
  ?node a kg:Discrepancy , ?p ; kg:concerns ?about .
  FILTER (?p != kg:Discrepancy)
}"""

TITLED_QUERY = (
    sparql_prefixes({"dcterms": DCTERMS_NS, "foaf": str(FOAF)})
    + """SELECT ?node ?title WHERE {
  ?node dcterms:title|foaf:name|schema:name ?title .
  FILTER NOT EXISTS { ?node skos:prefLabel|rdfs:label ?named }
}"""
)

# The dataset description's own nodes: VoID partitions and the period it covers.
PARTS_QUERY = (
    sparql_prefixes({"void": VOID_NS, "dcat": DCAT_NS, "dcterms": DCTERMS_NS})
    + """SELECT ?node ?class ?prop ?start ?end WHERE {
  { ?node void:class ?class } UNION { ?node void:property ?prop }
  UNION { ?node a dcterms:PeriodOfTime .
          OPTIONAL { ?node dcat:startDate ?start }
          OPTIONAL { ?node dcat:endDate ?end } }
}"""
)

TERMS_QUERY = (
    sparql_prefixes({"owl": OWL_NS})
    + """SELECT ?s ?label WHERE {
  ?s a ?kind ; rdfs:label ?label .
  FILTER (?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, rdfs:Class))
}"""
)

GRAPHS = {
    "curated": ("Fakta fra vores kilder", "Facts from our sources"),
    "derived": ("Afledte fakta", "Derived facts"),
    "metadata": ("Om datasættet", "About the dataset"),
    "ontology": ("Ordforrådet (ontologien)", "The vocabulary (ontology)"),
    "reconciliation": ("Afstemning med Wikidata", "Reconciliation with Wikidata"),
    "wikidata": ("Øjebliksbillede fra Wikidata", "Wikidata snapshot"),
}
WIKIDATA = WD_NS
WORDS = {
    "da": {
        "per": "ifølge",
        "undated": "udateret",
        "class": "klasse",
        "prop": "egenskab",
    },
    "en": {
        "per": "according to",
        "undated": "undated",
        "class": "class",
        "prop": "property",
    },
}


def all_titles(select: Select, queries: Queries) -> Titles:
    """Return names of the ontology's terms and titles of unnamed nodes."""
    terms: Titles = {}
    for row in queries.run(select, TERMS_QUERY, "unused", []):
        label = row["label"]
        terms.setdefault(row["s"].value, {}).setdefault(label.lang, label.value)
    return {**terms, **node_titles(select, queries)}


def node_titles(select: Select, queries: Queries) -> Titles:
    """Return {iri: {lang: title}} of claims, figures, discrepancies and graphs."""
    claims = queries.run(select, CLAIMS_QUERY, "unused", [])
    figures = queries.run(select, FIGURES_QUERY, "unused", [])
    problems = queries.run(select, DISCREPANCIES_QUERY, "unused", [])
    parts = queries.run(select, PARTS_QUERY, "unused", [])
    named = {
        v.value
        for rows in (claims, figures, problems, parts)
        for row in rows
        for v in row.values()
        if v.is_iri
    }
    labels = fetch_labels(select, queries, named)
    titles: Titles = defaultdict(dict)
    for lang in LANGUAGES:
        namer = _Namer(labels, lang)
        for node, title in _claim_titles(claims, namer).items():
            titles[node][lang] = title
        for node, title in _figure_titles(figures, namer).items():
            titles[node][lang] = title
        for row in problems:
            titles[row["node"].value][lang] = (
                f"{namer.name(row['p'])}: {namer.name(row['about'])}"
            )
        for row in parts:
            titles[row["node"].value][lang] = _part_title(row, namer)
        for name, pair in GRAPHS.items():
            titles[f"{queries.base}graph/{name}"][lang] = pair[LANGUAGES.index(lang)]
    for row in queries.run(select, TITLED_QUERY, "unused", []):
        given = row["title"]
        titles[row["node"].value].setdefault(given.lang or "", given.value)
    return dict(titles)


class _Namer:
    """Names of IRIs and text of values in one language."""

    def __init__(self, labels: Titles, lang: str) -> None:
        self.labels = labels
        self.lang = lang

    def name(self, value: Value) -> str:
        """Return an IRI's name (label, term name, Wikidata id) or a value's text."""
        if not value.is_iri:
            return self.text(value)
        found = term_name(value.value, self.lang) or pick(
            self.labels.get(value.value), self.lang
        )
        tail = value.value.rstrip("/").rsplit("/", 1)[-1]
        if value.value.startswith(WIKIDATA):
            return f"{found} (Wikidata {tail})" if found else f"Wikidata {tail}"
        return found or tail

    def text(self, value: Value) -> str:
        """Return a literal for people (numbers grouped in the language's way)."""
        if value.datatype.endswith(("#integer", "#decimal")):
            try:
                return format_decimal(
                    Decimal(value.value), locale=self.lang, decimal_quantization=False
                )
            except (ArithmeticError, ValueError):
                return value.value
        return value.value


def _grouped(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["node"].value].append(row)
    return grouped


def _claim_titles(rows: list[Row], namer: _Namer) -> dict[str, str]:
    """Return "Subject – property: value (according to Source)" per claim."""
    titles = {}
    for node, group in _grouped(rows).items():
        first = group[0]
        said = _said(group, namer)
        sources = sorted({namer.name(r["src"]) for r in group if "src" in r})
        per = f" ({WORDS[namer.lang]['per']} {', '.join(sources)})" if sources else ""
        subject, prop = namer.name(first["about"]), namer.name(first["p"])
        titles[node] = f"{subject} – {prop}: {said}{per}"
    return titles


def _said(group: list[Row], namer: _Namer) -> str:
    """Return the claim's value, else the source's words in the language, quoted."""
    if "value" in group[0]:
        return namer.name(group[0]["value"])
    words = {r["words"].lang: r["words"].value for r in group if "words" in r}
    chosen = pick(words, namer.lang)
    return f"»{chosen}«" if chosen else "?"


def _figure_titles(rows: list[Row], namer: _Namer) -> dict[str, str]:
    """Return "Subject – measure: about 100 (2023)" per figure."""
    titles = {}
    for node, group in _grouped(rows).items():
        row = group[0]
        prop = namer.name(row["p"]) if "p" in row else "?"
        number = namer.text(row["value"]) if "value" in row else "?"
        qualifier = row.get("qualifier")
        if qualifier is not None and not qualifier.value.endswith("qualifier-exact"):
            number = f"{namer.name(qualifier)} {number}"
        date = row["date"].value if "date" in row else WORDS[namer.lang]["undated"]
        titles[node] = f"{namer.name(row['about'])} – {prop}: {number} ({date})"
    return titles


def _part_title(row: Row, namer: _Namer) -> str:
    """Return "class: Twin city", "property: founded" or "1946–2026" for a node."""
    words = WORDS[namer.lang]
    if "class" in row:
        return f"{words['class']}: {namer.name(row['class'])}"
    if "prop" in row:
        return f"{words['prop']}: {namer.name(row['prop'])}"
    start = row["start"].value if "start" in row else ""
    end = row["end"].value if "end" in row else ""
    return f"{start}–{end}"
