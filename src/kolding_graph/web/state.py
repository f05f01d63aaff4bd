"""What every request shares (the store, the release, the cache) and its accessors."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app, g, has_request_context

from kolding_graph.errors import KoldingGraphError, ReleaseError
from kolding_graph.lru import Lru
from kolding_graph.query.named import NamedQuery, load_queries
from kolding_graph.release.load import Release
from kolding_graph.store.base import Store
from kolding_graph.store.cache import ResultCache
from kolding_graph.store.opening import open_store

log = logging.getLogger(__name__)
EXTENSION = "kolding_graph"
DESCRIPTIONS = 64  # service descriptions kept per release
PINNED = "kolding_graph_state"  # the state one request uses, from start to end


@dataclass
class State:
    """What every request shares: the store, the release, the examples, the cache."""

    store: Store | None
    release: Release | None
    queries: dict[str, NamedQuery]
    cache: ResultCache
    problem: KoldingGraphError | None = None
    modified: float | None = None
    # Service descriptions by (endpoint URL, format): the URL follows the Host header.
    description_cache: Lru = field(default_factory=lambda: Lru(DESCRIPTIONS))
    # (device, inode) of the release directory served; reload.py compares it.
    key: tuple[int, int] | None = None

    @property
    def release_id(self) -> str | None:
        """Return the id of the release served (None when it is unknown)."""
        return self.release.id if self.release is not None else None


def open_state(config: Mapping[str, Any]) -> State:
    """Open the release and the store named by the settings."""
    queries = load_queries(Path(config["SOURCE_DIR"]) / "queries")
    cache = ResultCache(config["CACHE_MAX_BYTES"])
    try:
        release, store = open_store(config)
    except KoldingGraphError as error:
        # A missing or corrupt release, or a remote store that is down: the
        # app still starts, answers 503 saying why, and /readyz says not ready.
        log.error("serving no data: %s", error)
        return State(None, None, queries, cache, problem=error)
    modified = key = None
    if release is not None:
        modified = (Path(release.path) / "release.json").stat().st_mtime
        found = Path(release.path).stat()
        key = (found.st_dev, found.st_ino)
    return State(store, release, queries, cache, modified=modified, key=key)


def get_state() -> State:
    """Return the state of the current request (pinned at its start) or app."""
    if has_request_context():
        pinned = g.get(PINNED)
        if pinned is not None:
            return pinned
    return current_app.extensions[EXTENSION]


def get_store() -> Store:
    """Return the store of the current app, or raise why there is none."""
    state = get_state()
    if state.store is None:
        raise state.problem or ReleaseError("no release loaded")
    return state.store
