"""What every reconciliation check reads: the graphs, links and small helpers."""

from __future__ import annotations

import math
import re

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS
from rdflib.term import Node

from kolding_graph.namespaces import WD, Namespaces
from kolding_graph.terms import language, sort_key
from kolding_graph.vocabulary import term_name
from kolding_graph.wikidata.discrepancies import (
    MESSAGES,
    Discrepancy,
    Text,
    in_language,
)
from kolding_graph.wikidata.enrich import (
    find_links,
    snapshot_node,
)

DEFAULT_MAX_KM = 20.0
EARTH_RADIUS_KM = 6371.0088
YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")
POINT = re.compile(r"^\s*Point\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.I)

ALL_LINKS = ("exact", "close", "candidate")
NAMED_LINKS = ("exact", "candidate")


class Context:
    """The two graphs, the links between them and the helpers every check needs."""

    def __init__(
        self,
        curated: Graph,
        snapshot: Graph,
        ns: Namespaces,
        ontology: Graph | None = None,
    ) -> None:
        self.curated, self.snapshot, self.ns = curated, snapshot, ns
        self.ontology = ontology if ontology is not None else Graph()
        self.kg = ns.kg
        self.links = find_links(curated, ns)
        self.redirects = dict(snapshot.subject_objects(OWL.sameAs))
        self.when = snapshot_when(curated, snapshot, ns)

    def path(self, iri: Node) -> str:
        """Return an IRI without the base's id/ part (stable across bases)."""
        text, prefix = str(iri), self.ns.base + "id/"
        return text[len(prefix) :] if text.startswith(prefix) else text

    def label(self, iri: Node, lang: str) -> str:
        """Return our (or Wikidata's) label of a thing in a language, else its id."""
        for graph, prop in (
            (self.curated, SKOS.prefLabel),
            (self.snapshot, RDFS.label),
        ):
            labels = {language(x): str(x) for x in graph.objects(iri, prop)}
            for wanted in (lang, "en", "da", None):
                if wanted in labels:
                    return labels[wanted]
        return qid(iri) if is_item(iri) else self.path(iri)

    def item_text(self, item: Node, lang: str) -> str:
        """Return "label (Q123)" for an item."""
        label = self.label(item, lang)
        return label if label == qid(item) else f"{label} ({qid(item)})"

    def items_text(self, items: set[Node]) -> str:
        """Return "label (Q1), label (Q2)" for items in a stable order."""
        return ", ".join(self.item_text(i, "en") for i in sorted(items, key=sort_key))

    def items_of(self, entity: Node, kinds: tuple[str, ...]) -> list[URIRef]:
        """Return the items an entity links to by the given kinds."""
        return [x.item for x in self.links if x.entity == entity and x.kind in kinds]

    def resolved(self, item: Node) -> Node:
        """Return the item a redirect points to, or the item itself."""
        return self.redirects.get(item, item)

    def make(
        self,
        kind: str,
        entity: Node,
        detail: str,
        *,
        item: Node | None = None,
        ours: Text = "",
        other: Text = "",
        prop: Text = "",
        holder: str = "",
        distance_km: float | None = None,
        also: tuple[str, ...] = (),
        sources: tuple[str, ...] = (),
    ) -> Discrepancy:
        """Return a discrepancy with its stable key and both messages."""
        fields = {"holder": holder, "qid": qid(item) if item else ""}
        fields["km"] = f"{distance_km:.0f}" if distance_km is not None else ""
        da, en = (
            template.format(
                entity=self.label(entity, lang),
                item=self.item_text(item, lang) if item is not None else "",
                ours=in_language(ours, lang),
                other=in_language(other, lang),
                prop=in_language(prop, lang),
                when=in_language(self.when, lang),
                **fields,
            )
            for lang, template in zip(("da", "en"), MESSAGES[kind], strict=True)
        )
        return Discrepancy(
            entity=str(entity),
            kind=kind,
            detail=detail,
            key=f"{kind}:{self.path(entity)}:{detail}",
            item=str(item) if item is not None else "",
            ours=in_language(ours, "en"),
            other=in_language(other, "en"),
            message_da=da,
            message_en=en,
            also=also,
            sources=sources,
            distance_km=distance_km,
        )


def is_item(node: Node) -> bool:
    """Return True for a Wikidata item IRI."""
    return isinstance(node, URIRef) and str(node).startswith(str(WD) + "Q")


def qid(item: Node) -> str:
    """Return the Q-number of a Wikidata item IRI."""
    return str(item).rsplit("/", 1)[-1]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance between two (lat, long) points in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def parse_point(literal: Node) -> tuple[float, float] | None:
    """Return (lat, long) from a WKT "Point(long lat)", or None for other globes."""
    match = POINT.match(str(literal))
    return (float(match[2]), float(match[1])) if match else None


def claimed(ctx: Context, subject: Node, prop: Node) -> list[tuple[Node, Node]]:
    """Return (value, origin) for a property: direct values and claimed ones."""
    found = [(value, subject) for value in ctx.curated.objects(subject, prop)]
    for claim in ctx.curated.subjects(ctx.kg.claimSubject, subject):
        if ctx.curated.value(claim, ctx.kg.claimProperty) == prop:
            found += [(v, claim) for v in ctx.curated.objects(claim, ctx.kg.value)]
    return found


def sources_of(ctx: Context, node: Node) -> tuple[str, ...]:
    """Return the documents a node is derived from."""
    return tuple(sorted(str(s) for s in ctx.curated.objects(node, PROV.wasDerivedFrom)))


def short(ctx: Context, prop: Node) -> str:
    """Return a property as prefix:name."""
    return ctx.ns.bind_prefixes(Graph()).namespace_manager.normalizeUri(str(prop))


def prop_names(ctx: Context, prop: Node) -> dict[str, str]:
    """Return a property's Danish and English names (vocabulary table, ontology)."""
    labels = {language(x): str(x) for x in ctx.ontology.objects(prop, RDFS.label)}
    return {
        lang: term_name(str(prop), lang) or labels.get(lang) or short(ctx, prop)
        for lang in ("da", "en")
    }


# ------------------------------------------------------------------- checks


def snapshot_when(curated: Graph, snapshot: Graph, ns: Namespaces) -> dict[str, str]:
    """Return " from 2016" (da/en): the snapshot's date, or its sources' dates."""
    node = snapshot_node(ns)
    dates = [str(d) for d in snapshot.objects(node, PROV.generatedAtTime)]
    if not dates:
        sources = list(snapshot.objects(node, PROV.wasDerivedFrom))
        dates = [str(d) for s in sources for d in curated.objects(s, DCTERMS.date)]
    if not dates:
        return {"da": "", "en": ""}
    year = max(dates)[:4]
    return {"da": f" fra {year}", "en": f" from {year}"}
