"""Fair shares of query time: per-client limits shared by every server process.

The practice of the Wikidata Query Service: a client may run only a few
queries at once and spend only so many seconds of query time per minute;
beyond that it gets 429 with Retry-After, so one client cannot take the
workers away from everybody else.

The ledger is a small table in anonymous shared memory, created before the
server forks its workers (the app is preloaded), so every worker sees the same
counts. A POSIX record lock (fcntl.lockf on a private temporary file) guards
it; the kernel drops the lock if a worker dies holding it. A worker killed in
the middle of a query cannot leave a running count behind for ever either: a
running query is recorded by its start time, and starts older than the
longest possible request are ignored.

Time already spent is a debt that drains at budget/window seconds per second
(a leaky bucket): a client under its budget is admitted, one over it waits
until enough has drained. Clients hash to slots; if the table is full, two
clients may share a slot (they then share one budget), never more than that.
"""

from __future__ import annotations

import fcntl
import hashlib
import math
import mmap
import os
import struct
import tempfile
import threading
import time
from dataclasses import dataclass

from kolding_graph.errors import TooManyRequests

SLOTS = 4096
MAX_RUNNING = 8  # start times kept per client; the limit is at most this
PROBES = 16
# key hash, debt (seconds), debt updated at, MAX_RUNNING start times
_SLOT = struct.Struct(f"<Qdd{MAX_RUNNING}d")


@dataclass(frozen=True)
class Limits:
    """How much one client may use: queries at once, query seconds per window."""

    running: int
    seconds: float
    window: float = 60.0
    stale_after: float = 120.0  # a start older than this is a dead worker's

    @property
    def drain(self) -> float:
        """Return how many seconds of debt drain per second."""
        return self.seconds / self.window


@dataclass(frozen=True)
class Ticket:
    """An admitted query: where it is recorded and when it started."""

    slot: int
    position: int
    started: float


class Refused(TooManyRequests):
    """A client over its share; retry_after says when to come back."""

    def __init__(self, message: str, retry_after: int, *, busy: bool) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.busy = busy  # True: too many at once; False: out of query time


class Ledger:
    """The shared table of running queries and spent time per client."""

    def __init__(self, limits: Limits, slots: int = SLOTS) -> None:
        self.limits = limits
        self._slots = slots
        self._memory = mmap.mmap(-1, slots * _SLOT.size)  # MAP_SHARED: survives fork
        descriptor, path = tempfile.mkstemp(prefix="kolding-graph-ledger-")
        os.unlink(path)  # only the descriptor is needed, inherited by the workers
        self._lock_fd = descriptor
        self._thread_lock = threading.Lock()

    def admit(self, client: str) -> Ticket:
        """Record a query start for client, or raise Refused (429)."""
        now = time.time()
        with self._locked():
            slot = self._find(_hash(client), now)
            key, debt, stamp, *starts = self._read(slot)
            debt = max(0.0, debt - (now - stamp) * self.limits.drain)
            live = [i for i, s in enumerate(starts) if self._running(s, now)]
            if debt >= self.limits.seconds:
                wait = (debt - self.limits.seconds) / self.limits.drain
                self._write(slot, key, debt, now, starts)
                raise Refused(
                    f"this client has used its {self.limits.seconds:g} s of query "
                    f"time per {self.limits.window:g} s; try again later",
                    retry_after=max(1, math.ceil(wait)),
                    busy=False,
                )
            if len(live) >= self.limits.running:
                self._write(slot, key, debt, now, starts)
                raise Refused(
                    f"this client already runs {len(live)} queries at once "
                    f"(at most {self.limits.running}); wait for one to finish",
                    retry_after=1,
                    busy=True,
                )
            position = next(
                i for i, s in enumerate(starts) if not self._running(s, now)
            )
            starts[position] = now
            self._write(slot, _hash(client), debt, now, starts)
        return Ticket(slot, position, now)

    def finish(self, ticket: Ticket) -> float:
        """Record the end of an admitted query; charge and return its seconds."""
        now = time.time()
        spent = max(0.0, now - ticket.started)
        with self._locked():
            key, debt, stamp, *starts = self._read(ticket.slot)
            debt = max(0.0, debt - (now - stamp) * self.limits.drain) + spent
            if starts[ticket.position] == ticket.started:
                starts[ticket.position] = 0.0
            self._write(ticket.slot, key, debt, now, starts)
        return spent

    def usage(self, client: str) -> tuple[int, float]:
        """Return (queries running, seconds of debt) for a client."""
        now = time.time()
        with self._locked():
            slot = self._find(_hash(client), now)
            key, debt, stamp, *starts = self._read(slot)
        if key != _hash(client):
            return 0, 0.0
        debt = max(0.0, debt - (now - stamp) * self.limits.drain)
        return sum(self._running(s, now) for s in starts), debt

    def _running(self, start: float, now: float) -> bool:
        return start > 0 and now - start < self.limits.stale_after

    def _find(self, key: int, now: float) -> int:
        """Return the client's slot: its own, else a free one, else its home slot."""
        home = key % self._slots
        free = None
        for probe in range(PROBES):
            slot = (home + probe) % self._slots
            found, debt, stamp, *starts = self._read(slot)
            if found == key:
                return slot
            idle = debt - (now - stamp) * self.limits.drain <= 0 and not any(
                self._running(s, now) for s in starts
            )
            if free is None and (found == 0 or idle):
                free = slot
        return home if free is None else free

    def _read(self, slot: int) -> list:
        return list(_SLOT.unpack_from(self._memory, slot * _SLOT.size))

    def _write(
        self, slot: int, key: int, debt: float, stamp: float, starts: list
    ) -> None:
        _SLOT.pack_into(self._memory, slot * _SLOT.size, key, debt, stamp, *starts)

    def _locked(self) -> _Locked:
        return _Locked(self._thread_lock, self._lock_fd)

    def __del__(self) -> None:
        try:
            os.close(self._lock_fd)
        except (OSError, AttributeError):
            pass


class _Locked:
    """Hold the thread lock and the process-shared record lock together."""

    def __init__(self, thread_lock: threading.Lock, fd: int) -> None:
        self._thread_lock = thread_lock
        self._fd = fd

    def __enter__(self) -> None:
        self._thread_lock.acquire()
        fcntl.lockf(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.lockf(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()


def _hash(client: str) -> int:
    """Return a non-zero 64-bit key for a client (0 marks an empty slot)."""
    digest = hashlib.blake2b(client.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1
