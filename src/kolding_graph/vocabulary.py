"""Danish and English names of the reused vocabularies' terms that pages show.

Our own terms are named in the ontology (rdfs:label @da and @en); the terms we reuse
(ORG, schema.org, FOAF, DCTERMS, VoID, DCAT, PROV, SKOS, WGS84, ...) are named here,
so a page never shows a prefixed name. A term in the data without a name in both
languages is a test failure (tests/ui/test_vocabulary.py).
"""

from __future__ import annotations

from kolding_graph.namespaces import (
    ADMS_PUBLISHER_TYPE,
    DCATAP,
    DPV_PD,
    EU_AUTHORITY,
    EU_GDPR,
    FOAF,
    VANN,
    VCARD,
    W3C_FORMATS,
    WDT,
)
from kolding_graph.namespaces import DCAT_NS as DCAT
from kolding_graph.namespaces import DCTERMS_NS as DCT
from kolding_graph.namespaces import DPV_NS as DPV
from kolding_graph.namespaces import GEO_NS as GEO
from kolding_graph.namespaces import ORG_NS as ORG
from kolding_graph.namespaces import OWL_NS as OWL
from kolding_graph.namespaces import PROV_NS as PROV
from kolding_graph.namespaces import RDF_NS as RDF
from kolding_graph.namespaces import RDFS_NS as RDFS
from kolding_graph.namespaces import SCHEMA_NS as SCHEMA
from kolding_graph.namespaces import SKOS_NS as SKOS
from kolding_graph.namespaces import VOID_NS as VOID

EU = str(EU_AUTHORITY)

