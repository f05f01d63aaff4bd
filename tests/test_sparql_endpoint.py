"""The /sparql endpoint over both engines (embedded pyoxigraph, remote oxigraph serve).

Every test here runs once per engine through the `client` fixture.
"""

from __future__ import annotations

import csv
import io
import json
import socket

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from kolding_graph.namespaces import SD
from kolding_graph.release.load import Release

ORebro = "https://data.kolding.dk/id/city/orebro"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TWINS = (
    "SELECT ?city WHERE { <https://data.kolding.dk/id/municipality/kolding> "
    "<https://data.kolding.dk/def/twinnedWith> ?city } ORDER BY ?city"
)
DESCRIBE = f"DESCRIBE <{ORebro}>"
CONSTRUCT = f"CONSTRUCT {{ <{ORebro}> ?p ?o }} WHERE {{ <{ORebro}> ?p ?o }}"


def get(client: FlaskClient, query: str, accept: str | None = None, **params: str):
    """GET /sparql with a query, an optional Accept header and more parameters."""
    headers = {"Accept": accept} if accept else {}
    return client.get(
        "/sparql", query_string={"query": query, **params}, headers=headers
    )


def count_all(client: FlaskClient) -> int:
    """Return the number of triples in the default graph (the union)."""
    body = json.loads(get(client, COUNT_ALL).data)
    return int(body["results"]["bindings"][0]["n"]["value"])


