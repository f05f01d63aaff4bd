"""No egress: no query, dataset parameter or input makes the server connect or read.

Neither engine can switch federation or remote loading off, and pyoxigraph does
its own networking and file access in Rust, out of reach of Python's audit
hooks. So the proof uses lures the engine would have to touch: a listening
socket on 127.0.0.1 (its accept queue must stay empty), a named pipe (FIFO)
on disk (a reader opening it is seen by the writer side), and link-local or
unroutable addresses (a connection attempt there would hang, so the answer
would be late). The endpoint tests cover the basic SERVICE forms; these add
the rest of the grammar, escaped keywords, the HTML result page, every
dataset-selection path and the build's inputs.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from conftest import MINI_PROJECT

ASK = "ASK { ?s ?p ?o }"
# Addresses nobody on this machine answers: cloud metadata, link-local, a
# documentation network; a connect() to any of them would stall for seconds.
FAR = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/sparql",
    "http://192.0.2.1:8890/sparql",
]


class Lures:
    """A listening socket and a FIFO that no request may touch."""

    def __init__(self, folder: Path) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        host, port = self.listener.getsockname()
        self.url = f"http://{host}:{port}/sparql"
        self.fifo = folder / "lure.ttl"
        os.mkfifo(self.fifo)
        self.file_iri = self.fifo.as_uri()
        self.opened = threading.Event()
        self._stop = threading.Event()
        self._watch = threading.Thread(target=self._watch_fifo, daemon=True)
        self._watch.start()

    def _watch_fifo(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                if error.errno != errno.ENXIO:  # ENXIO: nobody reads: good
                    raise
            else:
                self.opened.set()  # somebody opened the file to read it
                os.close(fd)
            time.sleep(0.005)

    def assert_untouched(self) -> None:
        self._stop.set()
        self._watch.join(timeout=5)
        self.listener.settimeout(0.2)
        try:
            connection, _ = self.listener.accept()
        except TimeoutError:
            connection = None
        if connection is not None:
            connection.close()
        assert connection is None, "something connected to the lure socket"
        assert not self.opened.is_set(), "something opened the lure file"

    def close(self) -> None:
        self._stop.set()
        self.listener.close()


@pytest.fixture
def lures(tmp_path: Path) -> Iterator[Lures]:
    found = Lures(tmp_path)
    yield found
    found.close()


def service_everywhere(url: str) -> list[str]:
    """SERVICE in every place the grammar allows a group pattern, and spelled oddly."""
    inner = "{ ?s ?p ?o }"
    return [
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {inner} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {inner} }} }}",
        f"ASK {{ FILTER NOT EXISTS {{ SERVICE <{url}> {inner} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(EXISTS {{ SERVICE <{url}> {inner} }}) }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {inner} }}",
        f"SELECT * WHERE {{ SERVICE SILENT ?e {inner} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {inner} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {inner} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {inner} }} }} }}",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SERVICE <{url}> {inner} }} GROUP BY ?s",
        f"SELECT * WHERE {{ SERVICE\n\t<{url}> {inner} }}",
        f"SELECT * WHERE {{ SERVICE#comment\n<{url}> {inner} }}",
        f"SELECT * WHERE {{ SERV\\u0049CE <{url}> {inner} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {inner} }}",
        f"PREFIX e: <{url.rsplit('/', 1)[0]}/> "
        f"SELECT * WHERE {{ SERVICE e:sparql {inner} }}",
        f"BASE <{url}> SELECT * WHERE {{ SERVICE <> {inner} }}",
    ]


def test_service_anywhere_is_refused_without_a_connection(
    client: FlaskClient, lures: Lures
) -> None:
    for target in (lures.url, lures.file_iri, *FAR):
        for query in service_everywhere(target):
            started = time.monotonic()
            response = client.get("/sparql", query_string={"query": query})
            assert response.status_code == 400, (query, response.data)
            assert b"SERVICE" in response.data or b"syntax" in response.data
            assert time.monotonic() - started < 1.0, query
    assert client.get("/sparql", query_string={"query": ASK}).status_code == 200
    lures.assert_untouched()


def test_service_in_the_html_result_page_is_refused(
    client: FlaskClient, lures: Lures
) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{lures.url}> {{ ?s ?p ?o }} }}"
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "text/html"}
    )
    assert response.status_code == 400 and b"SERVICE" in response.data
    lures.assert_untouched()


def test_dataset_iris_never_fetch_anything(client: FlaskClient, lures: Lures) -> None:
    where = "WHERE { ?s ?p ?o } LIMIT 1"
    for target in (lures.url, lures.file_iri, "file:///etc/passwd", *FAR):
        requests = [
            {"query": f"SELECT * FROM <{target}> {where}"},
            {
                "query": f"SELECT * FROM NAMED <{target}> "
                "WHERE { GRAPH ?g { ?s ?p ?o } }"
            },
            {
                "query": f"CONSTRUCT {{ ?s ?p ?o }} FROM <{target}> {where}",
                "format": "ntriples",
            },
            {"query": f"SELECT * {where}", "default-graph-uri": target},
            {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": target},
            {"query": f"SELECT * WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"},
        ]
        for params in requests:
            started = time.monotonic()
            response = client.get(
                "/sparql",
                query_string=params,
                headers={"Accept": "application/sparql-results+json, text/plain"},
            )
            assert response.status_code == 200, (params, response.data)
            assert time.monotonic() - started < 1.0, params
            # Not one of our graphs: nothing is found, nothing is fetched.
            assert_empty(response.data)
    lures.assert_untouched()


def assert_empty(body: bytes) -> None:
    """An answer with no solutions, false, or no triples."""
    if body.startswith(b"{"):
        answer = json.loads(body)
        assert answer.get("boolean") is False or answer["results"]["bindings"] == []
    else:
        assert body.strip() == b"", body[:200]


def test_describe_of_a_remote_iri_reads_nothing(
    client: FlaskClient, lures: Lures
) -> None:
    for target in (lures.url, lures.file_iri, *FAR):
        response = client.get(
            "/sparql",
            query_string={"query": f"DESCRIBE <{target}>"},
            headers={"Accept": "application/n-triples"},
        )
        assert response.status_code == 200 and response.data.strip() == b""
    lures.assert_untouched()


# The build reads Turtle only; RDF/XML (entities) and JSON-LD (remote contexts)
# are refused by name before anything opens them.
EVIL_RDFXML = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY lure SYSTEM "{file}"> <!ENTITY net SYSTEM "{url}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="urn:x">
    <rdf:value>&lure;&net;</rdf:value>
  </rdf:Description>
</rdf:RDF>
"""
EVIL_JSONLD = '{{"@context": "{url}", "@id": "urn:x", "p": "v"}}'
WATCHED_BUILD = """
import json, sys
events = []
sys.addaudithook(
    lambda e, a: events.append(e) if e.startswith("socket.") else None
)
from pathlib import Path
from kolding_graph.build.cut import build_release
from kolding_graph.errors import BuildError
try:
    build_release(Path(sys.argv[1]), Path(sys.argv[2]), "https://data.kolding.dk/")
    print(json.dumps({"refused": None, "events": events}))
except BuildError as error:
    print(json.dumps({"refused": str(error), "events": events}))
"""


@pytest.mark.parametrize("name", ["evil.rdf", "evil.jsonld", "evil.owl", "evil.xml"])
def test_build_refuses_rdfxml_and_jsonld_inputs_unread(
    tmp_path: Path, lures: Lures, name: str
) -> None:
    project = Path(shutil.copytree(MINI_PROJECT, tmp_path / "project"))
    template = EVIL_JSONLD if name.endswith("jsonld") else EVIL_RDFXML
    (project / "data" / name).write_text(
        template.format(file=lures.file_iri, url=lures.url), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", WATCHED_BUILD, project, tmp_path / "dist"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["refused"] and f"data/{name}" in outcome["refused"]
    assert outcome["events"] == []
    assert not (tmp_path / "dist").exists()
    lures.assert_untouched()
