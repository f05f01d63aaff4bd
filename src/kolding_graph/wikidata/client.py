"""A polite client for a Wikidata-compatible SPARQL endpoint, and our queries."""

from __future__ import annotations

import email.utils
import http.client
import json
import time
import urllib.error
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib.term import Node
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    SPARQLWrapperException,
)

from kolding_graph import __version__
from kolding_graph.errors import UpstreamError
from kolding_graph.formats import JSON
from kolding_graph.namespaces import (
    DEFAULT_BASE_IRI,
    OWL_NS,
    PQ,
    PS,
    RDFS_NS,
    WD,
    WDP,
    WDT,
    WIKIBASE,
    WIKIDATA_SPARQL,
    sparql_prefixes,
)
from kolding_graph.terms import value_from_json, value_to_rdflib

USER_AGENT = (
    f"kolding-graph/{__version__} (linked open data of Kolding Kommune's"
    f" international cooperation; {DEFAULT_BASE_IRI}) SPARQLWrapper/2"
)
BATCH_SIZE = 50
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Never sleep longer than this for one Retry-After, whatever the server asks.
MAX_RETRY_AFTER = 120.0

PREFIXES = sparql_prefixes(
    {
        "wd": WD,
        "wdt": WDT,
        "p": WDP,
        "ps": PS,
        "pq": PQ,
        "wikibase": WIKIBASE,
        "rdfs": RDFS_NS,
        "owl": OWL_NS,
    }
)

Row = dict[str, Node]


class RetryableError(Exception):
    """A failure worth another attempt: 429, 5xx, timeout, connection refused."""

    def __init__(self, what: str, retry_after: str | None) -> None:
        super().__init__(what)
        self.what = what
        self.retry_after = retry_after


@dataclass
class Client:
    """SPARQL SELECT over HTTP with a timeout and retries with exponential backoff."""

    endpoint: str = WIKIDATA_SPARQL
    timeout: float = 30.0
    attempts: int = 4
    backoff: float = 1.0
    batch_size: int = BATCH_SIZE
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    sent: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.attempts < 1 or self.batch_size < 1:
            raise ValueError("timeout, attempts and batch_size must be positive")

    def select(self, query: str) -> list[Row]:
        """Run a SELECT query and return its rows as rdflib terms."""
        for attempt in range(1, self.attempts + 1):
            try:
                body = self._post(query)
            except RetryableError as exc:
                if attempt == self.attempts:
                    raise self._error(exc.what) from exc
                self.sleep(self._delay(attempt, exc.retry_after))
                continue
            self.sent.append(query)
            return parse_results(body, self.endpoint)
        raise AssertionError("unreachable: the loop returns or raises")

    def _post(self, query: str) -> bytes:
        wrapper = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        wrapper.setMethod(POST)
        wrapper.setQuery(query)
        # setTimeout() truncates to whole seconds (0.5 would mean "no timeout").
        wrapper.timeout = self.timeout  # type: ignore[assignment]
        wrapper.addCustomHttpHeader("Accept", JSON.media_type)
        try:
            response = wrapper.query().response
            try:
                return response.read()
            finally:
                response.close()
        except urllib.error.HTTPError as exc:
            exc.close()
            what = f"HTTP {exc.code} {exc.reason}"
            if exc.code not in RETRY_STATUSES:
                raise self._error(what) from exc
            raise RetryableError(what, exc.headers.get("Retry-After")) from exc
        except EndPointInternalError as exc:
            _close_context(exc)
            raise RetryableError("HTTP 500 internal server error", None) from exc
        except SPARQLWrapperException as exc:
            _close_context(exc)
            raise self._error(str(exc).splitlines()[0]) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise RetryableError(f"unreachable ({_reason(exc)})", None) from exc

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """Return how long to wait before the next attempt."""
        honoured = parse_retry_after(retry_after)
        if honoured is not None:
            return min(honoured, MAX_RETRY_AFTER)
        return self.backoff * 2 ** (attempt - 1)

    def _error(self, what: str) -> UpstreamError:
        return UpstreamError(f"the SPARQL endpoint failed: {what}", where=self.endpoint)


