"""A DCAT-AP description of the catalogue, the dataset and its distributions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kolding_graph.metadata.personal import describe_personal_data
from kolding_graph.namespaces import (
    ADMS_PUBLISHER_TYPE,
    DCATAP,
    EU_AUTHORITY,
    EU_FILE_TYPE,
    IANA_MEDIA_TYPES,
    SPARQL_PROTOCOL_SPEC,
    SPDX,
    VCARD,
    Namespaces,
)
from kolding_graph.release.dataset_citation import (
    LICENCE_NAME,
    TITLE,
    DatasetCitation,
    version_iri,
)
from kolding_graph.release.distributions import FileKind, distributed_kinds

if TYPE_CHECKING:
    from kolding_graph.metadata.edition import Edition

EU = EU_AUTHORITY
LICENCE = URIRef(EU + "licence/CC_BY_4_0")
THEMES = (URIRef(EU + "data-theme/GOVE"), URIRef(EU + "data-theme/INTR"))
THEME_TAXONOMY = URIRef(EU + "data-theme")
LANGUAGES = (URIRef(EU + "language/DAN"), URIRef(EU + "language/ENG"))
DENMARK = URIRef(EU + "country/DNK")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
IRREGULAR = URIRef(EU + "frequency/IRREG")
STABLE = URIRef(EU + "planned-availability/STABLE")
LOCAL_AUTHORITY = ADMS_PUBLISHER_TYPE.LocalAuthority
SPARQL_PROTOCOL = URIRef(SPARQL_PROTOCOL_SPEC)
GZIP = URIRef(IANA_MEDIA_TYPES + "application/gzip")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT is DCAT 2
DCAT_HAS_VERSION = URIRef(str(DCAT) + "hasVersion")

TEXT = {
    "catalog.title": (
        "Kolding Kommunes åbne data om internationalt samarbejde",
        "Kolding Municipality's open data on international cooperation",
    ),
    "catalog.description": (
        "Katalog over Kolding Kommunes linked open data om kommunens internationale"
        " samarbejde.",
        "Catalogue of Kolding Municipality's linked open data on its international"
        " cooperation.",
    ),
    "dataset.title": (TITLE["da"], TITLE["en"]),
    "dataset.description": (
        "Kolding Kommunes internationale samarbejde som linked open data: de tolv"
        " venskabsbyer og aftalerne med dem, medlemskaberne af Union of the Baltic"
        " Cities og ICLEI, Det Syddanske Bruxelles-kontor, titlen som UNESCO-designby,"
        " den internationale politik og de personer og projekter, der hører til."
        " Hvert faktum har sin kilde, og hvor kilderne er uenige, står begge.",
        "Kolding Municipality's international cooperation as linked open data: its"
        " twelve twin cities and the agreements with them, its memberships of the"
        " Union of the Baltic Cities and ICLEI, the South Denmark European Office, its"
        " UNESCO City of Design title, its international policy and the people and"
        " projects involved. Every fact has its source, and where sources disagree"
        " both are kept.",
    ),
    "publisher": ("Kolding Kommune", "Kolding Municipality"),
    "service.title": ("SPARQL-endepunkt", "SPARQL endpoint"),
    "service.description": (
        "Læseadgang til hele datasættet med SPARQL 1.1-forespørgsler.",
        "Read access to the whole dataset through SPARQL 1.1 queries.",
    ),
    "keywords": (
        "venskabsbyer|internationalt samarbejde|Kolding|netværk|linked open data",
        "twin cities|international cooperation|Kolding|networks|linked open data",
    ),
}


@dataclass(frozen=True)
class Contact:
    """The publisher's contact point as the data states it."""

    name_da: str
    name_en: str
    email: str
    telephone: str


@dataclass(frozen=True)
class Facts:
    """What the metadata takes from the data itself."""

    publisher: str
    contact: Contact | None
    years: tuple[int, int] | None
    examples: tuple[str, ...]
    people: bool = False


@dataclass(frozen=True)
class FileInfo:
    """Size and checksum of a rendered file."""

    bytes: int
    sha256: str


def catalog_iri(ns: Namespaces) -> URIRef:
    """Return the IRI of the catalogue."""
    return URIRef(ns.base + "catalog")


def service_iri(ns: Namespaces) -> URIRef:
    """Return the IRI of the SPARQL data service."""
    return URIRef(ns.base + "sparql#service")


def distribution_iri(ns: Namespaces, kind: FileKind) -> URIRef:
    """Return the IRI of the distribution for a file kind."""
    return URIRef(f"{ns.dataset}#{kind.slug}")


def download_url(ns: Namespaces, folder: str, name: str) -> URIRef:
    """Return the download URL of a release file: {base}downloads/{folder}/{name}."""
    return URIRef(f"{ns.base}downloads/{folder}/{name}")


