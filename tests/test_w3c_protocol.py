"""The W3C SPARQL 1.1 Protocol test suite, on both engines.

Query and bad-request tests must pass; update tests must be refused with 403
(the endpoint is read-only). The manifest lives outside the repository, in
../shared/conformance/ beside the clone; without it the tests are skipped.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDFS

from kolding_graph.release.load import load_release
from kolding_graph.store.publish import publish
from kolding_graph.web import create_app
from release_helpers import quads_from_files, write_release
from servers import oxigraph_serve

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "conformance" / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
TABULAR = {"application/sparql-results+xml", "application/sparql-results+json"}
TABULAR |= {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples"}

if not MANIFEST.exists():
    print(f"W3C protocol suite not found at {SUITE}: its tests are skipped")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    statuses: frozenset[str]
    boolean: bool | None
    result_format: str | None


@dataclass(frozen=True)
class Case:
    name: str
    requests: tuple[Request, ...]


def read_manifest() -> tuple[list[Case], dict[str, Path]]:
    """Return the suite's cases and the graph data they need ({IRI: file})."""
    graph = Graph().parse(MANIFEST, format="turtle")
    head = next(graph.objects(None, MF.entries))
    cases, data = [], {}
    for test in Collection(graph, head):
        for spec in graph.objects(test, UT.graphData):
            data[str(graph.value(spec, RDFS.label))] = (
                SUITE / Path(str(graph.value(spec, UT.graph))).name
            )
        action = graph.value(test, MF.action)
        listing = Collection(graph, graph.value(action, HT.requests))
        requests = tuple(read_request(graph, node) for node in listing)
        cases.append(Case(str(test).rsplit("#", 1)[-1], requests))
    return cases, data


def read_request(graph: Graph, node) -> Request:  # type: ignore[no-untyped-def]
    headers = {}
    if (listing := graph.value(node, HT.headers)) is not None:
        for header in Collection(graph, listing):
            name = str(graph.value(header, HT.fieldName))
            headers[name] = str(graph.value(header, HT.fieldValue))
    body = b""
    if (content := graph.value(node, HT.body)) is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    result_format = graph.value(response, MF.expectedFormat)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=frozenset(
            str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)
        ),
        boolean=None if boolean is None else boolean.toPython(),
        result_format=None if result_format is None else str(result_format),
    )


CASES, GRAPH_DATA = read_manifest() if MANIFEST.exists() else ([], {})


@pytest.fixture(scope="module")
def w3c_apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Flask]]:
    """The suite's data as a release, served by both engines."""
    directory = tmp_path_factory.mktemp("w3c") / "release"
    release = load_release(write_release(directory, quads_from_files(GRAPH_DATA)))
    settings = {"RELEASE_DIR": str(release.path), "SOURCE_DIR": str(directory)}
    with oxigraph_serve(tmp_path_factory.mktemp("w3c-oxigraph")) as base:
        publish(release, f"{base}/store")
        yield {
            "embedded": create_app(settings),
            "remote": create_app(settings | {"ENDPOINT": f"{base}/query"}),
        }


def send(app: Flask, request: Request):  # type: ignore[no-untyped-def]
    """Send one manifest request to the app, its path rewritten to /sparql."""
    parts = urlsplit(request.path)
    path = "/sparql" + parts.path.removeprefix("/sparql").rstrip("/")
    headers = dict(request.headers)
    content_type = headers.pop("content-type", None)
    return app.test_client().open(
        path,
        method=request.method,
        query_string=parts.query,
        headers=headers,
        data=request.body,
        content_type=content_type,
    )


def check_answer(request: Request, response) -> None:  # type: ignore[no-untyped-def]
    status_class = f"{response.status_code // 100}xx"
    assert status_class in request.statuses, response.data
    if request.result_format == "tabular" or request.result_format == "boolean":
        assert response.mimetype in TABULAR
    if request.result_format == "RDF":
        assert response.mimetype in RDF_TYPES
    if request.boolean is not None:
        assert read_boolean(response) is request.boolean


def read_boolean(response) -> bool:  # type: ignore[no-untyped-def]
    if response.mimetype == "application/sparql-results+json":
        return json.loads(response.data)["boolean"]
    root = ElementTree.fromstring(response.data)
    found = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert found is not None
    return found.text == "true"


@pytest.mark.skipif(not MANIFEST.exists(), reason=f"no W3C suite at {SUITE}")
@pytest.mark.parametrize("engine_name", ["embedded", "remote"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_w3c_protocol(w3c_apps: dict[str, Flask], engine_name: str, case: Case) -> None:
    app = w3c_apps[engine_name]
    if case.name.startswith("update_"):
        # Read-only: the update is refused, so what follows it is not checked.
        response = send(app, case.requests[0])
        assert response.status_code == 403, response.data
        assert b"read-only endpoint" in response.data
        return
    for request in case.requests:
        check_answer(request, send(app, request))


def test_the_suite_was_read() -> None:
    if not MANIFEST.exists():
        pytest.skip(f"no W3C suite at {SUITE}")
    names = {case.name for case in CASES}
    assert len(CASES) == 34 and "query_post_form" in names and GRAPH_DATA
