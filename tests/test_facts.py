"""One test per fact of the source page and each verified outside fact, by SPARQL."""

from __future__ import annotations

import pyoxigraph
import pytest

from kolding_graph.release.load import Release

PREFIXES = """
PREFIX kg: <https://data.kolding.dk/def/>
PREFIX id: <https://data.kolding.dk/id/>
PREFIX mun: <https://data.kolding.dk/id/municipality/>
PREFIX city: <https://data.kolding.dk/id/city/>
PREFIX orgn: <https://data.kolding.dk/id/organisation/>
PREFIX doc: <https://data.kolding.dk/id/document/>
PREFIX concept: <https://data.kolding.dk/id/concept/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
K1 = "doc:kolding-internationalt-samarbejde"

# (country slug, Danish label, Wikidata item or None, start year or None)
TWIN_CITIES = {
    "delmenhorst": ("germany", "Delmenhorst", "Q3907", 1979),
    "drammen": ("norway", "Drammen", "Q26525", 1946),
    "huescar": ("spain", "Huéscar", "Q575709", 1982),
    "kujalleq": ("greenland", "Kujalleq", "Q478813", None),
    "lappeenranta": ("finland", "Lappeenranta", "Q181854", 1947),
    "nikopol": ("ukraine", "Nikopol", "Q156760", None),
    "orebro": ("sweden", "Örebro", "Q297718", 1946),
    "panevezys": ("lithuania", "Panevėžys", "Q1719466", 2000),
    "stykkisholmur": ("iceland", "Stykkishólmur", "Q1019452", 1979),
    "szombathely": ("hungary", "Szombathely", "Q42007", 1991),
    "anjo": ("japan", "Anjo", "Q270806", 1997),
    "wuqing": ("china", "Wuqing", None, None),
}

FACTS = {
    "municipality and town are different things": """
        mun:kolding a kg:Municipality ; kg:seat city:kolding .
        city:kolding a kg:Town ; schema:containedInPlace mun:kolding .
        FILTER (mun:kolding != city:kolding)""",
    "the municipality has an international vision": """
        mun:kolding kg:vision ?da , ?en . FILTER (lang(?da) = "da" && lang(?en) = "en")""",
    "the city council approved the international policy": """
        doc:international-politik a kg:PolicyDocument ;
            kg:approvedBy ?council ; prov:wasDerivedFrom doc:kolding-internationalt-samarbejde .
        ?council org:unitOf mun:kolding""",
    "the policy benefits citizens, education, business and the municipality": """
        doc:international-politik kg:beneficiary concept:beneficiary-citizens ,
            concept:beneficiary-educational-institutions , concept:beneficiary-business ,
            concept:beneficiary-municipal-organisation""",
    "the policy has the four added sections": """
        SELECT (COUNT(?section) AS ?n) WHERE {
          doc:international-politik schema:hasPart ?section .
          ?section a kg:PolicySection }
        HAVING (COUNT(?section) = 4)""",
    "twin-city prioritisation: farewell, new agreements, time-limited cooperation": """
        doc:international-politik-twin-cities kg:plannedAction
            concept:action-end-some-twinnings , concept:action-new-defined-agreements ,
            concept:action-time-limited-cooperation""",
    "Kolding is a UNESCO Creative City of Design": """
        ?d a kg:Designation ; kg:designee mun:kolding ; kg:awardedBy orgn:unesco ;
           kg:category concept:category-city-of-design""",
    "the UNESCO title dates from 2017 (UNESCO)": """
        ?d kg:designee mun:kolding ; kg:startYear "2017"^^xsd:gYear .
        ?c kg:claimSubject ?d ; prov:wasDerivedFrom doc:unesco-creative-cities-kolding""",
    "telephone and e-mail": """
        mun:kolding schema:contactPoint ?c .
        ?c schema:telephone "+45 79 79 79 79" ; schema:email "kommunen@kolding.dk" """,
    "12 twin cities, ten in Europe and two in Asia, as the page states": """
        ?f12 kg:figureOf mun:kolding ; kg:measure concept:measure-twin-cities ; kg:value 12 .
        ?f10 kg:figureOf mun:kolding ; kg:measure concept:measure-twin-cities-in-europe ;
             kg:value 10 .
        ?f2 kg:figureOf mun:kolding ; kg:measure concept:measure-twin-cities-in-asia ;
            kg:value 2""",
    "Kolding joined UBC in 1997 for Baltic Sea connections": """
        ?m org:member mun:kolding ; org:organization orgn:ubc ; kg:startYear "1997"^^xsd:gYear ;
           kg:purpose ?purpose""",
    "UBC: founded 1991 in Gdańsk": """
        orgn:ubc schema:foundingDate "1991"^^xsd:gYear ; schema:foundingLocation ?place .
        ?place skos:prefLabel "Gdańsk"@da""",
    "UBC: about 100 cities in 10 countries, 14 commissions and networks": """
        ?a kg:figureOf orgn:ubc ; kg:measure concept:measure-member-cities ; kg:value 100 ;
           kg:qualifier concept:qualifier-about ; prov:wasDerivedFrom doc:kolding-internationalt-samarbejde .
        ?b kg:figureOf orgn:ubc ; kg:measure concept:measure-member-countries ; kg:value 10 .
        ?c kg:figureOf orgn:ubc ; kg:measure concept:measure-commissions ; kg:value 14""",
    "UBC: a newer member count is dated (69 in 2022)": """
        ?f kg:figureOf orgn:ubc ; kg:measure concept:measure-member-cities ; kg:value 69 ;
           kg:asOf "2022"^^xsd:gYear""",
    "UBC: its purpose": "orgn:ubc kg:purpose ?p . FILTER (lang(?p) = 'en')",
    "SDEO: what it does, EU co-financing, merger of four offices": """
        orgn:sdeo a kg:Office ; schema:description ?d ; skos:prefLabel "Det Syddanske Bruxelles-kontor"@da .
        ?f kg:figureOf orgn:sdeo ; kg:measure concept:measure-predecessor-offices ; kg:value 4""",
    "Kolding has been an ICLEI member since 1998": """
        ?m org:member mun:kolding ; org:organization orgn:iclei ; kg:startYear "1998"^^xsd:gYear""",
    "ICLEI is a partner of the UN and the EU": """
        orgn:iclei kg:partnerOf orgn:united-nations , orgn:european-union""",
    "ICLEI founding: both claims kept, each with its source": """
        ?page kg:claimSubject orgn:iclei ; kg:claimProperty schema:foundingDate ;
              kg:statedAs ?words ; kg:relatedEvent ?rio ; prov:wasDerivedFrom doc:kolding-internationalt-samarbejde .
        ?rio schema:startDate "1992"^^xsd:gYear .
        ?history kg:claimSubject orgn:iclei ; kg:claimProperty schema:foundingDate ;
              kg:value "1990"^^xsd:gYear ; prov:wasDerivedFrom doc:en-wikipedia-iclei""",
    "ICLEI: over 1,200 members representing 570 million people, as the page states": """
        ?a kg:figureOf orgn:iclei ; kg:measure concept:measure-members ; kg:value 1200 ;
           kg:qualifier concept:qualifier-more-than ; prov:wasDerivedFrom doc:kolding-internationalt-samarbejde .
        ?b kg:figureOf orgn:iclei ; kg:measure concept:measure-people-represented ;
           kg:value 570000000""",
    "Local Government Climate Roadmap, run by ICLEI, from COP15 in Copenhagen": """
        ?r kg:runBy orgn:iclei ; kg:relatedEvent ?cop ; skos:prefLabel "Local Government Climate Roadmap"@en .
        ?cop schema:location "Copenhagen"@en ; skos:altLabel "COP15"@en""",
    "green procurement campaigns and SMART SPP with Kolding taking part": """
        ?campaign a kg:Campaign ; kg:runBy orgn:iclei .
        ?p a kg:Project ; skos:prefLabel "SMART SPP"@en ; kg:participant mun:kolding ;
           kg:purpose ?purpose ; schema:isPartOf ?campaign""",
    "Per Bødker Andersen, 2nd deputy mayor of Kolding Kommune": """
        ?m org:member ?per ; org:organization mun:kolding ;
           org:role concept:role-second-deputy-mayor .
        ?per skos:prefLabel "Per Bødker Andersen"@da""",
    "re-elected in 2009 to ICLEI's board, representing Europe": """
        ?m org:member ?per ; org:organization ?board ; kg:electedYear "2009"^^xsd:gYear ;
           kg:reElected true ; kg:region concept:region-europe .
        ?board org:unitOf orgn:iclei""",
    "ICLEI's board: 19 members, at least 3 from each of 7 regions, 3 for Europe": """
        ?a kg:figureOf ?board ; kg:measure concept:measure-board-seats ; kg:value 19 .
        ?b kg:figureOf ?board ; kg:measure concept:measure-electoral-regions ; kg:value 7 .
        ?c kg:figureOf ?board ; kg:measure concept:measure-min-seats-per-region ; kg:value 3 ;
           kg:qualifier concept:qualifier-at-least .
        ?d kg:figureOf ?board ; kg:measure concept:measure-seats-for-europe ; kg:value 3""",
    "the source misspelling Panevézys stays findable": """
        city:panevezys skos:hiddenLabel "Panevézys"@da""",
    "the source page is described": """
        doc:kolding-internationalt-samarbejde a kg:Source ; dcterms:publisher mun:kolding ;
            schema:url ?url ; dcterms:title ?title""",
    "Kolding Kommune's Wikidata item is unconfirmed, not an exact match": """
        mun:kolding kg:candidateWikidataItem wd:Q21101 .
        FILTER NOT EXISTS { mun:kolding schema:sameAs ?any }""",
    "UBC presidency: 2001-2019 and the page's out-of-date 'since 2001' both kept": """
        ?m org:organization orgn:ubc ; org:role concept:role-president ;
           kg:startYear "2001"^^xsd:gYear .
        ?a kg:claimSubject ?m ; kg:value "2019"^^xsd:gYear .
        ?b kg:claimSubject ?m ; kg:statedAs ?words""",
}


@pytest.fixture(scope="module")
def fact_store(release: Release) -> pyoxigraph.Store:
    """Return the built release loaded into an in-memory store."""
    store = pyoxigraph.Store()
    store.load(
        path=str(release.file("dataset.nq")), format=pyoxigraph.RdfFormat.N_QUADS
    )
    return store


def query(store: pyoxigraph.Store, text: str):
    """Run a query over the union of the release's named graphs."""
    return store.query(PREFIXES + text, use_default_graph_as_union=True)


