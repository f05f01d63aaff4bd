"""A killable query worker: a forked child process that runs one job at a time.

Neither pyoxigraph nor rdflib can cancel a running query, so a query that
outlives its time limit is stopped the only sure way: its process is killed
(its CPU and memory are really freed) and a fresh child is forked in its place.
The child is forked after the store is loaded, so the store's memory is shared
copy-on-write with the web worker that owns it.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from typing import Any

from . import errors

log = logging.getLogger(__name__)

# Oxigraph recurses over the query; a large thread stack turns a crash on deep
# queries into an ordinary answer (the lexer's limits stay well inside it).
CHILD_STACK_BYTES = 256 * 1024 * 1024
_PR_SET_PDEATHSIG = 1
_RESET_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH")

Handler = Callable[[Any], Any]


class EngineFailure(errors.KoldingGraphError):
    """The query process died while answering (a server fault, logged)."""

    title = "Query engine failure"


class Executor:
    """Run jobs in a child process, killing and replacing it on timeout."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._pid = 0
        self._conn: Connection | None = None
        self._owner_pid = 0
        self._lock = threading.Lock()

    @property
    def pid(self) -> int:
        """Return the child's process id (0 when none is running)."""
        return self._pid

    def start(self) -> None:
        """Fork the child if this process has none running."""
        if self._pid and self._owner_pid == os.getpid():
            return
        # A child inherited from a parent process (gunicorn's master forks the
        # workers after loading the app) belongs to that parent: never share it.
        self._pid, self._conn = 0, None
        parent_end, child_end = Pipe(duplex=True)
        pid = os.fork()
        if pid == 0:
            parent_end.close()
            _child_main(child_end, self._handler)
        child_end.close()
        self._pid, self._conn, self._owner_pid = pid, parent_end, os.getpid()

    def run(self, job: Any, timeout: float) -> Any:
        """Send a job to the child and return its answer within timeout seconds."""
        with self._lock:
            self.start()
            assert self._conn is not None
            try:
                self._conn.send(job)
                ready = self._conn.poll(timeout)
                reply = self._conn.recv() if ready else None
            except (EOFError, OSError, BrokenPipeError):
                self.stop()
                log.error("query process %s died while answering", self._pid)
                raise EngineFailure("the query engine stopped unexpectedly") from None
            if reply is None:
                self.stop()
                raise errors.QueryTimeout(
                    f"query stopped after the {timeout:g} s time limit"
                )
            return _unpack(reply)

    def stop(self) -> None:
        """Kill the child (if any) and reap it."""
        pid, conn = self._pid, self._conn
        self._pid, self._conn = 0, None
        if conn is not None:
            conn.close()
        if pid and self._owner_pid == os.getpid():
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass

    def __del__(self) -> None:
        self.stop()


def _unpack(reply: tuple) -> Any:
    """Return a child's answer, or raise the domain error it reported."""
    if reply[0] == "ok":
        return reply[1]
    _, name, message, where = reply
    error_class = getattr(errors, name, EngineFailure)
    if not (
        isinstance(error_class, type)
        and issubclass(error_class, errors.KoldingGraphError)
    ):
        error_class = EngineFailure
    if error_class is EngineFailure:
        log.error("query engine failure: %s", message)
    raise error_class(message, where=where)


def _child_main(conn: Connection, handler: Handler) -> None:
    """Serve jobs until the parent goes away; never return into the parent's code."""
    try:
        _prepare_child(conn.fileno())
        threading.stack_size(CHILD_STACK_BYTES)
        thread = threading.Thread(target=_serve, args=(conn, handler), daemon=True)
        thread.start()
        thread.join()
    finally:
        os._exit(0)


def _prepare_child(keep_fd: int) -> None:
    """Die with the parent, drop inherited sockets and the parent's signal handlers."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    for name in _RESET_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Client sockets and listeners must not stay open in here: a client would
    # otherwise never see its connection close.
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, _max_fd())


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 65536


def _serve(conn: Connection, handler: Handler) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple = ("ok", handler(job))
        except errors.KoldingGraphError as error:
            reply = ("error", type(error).__name__, error.message, error.where)
        except Exception as error:  # reported to the parent, which logs it as a 500
            reply = ("error", "EngineFailure", f"{type(error).__name__}: {error}", None)
        conn.send(reply)
