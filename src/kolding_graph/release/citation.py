"""Citable queries: a query bound to a release version and the hash of its text."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from kolding_graph.errors import QueryError
from kolding_graph.release.load import Release

HEX = frozenset("0123456789abcdef")


def query_hash(text: str) -> str:
    """Return the SHA-256 (hex) of the query text exactly as given, UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_hash(text: str, sha256: str) -> None:
    """Refuse a permalink whose query text does not match its hash."""
    if len(sha256) != 64 or not set(sha256) <= HEX:
        raise QueryError("the permalink's hash is not a SHA-256 (64 hex digits)")
    if query_hash(text) != sha256:
        raise QueryError(
            "the query text does not match the permalink's SHA-256: it was changed"
            " after the link was made"
        )


@dataclass(frozen=True)
class Citation:
    """How to cite a query's answer: release, date, hash and permalink."""

    version: str
    date: str
    release_id: str
    sha256: str
    url: str

    def text(self, lang: str) -> str:
        """Return the citation as a sentence in Danish (da) or English."""
        year = self.date[:4]
        if lang == "da":
            return (
                f"Kolding Kommune ({year}). Kolding Kommunes internationale"
                f" samarbejde, version {self.version} (udgivet {self.date},"
                f" udgivelses-id {self.release_id}). SPARQL-forespørgsel"
                f" sha256:{self.sha256}. {self.url}. Licens: CC BY 4.0."
            )
        return (
            f"Kolding Kommune ({year}). Kolding Municipality's international"
            f" cooperation, version {self.version} (released {self.date},"
            f" release id {self.release_id}). SPARQL query sha256:{self.sha256}."
            f" {self.url}. Licence: CC BY 4.0."
        )


def cite(release: Release, text: str, url: str) -> Citation:
    """Return the citation of a query against a versioned release."""
    return Citation(
        release.version, release.release_date, release.id, query_hash(text), url
    )


class StoreCache:
    """Stores of old releases, opened on demand; the least recently used closes.

    Each web worker answers one request at a time, so a store is never closed
    while a query runs on it.
    """

    def __init__(self, open_store: Callable[[Release], object], size: int) -> None:
        self._open = open_store
        self._size = max(1, size)
        self._stores: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, release: Release) -> object:
        """Return the store of a release, opening it if needed."""
        with self._lock:
            key = str(release.path)
            if key in self._stores:
                self._stores.move_to_end(key)
                return self._stores[key]
            store = self._open(release)
            self._stores[key] = store
            while len(self._stores) > self._size:
                _, old = self._stores.popitem(last=False)
                old.close()  # type: ignore[attr-defined]
            return store

    def close(self) -> None:
        """Close every store."""
        with self._lock:
            while self._stores:
                self._stores.popitem()[1].close()  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self._stores)