# (Danish, English) per term IRI.
TERMS: dict[str, tuple[str, str]] = {
    RDF + "type": ("type", "type"),
    RDFS + "label": ("betegnelse", "label"),
    RDFS + "comment": ("forklaring", "explanation"),
    RDFS + "domain": ("bruges om", "used about"),
    RDFS + "range": ("værdi er", "value is"),
    RDFS + "subClassOf": ("underklasse af", "subclass of"),
    RDFS + "subPropertyOf": ("underegenskab af", "subproperty of"),
    RDFS + "isDefinedBy": ("defineret i", "defined in"),
    RDFS + "Class": ("klasse", "class"),
    OWL + "inverseOf": ("det omvendte af", "inverse of"),
    OWL + "versionInfo": ("version", "version"),
    OWL + "equivalentProperty": ("samme egenskab som", "same property as"),
    OWL + "sameAs": ("samme ting som", "same thing as"),
    OWL + "Ontology": ("ontologi", "ontology"),
    OWL + "Class": ("klasse", "class"),
    OWL + "ObjectProperty": ("egenskab med link", "property with a link"),
    OWL + "DatatypeProperty": ("egenskab med værdi", "property with a value"),
    OWL + "SymmetricProperty": ("gensidig egenskab", "two-way property"),
    OWL + "FunctionalProperty": ("egenskab med én værdi", "single-valued property"),
    RDF + "Property": ("egenskab", "property"),
    SKOS + "prefLabel": ("navn", "name"),
    SKOS + "altLabel": ("også kendt som", "also known as"),
    SKOS + "hiddenLabel": ("andre stavemåder", "other spellings"),
    SKOS + "definition": ("definition", "definition"),
    SKOS + "inScheme": ("hører til listen", "in the list"),
    SKOS + "closeMatch": ("svarer nogenlunde til", "roughly the same as"),
    SKOS + "exactMatch": ("svarer præcis til", "exactly the same as"),
    SKOS + "Concept": ("begreb", "concept"),
    SKOS + "ConceptScheme": ("begrebsliste", "list of concepts"),
    SCHEMA + "name": ("navn", "name"),
    SCHEMA + "description": ("beskrivelse", "description"),
    SCHEMA + "sameAs": ("samme som", "same as"),
    SCHEMA + "addressCountry": ("land", "country"),
    SCHEMA + "containedInPlace": ("ligger i", "lies in"),
    SCHEMA + "contactPoint": ("kontakt", "contact"),
    SCHEMA + "telephone": ("telefon", "telephone"),
    SCHEMA + "email": ("e-mail", "e-mail"),
    SCHEMA + "url": ("webadresse", "web address"),
    SCHEMA + "foundingDate": ("grundlagt", "founded"),
    SCHEMA + "foundingLocation": ("grundlagt i", "founded in"),
    SCHEMA + "startDate": ("startdato", "start date"),
    SCHEMA + "endDate": ("slutdato", "end date"),
    SCHEMA + "location": ("sted", "place"),
    SCHEMA + "hasPart": ("består af", "has parts"),
    SCHEMA + "isPartOf": ("del af", "part of"),
    SCHEMA + "publisher": ("udgiver", "publisher"),
    SCHEMA + "Person": ("person", "person"),
    SCHEMA + "Country": ("land", "country"),
    SCHEMA + "ContactPoint": ("kontaktpunkt", "contact point"),
    ORG + "member": ("medlem", "member"),
    ORG + "organization": ("organisation", "organisation"),
    ORG + "role": ("rolle", "role"),
    ORG + "unitOf": ("enhed under", "unit of"),
    ORG + "subOrganizationOf": ("del af organisationen", "part of the organisation"),
    ORG + "linkedTo": ("knyttet til", "linked to"),
    ORG + "Membership": ("medlemskab eller post", "membership or post"),
    ORG + "Organization": ("organisation", "organisation"),
    ORG + "FormalOrganization": ("formel organisation", "formal organisation"),
    ORG + "OrganizationalUnit": ("organisatorisk enhed", "organisational unit"),
    ORG + "Role": ("rolle", "role"),
    PROV + "wasDerivedFrom": ("kilder", "sources"),
    PROV + "used": ("brugte", "used"),
    PROV + "wasGeneratedBy": ("lavet ved", "made by"),
    PROV + "generatedAtTime": ("lavet den", "made on"),
    PROV + "Entity": ("kildemateriale", "source material"),
    PROV + "Activity": ("arbejdsgang", "activity"),
    DCT + "title": ("titel", "title"),
    DCT + "description": ("beskrivelse", "description"),
    DCT + "publisher": ("udgiver", "publisher"),
    DCT + "language": ("sprog", "language"),
    DCT + "identifier": ("kendetegn", "identifier"),
    DCT + "license": ("licens", "licence"),
    DCT + "creator": ("ophav", "creator"),
    DCT + "type": ("art", "kind"),
    DCT + "accessRights": ("adgang", "access rights"),
    DCT + "accrualPeriodicity": ("opdateres", "updated"),
    DCT + "conformsTo": ("følger standarden", "conforms to"),
    DCT + "format": ("filformat", "file format"),
    DCT + "spatial": ("område", "area covered"),
    DCT + "temporal": ("tidsrum", "period covered"),
    DCT + "issued": ("udgivet", "issued"),
    DCT + "modified": ("ændret", "modified"),
    DCT + "date": ("dato", "date"),
    DCT + "bibliographicCitation": ("sådan citeres det", "how to cite"),
    DCT + "isVersionOf": ("version af", "version of"),
    DCT + "PeriodOfTime": ("tidsrum", "period of time"),
    DCAT + "accessURL": ("adgang", "access address"),
    DCAT + "compressFormat": ("pakket som", "compressed as"),
    DCAT + "contactPoint": ("kontakt", "contact"),
    DCAT + "dataset": ("datasæt", "dataset"),
    DCAT + "distribution": ("filer", "files"),
    DCAT + "downloadURL": ("hent", "download"),
    DCAT + "endDate": ("slutdato", "end date"),
    DCAT + "startDate": ("startdato", "start date"),
    DCAT + "endpointDescription": ("beskrivelse af tjenesten", "service description"),
    DCAT + "endpointURL": ("tjenestens adresse", "service address"),
    DCAT + "keyword": ("nøgleord", "keywords"),
    DCAT + "landingPage": ("forside", "landing page"),
    DCAT + "mediaType": ("medietype", "media type"),
    DCAT + "byteSize": ("størrelse i byte", "size in bytes"),
    DCAT + "servesDataset": ("giver adgang til", "serves"),
    DCAT + "service": ("forespørgselstjeneste", "query service"),
    DCAT + "theme": ("emne", "theme"),
    DCAT + "themeTaxonomy": ("emneliste", "list of themes"),
    DCAT + "hasVersion": ("versioner", "versions"),
    DCAT + "version": ("version", "version"),
    DCAT + "Resource": ("ressource", "resource"),
    DCATAP + "availability": ("tilgængelighed", "availability"),
    DCAT + "Catalog": ("datakatalog", "data catalogue"),
    DCAT + "Dataset": ("datasæt", "dataset"),
    DCAT + "DataService": ("datatjeneste", "data service"),
    DCAT + "Distribution": ("fil", "file"),
    VOID + "Dataset": ("datasæt", "dataset"),
    VOID + "class": ("klasse", "class"),
    VOID + "classPartition": ("opdelt efter klasse", "by class"),
    VOID + "classes": ("antal klasser", "number of classes"),
    VOID + "dataDump": ("datafil", "data file"),
    VOID + "distinctObjects": ("forskellige værdier", "distinct values"),
    VOID + "distinctSubjects": ("forskellige emner", "distinct subjects"),
    VOID + "entities": ("antal ting", "number of things"),
    VOID + "exampleResource": ("eksempel", "example"),
    VOID + "feature": ("understøtter", "supports"),
    VOID + "properties": ("antal egenskaber", "number of properties"),
    VOID + "property": ("egenskab", "property"),
    VOID + "propertyPartition": ("opdelt efter egenskab", "by property"),
    VOID + "sparqlEndpoint": ("SPARQL-adgang", "SPARQL endpoint"),
    VOID + "subset": ("delmængde", "subset"),
    VOID + "triples": ("antal udsagn", "number of statements"),
    VOID + "uriSpace": ("adresserum", "address space"),
    VOID + "vocabulary": ("bruger ordforrådet", "uses the vocabulary"),
    FOAF + "name": ("navn", "name"),
    FOAF + "homepage": ("hjemmeside", "home page"),
    FOAF + "Agent": ("aktør", "agent"),
    FOAF + "Organization": ("organisation", "organisation"),
    FOAF + "Person": ("person", "person"),
    VCARD + "fn": ("navn", "name"),
    VCARD + "hasEmail": ("e-mail", "e-mail"),
    VCARD + "hasTelephone": ("telefon", "telephone"),
    VCARD + "Organization": ("organisation", "organisation"),
    VCARD + "Kind": ("kontakt", "contact"),
    VANN + "preferredNamespacePrefix": ("foretrukket præfiks", "preferred prefix"),
    VANN + "preferredNamespaceUri": ("navnerum", "namespace"),
    # Values the dataset description uses (EU authority tables, ADMS publisher types).
    EU + "licence/CC_BY_4_0": ("CC BY 4.0", "CC BY 4.0"),
    EU + "data-theme/GOVE": (
        "regering og offentlig sektor",
        "government and public sector",
    ),
    EU + "data-theme/INTR": ("internationale spørgsmål", "international issues"),
    EU + "data-theme": ("EU's emneliste for data", "EU data themes"),
    EU + "language/DAN": ("dansk", "Danish"),
    EU + "language/ENG": ("engelsk", "English"),
    EU + "country/DNK": ("Danmark", "Denmark"),
    EU + "access-right/PUBLIC": ("offentlig", "public"),
    EU + "frequency/IRREG": ("uregelmæssigt", "irregularly"),
    EU + "planned-availability/STABLE": ("stabil", "stable"),
    ADMS_PUBLISHER_TYPE + "LocalAuthority": (
        "lokal myndighed",
        "local authority",
    ),
    DPV + "hasPersonalData": ("persondata", "personal data"),
    DPV + "hasLegalBasis": ("retsgrundlag", "legal basis"),
    DPV + "hasPurpose": ("formål", "purpose"),
    DPV + "hasDataController": ("dataansvarlig", "data controller"),
    DPV + "DataController": ("dataansvarlig", "data controller"),
    DPV + "Purpose": ("formål", "purpose"),
    str(DPV_PD.Name): ("navne", "names"),
    str(DPV_PD.PublicLife): ("offentligt virke", "public life"),
    str(EU_GDPR["A6-1-e"]): (
        "GDPR art. 6, stk. 1, litra e (opgave i samfundets interesse)",
        "GDPR Art. 6(1)(e) (task in the public interest)",
    ),
    str(EU_GDPR["A6-1-f"]): (
        "GDPR art. 6, stk. 1, litra f (legitim interesse)",
        "GDPR Art. 6(1)(f) (legitimate interest)",
    ),
    str(EU_GDPR["A6-1-a"]): (
        "GDPR art. 6, stk. 1, litra a (samtykke)",
        "GDPR Art. 6(1)(a) (consent)",
    ),
    GEO + "lat": ("breddegrad", "latitude"),
    GEO + "long": ("længdegrad", "longitude"),
    WDT + "P17": ("land ifølge Wikidata", "country according to Wikidata"),
    WDT + "P190": ("venskabsby ifølge Wikidata", "twin city according to Wikidata"),
    WDT + "P625": ("koordinater ifølge Wikidata", "coordinates according to Wikidata"),
    WDT + "P571": ("grundlagt ifølge Wikidata", "founded according to Wikidata"),
    WDT + "P856": ("websted ifølge Wikidata", "website according to Wikidata"),
}