def parse_rdf(data: bytes, media_type: str) -> Graph:
    """Parse an RDF answer (pyoxigraph reads it; rdflib holds it for asserts)."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    triples = [quad.triple for quad in ox.parse(data, fmt)]
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ntriples, format="nt")


def assert_no_stack_trace(body: bytes) -> None:
    assert b"Traceback" not in body and b'File "' not in body


# --- results and formats -------------------------------------------------------


def test_default_graph_is_the_union_of_named_graphs(
    client: FlaskClient, release: Release
) -> None:
    total = sum(int(graph["triples"]) for graph in release.graphs.values())
    assert count_all(client) == total


def test_select_defaults_to_sparql_json(client: FlaskClient) -> None:
    response = get(client, TWINS)
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    rows = json.loads(response.data)["results"]["bindings"]
    assert len(rows) == 12
    assert {"type": "uri", "value": ORebro} in [row["city"] for row in rows]


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        (
            "text/csv;q=0.5, application/sparql-results+xml;q=0.9",
            "application/sparql-results+xml",
        ),
        ("text/csv;q=0.9, application/sparql-results+xml;q=0.5", "text/csv"),
        ("image/png, text/*;q=0.1", "text/csv"),
    ],
)
def test_select_formats_by_accept(
    client: FlaskClient, accept: str, mimetype: str
) -> None:
    response = get(client, TWINS, accept)
    assert response.status_code == 200, response.data
    assert response.mimetype == mimetype
    assert ORebro.encode() in response.data


def test_csv_answer_has_one_row_per_solution(client: FlaskClient) -> None:
    response = get(client, TWINS, "text/csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8"))))
    assert rows[0] == ["city"] and len(rows) == 13


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_select_format_parameter_wins_over_accept(
    client: FlaskClient, name: str
) -> None:
    response = get(client, TWINS, "image/png", format=name)
    assert response.status_code == 200
    assert ORebro.encode() in response.data


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        (None, "text/turtle"),
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
@pytest.mark.parametrize("query", [DESCRIBE, CONSTRUCT])
def test_graph_formats_by_accept(
    client: FlaskClient,
    query: str,
    accept: str | None,
    mimetype: str,
) -> None:
    response = get(client, query, accept)
    assert response.status_code == 200, response.data
    assert response.mimetype == mimetype
    graph = parse_rdf(response.data, mimetype)
    assert (URIRef(ORebro), None, None) in graph
    assert len(graph) >= 10


def test_ask_answers_a_boolean(client: FlaskClient) -> None:
    yes = json.loads(get(client, f"ASK {{ <{ORebro}> ?p ?o }}").data)
    no = json.loads(get(client, "ASK { <urn:nothing> ?p ?o }").data)
    assert (yes["boolean"], no["boolean"]) == (True, False)


# text/html is not here: browsers get the HTML result table (web/editor.py).
@pytest.mark.parametrize("accept", ["image/png", "text/plain", "application/pdf;q=1"])
def test_unacceptable_format_is_406_listing_what_is_offered(
    client: FlaskClient, accept: str
) -> None:
    response = get(client, TWINS, accept)
    assert response.status_code == 406
    for offered in ("application/sparql-results+json", "text/csv"):
        assert offered.encode() in response.data


def test_graph_query_asking_for_csv_is_406(client: FlaskClient) -> None:
    response = get(client, DESCRIBE, "text/csv")
    assert response.status_code == 406
    assert b"text/turtle" in response.data


def test_unknown_format_parameter_is_406(client: FlaskClient) -> None:
    assert get(client, TWINS, format="yaml").status_code == 406


# --- the three ways to send a query ---------------------------------------------


def test_post_form_and_direct_post_answer_like_get(client: FlaskClient) -> None:
    by_get = get(client, TWINS).data
    by_form = client.post("/sparql", data={"query": TWINS})
    direct = client.post(
        "/sparql", data=TWINS.encode(), content_type="application/sparql-query"
    )
    assert by_form.status_code == direct.status_code == 200
    assert by_form.data == direct.data == by_get


def test_dataset_parameters_select_named_graphs(client: FlaskClient, release) -> None:
    ontology = release.graphs["ontology"]["iri"]
    only_ontology = get(client, COUNT_ALL, **{"default-graph-uri": ontology})
    body = json.loads(only_ontology.data)
    assert int(body["results"]["bindings"][0]["n"]["value"]) == int(
        release.graphs["ontology"]["triples"]
    )


def test_from_clause_selects_a_local_graph(client: FlaskClient, release) -> None:
    ontology = release.graphs["ontology"]["iri"]
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}"
    body = json.loads(get(client, query).data)
    assert int(body["results"]["bindings"][0]["n"]["value"]) == int(
        release.graphs["ontology"]["triples"]
    )


# --- read-only -------------------------------------------------------------------

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "insert data { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <urn:ex:> INSERT DATA { ex:a ex:b ex:c }",
    "# a comment first\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP DEFAULT",
    "CREATE GRAPH <urn:g>",
    "COPY DEFAULT TO <urn:g>",
    "MOVE DEFAULT TO <urn:g>",
    "ADD DEFAULT TO <urn:g>",
    "BASE <urn:x> PREFIX : <urn:y> DELETE DATA { :a :b :c }",
    "SELECT * {} ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "\\U00000044ELETE WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_update_in_query_parameter_is_403(client: FlaskClient, update: str) -> None:
    before = count_all(client)
    response = get(client, update)
    assert response.status_code == 403
    assert b"read-only endpoint" in response.data
    assert count_all(client) == before


def test_update_parameter_and_media_type_are_403(client: FlaskClient) -> None:
    before = count_all(client)
    text = "DELETE WHERE { ?s ?p ?o }"
    responses = [
        client.post("/sparql", data={"update": text}),
        client.get("/sparql", query_string={"update": text}),
        client.post("/sparql", data=text, content_type="application/sparql-update"),
        client.post("/sparql", data={"query": "ASK {}", "update": text}),
    ]
    assert [r.status_code for r in responses] == [403] * 4
    assert all(b"read-only endpoint" in r.data for r in responses)
    assert count_all(client) == before


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ("INSERT DATA { <a> <b> <c> }" AS ?x) WHERE {}',
        "SELECT ('''DELETE WHERE { ?s ?p ?o }''' AS ?x) WHERE {}",
        "# INSERT DATA { <a> <b> <c> }\nSELECT ?x WHERE { BIND(1 AS ?x) }",
        "SELECT ?insert WHERE { BIND(<urn:INSERT> AS ?insert) }",
        "PREFIX drop: <urn:drop:> SELECT ?x WHERE { BIND(drop:clear AS ?x) }",
    ],
)
def test_update_words_outside_keywords_are_harmless(client: FlaskClient, query) -> None:
    response = get(client, query)
    assert response.status_code == 200, response.data
    assert len(json.loads(response.data)["results"]["bindings"]) == 1


# --- no egress ---------------------------------------------------------------------


@pytest.fixture
def lure() -> socket.socket:
    """A listening socket on 127.0.0.1 that no query may ever connect to."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.3)
    yield listener
    listener.close()


def assert_untouched(listener: socket.socket) -> None:
    try:
        connection, _ = listener.accept()
    except TimeoutError:
        return
    connection.close()
    pytest.fail("a query opened a connection")


