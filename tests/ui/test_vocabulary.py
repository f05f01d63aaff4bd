"""Every property and class in the data has a Danish and an English name (issue 12).

A page never falls back to a prefixed name: a term the data uses without a name in
both languages (ontology label or the reused-vocabulary table) fails here.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kolding_graph.vocabulary import TERMS, term_name

TERMS_USED = """SELECT DISTINCT ?term WHERE {
  { GRAPH ?g { ?s ?term ?o } } UNION { GRAPH ?g { ?s a ?term } }
}"""
ONTOLOGY_NAMES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?term (LANG(?label) AS ?lang) WHERE { GRAPH ?g { ?term rdfs:label ?label } }"""


def named_in_ontology(store: ox.Store) -> dict[str, set[str]]:
    """Return {term: languages it has an rdfs:label in}."""
    found: dict[str, set[str]] = {}
    for row in store.query(ONTOLOGY_NAMES):
        found.setdefault(row["term"].value, set()).add(row["lang"].value)
    return found


def test_every_term_in_the_data_has_a_danish_and_an_english_name(release_store):
    ontology = named_in_ontology(release_store)
    unnamed = sorted(
        row["term"].value
        for row in release_store.query(TERMS_USED)
        if isinstance(row["term"], ox.NamedNode)
        and row["term"].value not in TERMS
        and not {"da", "en"} <= ontology.get(row["term"].value, set())
    )
    assert unnamed == [], f"terms without a da/en name: {unnamed}"


def test_the_table_names_terms_in_both_languages():
    assert all(da and en for da, en in TERMS.values())
    assert term_name("https://schema.org/foundingDate", "da") == "grundlagt"
    assert term_name("https://schema.org/foundingDate", "en") == "founded"


def test_pages_name_reused_terms_not_prefixed(client):
    html = client.get("/id/municipality/kolding?lang=en").get_data(as_text=True)
    for curie in ("foaf:Agent", "dcterms:type", "foaf:name", "kgid:"):
        assert curie not in html.split("<main", 1)[1].split("</main>")[0], curie


def test_the_dataset_page_names_its_vocabularies_formats_and_legal_basis(client):
    """Regression: /dataset showed DPV terms, format IRIs and vocabularies as URLs."""
    html = client.get("/dataset").get_data(as_text=True)
    url_texts = re.findall(r"<a [^>]*>\s*(?:<bdi>)?\s*(https?://[^<]*)<", html)
    assert not url_texts
    assert "GDPR art. 6, stk. 1, litra e" in html and "RDF/XML" in html
