"""The remote engine: any SPARQL 1.1 server, read through SPARQLWrapper.

Answers are fetched in one interchange format (SPARQL JSON results, N-Triples)
and re-serialised by pyoxigraph, so clients get the same bytes from either
engine and the same byte cap applies.
"""

from __future__ import annotations

import ast
import http.client
import time
import urllib.error
import warnings

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    QueryBadFormed,
    SPARQLWrapperException,
)

from kolding_graph.errors import QueryError, QueryTimeout, ResultTooLarge, UpstreamError
from kolding_graph.formats import JSON, NTRIPLES
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.query.lexer import tokenize
from kolding_graph.query.protocol import PreparedQuery
from kolding_graph.store.base import (
    GRAPH_SIZES_QUERY,
    Rows,
    ask_rows,
    evaluation_error,
    serialise,
    syntax_error,
    to_rows,
)

USER_AGENT = f"kolding-graph (+{DEFAULT_BASE_IRI})"
RESULTS_JSON = JSON.media_type
N_TRIPLES = NTRIPLES.media_type
# The interchange formats are wordier than some output formats (JSON vs CSV):
# allow the upstream answer this many times the output cap.
UPSTREAM_BYTES_FACTOR = 4
_CHUNK = 65536
MESSAGE_BYTES = 2000


class StoreUnavailable(UpstreamError):
    """The remote store cannot be reached or did not answer in time."""

    status = 503
    title = "Store unavailable"


class StoreIgnoresDataset(UpstreamError):
    """The remote store does not honour the protocol's dataset parameters."""

    status = 503
    title = "Store unsuitable"


# A graph no store holds: with it as the whole dataset every pattern is empty.
ABSENT_GRAPH = "urn:kolding-graph:absent-graph"
ANY_TRIPLE = "ASK { ?s ?p ?o }"
ANY_QUAD = "ASK { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore:
    """Read-only access to a remote SPARQL 1.1 query endpoint."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float,
        max_bytes: int,
        graphs: dict[str, int] | None = None,
        base_iri: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        # Relative IRIs resolve against the dataset's base, as in the embedded
        # engine: a BASE line goes before the query, and error positions are
        # shifted back by that line.
        self._prologue = f"BASE <{base_iri}>\n" if base_iri else ""
        self._base_iri = base_iri
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._sizes = graphs if graphs is not None else self._fetch_sizes()
        # Checked before the first answer (not here: the app must start, and
        # recover, while the store is down).
        self._dataset_checked = False

    def _check_once(self) -> None:
        if not self._dataset_checked:
            self.check_dataset_parameters()
            self._dataset_checked = True

    def check_dataset_parameters(self) -> None:
        """Refuse a store that ignores default-graph-uri or named-graph-uri.

        Our default graph is the union of the release's graphs, chosen with
        these parameters; a store that ignores them (rdflib-endpoint) would
        answer from other graphs: never a silently wrong answer.
        """
        held = [graph for graph, size in sorted(self._sizes.items()) if size > 0]
        # (query, default graphs, named graphs, the answer a conforming store gives)
        probes: list[tuple[str, tuple[str, ...], tuple[str, ...], bool, str]]
        probes = [(ANY_TRIPLE, (ABSENT_GRAPH,), (), False, "default-graph-uri")]
        probes += [(ANY_TRIPLE, (g,), (), True, "default-graph-uri") for g in held[:1]]
        probes += [(ANY_QUAD, (), (ABSENT_GRAPH,), False, "named-graph-uri")]
        probes += [(ANY_QUAD, (), (g,), True, "named-graph-uri") for g in held[:1]]
        for text, defaults, named, expected, parameter in probes:
            answer = parse_results(self.fetch(text, defaults, named, RESULTS_JSON))
            if not isinstance(answer, ox.QueryBoolean) or bool(answer) != expected:
                raise StoreIgnoresDataset(
                    f"the store at {self.endpoint} ignores the {parameter} "
                    "parameter of the SPARQL protocol, so it would answer from the "
                    "wrong graphs; serve from a store that honours it"
                )

    def _fetch_sizes(self) -> dict[str, int]:
        body = self.fetch(GRAPH_SIZES_QUERY, (), (), RESULTS_JSON)
        solutions = parse_results(body)
        if not isinstance(solutions, ox.QuerySolutions):
            raise UpstreamError("the store answered a boolean to a SELECT")
        return {row["g"].value: int(row["n"].value) for row in solutions}

    def graph_sizes(self) -> dict[str, int]:
        """Return the triple count of every named graph, by graph IRI."""
        return dict(self._sizes)

    def start(self) -> None:
        """Nothing to start: the remote server runs on its own."""

    def close(self) -> None:
        """Nothing to close: every request uses its own connection."""

    def _dataset(
        self, query: PreparedQuery | None, defaults: tuple, named: tuple
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Make the default graph the union of the named graphs, as embedded does."""
        if defaults or named or (query is not None and query.info.has_dataset):
            return defaults, named
        graphs = tuple(sorted(self._sizes))
        return graphs, graphs

    def run(self, query: PreparedQuery) -> bytes:
        """Return the query's answer serialised in its chosen format."""
        self._check_once()
        defaults, named = self._dataset(query, query.default_graphs, query.named_graphs)
        graph_form = query.format.kind == "graph"
        accept = N_TRIPLES if graph_form else RESULTS_JSON
        body = self.fetch(query.text, defaults, named, accept)
        result = parse_graph(body) if graph_form else parse_results(body)
        return serialise(result, query.format.name, self._max_bytes)

    def rows(self, text: str, max_rows: int) -> Rows:
        """Return a SELECT query's first rows, flagged when there were more."""
        self._check_once()
        defaults, named = self._dataset(None, (), ())
        result = parse_results(self.fetch(text, defaults, named, RESULTS_JSON))
        if isinstance(result, ox.QueryBoolean):
            return ask_rows(bool(result))
        return to_rows(result, max_rows)

    def fetch(
        self,
        text: str,
        defaults: tuple[str, ...],
        named: tuple[str, ...],
        accept: str,
    ) -> bytes:
        """POST a query to the endpoint and return the raw answer, within limits."""
        client = self._client(self._prologue + text, defaults, named, accept)
        deadline = time.monotonic() + self._timeout
        try:
            response = client.query().response
            return read_capped(
                response, self._max_bytes * UPSTREAM_BYTES_FACTOR, deadline
            )
        except QueryBadFormed as error:
            # Stores word and place syntax errors each their own way: where our
            # parser finds the error too, its message and position are given.
            found = evaluation_problem(text, self._base_iri)
            if found is not None:
                raise found from None
            raise syntax_error(_text(error), lines=self._prologue.count("\n")) from None
        except EndPointInternalError as error:
            # Stores answer 500 also for what is the query's fault (Oxigraph and
            # Virtuoso for an unknown function): ask our own engine whether the
            # query can be evaluated at all before blaming the store.
            problem = evaluation_problem(text, self._base_iri)
            if problem is not None:
                raise problem from None
            raise UpstreamError(f"the store failed: {_text(error)}") from None
        except SPARQLWrapperException as error:
            raise UpstreamError(f"the store failed: {_text(error)}") from None
        except urllib.error.HTTPError as error:
            raise _http_error(error) from None
        except TimeoutError:
            raise QueryTimeout(
                f"the store did not answer within {self._timeout:g} s"
            ) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            raise StoreUnavailable(f"the store is unreachable: {error}") from None

    def _client(
        self, text: str, defaults: tuple, named: tuple, accept: str
    ) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        with warnings.catch_warnings():
            # SPARQLWrapper guesses the query form with a regex and warns when
            # unsure; the query has already been classified by our lexer.
            warnings.simplefilter("ignore")
            client.setQuery(text)
        client.setMethod(POST)
        client.setOnlyConneg(True)
        client.setTimeout(max(1, round(self._timeout)))
        client.addCustomHttpHeader("Accept", accept)
        for iri in defaults:
            client.addDefaultGraph(iri)
        for iri in named:
            client.addNamedGraph(iri)
        return client