def service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ service <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"PREFIX : <urn:x:> ASK {{ :a :b :c . SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_service_is_refused_and_no_connection_is_attempted(
    client: FlaskClient, lure: socket.socket
) -> None:
    host, port = lure.getsockname()
    for query in service_queries(f"http://{host}:{port}/sparql"):
        response = get(client, query)
        assert response.status_code == 400, query
        assert b"SERVICE" in response.data and b"refused" in response.data
    assert_untouched(lure)


def test_dataset_iris_never_fetch(client: FlaskClient, lure: socket.socket) -> None:
    host, port = lure.getsockname()
    url = f"http://{host}:{port}/data.ttl"
    responses = [
        get(client, f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"),
        get(client, f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        get(client, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": url}),
        get(client, "ASK { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": url}),
        get(client, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"),
    ]
    assert [r.status_code for r in responses] == [200] * 5
    assert b"root:" not in b"".join(r.data for r in responses)
    assert_untouched(lure)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { BIND(1 AS ?service) }",
        "PREFIX ex: <urn:ex:> SELECT ?x WHERE { BIND(ex:SERVICE AS ?x) }",
        'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> {}" AS ?x) }',
        "SELECT ?x WHERE { BIND(<urn:SERVICE> AS ?x) }",
    ],
)
def test_service_as_a_name_or_string_is_harmless(client: FlaskClient, query) -> None:
    response = get(client, query)
    assert response.status_code == 200, response.data


# --- bad requests --------------------------------------------------------------------


def test_syntax_error_is_400_with_message_and_position(client: FlaskClient) -> None:
    response = get(client, "SELECT * WHERE {\n  ?s ?p \n}", "application/json")
    assert response.status_code == 400
    error = json.loads(response.data)["error"]
    assert error["status"] == 400 and error["message"].startswith("syntax error")
    assert error["where"].startswith("line 3, column")


def test_unterminated_string_is_400_with_position(client: FlaskClient) -> None:
    response = get(client, 'SELECT * WHERE { ?s ?p "open }')
    assert response.status_code == 400
    assert (
        b"unterminated string" in response.data
        and b"line 1, column 24" in response.data
    )


def test_two_query_parameters_are_400(client: FlaskClient) -> None:
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400 and b"exactly one" in response.data


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_405(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)("/sparql", data={"query": "ASK {}"})
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_wrong_or_missing_content_type_is_415(
    client: FlaskClient, content_type
) -> None:
    response = client.post("/sparql", data=b"ASK {}", content_type=content_type)
    assert response.status_code == 415


def test_non_utf8_bodies_are_refused(client: FlaskClient) -> None:
    utf16 = client.post(
        "/sparql",
        data="ASK {}".encode("utf-16"),
        content_type="application/sparql-query; charset=UTF-16",
    )
    latin1 = client.post(
        "/sparql",
        data='ASK { ?s ?p "Örebro" }'.encode("latin-1"),
        content_type="application/sparql-query",
    )
    assert utf16.status_code == 415 and latin1.status_code == 400


def test_over_long_body_is_413(client: FlaskClient) -> None:
    body = ("ASK {}" + " " * 1_000_001).encode()
    response = client.post(
        "/sparql", data=body, content_type="application/sparql-query"
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "ASK { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
        "ASK { FILTER(1" + " + 1" * 5000 + ") }",
        "SELECT * WHERE { "
        + " ".join(f"?s <urn:p{i}> ?o{i} ." for i in range(6000))
        + "}",
    ],
    ids=["5000-deep-groups", "3000-deep-brackets", "5000-operators", "6000-patterns"],
)
def test_over_complex_queries_are_400(client: FlaskClient, query: str) -> None:
    response = get(client, query)
    assert response.status_code == 400
    assert b"too complex" in response.data
    assert get(client, "ASK {}").status_code == 200


# --- one error shape, in the client's format ---------------------------------------


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        (None, "text/plain"),
        ("*/*", "text/plain"),
        ("application/sparql-results+json", "application/json"),
        ("application/json", "application/json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
    ],
)
def test_errors_answer_in_the_asked_format(
    client: FlaskClient, accept, mimetype
) -> None:
    response = get(client, "SELECT * WHERE {", accept)
    assert response.status_code == 400
    assert response.mimetype == mimetype
    assert b"syntax error" in response.data
    assert_no_stack_trace(response.data)


