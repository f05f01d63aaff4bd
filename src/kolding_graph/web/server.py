"""The production server: gunicorn, started from Python with the app preloaded.

The app (and with it the store) is created once in gunicorn's master process;
the workers are forked from it and share the loaded store copy-on-write. Each
worker then forks its own query process (see executor.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from . import EXTENSION, create_app

# Chosen by measurement (see README, "SPARQL endpoint"): sync workers, one
# request at a time each, and the query process doing the engine's work.
WORKER_CLASS = "sync"
# gunicorn kills a worker silent for this long; it must outlast any query.
TIMEOUT_MARGIN = 30


class Server(BaseApplication):
    """gunicorn configured from our settings rather than its command line."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.settings = dict(config)
        self.application: Flask | None = None
        super().__init__()

    def load_config(self) -> None:
        """Hand our options to gunicorn."""
        for name, value in gunicorn_options(self.settings).items():
            self.cfg.set(name, value)

    def load(self) -> Flask:
        """Create the app once (in the master, as the app is preloaded)."""
        if self.application is None:
            self.application = create_app(self.settings)
        return self.application


def gunicorn_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Return gunicorn's settings for our configuration."""
    return {
        "bind": f"{config['HOST']}:{int(config['PORT'])}",
        "workers": int(config["WORKERS"]),
        "worker_class": WORKER_CLASS,
        "preload_app": True,
        "timeout": int(float(config["QUERY_TIMEOUT"])) + TIMEOUT_MARGIN,
        "graceful_timeout": 5,
        "limit_request_line": 8190,
        "accesslog": "-",
        "post_fork": _start_query_process,
        # Several servers run side by side here and in tests: no shared control socket.
        "control_socket_disable": True,
    }


def _start_query_process(server: Any, worker: Any) -> None:
    """Fork the worker's query process before its first request."""
    app = worker.app.wsgi()
    store = app.extensions[EXTENSION].store
    if store is not None:
        store.start()


def serve(config: Mapping[str, Any]) -> None:
    """Run the production server until it is stopped."""
    Server(config).run()
