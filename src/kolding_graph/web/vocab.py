"""Names of page kinds and of links back to a page; translated when shown (gettext).

The names of vocabulary terms are in vocabulary.py (Danish and English).
"""

from __future__ import annotations

from kolding_graph.namespaces import DCTERMS_NS as DCT
from kolding_graph.namespaces import ORG_NS as ORG
from kolding_graph.namespaces import PROV_NS as PROV
from kolding_graph.namespaces import RDF_NS as RDF
from kolding_graph.namespaces import RDFS_NS as RDFS
from kolding_graph.namespaces import SCHEMA_NS as SCHEMA
from kolding_graph.namespaces import SKOS_NS as SKOS
from kolding_graph.namespaces import VOID_NS as VOID


def _l(text: str) -> str:
    """Mark text for the catalogue; it is translated when shown (ui.translate)."""
    return text


# How a link pointing at the page reads from the page's side ("members: ...").
INVERSE_LABELS = {
    "def/party": _l("agreements"),
    "def/runBy": _l("runs"),
    "def/participant": _l("takes part in"),
    "def/approvedBy": _l("approved"),
    "def/designee": _l("designations"),
    "def/awardedBy": _l("has awarded"),
    "def/network": _l("designations in this network"),
    "def/relatedEvent": _l("related"),
    "def/seat": _l("seat of"),
    "def/partnerOf": _l("partners"),
    "def/measure": _l("figures measuring this"),
    "def/qualifier": _l("figures with this qualifier"),
    "def/status": _l("with this status"),
    "def/category": _l("in this category"),
    "def/region": _l("in this region"),
    "def/continentAsStated": _l("in this part of the world"),
    "def/beneficiary": _l("benefits from"),
    "def/plannedAction": _l("planned in"),
    "def/claimProperty": _l("claims about this property"),
    "def/concerns": _l("differences from Wikidata"),
    "def/hasDiscrepancy": _l("listed in the report"),
    "def/comparedWith": _l("compared in"),
    VOID + "exampleResource": _l("an example in the dataset"),
    VOID + "vocabulary": _l("vocabulary of"),
    PROV + "used": _l("used by"),
    ORG + "member": _l("memberships and posts"),
    ORG + "organization": _l("memberships and posts"),
    ORG + "role": _l("held by"),
    ORG + "unitOf": _l("units"),
    ORG + "subOrganizationOf": _l("sub-organisations"),
    ORG + "linkedTo": _l("linked organisations"),
    SCHEMA + "addressCountry": _l("places in this country"),
    SCHEMA + "containedInPlace": _l("contains"),
    SCHEMA + "isPartOf": _l("parts"),
    SCHEMA + "hasPart": _l("part of"),
    SCHEMA + "publisher": _l("published"),
    SCHEMA + "foundingLocation": _l("founded here"),
    SCHEMA + "contactPoint": _l("contact point of"),
    SKOS + "inScheme": _l("concepts"),
    PROV + "wasDerivedFrom": _l("facts from this source"),
    DCT + "publisher": _l("published"),
    RDF + "type": _l("instances"),
    RDFS + "domain": _l("properties with this domain"),
    RDFS + "range": _l("properties with this range"),
    RDFS + "subClassOf": _l("subclasses"),
    RDFS + "isDefinedBy": _l("defines"),
}

KIND_LABELS = {
    "municipality": _l("Municipality"),
    "city": _l("Twin city"),
    "town": _l("Town"),
    "agreement": _l("Twinning agreement"),
    "membership": _l("Membership or post"),
    "organisation": _l("Organisation"),
    "person": _l("Person"),
    "initiative": _l("Initiative or project"),
    "event": _l("Event"),
    "document": _l("Policy document"),
    "designation": _l("Designation"),
    "source": _l("Source"),
    "figure": _l("Figure"),
    "claim": _l("Claim"),
    "country": _l("Country"),
    "contact": _l("Contact point"),
    "concept": _l("Concept"),
    "ontology": _l("Ontology"),
    "class": _l("Class"),
    "property": _l("Property"),
    "dataset": _l("Dataset"),
    "thing": _l("Resource"),
}

KIND_PLURALS = {
    "municipality": _l("Municipalities"),
    "city": _l("Twin cities"),
    "town": _l("Towns"),
    "agreement": _l("Twinning agreements"),
    "membership": _l("Memberships and posts"),
    "organisation": _l("Organisations"),
    "person": _l("People"),
    "initiative": _l("Initiatives and projects"),
    "event": _l("Events"),
    "document": _l("Policy documents"),
    "designation": _l("Designations"),
    "source": _l("Sources"),
    "figure": _l("Figures"),
    "claim": _l("Claims"),
    "country": _l("Countries"),
    "contact": _l("Contact points"),
    "concept": _l("Concepts"),
    "ontology": _l("Ontology"),
    "class": _l("Classes"),
    "property": _l("Properties"),
    "dataset": _l("Datasets"),
    "thing": _l("Other resources"),
}
