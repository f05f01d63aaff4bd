"""Enrich: fetch what Wikidata says about our linked items into an offline snapshot.

The snapshot keeps Wikidata's own IRIs: items are `wd:Q…`, single facts are the
"truthy" `wdt:` values (country P17, inception P571, coordinates P625, official
website P856, twins P190), and population uses the full statement model
(`p:P1082` -> `ps:P1082` + `pq:P585`) because its point in time matters.
Redirects are `owl:sameAs`, as the Wikidata Query Service states them. What the
snapshot covers, what was not found and how it was made are our own `kg:` and
PROV-O statements on one snapshot node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.term import Node

from kolding_graph import __version__
from kolding_graph.errors import BuildError, UpstreamError
from kolding_graph.namespaces import PQ, PS, WDP, WDT, Namespaces
from kolding_graph.sources.parse import find_sources, parse_file
from kolding_graph.wikidata.client import (
    Client,
    batches,
    facts_query,
    labels_query,
    population_query,
    qid_number,
    status_query,
    twins_query,
)
from kolding_graph.wikidata.snapshot_writer import ITEM, TurtleWriter, write_atomically

SNAPSHOT_FILE = Path("data/wikidata/snapshot.ttl")
BASE_LANGUAGES = ("da", "en")


@dataclass(frozen=True, order=True)
class Link:
    """One of our entities linked to a Wikidata item, and how firmly."""

    entity: URIRef
    item: URIRef
    kind: str  # "exact" (schema:sameAs), "close" (skos:closeMatch), "candidate"


def load_curated(root: Path, base: str) -> Graph:
    """Parse the curated data files (data/, not data/wikidata/) like the build does."""
    graph = Graph()
    for source in find_sources(Path(root)):
        if source.graph == "curated":
            graph += parse_file(source, base)
    return graph


def link_properties(ns: Namespaces) -> dict[URIRef, str]:
    """Return the properties that link an entity to a Wikidata item, with their kind."""
    return {
        SDO.sameAs: "exact",
        SKOS.closeMatch: "close",
        ns.kg.candidateWikidataItem: "candidate",
    }


def find_links(curated: Graph, ns: Namespaces) -> list[Link]:
    """Return every Wikidata link in the curated graph, direct or stated by a claim."""
    kinds = link_properties(ns)
    found: set[tuple[Node, Node, str]] = set()
    for prop, kind in kinds.items():
        for entity, item in curated.subject_objects(prop):
            found.add((entity, item, kind))
    for claim in curated.subjects(RDF.type, ns.kg.Claim):
        claimed = curated.value(claim, ns.kg.claimProperty)
        subject = curated.value(claim, ns.kg.claimSubject)
        value = curated.value(claim, ns.kg.value)
        if isinstance(claimed, URIRef) and claimed in kinds and subject is not None:
            if value is not None:
                found.add((subject, value, kinds[claimed]))
    return sorted(
        Link(entity, item, kind)
        for entity, item, kind in found
        if isinstance(entity, URIRef) and isinstance(item, URIRef) and ITEM.match(item)
    )


def local_languages(curated: Graph, entities: Iterable[Node]) -> list[str]:
    """Return Danish, English and every language our entities have a label in."""
    languages = set(BASE_LANGUAGES)
    for entity in entities:
        for label in curated.objects(entity, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language:
                languages.add(label.language)
    return sorted(languages)


def twin_holders(ns: Namespaces) -> tuple[URIRef, ...]:
    """Return our entities whose Wikidata items carry Kolding's P190 twins."""
    return (
        URIRef(ns.entity("municipality", "kolding")),
        URIRef(ns.entity("city", "kolding")),
    )


# ------------------------------------------------------------------ fetching


@dataclass
class Fetched:
    """The endpoint's answers: facts, the items asked about, those not found."""

    graph: Graph
    covered: list[URIRef]
    missing: list[URIRef]


def fetch_snapshot(
    client: Client,
    links: Sequence[Link],
    languages: Sequence[str],
    holders: Sequence[URIRef],
) -> Fetched:
    """Ask the endpoint about every linked item and return the facts as a graph."""
    graph = Graph()
    items = sorted({link.item for link in links}, key=qid_number)
    redirects, missing = _status(client, items, graph)
    holder_items = {link.item for link in links if link.entity in holders}
    holder_items |= {redirects[i] for i in holder_items if i in redirects}
    twins = _twins(client, sorted(holder_items - missing), graph)
    covered = set(items) | set(redirects.values()) | twins
    described = sorted(covered - missing, key=qid_number)
    _labels(client, described, languages, graph)
    _facts(client, described, graph)
    _population(client, described, graph)
    return Fetched(
        graph, sorted(covered, key=qid_number), sorted(missing, key=qid_number)
    )


def _select_all(client: Client, items: Sequence[str], make_query) -> list[dict]:
    rows = []
    for batch in batches(items, client.batch_size):
        rows += client.select(make_query(batch))
    return rows


def _status(
    client: Client, items: Sequence[URIRef], graph: Graph
) -> tuple[dict[URIRef, URIRef], set[URIRef]]:
    redirects, present = {}, set()
    for row in _select_all(client, items, status_query):
        item = row["item"]
        if "redirect" in row:
            redirects[item] = row["redirect"]
            graph.add((item, OWL.sameAs, row["redirect"]))
        if str(row.get("present")) in ("true", "1"):
            present.add(item)
    return redirects, set(items) - present - set(redirects)


