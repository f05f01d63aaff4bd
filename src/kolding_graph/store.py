"""Where queries run: the embedded pyoxigraph store or a remote SPARQL 1.1 server.

Both engines take a PreparedQuery and return the serialised answer as bytes,
byte-for-byte the same (pyoxigraph serialises both), within the same limits.
"""

from __future__ import annotations

import io
import logging
import os
import re
import resource
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import pyoxigraph as ox

from .errors import QueryError, ReleaseError, ResultTooLarge
from .executor import ExecutorPool
from .release import Release, load_release
from .sparql import FORMATS_BY_NAME, PreparedQuery

log = logging.getLogger(__name__)

OX_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_POSITION = re.compile(r"^error at (\d+):(\d+): ")
MESSAGE_CHARS = 300
GRAPH_SIZES_QUERY = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
)


class Job(NamedTuple):
    """One unit of work for an engine, picklable for the query process."""

    text: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str
    max_bytes: int
    max_rows: int = 0  # > 0: return rows (for HTML tables) instead of bytes
    has_dataset: bool = False  # the query names its own dataset (FROM)


@dataclass(frozen=True, slots=True)
class Rows:
    """A SELECT answer as plain rows; truncated when the row cap was hit."""

    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...], ...]
    truncated: bool


class Store(Protocol):
    """What the web layer needs from an engine."""

    def run(self, query: PreparedQuery) -> bytes:
        """Return the query's answer serialised in its chosen format."""
        ...

    def rows(self, text: str, max_rows: int) -> Rows:
        """Return a SELECT query's first rows, flagged when there were more."""
        ...

    def graph_sizes(self) -> dict[str, int]:
        """Return the triple count of every named graph, by graph IRI."""
        ...

    def start(self) -> None:
        """Get ready for the first query (in the process that will ask it)."""
        ...

    def close(self) -> None:
        """Release the engine's processes and connections."""
        ...


class CappedWriter(io.RawIOBase):
    """A byte sink that refuses to grow past a cap."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        if self.size > self.cap:
            raise ResultTooLarge(
                f"the result is larger than {self.cap} bytes; narrow the query "
                "(LIMIT, fewer variables) or download the dataset"
            )
        self.parts.append(bytes(data))
        return len(data)

    def value(self) -> bytes:
        """Return everything written."""
        return b"".join(self.parts)


def syntax_error(message: str, lines: int = 0) -> QueryError:
    """Turn an Oxigraph parser message into a QueryError with its position.

    lines: how many lines were added before the client's query (taken off).
    """
    found = _POSITION.match(message)
    where = None
    if found:
        line = max(1, int(found.group(1)) - lines)
        where = f"line {line}, column {found.group(2)}"
        message = message[found.end() :]
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + " ..."
    return QueryError(f"syntax error: {message}", where=where)


def serialise(result: object, fmt: str, max_bytes: int) -> bytes:
    """Serialise a pyoxigraph result (or a list of triples) within a byte cap."""
    writer = CappedWriter(max_bytes)
    try:
        if isinstance(result, list):
            ox.serialize(result, writer, OX_FORMATS[fmt])
        else:
            result.serialize(writer, OX_FORMATS[fmt])  # type: ignore[attr-defined]
    except ResultTooLarge:
        raise
    except (OSError, ValueError):
        if writer.size > writer.cap:
            raise ResultTooLarge(
                f"the result is larger than {max_bytes} bytes"
            ) from None
        raise
    return writer.value()


def to_rows(solutions: ox.QuerySolutions, max_rows: int) -> Rows:
    """Collect at most max_rows solutions as plain tuples."""
    names = tuple(v.value for v in solutions.variables)
    rows = []
    for solution in solutions:
        if len(rows) == max_rows:
            return Rows(names, tuple(rows), truncated=True)
        rows.append(tuple(solution[name] for name in names))
    return Rows(names, tuple(rows), truncated=False)


def ask_rows(value: bool) -> Rows:
    """Represent an ASK answer as a one-cell table."""
    return Rows(("boolean",), ((ox.Literal(str(value).lower()),),), truncated=False)


class EmbeddedStore:
    """pyoxigraph in memory, loaded once; queries run in a killable process."""

    def __init__(
        self,
        dataset: Path,
        *,
        timeout: float,
        max_bytes: int,
        base_iri: str | None = None,
        isolate: bool = True,
        memory_bytes: int = 0,
        parallel: int = 1,
    ) -> None:
        self._base_iri = base_iri
        self._memory_bytes = memory_bytes
        self._store = ox.Store()
        self._store.load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._sizes = self._count_graphs()
        self._executor = (
            ExecutorPool(self._evaluate_fields, parallel) if isolate else None
        )

    def _count_graphs(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for row in self._store.query(GRAPH_SIZES_QUERY):
            sizes[row["g"].value] = int(row["n"].value)
        return sizes

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

    def _submit(self, job: Job):  # type: ignore[no-untyped-def]
        if self._executor is None:
            return self.evaluate(job)
        return self._executor.run(tuple(job), self._timeout)

    def _evaluate_fields(self, fields: tuple) -> bytes | Rows:
        # The query process's handler: only here is the memory budget set
        # (evaluate() also runs page queries in the web worker itself).
        if self._memory_bytes:
            cap_memory(self._memory_bytes)
        return self.evaluate(Job(*fields))

    def evaluate(self, job: Job) -> bytes | Rows:
        """Run a job on the store (inside the query process)."""
        try:
            result = self._store.query(
                job.text, base_iri=self._base_iri, **dataset_arguments(job)
            )
        except SyntaxError as error:
            raise syntax_error(str(error)) from None
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


def media_type(fmt: str) -> str:
    """Return the media type of a format name."""
    return FORMATS_BY_NAME[fmt].media_type


def open_store(config: Mapping[str, Any]) -> tuple[Release | None, Store]:
    """Open the remote store when an endpoint is set, else the embedded one."""
    timeout = float(config["QUERY_TIMEOUT"])
    max_bytes = int(config["RESULT_MAX_BYTES"])
    if config["ENDPOINT"]:
        from .remote import RemoteStore

        release = _optional_release(config["RELEASE_DIR"])
        graphs = graph_sizes(release) if release else None
        store = RemoteStore(
            config["ENDPOINT"],
            timeout=timeout,
            max_bytes=max_bytes,
            graphs=graphs,
            base_iri=release.base_iri if release else config["BASE_IRI"],
        )
        return release, store
    release = load_release(config["RELEASE_DIR"])
    dataset = Path(release.path) / "dataset.nq"
    memory = int(float(config.get("QUERY_MEMORY_MB", 0)) * 1_000_000)
    store = EmbeddedStore(
        dataset,
        timeout=timeout,
        max_bytes=max_bytes,
        base_iri=release.base_iri,
        memory_bytes=memory,
        parallel=int(config.get("THREADS", 1)),
    )
    return release, store


def _optional_release(path: str) -> Release | None:
    try:
        return load_release(path)
    except ReleaseError:
        return None


def graph_sizes(release: Release) -> dict[str, int]:
    """Return {graph IRI: triples} from a release's metadata."""
    sizes = {}
    for entry in release.graphs.values():
        iri = entry["iri"] if isinstance(entry, Mapping) else entry.iri
        triples = entry["triples"] if isinstance(entry, Mapping) else entry.triples
        sizes[iri] = int(triples)
    return sizes
