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
import marshal
import os
import pickle
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from kolding_graph import errors

log = logging.getLogger(__name__)

# Oxigraph recurses over the query; a large thread stack turns a crash on deep
# queries into an ordinary answer (the lexer's limits stay well inside it).
CHILD_STACK_BYTES = 256 * 1024 * 1024
# Large answers cross in few system calls with buffers this size.
SOCKET_BUFFER = 4 * 1024 * 1024
_PR_SET_PDEATHSIG = 1
_RESET_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH")

Handler = Callable[[Any], Any]


class EngineFailure(errors.KoldingGraphError):
    """The query process died while answering (a server fault, logged)."""

    title = "Query engine failure"


class Executor:
    """Run jobs in a child process, killing and replacing it on timeout.

    A job is a tuple of plain values (str, int, tuples); answers are bytes or
    picklable objects. Messages are framed by hand over a socket pair: this
    costs a fraction of multiprocessing's Connection per query.
    """

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._pid = 0
        self._sock: socket.socket | None = None
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
        # A child inherited from a parent process (the server's main process forks the
        # workers after loading the app) belongs to that parent: never share it.
        self._pid, self._sock = 0, None
        parent_end, child_end = socket.socketpair()
        for end in (parent_end, child_end):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER)
            end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER)
        # PR_SET_PDEATHSIG fires when the forking *thread* ends: only the main
        # thread lives as long as the process; from any other the child
        # watches its parent instead (see _prepare_child).
        from_main_thread = threading.current_thread() is threading.main_thread()
        pid = os.fork()
        if pid == 0:
            parent_end.close()
            _child_main(child_end, self._handler, from_main_thread)
        child_end.close()
        self._pid, self._sock, self._owner_pid = pid, parent_end, os.getpid()

    def run(self, job: tuple, timeout: float) -> Any:
        """Send a job to the child and return its answer within timeout seconds."""
        with self._lock:
            self.start()
            assert self._sock is not None
            try:
                send_frame(self._sock, JOB, marshal.dumps(job))
                ready = select.select([self._sock], [], [], timeout)[0]
                reply = recv_frame(self._sock) if ready else None
            except (EOFError, OSError):
                pid, status = self._pid, self.stop()
                if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT:
                    # The engine aborts when the kernel refuses it memory
                    # (the query process's address-space limit, store.py).
                    log.warning("query process %s ran out of memory", pid)
                    raise errors.QueryOutOfMemory(
                        "the query was stopped: it needs more memory than one "
                        "query may use; narrow it (LIMIT, fewer joins)"
                    ) from None
                log.error("query process %s died while answering", pid)
                raise EngineFailure("the query engine stopped unexpectedly") from None
            if reply is None:
                self.stop()
                raise errors.QueryTimeout(
                    f"query stopped after the {timeout:g} s time limit"
                )
            return _unpack(*reply)

    def stop(self) -> int:
        """Kill the child (if any), reap it and return its wait status (0 if none)."""
        pid, sock = self._pid, self._sock
        self._pid, self._sock = 0, None
        if sock is not None:
            sock.close()
        status = 0
        if pid and self._owner_pid == os.getpid():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                status = os.waitpid(pid, 0)[1]
            except ChildProcessError:
                pass
        return status

    def __del__(self) -> None:
        self.stop()


class ExecutorPool:
    """Up to `size` query processes, one per request running a query at once.

    A threaded worker serves several requests at a time; with one query
    process, a query past the time limit would hold every other query of its
    worker until it is killed. Each query borrows an idle process (forked when
    none is idle and fewer than `size` exist) and gives it back when it ends.
    """

    def __init__(self, handler: Handler, size: int) -> None:
        self._handler = handler
        self._size = max(1, size)
        self._idle: list[Executor] = []
        self._count = 0
        self._owner_pid = os.getpid()
        self._ready = threading.Condition()

    @property
    def pid(self) -> int:
        """Return the process id of an idle query process (0 when none is idle)."""
        with self._ready:
            return self._idle[-1].pid if self._idle else 0

    def start(self) -> None:
        """Fork one query process now (in this process) rather than on first use."""
        executor = self._borrow()
        try:
            executor.start()
        finally:
            self._give_back(executor)

    def run(self, job: tuple, timeout: float) -> Any:
        """Run a job on an idle query process within timeout seconds."""
        executor = self._borrow()
        try:
            return executor.run(job, timeout)
        finally:
            self._give_back(executor)

    def stop(self) -> int:
        """Kill the idle query processes (busy ones end with their process)."""
        with self._ready:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for executor in idle:
            executor.stop()
        return 0

    def _borrow(self) -> Executor:
        with self._ready:
            if self._owner_pid != os.getpid():  # inherited over a fork: not ours
                self._idle, self._count, self._owner_pid = [], 0, os.getpid()
            while not self._idle and self._count >= self._size:
                self._ready.wait()
            if self._idle:
                return self._idle.pop()
            self._count += 1
            return Executor(self._handler)

    def _give_back(self, executor: Executor) -> None:
        with self._ready:
            self._idle.append(executor)
            self._ready.notify()


