"""What each release changed about one entity, in sentences, from the changelogs."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from kolding_graph.release.load import Release
from kolding_graph.web.downloads import release_index
from kolding_graph.web.release_pages import pinned_version
from kolding_graph.web.state import get_state
from kolding_graph.web.ui import lang
from kolding_graph.web.withdrawn import visible_changelog


@dataclass(frozen=True)
class Change:
    """One sentence of one release's changelog about the entity."""

    version: str
    date: str
    text: str
    url: str  # the version's downloads page, where its whole changelog is


def entity_history(iri: str) -> list[Change]:
    """Return the changes about an entity, newest release first, up to the one read."""
    language = lang()
    return [
        Change(r.version, r.release_date, entry[language], _version_url(r))
        for r in _releases_read()
        for entry in visible_changelog(r).get("entries", [])
        if entry.get("subject") == iri
    ]


def _releases_read() -> list[Release]:
    """Return the versions up to the one this page reads (?release= or the served
    one), newest first."""
    releases = release_index().releases()  # oldest first
    served = get_state().release
    read = pinned_version() or (served.version if served is not None else "")
    versions = [r.version for r in releases]
    if read in versions:
        releases = releases[: versions.index(read) + 1]
    return releases[::-1]


def _version_url(release: Release) -> str:
    """Return the downloads page of a version, in the page language."""
    return url_for("downloads.version_page", version=release.version, lang=lang())