def ask(store: pyoxigraph.Store, body: str) -> bool:
    """Run an ASK (or a SELECT that must return a row) over the release."""
    if body.lstrip().upper().startswith("SELECT"):
        return bool(list(query(store, body)))
    dcterms = "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    return bool(query(store, f"{dcterms} ASK {{ {body} }}"))


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_fact_is_answerable(fact_store, fact: str) -> None:
    assert ask(fact_store, FACTS[fact]), fact


@pytest.mark.parametrize("slug", sorted(TWIN_CITIES))
def test_twin_city(fact_store, slug: str) -> None:
    country, label_da, qid, year = TWIN_CITIES[slug]
    city = f"city:{slug}"
    assert ask(
        fact_store,
        f"""
        ?agreement a kg:TwinningAgreement ; kg:party mun:kolding , {city} ;
                   prov:wasDerivedFrom {K1} .
        mun:kolding kg:twinnedWith {city} .
        {city} skos:prefLabel "{label_da}"@da , ?en , ?native ;
               schema:addressCountry <https://data.kolding.dk/id/country/{country}> ;
               geo:lat ?lat ; geo:long ?long .
        FILTER (lang(?en) = "en" && lang(?native) NOT IN ("da", "en"))""",
    )
    if qid:
        assert ask(fact_store, f"{city} schema:sameAs wd:{qid}")
    else:
        assert ask(fact_store, f"FILTER NOT EXISTS {{ {city} schema:sameAs ?any }}")
    if year:
        assert ask(
            fact_store,
            f"""
            ?agreement kg:party {city} ; kg:startYear "{year}"^^xsd:gYear .
            ?claim kg:claimSubject ?agreement ; kg:claimProperty kg:startYear ;
                   prov:wasDerivedFrom ?source""",
        )
    else:
        assert ask(
            fact_store,
            f"""
            ?agreement kg:party {city} . FILTER NOT EXISTS {{ ?agreement kg:startYear ?y }}""",
        )


def test_exactly_twelve_twin_cities(fact_store) -> None:
    rows = list(
        query(
            fact_store,
            """
        SELECT DISTINCT ?city WHERE { mun:kolding kg:twinnedWith ?city }""",
        )
    )
    assert len(rows) == len(TWIN_CITIES) == 12