def describe(
    ns: Namespaces,
    facts: Facts,
    edition: Edition,
    files: Mapping[str, FileInfo] | None = None,
) -> Graph:
    """Return the DCAT-AP description; with files, sizes and checksums too."""
    graph = Graph()
    describe_catalog(graph, ns, facts, edition)
    describe_main(graph, ns, facts, edition)
    describe_publisher(graph, facts)
    describe_service(graph, ns)
    for kind in distributed_kinds():
        info = (files or {}).get(kind.name)
        describe_distribution(graph, ns, kind, edition, info)
    return graph


def _add_text(graph: Graph, node: Node, predicate: URIRef, key: str) -> None:
    da, en = TEXT[key]
    graph.add((node, predicate, Literal(da, lang="da")))
    graph.add((node, predicate, Literal(en, lang="en")))


def _add_dates(graph: Graph, node: Node, edition: Edition) -> None:
    if edition.date is not None and edition.issued is not None:
        graph.add((node, DCTERMS.issued, Literal(edition.issued, datatype=XSD.date)))
        graph.add((node, DCTERMS.modified, Literal(edition.date, datatype=XSD.date)))


def describe_catalog(
    graph: Graph, ns: Namespaces, facts: Facts, edition: Edition
) -> None:
    """Add the catalogue: titles, publisher, languages, licence, themes, dataset."""
    catalog = catalog_iri(ns)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _add_text(graph, catalog, DCTERMS.title, "catalog.title")
    _add_text(graph, catalog, DCTERMS.description, "catalog.description")
    graph.add((catalog, DCTERMS.publisher, URIRef(facts.publisher)))
    graph.add((catalog, FOAF.homepage, URIRef(ns.base)))
    graph.add((catalog, DCTERMS.license, LICENCE))
    graph.add((catalog, DCAT.themeTaxonomy, THEME_TAXONOMY))
    graph.add((catalog, DCTERMS.spatial, DENMARK))
    graph.add((catalog, DCAT.dataset, URIRef(ns.dataset)))
    graph.add((catalog, DCAT.service, service_iri(ns)))
    for language in LANGUAGES:
        graph.add((catalog, DCTERMS.language, language))
    _add_dates(graph, catalog, edition)


def describe_main(graph: Graph, ns: Namespaces, facts: Facts, edition: Edition) -> None:
    """Add the dataset: texts, publisher, contact, themes, coverage, version."""
    dataset = URIRef(ns.dataset)
    graph.add((dataset, RDF.type, DCAT.Dataset))
    _add_text(graph, dataset, DCTERMS.title, "dataset.title")
    _add_text(graph, dataset, RDFS.label, "dataset.title")  # what pages show
    _add_text(graph, dataset, DCTERMS.description, "dataset.description")
    graph.add((LICENCE, RDFS.label, Literal(LICENCE_NAME)))
    for lang, words in zip(("da", "en"), TEXT["keywords"], strict=True):
        for word in words.split("|"):
            graph.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    graph.add((dataset, DCTERMS.publisher, URIRef(facts.publisher)))
    graph.add((dataset, DCTERMS.identifier, Literal(ns.dataset)))
    graph.add((dataset, DCAT.landingPage, URIRef(ns.base)))
    graph.add((dataset, DCTERMS.conformsTo, URIRef(ns.ontology)))
    graph.add((dataset, DCTERMS.accessRights, PUBLIC))
    graph.add((dataset, DCTERMS.accrualPeriodicity, IRREGULAR))
    graph.add((dataset, DCTERMS.license, LICENCE))
    for node in THEMES:
        graph.add((dataset, DCAT.theme, node))
    for node in LANGUAGES:
        graph.add((dataset, DCTERMS.language, node))
    for node in (DENMARK, URIRef(facts.publisher)):
        graph.add((dataset, DCTERMS.spatial, node))
    describe_contact(graph, ns, dataset, facts.contact)
    describe_period(graph, ns, dataset, facts.years)
    describe_version(graph, ns, dataset, edition)
    if facts.people:
        describe_personal_data(graph, ns, edition.privacy)


