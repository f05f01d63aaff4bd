"""The production server: granian (Rust HTTP, event driven) in front of our WSGI app.

The app (and with it the store and the fairness ledger) is created once in the
main process; granian forks the workers from it, so they share both
copy-on-write, the caches warmed (web/warm.py) included. Each worker forks its
first query process (store/executor.py) before it serves and answers through
front.Front; after a release change it warms its caches again on a thread.

Why granian (measured, README "Performance"): it parses HTTP in Rust, keeps
connections alive, pipelines safely, and holds a slow or idle client as a
connection in its event loop, not as a worker; Python runs only for complete
requests, on THREADS threads per worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from granian.constants import Interfaces
from granian.http import HTTP1Settings
from granian.server import MPServer as Granian  # worker processes, forked

from kolding_graph.web import create_app, metrics
from kolding_graph.web.front import Front
from kolding_graph.web.state import EXTENSION
from kolding_graph.web.warm import warm_state

log = logging.getLogger(__name__)
# Largest request head (line and headers) granian reads; over it answers 431.
MAX_HEAD_BYTES = 64 * 1024
BACKLOG = 4096


def serve(config: Mapping[str, Any]) -> None:
    """Run the production server until it is stopped."""
    # The workers must be forked (they inherit the app, store and ledger); newer
    # Pythons default to another start method, which granian would follow.
    multiprocessing.set_start_method("fork", force=True)
    shared = metrics.share_between_processes()
    main = os.getpid()
    try:
        _log_to_stdout()
        server(config).serve(target_loader=_worker_app(prepare(config)))
    finally:
        if os.getpid() == main:
            metrics.remove_shared(shared)


def prepare(config: Mapping[str, Any]) -> Front:
    """Create the app behind its front layer, warmed before the workers fork."""
    front_app = Front(create_app(config))
    front_app.warm_for = (config["HOST"], config["PORT"])
    state = front_app.app.extensions[EXTENSION]
    if state.store is not None:
        front_app.switch_to(state.release_id, warm=False)  # warmed here, once
        warm_state(front_app, *front_app.warm_for)
        state.store.close()  # the warm-up's query processes: each worker forks its own
    return front_app


def server(config: Mapping[str, Any]) -> Granian:
    """Return granian configured from our settings."""
    threads = max(1, config["THREADS"])
    return Granian(
        "kolding_graph",  # a name only: the app comes from the loader
        address=config["HOST"],
        port=config["PORT"],
        interface=Interfaces.WSGI,
        workers=max(1, config["WORKERS"]),
        blocking_threads=threads,
        # Connections a worker holds at once (granian counts connections, not
        # requests): high, so that stalled clients cannot fill it.
        backlog=BACKLOG,
        backpressure=BACKLOG,
        runtime_threads=1,
        http1_settings=HTTP1Settings(
            header_read_timeout=round(config["IDLE_TIMEOUT"] * 1000),
            keep_alive=True,
            max_buffer_size=MAX_HEAD_BYTES,
            # pipeline_flush drops the 431 answer to over-large headers (measured).
            pipeline_flush=False,
        ),
        respawn_failed_workers=True,
        workers_kill_timeout=5,
        log_access=False,
    )


def _worker_app(app: Front) -> Callable[[str], Front]:
    """Return granian's loader: it runs in each new worker before it serves."""

    def load(_target: str) -> Front:
        _log_to_stdout()
        state = app.app.extensions[EXTENSION]
        if state.store is not None:
            state.store.start()  # from the worker's main thread, before any request
        app.switch_to(state.release_id, warm=False)  # warmed before the fork
        return app

    return load


def _log_to_stdout() -> None:
    """Send our log (access lines included) to standard output, one line each."""
    root = logging.getLogger("kolding_graph")
    if not any(getattr(h, "_kolding_graph", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._kolding_graph = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False
    # granian configures logging in each worker and disables loggers it did not name.
    for name, found in logging.root.manager.loggerDict.items():
        if name.startswith("kolding_graph") and isinstance(found, logging.Logger):
            found.disabled = False
