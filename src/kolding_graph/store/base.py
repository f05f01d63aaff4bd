"""What every store shares: the Store protocol, jobs, rows and capped serialisation."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import pyoxigraph as ox

from kolding_graph.errors import QueryError, ResultTooLarge
from kolding_graph.formats import BY_NAME
from kolding_graph.query.protocol import PreparedQuery

log = logging.getLogger(__name__)

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


# One solution's values, in the order of the variables (None where unbound).
Row = tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]


@dataclass(frozen=True, slots=True)
class Rows:
    """A SELECT answer as plain rows; truncated when the row cap was hit."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]
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


def evaluation_error(message: str) -> QueryError:
    """Turn an engine's refusal to evaluate the query into the client's error."""
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + " ..."
    return QueryError(f"the query cannot be evaluated: {message}")


def serialise(result: object, fmt: str, max_bytes: int) -> bytes:
    """Serialise a pyoxigraph result (or a list of triples) within a byte cap."""
    writer = CappedWriter(max_bytes)
    try:
        if isinstance(result, list):
            ox.serialize(result, writer, BY_NAME[fmt].rdf)  # type: ignore[arg-type]
        else:
            result.serialize(writer, BY_NAME[fmt].oxigraph)  # type: ignore[attr-defined]
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
    rows: list[Row] = []
    for solution in solutions:
        if len(rows) == max_rows:
            return Rows(names, tuple(rows), truncated=True)
        rows.append(tuple(solution[name] for name in names))
    return Rows(names, tuple(rows), truncated=False)


def ask_rows(value: bool) -> Rows:
    """Represent an ASK answer as a one-cell table."""
    return Rows(("boolean",), ((ox.Literal(str(value).lower()),),), truncated=False)