# The vocabularies a dataset uses (void:vocabulary), by their own names.
VOCABULARIES = {
    str(DCATAP): "DCAT-AP",
    DCT: "DCMI Metadata Terms",
    str(VANN): "VANN",
    VOID: "VoID",
    RDF: "RDF",
    RDFS: "RDF Schema",
    OWL: "OWL",
    GEO: "W3C WGS84 Geo",
    SKOS: "SKOS",
    str(VCARD): "vCard",
    DCAT: "DCAT",
    ORG: "W3C Organization Ontology",
    PROV: "PROV-O",
    str(WDT): "Wikidata",
    str(FOAF): "FOAF",
    SCHEMA: "schema.org",
    DPV: "Data Privacy Vocabulary (DPV)",
    str(DPV_PD): "DPV: personal data",
    str(EU_GDPR): "DPV: GDPR",
}


def term_name(iri: str, lang: str) -> str | None:
    """Return the Danish or English name of a reused term, if the table has it."""
    names = TERMS.get(iri)
    if names is None and iri.startswith(EU + "file-type/"):
        return iri[len(EU + "file-type/") :]  # a format's own code: TURTLE, JSON_LD
    if names is None and iri.startswith(str(W3C_FORMATS)):
        return iri[len(str(W3C_FORMATS)) :].replace("_", "/")  # RDF_XML: RDF/XML
    if names is None and iri in VOCABULARIES:
        return VOCABULARIES[iri]
    if names is None:
        return None
    return names[0] if lang == "da" else names[1]