def _close_context(exc: BaseException) -> None:
    """Close the HTTP response SPARQLWrapper wrapped in its own exception."""
    if isinstance(exc.__context__, urllib.error.HTTPError):
        exc.__context__.close()


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", exc)
    return str(reason) or type(reason).__name__


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the seconds a Retry-After header asks for (delta or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def parse_results(body: bytes, endpoint: str) -> list[Row]:
    """Parse SPARQL 1.1 JSON results, refusing anything else with a clear error."""
    try:
        document = json.loads(body.decode("utf-8"))
        variables = document["head"]["vars"]
        bindings = document["results"]["bindings"]
        if not isinstance(variables, list) or not isinstance(bindings, list):
            raise TypeError("vars and bindings must be lists")
        return [_row(binding) for binding in bindings]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        excerpt = body[:80].decode("utf-8", "replace")
        raise UpstreamError(
            f"the answer is not SPARQL JSON results ({exc}); it starts {excerpt!r}",
            where=endpoint,
        ) from exc


def _row(binding: dict) -> Row:
    return {
        name: term
        for name, value in binding.items()
        if (term := _term(value)) is not None
    }


def _term(binding: dict) -> Node | None:
    value = value_from_json(binding)
    if value.kind == "bnode":
        return None  # blank nodes from a remote store cannot be referred to again
    return value_to_rdflib(value)


# ------------------------------------------------------------------ queries


def batches(items: Sequence[str], size: int = BATCH_SIZE) -> Iterable[list[str]]:
    """Yield the items, sorted, in batches of at most size."""
    ordered = sorted(set(items), key=qid_number)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def qid_number(item: str) -> tuple[int, str]:
    """Sort key putting Q2 before Q10."""
    tail = str(item).rsplit("/", 1)[-1]
    return (int(tail[1:]) if tail[1:].isdigit() else 0, str(item))


def _values(items: Sequence[str]) -> str:
    return " ".join(f"<{item}>" for item in items)


def status_query(items: Sequence[str]) -> str:
    """Return a query telling, per item, whether it exists or redirects elsewhere."""
    return PREFIXES + (
        "SELECT ?item ?redirect ?present WHERE {\n"
        f"  VALUES ?item {{ {_values(items)} }}\n"
        "  OPTIONAL { ?item owl:sameAs ?redirect }\n"
        "  BIND(EXISTS { ?item ?anyProperty ?anyValue } AS ?present)\n"
        "}\n"
    )


def labels_query(items: Sequence[str], languages: Sequence[str]) -> str:
    """Return a query for the items' labels in the given languages."""
    wanted = ", ".join(f'"{lang}"' for lang in sorted(set(languages)))
    return PREFIXES + (
        "SELECT ?item ?label WHERE {\n"
        f"  VALUES ?item {{ {_values(items)} }}\n"
        "  ?item rdfs:label ?label .\n"
        f"  FILTER(LANG(?label) IN ({wanted}))\n"
        "}\n"
    )


# Facts taken as Wikidata's "truthy" (best-rank) wdt: values: country, inception,
# coordinates, official website.
TRUTHY = ("P17", "P571", "P625", "P856")


def facts_query(items: Sequence[str], properties: Sequence[str] = TRUTHY) -> str:
    """Return a query for the items' truthy values of the given properties."""
    wanted = " ".join(f"wdt:{prop}" for prop in properties)
    return PREFIXES + (
        "SELECT ?item ?property ?value WHERE {\n"
        f"  VALUES ?item {{ {_values(items)} }}\n"
        f"  VALUES ?property {{ {wanted} }}\n"
        "  ?item ?property ?value .\n"
        "}\n"
    )


def population_query(items: Sequence[str]) -> str:
    """Return a query for population statements (P1082) with their point in time."""
    return PREFIXES + (
        "SELECT ?item ?statement ?population ?pointInTime WHERE {\n"
        f"  VALUES ?item {{ {_values(items)} }}\n"
        "  ?item p:P1082 ?statement .\n"
        "  ?statement ps:P1082 ?population .\n"
        "  OPTIONAL { ?statement pq:P585 ?pointInTime }\n"
        "  MINUS { ?statement wikibase:rank wikibase:DeprecatedRank }\n"
        "}\n"
    )


def twins_query(items: Sequence[str]) -> str:
    """Return a query for the twinned administrative bodies (P190) of the items."""
    return PREFIXES + (
        "SELECT ?item ?twin WHERE {\n"
        f"  VALUES ?item {{ {_values(items)} }}\n"
        "  ?item wdt:P190 ?twin .\n"
        "}\n"
    )