def read_capped(response, cap: int, deadline: float) -> bytes:
    """Read a response body, refusing more than cap bytes or past the deadline."""
    parts, size = [], 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > cap:
            raise ResultTooLarge(f"the store's answer is larger than {cap} bytes")
        if time.monotonic() > deadline:
            raise QueryTimeout("the store's answer took longer than the time limit")
        parts.append(chunk)
    return b"".join(parts)


def parse_results(body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    """Parse a SPARQL JSON results document from the store."""
    try:
        return ox.parse_query_results(body, JSON.results)
    except (SyntaxError, ValueError, OSError) as error:
        raise UpstreamError(f"the store answered unreadable results: {error}") from None


def parse_graph(body: bytes) -> list[ox.Triple]:
    """Parse an N-Triples answer from the store."""
    try:
        return [quad.triple for quad in ox.parse(body, NTRIPLES.rdf)]
    except (SyntaxError, ValueError, OSError) as error:
        raise UpstreamError(
            f"the store answered an unreadable graph: {error}"
        ) from None


def _text(error: SPARQLWrapperException) -> str:
    """Return the store's own message from a SPARQLWrapper error."""
    # SPARQLWrapper keeps the body only as a repr() after "Response:".
    text = str(error)
    _, found, body = text.partition("Response:\n")
    if not found:
        return text
    try:
        raw = ast.literal_eval(body.strip())
    except (ValueError, SyntaxError):
        return body.strip()
    return raw.decode("utf-8", "replace").strip() if isinstance(raw, bytes) else text


def evaluation_problem(text: str, base_iri: str | None) -> QueryError | None:
    """Return why the query cannot be evaluated on any data, or None.

    The query is planned on an empty in-memory store; only SELECT's answer is
    lazy, so an ASK is planned as the SELECT with the same pattern.
    """
    forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    words = (t for t in tokenize(text) if t.kind == "name" and t.text.upper() in forms)
    form = next(words, None)
    if form is not None and form.text.upper() == "ASK":
        text = text[: form.offset] + "SELECT *" + text[form.offset + 3 :]
    try:
        ox.Store().query(text, base_iri=base_iri)
    except SyntaxError as error:
        return syntax_error(str(error))
    except (RecursionError, NotImplementedError):
        return None
    except RuntimeError as error:
        return evaluation_error(str(error))
    return None


# Upstream 4xx answers that are no fault of the client's query.
NOT_THE_QUERY = (401, 403, 404, 407)


def _http_error(error: urllib.error.HTTPError) -> UpstreamError | QueryError:
    if error.code in (408, 429, 502, 503, 504):
        return StoreUnavailable(f"the store is unavailable (HTTP {error.code})")
    if 400 <= error.code < 500 and error.code not in NOT_THE_QUERY:
        body = error.read(MESSAGE_BYTES).decode("utf-8", "replace").strip()
        return QueryError(f"the store refused the query: {body or error.reason}")
    return UpstreamError(f"the store answered HTTP {error.code}")
