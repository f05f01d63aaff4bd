"""The search index of a release on disk: one SQLite file, built once, read by all.

The file sits in the release's index folder (release/indexes.py), so the first
process that needs it builds it and every worker of every server opens the same
file read-only, instead of each worker reading every label of the store into
memory. It answers exactly what the in-memory index (search_index.py) answers:
it only finds the candidate labels (a trigram full-text index for three folded
characters or more, a scan for fewer) and hands them, in index order, to the
same ranking. Where the file cannot be written, or there is no local release,
the in-memory index serves instead, and one log line says why.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Protocol

from kolding_graph.browse.entities import Queries, Select
from kolding_graph.browse.index_file import (
    IndexFile,
    from_file_or_memory,
    write_index_file,
)
from kolding_graph.browse.search_index import (
    Entry,
    Hit,
    build_index,
    rank,
    read_labels,
    wanted_text,
)
from kolding_graph.errors import ReleaseError
from kolding_graph.release.indexes import ensure_index, index_dir
from kolding_graph.release.load import Release

# Raised whenever the tables below change; in the name, so a new format is
# built beside an older file rather than refused for good.
FORMAT = 1
SEARCH_FILE = f"search-v{FORMAT}.sqlite"
SCHEMA = """
CREATE TABLE entries (
  id INTEGER PRIMARY KEY, iri TEXT, label TEXT, lang TEXT, prop TEXT,
  folded TEXT, internal INTEGER
);
CREATE TABLE types (iri TEXT PRIMARY KEY, types TEXT) WITHOUT ROWID;
CREATE VIRTUAL TABLE grams USING fts5(
  folded, content='entries', content_rowid='id',
  tokenize='trigram case_sensitive 1'
);
"""
# The trigram index finds any substring of three characters or more.
MIN_GRAM = 3
COLUMNS = "iri, label, lang, prop, folded, internal"
BY_GRAMS = f"""SELECT {COLUMNS} FROM entries
WHERE id IN (SELECT rowid FROM grams WHERE grams MATCH ?) AND (internal = 0 OR ?)
ORDER BY id"""
BY_SCAN = f"""SELECT {COLUMNS} FROM entries
WHERE instr(folded, ?) > 0 AND (internal = 0 OR ?) ORDER BY id"""


class Searcher(Protocol):
    """What a site searches with: the file or the in-memory index."""

    def search(self, text: str, limit: int = 50, internal: bool = False) -> list[Hit]:
        """Return the best-matching nodes for text, best first."""
        ...


def prepare_search_index(release: Release, select: Select) -> Path:
    """Return the release's search file, building it from select if missing.

    Raises ReleaseError when the index folder cannot be written.
    """
    queries = Queries(release.base_iri)
    target = index_dir(release) / SEARCH_FILE
    return ensure_index(
        target, lambda staging: write_search_file(staging, select, queries)
    )


def open_searcher(
    release: Release | None, select: Select, queries: Queries
) -> Searcher:
    """Return the search file of release, or an in-memory index saying why not."""

    def from_file(found: Release) -> Searcher:
        return SearchFile(prepare_search_index(found, select))

    def in_memory() -> Searcher:
        return build_index(select, queries)

    return from_file_or_memory("search index", release, from_file, in_memory)


def write_search_file(path: Path, select: Select, queries: Queries) -> None:
    """Write every label of the store, in index order, into a new SQLite file."""
    entries, types = read_labels(select, queries)

    def fill(db: sqlite3.Connection) -> None:
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((n, *astuple(entry)) for n, entry in enumerate(entries, 1)),
        )
        db.executemany(
            "INSERT INTO types VALUES (?, ?)",
            ((iri, "\n".join(kinds)) for iri, kinds in types.items()),
        )
        db.execute("INSERT INTO grams(grams) VALUES ('rebuild')")

    write_index_file(path, SCHEMA, FORMAT, fill)


class SearchFile(IndexFile):
    """A release's search file, opened read-only (one connection per thread)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, FORMAT)

    def search(self, text: str, limit: int = 50, internal: bool = False) -> list[Hit]:
        """Return the best-matching nodes for text, best first (names first)."""
        wanted = wanted_text(text)
        if not wanted:
            return []
        try:
            return rank(
                self.candidates(wanted, internal), wanted, limit, internal, self.types
            )
        except sqlite3.Error as error:  # the file went away under a running server
            raise ReleaseError(
                f"the search index cannot be read: {error}", where=str(self.path)
            ) from error

    def candidates(self, wanted: str, internal: bool = False) -> Iterator[Entry]:
        """Yield, in index order, entries whose folded label may contain wanted."""
        if len(wanted) >= MIN_GRAM and "\0" not in wanted:
            query, argument = BY_GRAMS, _phrase(wanted)
        else:
            query, argument = BY_SCAN, wanted
        for iri, label, lang, prop, folded, flag in self.db().execute(
            query, (argument, internal)
        ):
            yield Entry(iri, label, lang, prop, folded, bool(flag))

    def types(self, iri: str) -> tuple[str, ...]:
        """Return the sorted types of a node."""
        found = self.db().execute("SELECT types FROM types WHERE iri = ?", (iri,))
        row = found.fetchone()
        return tuple(row[0].split("\n")) if row else ()


def _phrase(text: str) -> str:
    """Return text as one FTS5 phrase: every character literal, quotes doubled."""
    return '"' + text.replace('"', '""') + '"'
