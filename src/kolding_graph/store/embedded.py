"""The embedded engine: pyoxigraph over a release, queried in a killable process.

A large release is read from its on-disk store (store/ondisk.py), opened
read-only by each process that queries it. A small one (or any, when no store
can be written beside it) is loaded into memory, which the query processes
share copy-on-write with the web worker that forked them (store/opening.py
decides which).
"""

from __future__ import annotations

import logging
import os
import resource
from pathlib import Path

import pyoxigraph as ox

from kolding_graph.errors import QueryError
from kolding_graph.formats import NQUADS
from kolding_graph.query.protocol import PreparedQuery
from kolding_graph.store.base import (
    GRAPH_SIZES_QUERY,
    Job,
    Rows,
    ask_rows,
    evaluation_error,
    serialise,
    syntax_error,
    to_rows,
)
from kolding_graph.store.executor import ExecutorPool
from kolding_graph.store.ondisk import open_read_only

log = logging.getLogger(__name__)


class EmbeddedStore:
    """pyoxigraph on disk (else in memory), a handle per process; queries in a child."""

    def __init__(
        self,
        dataset: Path,
        *,
        location: Path | None = None,
        timeout: float,
        max_bytes: int,
        base_iri: str | None = None,
        isolate: bool = True,
        memory_bytes: int = 0,
        parallel: int = 1,
    ) -> None:
        self._base_iri = base_iri
        self._memory_bytes = memory_bytes
        self._location = location
        # Handles by process id. A handle inherited over a fork is kept, never
        # used nor closed: the query process has closed its files (executor.py).
        self._handles: dict[int, ox.Store] = {}
        if location is None:
            memory = ox.Store()
            memory.load(path=str(dataset), format=NQUADS.rdf)
            self._memory: ox.Store | None = memory
        else:
            self._memory = None
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._sizes = self._count_graphs()
        self._executor = (
            ExecutorPool(self._evaluate_fields, parallel) if isolate else None
        )

    def _count_graphs(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        solutions = self._store().query(GRAPH_SIZES_QUERY)
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
        for row in solutions:
            sizes[row["g"].value] = int(row["n"].value)
        return sizes

    def _store(self) -> ox.Store:
        """Return this process's handle, opening the on-disk store on first use."""
        if self._memory is not None:
            return self._memory  # shared with forked processes copy-on-write
        pid = os.getpid()
        handle = self._handles.get(pid)
        if handle is None:
            assert self._location is not None
            # Two threads may both open one; the loser's handle is simply dropped.
            handle = self._handles.setdefault(pid, open_read_only(self._location))
        return handle

    @property
    def on_disk(self) -> bool:
        """Return True when the store is read from disk rather than memory."""
        return self._memory is None

    def graph_sizes(self) -> dict[str, int]:
        """Return the triple count of every named graph, by graph IRI."""
        return dict(self._sizes)

    def start(self) -> None:
        """Start the query process now rather than on the first query."""
        if self._executor is not None:
            self._executor.start()

    def run(self, query: PreparedQuery) -> bytes:
        """Return the query's answer serialised in its chosen format."""
        job = Job(
            query.text,
            query.default_graphs,
            query.named_graphs,
            query.format.name,
            self._max_bytes,
            has_dataset=query.info.has_dataset,
        )
        return self._submit(job)

    def rows(self, text: str, max_rows: int) -> Rows:
        """Return a SELECT query's first rows, flagged when there were more."""
        return self._submit(Job(text, (), (), "json", self._max_bytes, max_rows))

    def _submit(self, job: Job):
        if self._executor is None:
            return self.evaluate(job)
        return self._executor.run(tuple(job), self._timeout)

    def _evaluate_fields(self, fields: tuple) -> bytes | Rows:
        # The query process's handler: only here is the memory budget set
        # (evaluate() also runs page queries in the web worker itself), after
        # the store is opened, so that the budget is the query's alone.
        self._store()
        if self._memory_bytes:
            cap_memory(self._memory_bytes)
        return self.evaluate(Job(*fields))

    def evaluate(self, job: Job) -> bytes | Rows:
        """Run a job on the store (inside the query process)."""
        try:
            return self._evaluate(job)
        except SyntaxError as error:
            raise syntax_error(str(error)) from None
        except (RecursionError, NotImplementedError):
            raise
        except RuntimeError as error:
            # pyoxigraph reports what the query asks for and it cannot do (an
            # unknown function, an unbound SERVICE name) as RuntimeError.
            raise evaluation_error(str(error)) from None

    def _evaluate(self, job: Job) -> bytes | Rows:
        result = self._store().query(
            job.text, base_iri=self._base_iri, **dataset_arguments(job)
        )
        if job.max_rows:
            if isinstance(result, ox.QuerySolutions):
                return to_rows(result, job.max_rows)
            if isinstance(result, ox.QueryBoolean):
                return ask_rows(bool(result))
            raise QueryError("only SELECT and ASK answers can be shown as a table")
        return serialise(result, job.format, job.max_bytes)

    def close(self) -> None:
        """Stop the query processes."""
        if self._executor is not None:
            self._executor.stop()


_CAPPED: dict[int, int] = {}


def cap_memory(extra: int) -> None:
    """Let this (query) process grow by at most extra bytes of address space.

    Set once per process, from inside it: a query that needs more is stopped
    by the kernel refusing the memory (the engine aborts, the process is
    replaced and the client told why) instead of taking the machine's memory.
    """
    pid = os.getpid()
    if _CAPPED.get(pid) == extra:
        return
    page = os.sysconf("SC_PAGE_SIZE")
    with open("/proc/self/statm", encoding="ascii") as statm:
        now = int(statm.read().split()[0]) * page
    resource.setrlimit(resource.RLIMIT_AS, (now + extra, resource.RLIM_INFINITY))
    _CAPPED[pid] = extra


def dataset_arguments(job: Job) -> dict:
    """Return pyoxigraph's dataset arguments for the protocol's graph parameters."""
    if not job.default_graphs and not job.named_graphs:
        # A query's own FROM clauses choose its dataset; otherwise the default
        # graph is the union of the named graphs.
        return {} if job.has_dataset else {"use_default_graph_as_union": True}
    arguments: dict = {
        "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs],
    }
    if job.named_graphs:
        arguments["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    return arguments
