"""Property-based: any path, method and header gives an answer, never a 5xx.

The endpoint's own properties (Accept, query text, parameters) are in
test_sparql_properties.py; these cover every route of the whole app: pages,
entity IRIs, static files, downloads, probes, with arbitrary bytes in the path,
the query string and the headers the app reads itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kolding_graph.release.load import Release
from kolding_graph.web import create_app
from kolding_graph.web.state import get_state

EXAMPLES = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
PREFIXES = [
    "/",
    "/id/city/",
    "/id/",
    "/def/",
    "/assets/",
    "/downloads/",
    "/downloads/latest/",
    "/search",
    "/sparql/examples/",
    "/query",
    "/readyz/",
    "/metrics/",
]
segments = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
).map(lambda text: quote(text, safe="/%;:@&=+$,!~*'()?#[]."))
raw_bits = st.sampled_from(
    ["..", "%2e%2e", "%2f", "%00", "%c0%ae", "%ff", "//", "\\", "%", "%zz", ";", "~"]
)
paths = st.builds(
    lambda prefix, parts: prefix + "".join(parts),
    st.sampled_from(PREFIXES),
    st.lists(st.one_of(segments, raw_bits), max_size=5),
)
header_values = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80)


@pytest.fixture(scope="module")
def whole_app(release: Release) -> Iterator[Flask]:
    app = create_app(
        {"RELEASE_DIR": str(release.path), "SOURCE_DIR": str(ROOT), "QUERY_TIMEOUT": 5}
    )
    yield app
    with app.app_context():
        get_state().store.close()


@EXAMPLES
@given(path=paths, method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS"]))
def test_any_path_and_method_never_give_a_5xx(
    whole_app: Flask, path: str, method: str
) -> None:
    response = whole_app.test_client().open(path, method=method)
    assert response.status_code < 500, (method, path, response.data[:300])
    assert b"Traceback" not in response.data


@EXAMPLES
@given(
    request_id=header_values,
    forwarded=header_values,
    language=header_values,
    accept=header_values,
    lang=st.text(max_size=10),
)
def test_any_headers_on_pages_never_give_a_5xx(
    whole_app: Flask,
    request_id: str,
    forwarded: str,
    language: str,
    accept: str,
    lang: str,
) -> None:
    response = whole_app.test_client().get(
        "/id/city/orebro",
        query_string={"lang": lang},
        headers={
            "X-Request-Id": request_id,
            "X-Forwarded-For": forwarded,
            "Accept-Language": language,
            "Accept": accept,
        },
    )
    assert response.status_code in (200, 406), response.data[:300]
    sent_back = response.headers["X-Request-Id"]
    assert sent_back == request_id or len(sent_back) == 16
