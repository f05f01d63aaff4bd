"""Withdrawn records on the web: 410 Gone for their IRIs, old releases withheld.

The list is the one the served release carries, so it takes effect in every worker
the moment that release is served (reload.py), and the caches below are keyed on
it: nothing withdrawn is served after the release that withdraws it.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template

from kolding_graph.errors import WITHDRAWN_MESSAGE, Gone
from kolding_graph.lru import Lru
from kolding_graph.query.mentions import names_withdrawn
from kolding_graph.release.changelog import read_changelog
from kolding_graph.release.load import Release
from kolding_graph.release.withdrawn import Withdrawn, holds_withdrawn, read_withdrawn
from kolding_graph.web.state import State, get_state

LIST_KEY = "kolding_graph.withdrawn"
WITHHELD_KEY = "kolding_graph.withheld"
CHANGELOG_KEY = "kolding_graph.changelogs"


def current_withdrawn() -> Withdrawn:
    """Return the withdrawal list of the served release (read once per release)."""
    return withdrawn_of(current_app, get_state())


def withdrawn_of(app: Flask, state: State) -> Withdrawn:
    """Return the withdrawal list of a state's release, for code outside Flask too."""
    release = state.release
    key = release.id if release is not None else ""
    cached = app.extensions.get(LIST_KEY)
    if cached is None or cached[0] != key:
        cached = (key, read_withdrawn(release))
        app.extensions[LIST_KEY] = cached
    return cached[1]


def withheld(release: Release) -> bool:
    """Return True if a release holds a withdrawn record (checked once per list)."""
    withdrawn = current_withdrawn()
    if not withdrawn.nodes:
        return False
    cache = current_app.extensions.setdefault(WITHHELD_KEY, Lru(256))
    key = (release.id, withdrawn.digest)
    return cache.get_or_make(key, lambda: holds_withdrawn(release, withdrawn))


def refuse_withheld(release: Release) -> None:
    """Raise 410 Gone for a release that holds a withdrawn record."""
    if withheld(release):
        raise Gone(WITHDRAWN_MESSAGE, where=f"release {release.version}")


def refuse_naming(text: str, base: str | None = None) -> None:
    """Raise 410 Gone for a query that names a withdrawn IRI."""
    refuse_naming_in(current_app, get_state(), text, base)


def refuse_naming_in(
    app: Flask, state: State, text: str, base: str | None = None
) -> None:
    """Raise 410 Gone for a query naming a withdrawn IRI (the fast path's way in)."""
    release = state.release
    base = base or (release.base_iri if release else app.config["BASE_IRI"])
    if names_withdrawn(text, base, withdrawn_of(app, state)):
        raise Gone(WITHDRAWN_MESSAGE, where="query")


def visible_changelog(release: Release) -> dict:
    """Return a release's changelog without the entries about withdrawn records.

    Read and filtered once per release and list (entity pages, the downloads
    pages and the feed all ask for every version's): share it, never change it.
    """
    withdrawn = current_withdrawn()
    cache = current_app.extensions.setdefault(CHANGELOG_KEY, Lru(256))

    def make() -> dict:
        log = read_changelog(release.path)
        entries = log.get("entries", [])
        kept = [e for e in entries if not withdrawn.covers(e.get("subject", ""))]
        return {**log, "entries": kept}

    return cache.get_or_make((release.id, withdrawn.digest), make)


def gone_page(html: bool) -> Response:
    """Return the bilingual 410 page (the UI's layout), or the 410 error by Accept."""
    if not html or "privacy" not in current_app.blueprints:
        raise Gone(WITHDRAWN_MESSAGE)
    response = Response(render_template("gone.html"), status=410, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response