def test_json_error_shape(client: FlaskClient) -> None:
    response = get(client, "DROP ALL", "application/json")
    body = json.loads(response.data)
    assert body["error"].pop("request_id") == response.headers["X-Request-Id"]
    assert body == {
        "error": {
            "status": 403,
            "title": "Forbidden",
            "message": "read-only endpoint: SPARQL Update (DROP) is not accepted",
            "where": "line 1, column 1",
        }
    }


def test_html_error_escapes_the_query(client: FlaskClient) -> None:
    response = get(client, "SELECT <script>alert(1)</script>", "text/html, */*;q=0.1")
    assert response.status_code == 400
    assert b"<script>" not in response.data


# --- CORS and caching -----------------------------------------------------------------


def test_cors_on_answers_errors_and_preflight(client: FlaskClient) -> None:
    answer = get(client, "ASK {}")
    error = get(client, "ASK {")
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    for response in (answer, error, preflight):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_etag_from_release_and_304(client: FlaskClient, release: Release) -> None:
    first = get(client, TWINS)
    etag = first.headers["ETag"]
    assert release.id in etag and first.headers["Last-Modified"]
    again = client.get(
        "/sparql", query_string={"query": TWINS}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    other_format = get(client, TWINS, "text/csv")
    assert other_format.headers["ETag"] != etag


def test_whitespace_and_comments_do_not_change_the_etag(client: FlaskClient) -> None:
    spaced = get(client, "ASK   {\n # nothing\n }")
    assert spaced.headers["ETag"] == get(client, "ASK {}").headers["ETag"]


# --- service description and examples ---------------------------------------------


def test_service_description(client: FlaskClient, release: Release) -> None:
    response = client.get("/sparql")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    service = URIRef("http://localhost/sparql")
    assert (service, SD.endpoint, service) in graph
    sizes = {}
    for named in graph.objects(None, SD.namedGraph):
        described = graph.value(named, SD.graph)
        sizes[str(graph.value(named, SD.name))] = int(
            graph.value(described, VOID.triples)
        )
    expected = {g["iri"]: int(g["triples"]) for g in release.graphs.values()}
    assert sizes == expected
    formats = {str(f) for f in graph.objects(service, SD.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats


def test_service_description_lists_the_examples(client: FlaskClient) -> None:
    examples = json.loads(client.get("/sparql/examples").data)
    answer = client.get("/sparql", headers={"Accept": "application/ld+json"})
    graph = parse_rdf(answer.data, "application/ld+json")
    for example in examples:
        assert (URIRef(example["url"]), None, None) in graph
    assert examples, "the project has example queries"


def test_examples_run_by_name(client: FlaskClient) -> None:
    examples = json.loads(client.get("/sparql/examples").data)
    example = next(e for e in examples if e["form"] == "SELECT")
    assert set(example["title"]) == {"da", "en"}
    response = client.get(
        f"/sparql/examples/{example['name']}", headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert client.get("/sparql/examples/no-such-query").status_code == 404


# --- the two engines agree ------------------------------------------------------------

SAME_ANSWER_QUERIES = [
    (TWINS, "application/sparql-results+json"),
    (TWINS, "text/csv"),
    (TWINS, "application/sparql-results+xml"),
    (
        "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "text/tab-separated-values",
    ),
    (f"ASK {{ <{ORebro}> ?p ?o }}", "application/sparql-results+json"),
    (CONSTRUCT, "application/n-triples"),
    ("SELECT ?x WHERE { BIND(<id/city/orebro> AS ?x) }", "text/csv"),
]


@pytest.mark.parametrize(("query", "accept"), SAME_ANSWER_QUERIES)
def test_every_engine_gives_the_same_bytes(
    engine_apps, query: str, accept: str
) -> None:
    answers = {
        name: get(app.test_client(), query, accept) for name, app in engine_apps.items()
    }
    assert {a.status_code for a in answers.values()} == {200}
    bodies = {name: answer.data for name, answer in answers.items()}
    if accept == "application/n-triples":
        bodies = {name: sorted(body.splitlines()) for name, body in bodies.items()}
    for name, body in bodies.items():
        assert body == bodies["embedded"], name


def test_relative_iris_resolve_against_the_base_iri(client: FlaskClient) -> None:
    response = get(
        client, "SELECT ?x WHERE { BIND(<id/city/orebro> AS ?x) }", "text/csv"
    )
    assert response.data.decode().splitlines()[1] == ORebro
