"""Citable queries: a query bound to a release version and the hash of its text."""

from __future__ import annotations

import hashlib
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
