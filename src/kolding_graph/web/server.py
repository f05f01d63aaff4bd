"""The production server: gunicorn, started from Python with the app preloaded.

The app (and with it the store) is created once in gunicorn's master process;
the workers are forked from it and share the loaded store copy-on-write. Each
worker then forks its own query process (see executor.py).
"""

from __future__ import annotations

import logging
import math
import os
import socket
from collections.abc import Mapping
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.workers.sync import SyncWorker

from kolding_graph.web import create_app, metrics
from kolding_graph.web.state import EXTENSION

# gunicorn kills a worker silent for this long; it must outlast any query.
TIMEOUT_MARGIN = 30
# The access log: gunicorn's usual fields, the time taken and the request id.
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
    "%(M)sms rid=%({x-request-id}o)s"
)


class GuardedWorker(SyncWorker):
    """gunicorn's sync worker that drops clients idle for idle_seconds.

    Each sync worker serves one connection at a time, so a client that stalls
    mid-request would hold it until gunicorn's timeout kills the worker. Every
    read and write on a client socket is bounded instead (the IDLE_TIMEOUT
    setting); gunicorn's timeout still bounds a whole request.
    """

    idle_seconds = 5.0  # set from the settings before the workers are forked

    def accept(self, listener: socket.socket) -> None:
        """Accept one connection with an idle limit on every read and write."""
        client, addr = listener.accept()
        client.settimeout(self.idle_seconds)
        self.handle(listener, client, addr)


# Chosen by measurement (see README, "SPARQL endpoint"): sync workers, one
# request at a time each, and the query process doing the engine's work.
WORKER_CLASS = f"{__name__}.GuardedWorker"


class IdleClientFilter(logging.Filter):
    """Log a client dropped for idling as one line, not as a server fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite gunicorn's socket-error record when the cause is the idle limit."""
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, TimeoutError):
            record.msg, record.args, record.exc_info = (
                "client idle for %g s: connection closed",
                (GuardedWorker.idle_seconds,),
                None,
            )
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


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
        GuardedWorker.idle_seconds = self.settings["IDLE_TIMEOUT"]

    def load(self) -> Flask:
        """Create the app once (in the master, as the app is preloaded)."""
        if self.application is None:
            self.application = create_app(self.settings)
        return self.application


def gunicorn_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Return gunicorn's settings for our configuration."""
    return {
        "bind": f"{config['HOST']}:{config['PORT']}",
        "workers": config["WORKERS"],
        "worker_class": WORKER_CLASS,
        "preload_app": True,
        "timeout": math.floor(config["QUERY_TIMEOUT"]) + TIMEOUT_MARGIN,
        "graceful_timeout": 5,
        "limit_request_line": 8190,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "post_fork": _start_query_process,
        "child_exit": _forget_worker,
        # Several servers run side by side here and in tests: no shared control socket.
        "control_socket_disable": True,
    }


def _start_query_process(server: Any, worker: Any) -> None:
    """Fork the worker's query process before its first request."""
    logging.getLogger("gunicorn.error").addFilter(IdleClientFilter())
    app = worker.app.wsgi()
    store = app.extensions[EXTENSION].store
    if store is not None:
        store.start()


def _forget_worker(server: Any, worker: Any) -> None:
    """Mark a gone worker's metrics as dead (its counts still add up)."""
    metrics.forget_process(worker.pid)


def serve(config: Mapping[str, Any]) -> None:
    """Run the production server until it is stopped."""
    shared = metrics.share_between_processes()
    master = os.getpid()
    try:
        Server(config).run()
    finally:
        # Workers leave through here too (gunicorn ends them with SystemExit).
        if os.getpid() == master:
            metrics.remove_shared(shared)
