"""Every IRI base and prefix of the project, in one place."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)

DEFAULT_BASE_IRI = "https://data.kolding.dk/"

ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
# Wikidata's statement model (population with its date) and its endpoint.
WDP = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
WDS = Namespace("http://www.wikidata.org/entity/statement/")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
WIKIBASE = Namespace("http://wikiba.se/ontology#")
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
TIME = Namespace("http://www.w3.org/2006/time#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VANN = Namespace("http://purl.org/vocab/vann/")
SITEMAPS_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"  # XML namespace of sitemaps
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
# Not prefixes of the data: format names, EU authority tables, IANA media types.
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")
EU_FILE_TYPE = Namespace(EU_AUTHORITY + "file-type/")
IANA_MEDIA_TYPES = Namespace("http://www.iana.org/assignments/media-types/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
SPARQL_PROTOCOL_SPEC = "https://www.w3.org/TR/sparql11-protocol/"
ATOM_NS = "http://www.w3.org/2005/Atom"  # XML namespace of the release feed
DPV = Namespace("https://w3id.org/dpv#")
DPV_PD = Namespace("https://w3id.org/dpv/pd#")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")

STANDARD_PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "dcat": DCAT,
    "dcatap": DCATAP,
    "dcterms": DCTERMS,
    "dpv": DPV,
    "eu-gdpr": EU_GDPR,
    "foaf": FOAF,
    "geo": GEO,
    "org": ORG,
    "owl": OWL,
    "pd": DPV_PD,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SDO,
    "sd": SD,
    "sh": SH,
    "skos": SKOS,
    "spdx": SPDX,
    "time": TIME,
    "vcard": VCARD,
    "void": VOID,
    "wd": WD,
    "wdt": WDT,
    "xsd": XSD,
}

# The namespaces as plain text, for code that compares IRIs as strings (pages,
# reports, changelogs): an rdflib URIRef is never equal to a str.
RDF_NS = str(RDF)
RDFS_NS = str(RDFS)
OWL_NS = str(OWL)
SKOS_NS = str(SKOS)
SCHEMA_NS = str(SDO)
ORG_NS = str(ORG)
PROV_NS = str(PROV)
DCTERMS_NS = str(DCTERMS)
DCAT_NS = str(DCAT)
VOID_NS = str(VOID)
GEO_NS = str(GEO)
SH_NS = str(SH)
XSD_NS = str(XSD)
WD_NS = str(WD)
DPV_NS = str(DPV)


class Namespaces:
    """The project's own namespaces, derived from one base IRI."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        if not base.endswith(("/", "#")):
            raise ValueError(f"base IRI must end with '/' or '#': {base!r}")
        self.base = base
        self.kg = Namespace(base + "def/")
        self.id = Namespace(base + "id/")
        self.graph = Namespace(base + "graph/")
        self.ontology = base + "ontology"
        self.dataset = base + "dataset"

    def entity(self, kind: str, slug: str) -> str:
        """Return the IRI of a thing: {base}id/{kind}/{slug}."""
        return f"{self.base}id/{kind}/{slug}"

    def graph_iri(self, name: str) -> str:
        """Return the IRI of a named graph: {base}graph/{name}."""
        return f"{self.base}graph/{name}"

    def prefixes(self) -> dict[str, str]:
        """Return every prefix, the project's own included, as strings."""
        own = {"kg": str(self.kg), "kgid": str(self.id)}
        return own | {p: str(ns) for p, ns in STANDARD_PREFIXES.items()}

    def bind_prefixes(self, graph: Graph) -> Graph:
        """Bind every prefix on an rdflib graph (or dataset) and return it."""
        for prefix, namespace in self.prefixes().items():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph


def sparql_prefixes(prefixes: Mapping[str, str]) -> str:
    """Return PREFIX lines for a SPARQL query, one per (prefix, namespace)."""
    return "".join(
        f"PREFIX {prefix}: <{space}>\n" for prefix, space in prefixes.items()
    )


def rebase(text: str, base: str) -> str:
    """Rewrite IRIs written against the default base (in .rq files) to another base."""
    if base == DEFAULT_BASE_IRI:
        return text
    return text.replace(f"<{DEFAULT_BASE_IRI}", f"<{base}")