# Frame tags: a job, an answer as raw bytes, a pickled answer, a domain error.
JOB, BYTES, OBJECT, ERROR = b"J", b"B", b"O", b"E"
_HEADER = struct.Struct("!cQ")


def send_frame(sock: socket.socket, tag: bytes, payload: bytes) -> None:
    """Send one tagged, length-prefixed message."""
    sock.sendall(_HEADER.pack(tag, len(payload)) + payload)


def recv_frame(sock: socket.socket) -> tuple[bytes, bytes]:
    """Receive one tagged message; EOFError when the other side is gone."""
    tag, size = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
    return tag, _recv_exactly(sock, size)


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    first = sock.recv(size, socket.MSG_WAITALL) if size else b""
    if len(first) == size:
        return first
    if not first:
        raise EOFError("connection closed")
    parts, got = [first], len(first)
    while got < size:
        chunk = sock.recv(size - got, socket.MSG_WAITALL)
        if not chunk:
            raise EOFError("connection closed")
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _unpack(tag: bytes, payload: bytes) -> Any:
    """Return a child's answer, or raise the domain error it reported."""
    if tag == BYTES:
        return payload
    if tag == OBJECT:
        return pickle.loads(payload)
    name, message, where = marshal.loads(payload)
    error_class = getattr(errors, name, EngineFailure)
    if not (
        isinstance(error_class, type)
        and issubclass(error_class, errors.KoldingGraphError)
    ):
        error_class = EngineFailure
    if error_class is EngineFailure:
        log.error("query engine failure: %s", message)
        message = "the query engine failed unexpectedly (the details are logged)"
    raise error_class(message, where=where)


def _child_main(sock: socket.socket, handler: Handler, death_signal: bool) -> None:
    """Serve jobs until the parent goes away; never return into the parent's code."""
    try:
        _prepare_child(sock.fileno(), death_signal)
        threading.stack_size(CHILD_STACK_BYTES)
        thread = threading.Thread(target=_serve, args=(sock, handler), daemon=True)
        thread.start()
        thread.join()
    finally:
        os._exit(0)


def _prepare_child(keep_fd: int, death_signal: bool = True) -> None:
    """Die with the parent, drop inherited sockets and the parent's signal handlers."""
    if death_signal:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    else:
        threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
    for name in _RESET_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Client sockets and listeners must not stay open in here: a client would
    # otherwise never see its connection close.
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, _max_fd())


def _exit_with(parent: int) -> None:
    """End this process soon after its parent is gone (it is then re-parented)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 65536


def _serve(sock: socket.socket, handler: Handler) -> None:
    while True:
        try:
            _, payload = recv_frame(sock)
        except (EOFError, OSError):
            return
        send_frame(sock, *_answer(handler, marshal.loads(payload)))


def _answer(handler: Handler, job: tuple) -> tuple[bytes, bytes]:
    """Run one job and return the frame that reports its outcome."""
    try:
        result = handler(job)
    except errors.KoldingGraphError as error:
        return ERROR, marshal.dumps((type(error).__name__, error.message, error.where))
    except Exception as error:  # reported to the parent, which logs it as a 500
        details = f"{type(error).__name__}: {error}"
        return ERROR, marshal.dumps(("EngineFailure", details, None))
    if isinstance(result, bytes):
        return BYTES, result
    return OBJECT, pickle.dumps(result)
