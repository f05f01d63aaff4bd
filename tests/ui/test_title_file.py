"""Titles of unnamed nodes on disk (issue 16): written once per release, read by IRI."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest

from kolding_graph.browse.site import Site
from kolding_graph.browse.title_file import TITLES_FILE, TitleFile, TitlesInMemory
from kolding_graph.browse.titles import Titles, all_titles
from kolding_graph.release.indexes import index_dir
from kolding_graph.web.ui import current_site


@pytest.fixture(scope="module")
def served(app) -> tuple[Site, Titles]:
    """Return the served site and every title computed afresh in memory."""
    with app.test_request_context("/"):
        site = current_site()
        return site, all_titles(site.select, site.queries)


def test_every_title_reads_the_same_from_the_file(served) -> None:
    site, titles = served
    assert len(titles) > 100  # claims, figures, terms, graphs
    for iri, by_language in titles.items():
        assert site.title(iri) == by_language, iri
    assert site.title(site.base + "id/no-such-node") is None
    assert isinstance(site._titles, TitleFile)
    assert site._titles.path == index_dir(site.release) / TITLES_FILE


def test_a_second_worker_reads_titles_without_the_store(served) -> None:
    site, titles = served
    site.title(site.home_iri)  # the file exists from here on

    def no_store(query: str) -> list:
        raise AssertionError("the titles were computed again from the store")

    again = Site(no_store, site.base, site.release)
    claim = next(iri for iri in titles if "/id/claim/" in iri)
    assert again.title(claim) == titles[claim]


def test_an_unwritable_index_folder_keeps_titles_in_memory(
    served, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site, titles = served
    (tmp_path / ".indexes").write_text("not a folder")
    moved = Site(site.select, site.base, replace(site.release, path=tmp_path / "dist"))
    claim = next(iri for iri in titles if "/id/claim/" in iri)
    with caplog.at_level(logging.WARNING, logger="kolding_graph.browse.index_file"):
        assert moved.title(claim) == titles[claim]
    assert isinstance(moved._titles, TitlesInMemory)
    lines = [r.getMessage() for r in caplog.records if "memory" in r.getMessage()]
    assert len(lines) == 1 and "could not write" in lines[0], lines
