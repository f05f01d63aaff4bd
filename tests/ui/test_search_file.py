"""The search index on disk (issue 16): built once per release, answers as memory."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kolding_graph.browse.search_file import SEARCH_FILE, SearchFile
from kolding_graph.browse.search_index import MAX_QUERY_LENGTH, SearchIndex, build_index
from kolding_graph.browse.site import Site
from kolding_graph.errors import ReleaseError
from kolding_graph.release.indexes import index_dir
from kolding_graph.web.ui import current_site

QUERIES = [
    "klima",
    "bæredygtighed",
    "BAEREDYGTIGHED",
    "unesco",
    "per",
    "orebro",
    "Örebro",
    "Panevézys",
    "安城",
    "k",
    "ø",
    "ko",
    "by",
    " a",
    '"',
    'klima"',
    '"klima',
    "klima*",
    "kli*ma",
    "-klima",
    "NOT klima",
    "klima AND kolding",
    "klima OR (kolding",
    "(",
    ")",
    "^ko",
    "ko:lding",
    "col:klima",
    "{a b}",
    "NEAR(a b)",
    "\0",
    "ko\0lding",
    "%00%FF",
    "x" * 5000,
    "kolding " * (MAX_QUERY_LENGTH // 8 + 5),
]


@pytest.fixture(scope="module")
def both(app) -> tuple[Site, SearchIndex]:
    """Return the served site (searching its release's file) and a memory index."""
    with app.test_request_context("/"):
        site = current_site()
        return site, build_index(site.select, site.queries)


def label_queries(memory: SearchIndex) -> list[str]:
    """Return queries cut from the release's own labels (whole, prefix, middle)."""
    picked = memory.entries[:: max(1, len(memory.entries) // 150)]
    cuts = [(0, None), (0, 3), (2, 6), (1, 3), (3, 4)]
    return [e.label[a:b] for e in picked for a, b in cuts]


def test_the_file_is_built_once_beside_the_release(both, release):
    site, _ = both
    searcher = site.search_index()
    assert isinstance(searcher, SearchFile)
    assert searcher.path == index_dir(release) / SEARCH_FILE
    assert site.search_index() is searcher


@pytest.mark.parametrize("internal", [False, True])
def test_file_and_memory_answer_alike(both, internal):
    site, memory = both
    searcher = site.search_index()
    queries = QUERIES + label_queries(memory)
    answered = 0
    for text in queries:
        expected = memory.search(text, 50, internal)
        assert searcher.search(text, 50, internal) == expected, repr(text)
        answered += bool(expected)
    assert answered > len(queries) // 2  # the comparison is not of empty lists


def test_another_worker_opens_the_file_without_reading_the_store(both):
    site, memory = both
    site.search_index()  # built by now

    def no_store(query: str) -> list:
        raise AssertionError("the store was read: " + query[:80])

    other = Site(no_store, site.base, site.release)
    assert isinstance(other.search_index(), SearchFile)
    assert other.search("orebro") == memory.search("orebro")


# FTS5's own syntax among letters of our labels, and any text at all.
FTS_SYNTAX = '"*-+^:(){},. ANDORNTEARkoldingæøåÖé\0'
HOSTILE_TEXT = st.text(st.sampled_from(FTS_SYNTAX), max_size=20)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(HOSTILE_TEXT, st.text(max_size=12)))
def test_any_text_answers_as_memory(both, text):
    site, memory = both
    assert site.search_index().search(text) == memory.search(text)


def test_limits_and_internal_nodes_as_in_memory(both):
    site, memory = both
    searcher = site.search_index()
    for limit in (1, 3, 10):
        assert searcher.search("kol", limit) == memory.search("kol", limit)
    assert len(searcher.search("e", 3)) == 3
    everything = {hit.iri for hit in searcher.search("claimed property", internal=True)}
    citizens = {hit.iri for hit in searcher.search("claimed property")}
    assert citizens < everything


def test_hostile_searches_answer_200(client):
    for text in QUERIES:
        response = client.get("/search", query_string={"q": text, "format": "json"})
        assert response.status_code == 200, repr(text)


def fallback_site(both, tmp_path: Path) -> Site:
    """Return a site whose release lives in tmp_path/dist (its store the app's)."""
    site, _ = both
    moved = replace(site.release, path=tmp_path / "dist")
    return Site(site.select, site.base, moved)


def assert_in_memory(site: Site, caplog: pytest.LogCaptureFixture, why: str) -> None:
    """Check the site searches an in-memory index and one log line says why."""
    with caplog.at_level(logging.WARNING, logger="kolding_graph.browse.index_file"):
        searcher = site.search_index()
    assert isinstance(searcher, SearchIndex)
    assert searcher.search("orebro")[0].iri.endswith("/id/city/orebro")
    lines = [r.getMessage() for r in caplog.records if "memory" in r.getMessage()]
    assert len(lines) == 1 and why in lines[0], lines


def test_unwritable_index_folder_falls_back_to_memory(both, tmp_path, caplog):
    (tmp_path / ".indexes").write_text("not a folder")
    assert_in_memory(fallback_site(both, tmp_path), caplog, "could not write")


def test_no_local_release_falls_back_to_memory(both, caplog):
    site, _ = both
    assert_in_memory(Site(site.select, site.base, None), caplog, "no local release")


def test_a_remote_store_makes_no_index_file_for_its_release(both, caplog):
    # With an endpoint set, the release names the data but the answers come
    # from elsewhere: nothing read from there is kept under the release's id.
    site, _ = both
    remote = Site(site.select, site.base, site.release, index_files=False)
    assert remote.release_id == site.release_id  # pages keep their ETags
    assert_in_memory(remote, caplog, "no local release")


def test_a_file_of_another_format_is_refused(both, tmp_path):
    site, _ = both
    copy = tmp_path / SEARCH_FILE
    shutil.copyfile(site.search_index().path, copy)
    with sqlite3.connect(copy) as db:
        db.execute("PRAGMA user_version = 0")
    db.close()
    with pytest.raises(ReleaseError, match="format 0"):
        SearchFile(copy)
