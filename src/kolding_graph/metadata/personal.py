"""The dataset's personal data in DPV terms: categories, purpose, basis, controller.

DCAT-AP profiles that describe personal data (HealthDCAT-AP) put
dpv:hasPersonalData, dpv:hasPurpose and dpv:hasLegalBasis on the dcat:Dataset;
this does the same, only when the data holds a person.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, SKOS

from kolding_graph.namespaces import DPV, Namespaces
from kolding_graph.privacy import DRAFT_PURPOSE, PERSONAL_DATA, Privacy

DRAFT_NOTE = {
    "da": "Udkast: formål, retsgrundlag og dataansvarlig er endnu ikke bekræftet af"
    " den dataansvarlige. Ikke juridisk rådgivning.",
    "en": "Draft: purpose, legal basis and data controller are not yet confirmed by"
    " the data controller. Not legal advice.",
}

PURPOSE_LABEL = {
    "da": "Formålet med persondata",
    "en": "Purpose of the personal data",
}


def has_people(data: Graph) -> bool:
    """Return True if the data holds at least one schema:Person."""
    return next(iter(data.subjects(RDF.type, SDO.Person)), None) is not None


def describe_personal_data(graph: Graph, ns: Namespaces, privacy: Privacy) -> None:
    """Add what personal data the dataset holds, why, on which basis and by whom."""
    dataset = URIRef(ns.dataset)
    for category in PERSONAL_DATA:
        graph.add((dataset, DPV.hasPersonalData, URIRef(category)))
    graph.add((dataset, DPV.hasLegalBasis, URIRef(privacy.legal_basis.gdpr)))
    purpose = URIRef(ns.dataset + "#personal-data-purpose")
    graph.add((dataset, DPV.hasPurpose, purpose))
    graph.add((purpose, RDF.type, DPV.Purpose))
    for lang, label in PURPOSE_LABEL.items():
        graph.add((purpose, SKOS.prefLabel, Literal(label, lang=lang)))
    for lang in DRAFT_PURPOSE:
        text = Literal(
            privacy.purpose_in(lang), lang=lang if not privacy.purpose else None
        )
        graph.add((purpose, DCTERMS.description, text))
    controller = URIRef(ns.dataset + "#data-controller")
    graph.add((dataset, DPV.hasDataController, controller))
    graph.add((controller, RDF.type, DPV.DataController))
    graph.add((controller, SDO.name, Literal(privacy.controller)))
    for lang in PURPOSE_LABEL:
        graph.add((controller, SKOS.prefLabel, Literal(privacy.controller, lang=lang)))
    if not privacy.confirmed:
        for lang, note in DRAFT_NOTE.items():
            graph.add((dataset, RDFS.comment, Literal(note, lang=lang)))
