"""Switch to a newly published release while serving, never mixing two releases.

A build publishes by switching the release link atomically. Before each
request a worker compares the link's target with the release it serves (one
stat call); when it changed, the worker loads the new release completely (the
store filled, its query process started) and only then replaces its state in
one assignment. A request keeps the state it started with to its end (it is
pinned in `g`), so every answer comes wholly from one release; the replaced
state's query process is stopped once no request uses it. The result
cache and ETags belong to the state and are keyed on the release id, so no
answer of the old release is ever served for the new one.

Each worker switches on its own: for a moment one worker may still answer from
the old release and another from the new, each answer whole. A release that
fails to load (corrupt, incomplete) is logged and the worker keeps serving the
release it has; a state with no data at all (start-up without a release, or a
remote store that was down) retries every RETRY_SECONDS.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from flask import Flask

from kolding_graph.web.metrics import get_metrics
from kolding_graph.web.state import EXTENSION, State, open_state

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
_TRIED = "kolding_graph.reload.tried"
# Requests in flight per state (by id), and states replaced but still in use:
# a replaced state's query process is stopped when its last request ends.
_USERS: dict[int, int] = {}
_RETIRED: set[int] = set()
_USERS_LOCK = threading.Lock()


def target_key(path: str | Path) -> tuple[int, int] | None:
    """Return (device, inode) of the directory a release path points at, if any."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def refresh(app: Flask) -> State:
    """Return the state to serve now, loading a newly published release first."""
    state: State = app.extensions[EXTENSION]
    published = target_key(app.config["RELEASE_DIR"])
    if published == state.key and state.store is not None:
        return state
    if published is None and state.store is not None:
        return state  # the link is gone for a moment: keep what we have
    now = time.monotonic()
    tried = app.extensions.setdefault(_TRIED, (state.key, now))
    if tried[0] == published and now - tried[1] < RETRY_SECONDS:
        return state
    app.extensions[_TRIED] = (published, now)
    return _switch(app, state)


def _switch(app: Flask, old: State) -> State:
    new = open_state(app.config)
    if new.store is None:
        get_metrics().reloads.labels("failed").inc()
        if old.store is not None:
            log.error("keeping release %s: %s", old.release_id, new.problem)
            return old
    else:
        get_metrics().reloads.labels("loaded").inc()
        log.info("now serving release %s (was %s)", new.release_id, old.release_id)
    if new.store is not None:
        new.store.start()
    with _USERS_LOCK:
        app.extensions[EXTENSION] = new
        _RETIRED.add(id(old))
        idle = _USERS.get(id(old), 0) == 0
    if idle:
        _close(old)
    return new


def pin(state: State) -> None:
    """Count a request that will use this state until unpin()."""
    with _USERS_LOCK:
        _USERS[id(state)] = _USERS.get(id(state), 0) + 1


def unpin(state: State) -> None:
    """End a request's use of a state; a replaced state closes with its last user."""
    with _USERS_LOCK:
        left = _USERS[id(state)] - 1
        if left:
            _USERS[id(state)] = left
        else:
            del _USERS[id(state)]
        closing = not left and id(state) in _RETIRED
    if closing:
        _close(state)


def _close(state: State) -> None:
    """Stop a replaced state's query process (its memory goes with it)."""
    _RETIRED.discard(id(state))
    if state.store is not None:
        state.store.close()