def describe_version(
    graph: Graph, ns: Namespaces, dataset: URIRef, edition: Edition
) -> None:
    """Add the version, its own IRI, the release dates and how to cite it."""
    _add_dates(graph, dataset, edition)
    if not edition.version or edition.date is None:
        return
    graph.add((dataset, DCAT_VERSION, Literal(edition.version)))
    graph.add((dataset, OWL.versionInfo, Literal(edition.version)))
    version = URIRef(version_iri(ns.base, edition.version))
    graph.add((dataset, DCAT_HAS_VERSION, version))
    graph.add((version, RDF.type, DCAT.Resource))
    graph.add((version, DCTERMS.isVersionOf, dataset))
    graph.add((version, DCAT_VERSION, Literal(edition.version)))
    graph.add((version, DCTERMS.issued, Literal(edition.date, datatype=XSD.date)))
    graph.add((version, DCAT.landingPage, download_url(ns, edition.version, "")))
    _add_text(graph, version, DCTERMS.title, "dataset.title")
    _add_text(graph, version, RDFS.label, "dataset.title")
    for lang in ("da", "en"):
        citation = DatasetCitation(
            edition.version, edition.date.isoformat(), str(version), lang
        )
        text = Literal(citation.text(), lang=lang)
        graph.add((dataset, DCTERMS.bibliographicCitation, text))
        graph.add((version, DCTERMS.bibliographicCitation, text))


def describe_publisher(graph: Graph, facts: Facts) -> None:
    """Add the publisher as a foaf:Agent of the local-authority type."""
    publisher = URIRef(facts.publisher)
    graph.add((publisher, RDF.type, FOAF.Agent))
    _add_text(graph, publisher, FOAF.name, "publisher")
    graph.add((publisher, DCTERMS.type, LOCAL_AUTHORITY))


def describe_contact(
    graph: Graph, ns: Namespaces, dataset: URIRef, contact: Contact | None
) -> None:
    """Add the contact point (vCard) with the e-mail and telephone from the data."""
    if contact is None:
        return
    node = URIRef(ns.dataset + "#contact")
    graph.add((dataset, DCAT.contactPoint, node))
    graph.add((node, RDF.type, VCARD.Organization))
    for name, lang in ((contact.name_da, "da"), (contact.name_en, "en")):
        if name:
            graph.add((node, VCARD.fn, Literal(name, lang=lang)))
    if contact.email:
        graph.add((node, VCARD.hasEmail, URIRef("mailto:" + contact.email)))
    if contact.telephone:
        number = re.sub(r"[^0-9+]", "", contact.telephone)
        graph.add((node, VCARD.hasTelephone, URIRef("tel:" + number)))


def describe_period(
    graph: Graph, ns: Namespaces, dataset: URIRef, years: tuple[int, int] | None
) -> None:
    """Add the temporal coverage: the first and last year named in the data."""
    if years is None:
        return
    node = URIRef(ns.dataset + "#temporal")
    graph.add((dataset, DCTERMS.temporal, node))
    graph.add((node, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((node, DCAT.startDate, Literal(f"{years[0]:04d}", datatype=XSD.gYear)))
    graph.add((node, DCAT.endDate, Literal(f"{years[1]:04d}", datatype=XSD.gYear)))


def describe_service(graph: Graph, ns: Namespaces) -> None:
    """Add the SPARQL endpoint as a DCAT data service serving the dataset."""
    service = service_iri(ns)
    endpoint = URIRef(ns.base + "sparql")
    graph.add((service, RDF.type, DCAT.DataService))
    _add_text(graph, service, DCTERMS.title, "service.title")
    _add_text(graph, service, DCTERMS.description, "service.description")
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.endpointDescription, endpoint))
    graph.add((service, DCAT.servesDataset, URIRef(ns.dataset)))
    graph.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    graph.add((service, DCTERMS.license, LICENCE))


def describe_distribution(
    graph: Graph,
    ns: Namespaces,
    kind: FileKind,
    edition: Edition,
    info: FileInfo | None,
) -> None:
    """Add one downloadable file as a distribution of the dataset."""
    node = distribution_iri(ns, kind)
    graph.add((URIRef(ns.dataset), DCAT.distribution, node))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(kind.name)))
    graph.add((node, DCTERMS.description, Literal(kind.da, lang="da")))
    graph.add((node, DCTERMS.description, Literal(kind.en, lang="en")))
    graph.add((node, DCAT.accessURL, URIRef(ns.base + "downloads/")))
    graph.add((node, DCAT.downloadURL, download_url(ns, edition.folder, kind.name)))
    graph.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + kind.media_type)))
    graph.add((node, DCTERMS.format, URIRef(EU_FILE_TYPE + kind.file_type)))
    graph.add((node, DCTERMS.license, LICENCE))
    if kind.gzipped:
        graph.add((node, DCAT.compressFormat, GZIP))
    if edition.version:
        graph.add((node, DCATAP.availability, STABLE))
    _add_dates(graph, node, edition)
    if info is not None:
        describe_checksum(graph, node, info)


def describe_checksum(graph: Graph, node: URIRef, info: FileInfo) -> None:
    """Add a distribution's byte size and SHA-256 checksum (SPDX)."""
    checksum = URIRef(str(node) + "-sha256")
    graph.add(
        (node, DCAT.byteSize, Literal(info.bytes, datatype=XSD.nonNegativeInteger))
    )
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add(
        (checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary))
    )
