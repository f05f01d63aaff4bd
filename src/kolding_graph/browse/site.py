"""Per-release page data: entities, home page, lists, term usage and search, cached.

A release is immutable, so everything read here is cached for the life of the
object; one Site is made per store (per release) by the web layer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from kolding_graph.browse.claims import claim_sources, node_disputes
from kolding_graph.browse.entities import (
    Entity,
    Queries,
    Select,
    describe,
    fetch_labels,
    kind_of,
)
from kolding_graph.browse.overview import (
    HOME_PATH,
    ORGANISATION_TYPES,
    PERSON_TYPES,
    Place,
    Twin,
    contact_email,
    home_place,
    things_of_types,
    twin_cities,
    wikidata_only_twins,
)
from kolding_graph.browse.search_file import (
    Searcher,
    open_searcher,
    prepare_search_index,
)
from kolding_graph.browse.search_index import wanted_text
from kolding_graph.browse.title_file import Titler, open_titles, prepare_titles
from kolding_graph.lru import Lru
from kolding_graph.namespaces import Namespaces
from kolding_graph.release.load import Release

CACHE_SIZE = 4096

USAGE_QUERY = """SELECT ?s WHERE {
  { %(values)s ?s ?t ?o } UNION { %(values)s ?s a ?t }
} LIMIT %(limit)d"""


def prepare_page_indexes(release: Release, select: Select) -> None:
    """Write the release's search and titles files now (ReleaseError if impossible)."""
    prepare_search_index(release, select)
    prepare_titles(release, select)


@dataclass(frozen=True)
class Home:
    """What the home page shows."""

    entity: Entity | None
    twins: list[Twin]
    labels: dict[str, dict[str, str]]
    place: Place | None
    wikidata_only: list[tuple[str, str]] = field(default_factory=list)
    wikidata_sources: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Listing:
    """Nodes of some kinds with their labels and types."""

    types: dict[str, list[str]]
    labels: dict[str, dict[str, str]]


class Site:
    """The page data of one release, read through a select function."""

    def __init__(
        self,
        select: Select,
        base: str,
        release: Release | None = None,
        index_files: bool = True,
    ) -> None:
        """index_files: whether search and titles files may be made from select
        (only from the release's own local store, never a remote endpoint's)."""
        self.select = select
        self.base = base
        self.release = release
        self.release_id = release.id if release else ""
        self._indexed = release if index_files else None
        self.queries = Queries(base)
        self.prefixes = Namespaces(base).prefixes()
        self.cache = Lru(CACHE_SIZE)
        self.search_cache = Lru(1024)  # apart, so searches never evict pages
        self._index: Searcher | None = None
        self._titles: Titler | None = None
        self._index_lock = threading.Lock()
        self._titles_lock = threading.Lock()

    @property
    def home_iri(self) -> str:
        """Return the IRI of the entity the site is about (Kolding Kommune)."""
        return self.base + HOME_PATH

    def kind(self, types: list[str] | tuple[str, ...]) -> str:
        """Return the page kind for rdf:types."""
        return kind_of(types, self.base)

    def entity(self, iri: str) -> Entity | None:
        """Return the entity at iri (cached), or None."""
        return self.cache.get_or_make(("entity", iri), lambda: self._describe(iri))

    def _describe(self, iri: str) -> Entity | None:
        """Return the entity with the disputes of the nodes it lists."""
        entity = describe(self.select, self.queries, iri)
        if entity is not None and entity.relations:
            nodes = [r.node for r in entity.relations]
            entity.disputes = node_disputes(self.select, self.queries, nodes)
            cited = claim_sources(entity.disputes) - set(entity.labels)
            entity.labels.update(self.labels(sorted(cited)))
        return entity

    def find(self, candidates: list[str]) -> Entity | None:
        """Return the first of several spellings of an IRI the store knows."""
        for iri in dict.fromkeys(candidates):
            entity = self.entity(iri)
            if entity is not None:
                return entity
        return None

    def labels(self, iris: list[str]) -> dict[str, dict[str, str]]:
        """Return the labels of some IRIs."""
        return fetch_labels(self.select, self.queries, iris)

    def title(self, iri: str) -> dict[str, str] | None:
        """Return {lang: name} of a term or {lang: title} of an unnamed node."""
        titles = self._titles
        if titles is None:
            with self._titles_lock:  # not the search's: a search build never blocks it
                if self._titles is None:
                    self._titles = open_titles(self._indexed, self.select, self.queries)
                titles = self._titles
        return titles.title(iri)

    def home(self) -> Home:
        """Return the home page data (cached)."""
        return self.cache.get_or_make(("home",), self._make_home)

    def _make_home(self) -> Home:
        twins, labels = twin_cities(self.select, self.queries, self.home_iri)
        place = home_place(self.select, self.queries, self.home_iri)
        only, cited = wikidata_only_twins(self.select, self.queries, self.home_iri)
        labels = {**labels, **self.labels([s for s, _ in cited])}
        return Home(self.entity(self.home_iri), twins, labels, place, only, cited)

    def contact(self) -> str:
        """Return the e-mail of the home entity's contact point, or "" (cached)."""
        return self.cache.get_or_make(
            ("contact",),
            lambda: contact_email(self.select, self.queries, self.home_iri),
        )

    def listing(self, name: str) -> Listing:
        """Return the organisations or the people (cached)."""
        types = {"organisations": ORGANISATION_TYPES, "people": PERSON_TYPES}[name]
        return self.cache.get_or_make(("listing", name), lambda: self._listing(types))

    def _listing(self, types: tuple[str, ...]) -> Listing:
        found = things_of_types(self.select, self.queries, types)
        return Listing(found, self.labels(list(found)))

    def usage(self, term: str, limit: int = 50) -> list[str]:
        """Return nodes that use a term as property or as type (cached)."""

        def make() -> list[str]:
            rows = self.queries.run(self.select, USAGE_QUERY, "t", [term], limit=limit)
            return sorted({r["s"].value for r in rows if r["s"].is_iri})

        return self.cache.get_or_make(("usage", term), make)

    def search(self, text: str, limit: int = 50, internal: bool = False) -> list:
        """Return the search hits for text (cached per folded text)."""
        key = (wanted_text(text), limit, internal)
        return self.search_cache.get_or_make(
            key, lambda: self.search_index().search(text, limit, internal)
        )

    def search_index(self) -> Searcher:
        """Return the release's search file (or an in-memory index), on first use."""
        index = self._index
        if index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = open_searcher(
                        self._indexed, self.select, self.queries
                    )
                index = self._index
        return index
