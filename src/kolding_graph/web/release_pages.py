"""?release=VERSION on pages: read that version's own store, as citations do."""

from __future__ import annotations

from flask import current_app, g, request

from kolding_graph.browse.select import store_select
from kolding_graph.browse.site import Site
from kolding_graph.errors import NotFound
from kolding_graph.lru import Lru
from kolding_graph.release.load import Release
from kolding_graph.web.cite import store_for
from kolding_graph.web.downloads import release_index
from kolding_graph.web.state import get_state
from kolding_graph.web.ui import PINNED_SITE_KEY, translate
from kolding_graph.web.withdrawn import refuse_withheld

PARAM = "release"
SITES_KEY = "kolding_graph.release_sites"
SITES_KEPT = 4  # sites of old releases kept per worker (their stores: web/cite.py)


def pick_release() -> None:
    """Answer this request from the release ?release= names (404 if there is none)."""
    version = request.args.get(PARAM, "").strip()
    if not version:
        return
    release = release_index().find(version)
    if release is None:
        raise NotFound(
            translate("There is no release %(version)s; the downloads page lists them.")
            % {"version": version[:40]},
            where=PARAM,
        )
    refuse_withheld(release)
    served = get_state().release
    if served is not None and served.id == release.id:
        return  # the served release: today's pages, but the links keep the version
    setattr(g, PINNED_SITE_KEY, (site_of(release), release.version))


def site_of(release: Release) -> Site:
    """Return the page data of an old release (made once per store, per worker)."""
    store = store_for(release)
    sites: Lru = current_app.extensions.setdefault(SITES_KEY, Lru(SITES_KEPT))
    made = sites.get(release.id)
    if made is None or made[0] is not store:  # new, or its store was replaced
        sites.drop(lambda key: key != release.id)
        site = Site(store_select(store), release.base_iri, release)
        made = sites.put(release.id, (store, site))
    return made[1]


def pinned_version() -> str:
    """Return the version this page reads when ?release= names one, else ""."""
    found = release_index().find(request.args.get(PARAM, "").strip() or "-")
    return found.version if found is not None else ""
