"""Citable queries: a query bound to a release version and the hash of its text."""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from kolding_graph.errors import QueryError
from kolding_graph.release.dataset_citation import LICENCE_NAME, PUBLISHER, TITLE
from kolding_graph.release.load import Release

HEX = frozenset("0123456789abcdef")
# Cited query texts kept on disk at most; past it, citations carry the text instead.
ARCHIVE_MAX_BYTES = 50_000_000


def query_hash(text: str) -> str:
    """Return the SHA-256 (hex) of the query text exactly as given, UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_sha256(sha256: str) -> None:
    """Refuse a permalink whose hash is not a SHA-256 in lower-case hex."""
    if len(sha256) != 64 or not set(sha256) <= HEX:
        raise QueryError("the permalink's hash is not a SHA-256 (64 hex digits)")


def check_hash(text: str, sha256: str) -> None:
    """Refuse a permalink whose query text does not match its hash."""
    check_sha256(sha256)
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
        title = TITLE.get(lang, TITLE["en"])
        if lang == "da":
            return (
                f"{PUBLISHER} ({year}). {title}, version {self.version} (udgivet"
                f" {self.date}). SPARQL-forespørgsel sha256:{self.sha256}."
                f" {self.url}. Licens: {LICENCE_NAME}."
            )
        return (
            f"{PUBLISHER} ({year}). {title}, version {self.version} (released"
            f" {self.date}). SPARQL query sha256:{self.sha256}. {self.url}."
            f" Licence: {LICENCE_NAME}."
        )


def cite(release: Release, text: str, url: str) -> Citation:
    """Return the citation of a query against a versioned release."""
    return Citation(
        release.version, release.release_date, release.id, query_hash(text), url
    )


class QueryArchive:
    """Cited query texts, each kept once under its SHA-256 and never changed.

    Permalinks name a query by its hash only, so they stay short; the text
    lives here, beside the releases it is answered from.
    """

    def __init__(self, folder: Path, max_bytes: int = ARCHIVE_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes

    def put(self, text: str) -> str:
        """Keep a query text (atomically, once) and return its hash.

        Raises OSError (ENOSPC) once the archive holds max_bytes: anyone can cite,
        so the disk it may take is bounded; callers then put the text in the link.
        """
        sha256 = query_hash(text)
        path = self.folder / f"{sha256}.rq"
        if not path.exists():
            if self.size() + len(text.encode("utf-8")) > self.max_bytes:
                raise OSError(errno.ENOSPC, "the archive of cited queries is full")
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = self.folder / f".{sha256}.{os.getpid()}.tmp"
            staging.write_bytes(text.encode("utf-8"))
            os.replace(staging, path)
        return sha256

    def size(self) -> int:
        """Return the bytes the kept query texts take."""
        if not self.folder.is_dir():
            return 0
        return sum(entry.stat().st_size for entry in self.folder.glob("*.rq"))

    def get(self, sha256: str) -> str | None:
        """Return the query text kept under a hash, None if there is none."""
        if len(sha256) != 64 or not set(sha256) <= HEX:
            return None
        try:
            text = (self.folder / f"{sha256}.rq").read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return text if query_hash(text) == sha256 else None
