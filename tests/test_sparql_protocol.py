"""SPARQL 1.1 Protocol rules as pure functions: parsing, formats, negotiation."""

from __future__ import annotations

import pytest

from kolding_graph.errors import (
    Forbidden,
    MethodNotAllowed,
    NotAcceptable,
    PayloadTooLarge,
    QueryError,
    UnsupportedMediaType,
)
from kolding_graph.query.protocol import (
    FORM_TYPE,
    QUERY_TYPE,
    ProtocolRequest,
    choose_format,
    parse_request,
    prepare,
)

LIMIT = 1000


def parse(method="GET", content_type=None, args=(), body=b""):  # type: ignore[no-untyped-def]
    return parse_request(method, content_type, list(args), body, LIMIT)


def test_get_with_dataset() -> None:
    request = parse(
        args=[
            ("query", "ASK {}"),
            ("default-graph-uri", "urn:a"),
            ("default-graph-uri", "urn:b"),
            ("named-graph-uri", "urn:c"),
        ]
    )
    assert request == ProtocolRequest("ASK {}", ("urn:a", "urn:b"), ("urn:c",))


def test_get_without_query_asks_for_the_description() -> None:
    assert parse().query is None


def test_post_form_merges_url_parameters() -> None:
    request = parse(
        "POST",
        FORM_TYPE,
        [("default-graph-uri", "urn:a")],
        b"query=ASK%20%7B%7D&format=csv",
    )
    assert request == ProtocolRequest("ASK {}", ("urn:a",), (), "csv")


def test_post_direct_takes_the_body_as_query() -> None:
    request = parse("POST", f"{QUERY_TYPE}; charset=UTF-8", [], "ASK { 'ø' }".encode())
    assert request.query == "ASK { 'ø' }"


UPDATE_TYPE = "application/sparql-update"
ASK = [("query", "ASK {}")]
PROTOCOL_ERRORS = [
    ("PUT", None, [], b"", MethodNotAllowed, "PUT"),
    ("POST", QUERY_TYPE, [], b"x" * 1001, PayloadTooLarge, "1000"),
    ("POST", "text/plain", [], b"ASK {}", UnsupportedMediaType, "text/plain"),
    ("POST", None, [], b"query=ASK", UnsupportedMediaType, "none"),
    ("POST", QUERY_TYPE + ";charset=latin-1", [], b"", UnsupportedMediaType, "latin"),
    ("POST", QUERY_TYPE, [], b"ASK { '\xff' }", QueryError, "UTF-8"),
    ("POST", FORM_TYPE, [], b"query=%FF", QueryError, "UTF-8"),
    ("POST", FORM_TYPE, [], b"format=csv", QueryError, "missing"),
    ("GET", None, ASK + ASK, b"", QueryError, "exactly one"),
    ("GET", None, ASK + [("format", "a"), ("format", "b")], b"", QueryError, "format"),
    ("GET", None, [("update", "DROP ALL")], b"", Forbidden, "read-only"),
    ("POST", UPDATE_TYPE, [], b"DROP ALL", Forbidden, "read-only"),
    ("POST", FORM_TYPE, [], b"update=DROP+ALL", Forbidden, "read-only"),
    (
        "POST",
        FORM_TYPE,
        [],
        b"query=ASK+%7B%7D&update=DROP+ALL",
        Forbidden,
        "read-only",
    ),
]


@pytest.mark.parametrize(
    ("method", "content_type", "args", "body", "error", "words"), PROTOCOL_ERRORS
)
def test_protocol_errors(method, content_type, args, body, error, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=words):
        parse(method, content_type, args, body)


@pytest.mark.parametrize(
    ("kind", "accept", "name", "expected"),
    [
        ("results", None, None, "json"),
        ("results", "", None, "json"),
        ("results", "*/*", None, "json"),
        ("graph", None, None, "turtle"),
        ("graph", "*/*", None, "turtle"),
        ("results", "text/csv; q=0.2, text/tab-separated-values; q=0.8", None, "tsv"),
        ("results", "application/xml", None, "xml"),
        ("graph", "application/xml", None, "rdfxml"),
        ("graph", "application/json", None, "jsonld"),
        ("graph", "text/plain", None, "ntriples"),
        ("results", "image/png", "csv", "csv"),
        ("graph", None, "application/n-triples", "ntriples"),
    ],
)
def test_format_choice(kind: str, accept, name, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert choose_format(kind, accept, name).name == expected


def test_406_lists_what_is_offered() -> None:
    with pytest.raises(NotAcceptable) as caught:
        choose_format("graph", "text/csv")
    assert "text/turtle" in caught.value.message
    assert "application/rdf+xml" in caught.value.message
    with pytest.raises(NotAcceptable, match="'yaml'"):
        choose_format("results", None, "yaml")


def test_prepare_keys_cache_on_normalised_text_dataset_and_format() -> None:
    one = prepare(ProtocolRequest("ASK  {\n}", ("urn:g",)), "text/csv")
    two = prepare(ProtocolRequest("ASK {} # same", ("urn:g",)), "text/csv")
    other = prepare(ProtocolRequest("ASK {}", ("urn:h",)), "text/csv")
    assert one.cache_key() == two.cache_key() != other.cache_key()
    assert one.format.name == "csv"
