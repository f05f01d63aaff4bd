"""A label search index built once per release, matching without case or diacritics."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

from kolding_graph.browse.entities import Queries, Select
from kolding_graph.namespaces import RDFS_NS, SCHEMA_NS, SH_NS
from kolding_graph.namespaces import SKOS_NS as SKOS
from kolding_graph.text import fold

NAME_PROPERTIES = (
    SKOS + "prefLabel",
    SKOS + "altLabel",
    SKOS + "hiddenLabel",
    RDFS_NS + "label",
    SCHEMA_NS + "name",
)
# Descriptions in our own words: found too, but after every name match.
TEXT_PROPERTIES = (
    SCHEMA_NS + "description",
    SKOS + "definition",
    "def/purpose",
)
# Nodes for developers, not citizens: shown only when asked for (?all=1).
INTERNAL_PATHS = ("id/claim/", "id/figure/", "id/discrepancy/", "id/concept/", "def/")
INTERNAL_TYPES = (
    SKOS + "Concept",
    SKOS + "ConceptScheme",
    SH_NS + "NodeShape",
    SH_NS + "PropertyShape",
)
DESCRIPTION_PENALTY = 8

INDEX_QUERY = """SELECT ?s ?p ?label ?type WHERE {
  %(values)s
  ?s ?p ?label .
  FILTER (isIRI(?s) && isLiteral(?label))
  OPTIONAL { ?s a ?type }
}"""

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Entry:
    """One label of one node."""

    iri: str
    label: str
    lang: str
    prop: str
    folded: str
    internal: bool = False


@dataclass(frozen=True)
class Hit:
    """A node that matched, with the label that matched it and how well."""

    iri: str
    types: tuple[str, ...]
    matched: str
    score: int


class SearchIndex:
    """Every label of every node, folded for matching."""

    def __init__(self, entries: Iterable[Entry], types: dict[str, tuple[str, ...]]):
        self.entries = list(entries)
        self.types = types
        # Every folded label in one string (folding leaves no newline in a label):
        # str.find walks it in C, so only labels that contain the text are scored.
        self._text = "\n".join(entry.folded for entry in self.entries)
        self._starts = list(
            accumulate((len(e.folded) + 1 for e in self.entries), initial=0)
        )

    def candidates(self, wanted: str) -> Iterator[Entry]:
        """Yield, in index order, the entries whose folded label contains wanted."""
        text, starts = self._text, self._starts
        found = text.find(wanted)
        while found != -1:
            index = bisect_right(starts, found) - 1
            yield self.entries[index]
            found = text.find(wanted, starts[index + 1])

    def search(self, text: str, limit: int = 50, internal: bool = False) -> list[Hit]:
        """Return the best-matching nodes for text, best first (names first)."""
        wanted = wanted_text(text)
        if not wanted:
            return []
        found = self.candidates(wanted)
        return rank(found, wanted, limit, internal, lambda iri: self.types.get(iri, ()))


def wanted_text(text: str) -> str:
    """Return what a search for text looks for: its folded, bounded form."""
    return fold(text[:MAX_QUERY_LENGTH])


def rank(
    entries: Iterable[Entry],
    wanted: str,
    limit: int,
    internal: bool,
    types_of: Callable[[str], tuple[str, ...]],
) -> list[Hit]:
    """Return the best hit per node among entries (in index order), best first."""
    best: dict[str, tuple[int, Entry]] = {}
    for entry in entries:
        if entry.internal and not internal:
            continue
        score = _score(entry, wanted)
        if score is None:
            continue
        current = best.get(entry.iri)
        if current is None or score < current[0]:
            best[entry.iri] = (score, entry)
    ranked = sorted(  # e.folded is fold(e.label), folded once when read
        best.values(),
        key=lambda h: (h[0], len(h[1].label), h[1].folded, h[1].iri),
    )[:limit]
    return [Hit(e.iri, types_of(e.iri), e.label, score) for score, e in ranked]


def _score(entry: Entry, wanted: str) -> int | None:
    """Return 0 exact, 1 prefix, 2 word prefix, 3 substring (+4 if not a prefLabel)."""
    folded = entry.folded
    if folded == wanted:
        score = 0
    elif folded.startswith(wanted):
        score = 1
    elif f" {wanted}" in f" {folded}":
        score = 2
    elif wanted in folded:
        score = 3
    else:
        return None
    if entry.prop == SKOS + "prefLabel":
        return score
    if entry.prop in NAME_PROPERTIES:
        return score + 4
    return score + DESCRIPTION_PENALTY


def build_index(select: Select, queries: Queries) -> SearchIndex:
    """Read every label from the store into a new index."""
    return SearchIndex(*read_labels(select, queries))


def read_labels(
    select: Select, queries: Queries
) -> tuple[list[Entry], dict[str, tuple[str, ...]]]:
    """Return every label of our nodes in index order, and the types of each node."""
    texts = [p if "://" in p else queries.base + p for p in TEXT_PROPERTIES]
    rows = queries.run(select, INDEX_QUERY, "p", NAME_PROPERTIES + tuple(texts))
    found: dict[tuple, str] = {}
    types: dict[str, set[str]] = {}
    for row in rows:
        iri, label = row["s"].value, row["label"]
        if not iri.startswith(queries.base):
            continue  # Wikidata's own items are linked from our pages, not listed
        found[(iri, label.value, label.lang, row["p"].value)] = fold(label.value)
        if "type" in row:
            types.setdefault(iri, set()).add(row["type"].value)
    del rows
    entries = [
        Entry(
            iri,
            text,
            lang,
            prop,
            folded,
            _internal(iri, types.get(iri, set()), queries.base),
        )
        for (iri, text, lang, prop), folded in found.items()
    ]
    # Sorted, so that ties are settled the same way whatever order the store
    # answered in (stores differ).
    entries.sort(key=lambda e: (e.iri, e.prop, e.lang, e.label))
    return entries, {k: tuple(sorted(v)) for k, v in types.items()}


def _internal(iri: str, types: set[str], base: str) -> bool:
    """Return True for nodes meant for developers (claims, concepts, terms)."""
    path = iri[len(base) :]
    return path.startswith(INTERNAL_PATHS) or bool(types & set(INTERNAL_TYPES))


def group_hits(
    hits: list[Hit], kind_of: Callable[[tuple[str, ...]], str]
) -> dict[str, list[Hit]]:
    """Group hits by kind, keeping each group in score order."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(kind_of(hit.types), []).append(hit)
    return groups