def _twins(client: Client, items: Sequence[URIRef], graph: Graph) -> set[URIRef]:
    twins = set()
    for row in _select_all(client, items, twins_query):
        graph.add((row["item"], WDT.P190, row["twin"]))
        twins.add(row["twin"])
    return twins


def _labels(
    client: Client, items: Sequence[URIRef], languages: Sequence[str], graph: Graph
) -> None:
    def make(batch: list[str]) -> str:
        return labels_query(batch, languages)

    for row in _select_all(client, items, make):
        graph.add((row["item"], RDFS.label, row["label"]))


def _facts(client: Client, items: Sequence[URIRef], graph: Graph) -> None:
    for row in _select_all(client, items, facts_query):
        graph.add((row["item"], row["property"], row["value"]))


def _population(client: Client, items: Sequence[URIRef], graph: Graph) -> None:
    for row in _select_all(client, items, population_query):
        statement = row["statement"]
        graph.add((row["item"], WDP.P1082, statement))
        graph.add((statement, PS.P1082, row["population"]))
        if "pointInTime" in row:
            graph.add((statement, PQ.P585, row["pointInTime"]))


# ---------------------------------------------------------------- provenance


def snapshot_node(ns: Namespaces) -> URIRef:
    """Return the IRI of the snapshot node that carries the provenance."""
    return URIRef(ns.entity("document", "wikidata-snapshot"))


def add_provenance(
    fetched: Fetched,
    ns: Namespaces,
    endpoint: str,
    queries: Sequence[str],
    retrieved: datetime,
) -> None:
    """Describe the snapshot with PROV-O: endpoint, queries, retrieval time."""
    graph = fetched.graph
    snapshot = snapshot_node(ns)
    activity = URIRef(f"{snapshot}/retrieval")
    kg = ns.kg
    stamp = retrieved.astimezone(UTC).replace(microsecond=0)
    graph.add((snapshot, RDF.type, kg.WikidataSnapshot))
    graph.add((snapshot, RDF.type, PROV.Entity))
    graph.add((snapshot, RDFS.label, Literal("Wikidata-øjebliksbillede", lang="da")))
    graph.add((snapshot, RDFS.label, Literal("Wikidata snapshot", lang="en")))
    graph.add((snapshot, PROV.wasGeneratedBy, activity))
    graph.add((snapshot, PROV.wasDerivedFrom, URIRef(endpoint)))
    when = Literal(stamp.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)
    graph.add((snapshot, PROV.generatedAtTime, when))
    for item in fetched.covered:
        graph.add((snapshot, kg.coversItem, item))
    for item in fetched.missing:
        graph.add((snapshot, kg.itemNotFound, item))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.used, URIRef(endpoint)))
    for query in queries:
        graph.add((activity, kg.queryText, Literal(query)))
    graph.add((activity, kg.note, Literal(_note("da"), lang="da")))
    graph.add((activity, kg.note, Literal(_note("en"), lang="en")))


def _note(lang: str) -> str:
    if lang == "da":
        return (
            f"Hentet med `kolding-graph enrich` (version {__version__}) fra"
            " SPARQL-endepunktet med de viste forespørgsler."
        )
    return (
        f"Fetched by `kolding-graph enrich` (version {__version__}) from the"
        " SPARQL endpoint with the queries shown."
    )


# ------------------------------------------------------------------- writing


# --------------------------------------------------------------- the command


@dataclass(frozen=True)
class EnrichResult:
    """What an enrich run fetched and where it wrote it."""

    path: Path
    links: int
    covered: int
    missing: tuple[str, ...]
    redirects: tuple[tuple[str, str], ...]
    queries: int
    triples: int


def enrich(
    root: Path,
    base: str,
    *,
    client: Client | None = None,
    out: Path | None = None,
    now: datetime | None = None,
) -> EnrichResult:
    """Fetch the snapshot for the project at root and write it atomically."""
    ns = Namespaces(base)
    curated = load_curated(root, base)
    links = find_links(curated, ns)
    if not links:
        raise BuildError("no Wikidata links in the curated data", where=str(root))
    client = client or Client()
    languages = local_languages(curated, {link.entity for link in links})
    fetched = fetch_snapshot(client, links, languages, twin_holders(ns))
    check_plausible(fetched, client.endpoint)
    add_provenance(fetched, ns, client.endpoint, client.sent, now or datetime.now(UTC))
    path = Path(out) if out else Path(root) / SNAPSHOT_FILE
    write_atomically(path, TurtleWriter(ns).write(fetched.graph))
    redirects = sorted(fetched.graph.subject_objects(OWL.sameAs))
    return EnrichResult(
        path,
        len(links),
        len(fetched.covered),
        tuple(str(item) for item in fetched.missing),
        tuple((str(a), str(b)) for a, b in redirects),
        len(client.sent),
        len(fetched.graph),
    )


def check_plausible(fetched: Fetched, endpoint: str) -> None:
    """Refuse an answer in which the endpoint knows none of our items."""
    if fetched.missing and len(fetched.missing) == len(fetched.covered):
        raise UpstreamError(
            f"the endpoint knows none of the {len(fetched.covered)} linked items;"
            " is it a Wikidata endpoint? The snapshot was left untouched",
            where=endpoint,
        )
