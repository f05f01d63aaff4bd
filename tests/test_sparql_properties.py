"""Properties of the endpoint that hold for any input (Hypothesis), on both engines."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kolding_graph.errors import Forbidden, QueryError
from kolding_graph.query.lexer import classify

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
MEDIA_TYPES = [
    "*/*", "text/*", "application/*", "text/html", "text/csv", "text/turtle",
    "application/sparql-results+json", "application/sparql-results+xml",
    "application/ld+json", "application/n-triples", "application/rdf+xml",
    "application/json", "image/png", "text/tab-separated-values", "",
]  # fmt: skip
WORDS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL",
    "UNION", "GRAPH", "PREFIX", "BASE", "LIMIT", "ORDER BY", "GROUP BY", "VALUES",
    "BIND", "AS", "COUNT(*)", "REGEX(?o, '(a+)+$')", "?s", "?p", "?o", "*", "{",
    "}", "(", ")", ".", ";", ",", "a", "<urn:x>", "<id/city/orebro>", "ex:a",
    '"x"@da', "'y'", '"""z"""', "1", "2.5", "true", "INSERT", "SERVICE", "#",
    "\n", "/", "|", "^", "+", "?", "!", "&&", "||", "<", ">=", "_:b", "$v",
]  # fmt: skip

media_range = st.builds(
    lambda media, q: media if q is None else f"{media};q={q}",
    st.sampled_from(MEDIA_TYPES),
    st.one_of(st.none(), st.sampled_from(["0", "0.1", "0.5", "1", "1.0", "x"])),
)
accept_headers = st.one_of(
    st.lists(media_range, max_size=5).map(", ".join),
    # Anything a header may carry (HTTP forbids control characters in it).
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
)
query_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
)


@EXAMPLES
@given(accept=accept_headers)
def test_any_accept_header_is_200_or_406(app: Flask, accept: str) -> None:
    client = app.test_client()
    for query in ("SELECT * WHERE { ?s ?p ?o } LIMIT 2", "DESCRIBE <urn:x>"):
        response = client.get(
            "/sparql", query_string={"query": query}, headers={"Accept": accept}
        )
        assert response.status_code in (200, 406), response.data
    description = client.get("/sparql", headers={"Accept": accept})
    assert description.status_code in (200, 406)


@EXAMPLES
@given(text=query_texts)
def test_any_query_text_is_answered_without_a_server_error(
    app: Flask, text: str
) -> None:
    response = app.test_client().get("/sparql", query_string={"query": text})
    assert response.status_code in (200, 400, 403, 503), response.data
    assert b"Traceback" not in response.data


@EXAMPLES
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(
                ["query", "format", "default-graph-uri", "named-graph-uri", "x"]
            ),
            st.text(max_size=40),
        ),
        max_size=5,
    ),
    method=st.sampled_from(["GET", "POST"]),
)
def test_any_parameters_never_give_a_5xx(
    app: Flask, params: list[tuple[str, str]], method: str
) -> None:
    client = app.test_client()
    if method == "GET":
        response = client.get("/sparql", query_string=params)
    else:
        response = client.post(
            "/sparql",
            data=urlencode(params),
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code < 500, response.data


@settings(max_examples=500, deadline=None)
@given(text=query_texts)
def test_the_lexer_only_raises_domain_errors(text: str) -> None:
    try:
        info = classify(text)
    except (QueryError, Forbidden):
        return
    assert info.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@pytest.mark.parametrize("text", ["SELECT * WHERE { ?s ?p ?o }", "ASK {}"])
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = classify(text).normalised
    assert classify(once).normalised == once
