"""enrich against a real `oxigraph serve` on 127.0.0.1, and against a fault server."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDFS, XSD

from kolding_graph.cli import main
from kolding_graph.errors import UpstreamError
from kolding_graph.namespaces import DEFAULT_BASE_IRI, PQ, PS, WD, WDT, Namespaces
from kolding_graph.namespaces import WDP as P
from kolding_graph.wikidata.client import Client, parse_retry_after
from kolding_graph.wikidata.enrich import (
    enrich,
    find_links,
    load_curated,
    snapshot_node,
)
from kolding_graph.wikidata.snapshot_writer import TurtleWriter
from wikidata_servers import FaultServer, Reply, free_port, oxigraph_server

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "fixtures" / "wikidata"
NS = Namespaces(DEFAULT_BASE_IRI)
KG = NS.kg
NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
OK_BODY = b'{"head": {"vars": ["item"]}, "results": {"bindings": []}}'


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory):
    files = sorted(FIXTURES.glob("*.ttl"))
    with oxigraph_server(files, tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def fetched(endpoint: str, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("enrich") / "snapshot.ttl"
    client = Client(endpoint, timeout=10, attempts=1)
    result = enrich(PROJECT, DEFAULT_BASE_IRI, client=client, out=out, now=NOW)
    graph = Graph().parse(out, format="turtle", publicID=DEFAULT_BASE_IRI)
    return result, graph, client, out


def test_links_are_read_from_claims_and_direct_triples() -> None:
    links = find_links(load_curated(PROJECT, DEFAULT_BASE_IRI), NS)
    kinds = {(str(link.item).rsplit("/", 1)[-1], link.kind) for link in links}
    assert ("Q27119", "exact") in kinds  # a claim with schema:sameAs
    assert ("Q35", "exact") in kinds  # a direct schema:sameAs on a country
    assert ("Q15138612", "close") in kinds  # skos:closeMatch
    assert ("Q21101", "candidate") in kinds and ("Q708496", "candidate") in kinds


def test_snapshot_holds_kolding_twins_from_p190(fetched) -> None:
    _, graph, _, _ = fetched
    twins = {str(t).rsplit("/", 1)[-1] for t in graph.objects(WD.Q27119, WDT.P190)}
    assert {"Q13375", "Q855324", "Q3907", "Q1719466"} <= twins
    assert "Q156760" not in twins  # Nikopol: no 2016 edge
    assert (WD.Q13375, RDFS.label, Literal("Pisa", lang="en")) in graph


def test_snapshot_has_labels_in_local_languages(fetched) -> None:
    _, graph, _, _ = fetched
    labels = set(graph.objects(WD.Q1719466, RDFS.label))
    assert Literal("Panevėžys", lang="lt") in labels
    assert Literal("Panevėžys", lang="da") in labels
    assert (WD.Q156760, RDFS.label, Literal("Нікополь", lang="uk")) in graph


def test_snapshot_has_population_with_point_in_time(fetched) -> None:
    _, graph, _, _ = fetched
    statements = list(graph.objects(WD.Q3907, P.P1082))
    assert len(statements) == 1
    assert graph.value(statements[0], PS.P1082).toPython() == 77503
    when = graph.value(statements[0], PQ.P585)
    assert when == Literal("2020-12-31T00:00:00Z", datatype=XSD.dateTime)


def test_snapshot_has_coordinates_country_inception(fetched) -> None:
    _, graph, _, _ = fetched
    assert "Point(24.35 55.73333)" in str(graph.value(WD.Q1719466, WDT.P625))
    assert graph.value(WD.Q1719466, WDT.P17) == WD.Q37
    assert str(graph.value(WD.Q7809, WDT.P571)).startswith("1945-11-16")


def test_redirects_and_missing_items_are_recorded(fetched) -> None:
    result, graph, _, _ = fetched
    assert (WD.Q15138612, OWL.sameAs, WD.Q26525) in graph
    snapshot = snapshot_node(NS)
    assert set(graph.objects(snapshot, KG.itemNotFound)) == {WD.Q21101}
    assert result.missing == (str(WD.Q21101),)
    covered = set(graph.objects(snapshot, KG.coversItem))
    assert {WD.Q21101, WD.Q15138612, WD.Q13375, WD.Q855324} <= covered


def test_provenance_names_endpoint_queries_and_time(fetched, endpoint: str) -> None:
    result, graph, client, _ = fetched
    snapshot = snapshot_node(NS)
    activity = graph.value(snapshot, PROV.wasGeneratedBy)
    assert graph.value(activity, PROV.used) == URIRef(endpoint)
    assert graph.value(snapshot, PROV.generatedAtTime) == Literal(
        "2026-11-27T12:00:00Z", datatype=XSD.dateTime
    )
    queries = {str(q) for q in graph.objects(activity, KG.queryText)}
    assert queries == set(client.sent) and len(queries) == result.queries >= 5
    assert all("VALUES ?item" in query for query in queries)


def test_snapshot_bytes_are_deterministic(endpoint: str, fetched, tmp_path) -> None:
    _, _, _, first = fetched
    again = tmp_path / "again.ttl"
    client = Client(endpoint, timeout=10, attempts=1)
    enrich(PROJECT, DEFAULT_BASE_IRI, client=client, out=again, now=NOW)
    assert again.read_bytes() == first.read_bytes()


def test_small_batches_give_the_same_facts(endpoint: str, fetched, tmp_path) -> None:
    _, graph, client, _ = fetched
    out = tmp_path / "small.ttl"
    small = Client(endpoint, timeout=10, attempts=1, batch_size=7)
    enrich(PROJECT, DEFAULT_BASE_IRI, client=small, out=out, now=NOW)
    assert len(small.sent) > len(client.sent)
    other = Graph().parse(out, format="turtle", publicID=DEFAULT_BASE_IRI)
    facts = {t for t in graph if t[1] != KG.queryText}
    assert {t for t in other if t[1] != KG.queryText} == facts


def test_own_iris_are_written_relative(fetched) -> None:
    text = fetched[3].read_text("utf-8")
    assert "@prefix kg: <def/> ." in text
    assert DEFAULT_BASE_IRI not in text
    moved = Graph().parse(data=text, format="turtle", publicID="https://example.org/")
    node = URIRef("https://example.org/id/document/wikidata-snapshot")
    assert (node, None, None) in moved


def test_writer_ignores_insertion_order() -> None:
    triples = [
        (WD.Q3, RDFS.label, Literal("c", lang="da")),
        (WD.Q10, RDFS.label, Literal('a "quoted"\nline', lang="en")),
        (WD.Q3, WDT.P17, WD.Q35),
        (WD.Q2, RDFS.label, Literal("b")),
    ]
    one, two = Graph(), Graph()
    for triple in triples:
        one.add(triple)
    for triple in reversed(triples):
        two.add(triple)
    writer = TurtleWriter(NS)
    assert writer.write(one) == writer.write(two)
    text = writer.write(one).decode()
    assert text.index("wd:Q2 ") < text.index("wd:Q3 ") < text.index("wd:Q10 ")
    assert Graph().parse(data=text, format="turtle").isomorphic(one)


# ------------------------------------------------------------- fault server


def test_429_then_success_honours_retry_after() -> None:
    slept: list[float] = []
    replies = [Reply(429, b"slow down", {"Retry-After": "3"}), Reply(body=OK_BODY)]
    with FaultServer(replies) as server:
        client = Client(server.url, timeout=5, sleep=slept.append)
        assert client.select("SELECT ?item WHERE {}") == []
    assert slept == [3.0]
    assert len(server.seen) == 2


def test_5xx_backs_off_exponentially_then_fails_clearly() -> None:
    slept: list[float] = []
    with FaultServer([Reply(503, b"busy")]) as server:
        client = Client(
            server.url, timeout=5, attempts=4, backoff=0.5, sleep=slept.append
        )
        with pytest.raises(UpstreamError, match="HTTP 503") as caught:
            client.select("SELECT ?item WHERE {}")
    assert slept == [0.5, 1.0, 2.0]
    assert len(server.seen) == 4
    assert caught.value.where == server.url


def test_client_error_is_not_retried() -> None:
    with FaultServer([Reply(403, b"forbidden")]) as server:
        client = Client(server.url, timeout=5, sleep=lambda _: None)
        with pytest.raises(UpstreamError, match="403"):
            client.select("SELECT ?item WHERE {}")
    assert len(server.seen) == 1


def test_user_agent_method_and_accept() -> None:
    with FaultServer([Reply(body=OK_BODY)]) as server:
        Client(server.url, timeout=5).select("SELECT ?item WHERE {}")
    seen = server.seen[0]
    headers = {name.lower(): value for name, value in seen.headers.items()}
    assert seen.method == "POST"
    assert headers["user-agent"].startswith("kolding-graph/")
    assert "https://data.kolding.dk/" in headers["user-agent"]
    assert "application/sparql-results+json" in headers["accept"]


def test_timeout_is_bounded_and_reported() -> None:
    with FaultServer([Reply(body=OK_BODY, delay=3.0)]) as server:
        client = Client(server.url, timeout=0.3, attempts=2, sleep=lambda _: None)
        started = time.monotonic()
        with pytest.raises(UpstreamError, match="unreachable"):
            client.select("SELECT ?item WHERE {}")
        assert time.monotonic() - started < 2.0


def test_connection_refused_is_reported() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    client = Client(url, timeout=2, attempts=2, sleep=lambda _: None)
    with pytest.raises(UpstreamError, match="unreachable"):
        client.select("SELECT ?item WHERE {}")


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"<html><body>Service unavailable</body></html>", "text/html"),
        (b'{"head": {"vars": ["item"]}}', "application/sparql-results+json"),
        (b'{"head": {"vars": ["item"]}, "results": {"bindi', "application/json"),
        (b"\xff\xfe not utf-8", "application/sparql-results+json"),
    ],
)
def test_garbage_answer_is_refused(body: bytes, content_type: str) -> None:
    with FaultServer([Reply(body=body, content_type=content_type)]) as server:
        client = Client(server.url, timeout=5, attempts=1)
        with pytest.raises(UpstreamError, match="not SPARQL JSON results"):
            client.select("SELECT ?item WHERE {}")


def test_garbage_leaves_snapshot_untouched(tmp_path) -> None:
    out = tmp_path / "snapshot.ttl"
    out.write_bytes(b"# the last good snapshot\n")
    with FaultServer([Reply(body=b"<html>oops</html>", content_type="text/html")]) as s:
        client = Client(s.url, timeout=5, attempts=1)
        with pytest.raises(UpstreamError):
            enrich(PROJECT, DEFAULT_BASE_IRI, client=client, out=out, now=NOW)
    assert out.read_bytes() == b"# the last good snapshot\n"
    assert [p.name for p in tmp_path.iterdir()] == ["snapshot.ttl"]


def test_endpoint_that_knows_nothing_is_refused(tmp_path) -> None:
    out = tmp_path / "snapshot.ttl"
    body = b'{"head": {"vars": ["item", "present"]}, "results": {"bindings": []}}'
    with FaultServer([Reply(body=body)]) as server:
        client = Client(server.url, timeout=5, attempts=1)
        with pytest.raises(UpstreamError, match="knows none"):
            enrich(PROJECT, DEFAULT_BASE_IRI, client=client, out=out, now=NOW)
    assert not out.exists()


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    assert math.isclose(Client(backoff=2)._delay(3, None), 8.0)
    assert Client()._delay(1, "100000") == 120.0


# ---------------------------------------------------------------------- CLI


def test_cli_enrich_against_oxigraph(runner, endpoint: str, tmp_path) -> None:
    out = tmp_path / "snapshot.ttl"
    args = ["enrich", "--source", str(PROJECT), "--endpoint", endpoint]
    result = runner.invoke(main, [*args, "--out", str(out), "--timeout", "10"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    assert f"not found: {WD.Q21101}" in result.output
    assert f"redirect: {WD.Q15138612} -> {WD.Q26525}" in result.output
    graph = Graph().parse(out, format="turtle", publicID=DEFAULT_BASE_IRI)
    assert (WD.Q27119, WDT.P190, WD.Q13375) in graph


def test_cli_enrich_failure_exits_2_and_keeps_the_file(runner, tmp_path) -> None:
    out = tmp_path / "snapshot.ttl"
    out.write_bytes(b"# last good\n")
    with FaultServer([Reply(503, b"down")]) as server:
        args = ["enrich", "--source", str(PROJECT), "--endpoint", server.url]
        env = {"KOLDING_GRAPH_WIKIDATA_ENDPOINT": "http://192.0.2.1/never-used"}
        result = runner.invoke(
            main, [*args, "--out", str(out), "--attempts", "1"], env=env
        )
    assert result.exit_code == 2
    assert "HTTP 503" in result.output and server.url in result.output
    assert out.read_bytes() == b"# last good\n"
