"""Titles of the ontology's terms and of unnamed nodes: one SQLite file per release.

Every link on a page reads as a name; for claims, figures and the other nodes
without one, the name is a title made from what they say (browse/titles.py).
Making them all takes the whole graph (seconds and hundreds of MiB at 1M
triples), so the first process that needs them writes them into the release's
index folder and every worker looks titles up by IRI in that file. Where the
file cannot be written, or there is no local release, a worker keeps them in
memory instead, and one log line says why.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Protocol

from kolding_graph.browse.entities import Queries, Select
from kolding_graph.browse.index_file import (
    IndexFile,
    from_file_or_memory,
    write_index_file,
)
from kolding_graph.browse.titles import Titles, all_titles
from kolding_graph.release.indexes import ensure_index, index_dir
from kolding_graph.release.load import Release

log = logging.getLogger(__name__)

FORMAT = 1  # raised whenever the table changes; in the name, so a new one is built
TITLES_FILE = f"titles-v{FORMAT}.sqlite"
SCHEMA = """CREATE TABLE titles (
  iri TEXT, lang TEXT, title TEXT, PRIMARY KEY (iri, lang)
) WITHOUT ROWID;"""


TITLE_OF = "SELECT lang, title FROM titles WHERE iri = ?"


class Titler(Protocol):
    """Where a site finds titles: the file or a dict in memory."""

    def title(self, iri: str) -> dict[str, str] | None:
        """Return {lang: title} of a node or term, or None."""
        ...


def prepare_titles(release: Release, select: Select) -> Path:
    """Return the release's titles file, writing it from select if missing.

    Raises ReleaseError when the index folder cannot be written.
    """
    queries = Queries(release.base_iri)
    target = index_dir(release) / TITLES_FILE
    return ensure_index(
        target, lambda to: write_titles(to, all_titles(select, queries))
    )


def open_titles(release: Release | None, select: Select, queries: Queries) -> Titler:
    """Return the titles file of release, or the titles in memory saying why not."""

    def from_file(found: Release) -> Titler:
        return TitleFile(prepare_titles(found, select))

    def in_memory() -> Titler:
        return TitlesInMemory(all_titles(select, queries))

    return from_file_or_memory("titles", release, from_file, in_memory)


def write_titles(path: Path, titles: Titles) -> None:
    """Write every title into a new SQLite file."""
    rows = sorted(
        (iri, lang, title) for iri, by in titles.items() for lang, title in by.items()
    )

    def fill(db: sqlite3.Connection) -> None:
        db.executemany("INSERT INTO titles VALUES (?, ?, ?)", rows)

    write_index_file(path, SCHEMA, FORMAT, fill)


class TitleFile(IndexFile):
    """A release's titles file, opened read-only."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, FORMAT)

    def title(self, iri: str) -> dict[str, str] | None:
        """Return {lang: title} of a node or term, or None (the link reads its IRI)."""
        try:
            found = self.db().execute(TITLE_OF, (iri,)).fetchall()
        except sqlite3.Error as error:  # the file went away under a running server
            log.error("titles file %s unreadable: %s", self.path, error)
            return None
        return dict(found) or None


class TitlesInMemory:
    """The titles of a release as a dict (the fallback)."""

    def __init__(self, titles: Titles) -> None:
        self._titles = titles

    def title(self, iri: str) -> dict[str, str] | None:
        """Return {lang: title} of a node or term, or None."""
        return self._titles.get(iri)
