"""`kolding-graph publish` against real stores: Oxigraph, and Virtuoso behind Digest."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kolding_graph.errors import UpstreamError
from kolding_graph.release.load import Release
from kolding_graph.store.publish import PASSWORD_ENV, Login, find_login
from servers import VIRTUOSO_USER

pytestmark = pytest.mark.server
COMMAND = str(Path(sys.executable).with_name("kolding-graph"))
COUNT_GRAPH = (
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://data.kolding.dk/graph/curated> "
    "{ ?s ?p ?o } }"
)


def publish_cli(
    release: Release, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run `kolding-graph publish` on the release; return what it did."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KOLDING")}
    environ.update(env or {})
    return subprocess.run(
        [COMMAND, "publish", "--release", str(release.path), *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )


def curated_count(query_url: str) -> int:
    """Count the curated graph's triples through a store's query endpoint."""
    import json
    import urllib.parse
    import urllib.request

    body = urllib.parse.urlencode({"query": COUNT_GRAPH}).encode()
    request = urllib.request.Request(query_url, data=body)
    request.add_header("Accept", "application/sparql-results+json")
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.load(response)
    return int(answer["results"]["bindings"][0]["n"]["value"])


def test_publish_to_virtuoso_with_digest_login(
    release: Release, virtuoso_store: str
) -> None:
    """The endpoint's Server header names Virtuoso: its Digest-protected Graph
    Store URL is used, with the password from the environment."""
    env = {PASSWORD_ENV: VIRTUOSO_USER[1]}
    done = publish_cli(
        release, "--endpoint", virtuoso_store, "--user", VIRTUOSO_USER[0], env=env
    )
    assert done.returncode == 0, done.stderr
    assert "sparql-graph-crud-auth" in done.stdout
    assert curated_count(virtuoso_store) == release.graphs["curated"]["triples"]


def test_publish_with_a_wrong_password_says_so(
    release: Release, virtuoso_store: str
) -> None:
    env = {PASSWORD_ENV: "not-the-password"}
    done = publish_cli(release, "--endpoint", virtuoso_store, "--user", "dba", env=env)
    assert done.returncode == 2
    assert "login" in done.stderr and "--user" in done.stderr


def test_publish_without_a_login_to_a_store_that_wants_one_says_so(
    release: Release, virtuoso_store: str
) -> None:
    store = virtuoso_store.removesuffix("/sparql") + "/sparql-graph-crud-auth"
    done = publish_cli(release, "--store", store)
    assert done.returncode == 2
    assert "--user" in done.stderr and PASSWORD_ENV in done.stderr


def test_publish_to_a_url_that_never_answers_put_fails_within_seconds(
    release: Release, virtuoso_store: str
) -> None:
    """Issue 15, finding 5: a PUT to Virtuoso's /sparql waited 60 s."""
    started = time.monotonic()
    done = publish_cli(release, "--store", virtuoso_store)
    took = time.monotonic() - started
    assert done.returncode == 2
    assert "--store" in done.stderr and "sparql-graph-crud-auth" in done.stderr
    assert took < 15, f"took {took:.1f} s"


def test_publish_to_oxigraph_finds_its_store_url(
    release: Release, oxigraph_store: str
) -> None:
    done = publish_cli(release, "--endpoint", f"{oxigraph_store}/query")
    assert done.returncode == 0, done.stderr
    assert f"published 6 graphs to {oxigraph_store}/store" in done.stdout


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A listening socket that accepts and never answers: an unknown server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_an_endpoint_without_a_known_store_url_names_the_option(
    release: Release, silent_server: str
) -> None:
    started = time.monotonic()
    done = publish_cli(release, "--endpoint", silent_server)
    assert done.returncode == 2 and "--store" in done.stderr
    assert time.monotonic() - started < 15


def test_the_password_comes_from_the_environment_or_netrc(tmp_path: Path) -> None:
    url = "http://store.example:8890/sparql-graph-crud-auth"
    env = {PASSWORD_ENV: "secret", "NETRC": str(tmp_path / "none")}
    assert find_login(url, "dba", env) == Login("dba", "secret")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine store.example login dba password from-netrc\n")
    netrc.chmod(0o600)
    assert find_login(url, None, {"NETRC": str(netrc)}) == Login("dba", "from-netrc")
    assert find_login(url, "dba", {"NETRC": str(netrc)}) == Login("dba", "from-netrc")
    with pytest.raises(UpstreamError, match=PASSWORD_ENV):
        find_login(url, "someone", {"NETRC": str(tmp_path / "none")})


def test_the_command_line_has_no_password_option() -> None:
    done = subprocess.run(
        [COMMAND, "publish", "--help"], capture_output=True, text=True, timeout=30
    )
    assert "--user" in done.stdout and "--password" not in done.stdout


BASIC_CONF = """
worker_processes 1;
pid nginx.pid;
error_log stderr warn;
daemon off;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    client_max_body_size 50m;
    server {
        listen 127.0.0.1:%(port)d;
        location /healthz { return 200 "ok"; }
        location /store {
            auth_basic "store";
            auth_basic_user_file htpasswd;
            proxy_pass %(upstream)s;
        }
    }
}
"""


def test_publish_with_a_basic_login(
    release: Release, oxigraph_store: str, tmp_path: Path
) -> None:
    """A Graph Store behind HTTP Basic (nginx in front of `oxigraph serve`)."""
    from servers import free_port, nginx_serve

    port = free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    (prefix / "htpasswd").write_text("editor:{PLAIN}open-sesame\n")
    config = BASIC_CONF % {"port": port, "upstream": f"{oxigraph_store}/store"}
    with nginx_serve(config, prefix, port) as base:
        store = f"{base}/store"
        refused = publish_cli(release, "--store", store)
        assert refused.returncode == 2 and "--user" in refused.stderr
        wrong = publish_cli(
            release, "--store", store, "--user", "editor", env={PASSWORD_ENV: "no"}
        )
        assert wrong.returncode == 2 and "login" in wrong.stderr
        env = {PASSWORD_ENV: "open-sesame"}
        done = publish_cli(release, "--store", store, "--user", "editor", env=env)
    assert done.returncode == 0, done.stderr
    assert (
        curated_count(f"{oxigraph_store}/query") == release.graphs["curated"]["triples"]
    )
