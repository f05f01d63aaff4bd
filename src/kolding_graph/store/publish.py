"""Upload a release to a remote store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is sent with one PUT, which the store applies atomically: a
reader sees each graph wholly old or wholly new, never half of one. Before the
first graph, one empty probe graph is PUT and deleted within a few seconds, so a
URL that does not speak the protocol fails at once instead of after a timeout.
"""

from __future__ import annotations

import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from kolding_graph.errors import UpstreamError
from kolding_graph.formats import NTRIPLES, TURTLE
from kolding_graph.release.load import DATASET, Release

N_TRIPLES = NTRIPLES.media_type
USER_AGENT = "kolding-graph publish"
PROBE_SECONDS = 5.0
PROBE_GRAPH = "urn:kolding-graph:publish-probe"
PASSWORD_ENV = "KOLDING_GRAPH_STORE_PASSWORD"
# Stores whose service description answers with a Server header naming them:
# product, query path, Graph Store path (anonymous), Graph Store path (login).
# Neither store names its Graph Store URL in its service description itself.
KNOWN_STORES = (
    ("Oxigraph/", "/query", "/store", "/store"),
    ("Virtuoso/", "/sparql", "/sparql-graph-crud", "/sparql-graph-crud-auth"),
)
STORE_HINT = (
    "give the store's Graph Store Protocol URL with --store "
    "(Oxigraph: .../store, Virtuoso: .../sparql-graph-crud-auth)"
)


@dataclass(frozen=True, slots=True)
class Published:
    """One graph sent: its IRI and how many triples it holds."""

    graph: str
    triples: int


@dataclass(frozen=True, slots=True)
class Login:
    """A user name and password for the store (never from the command line)."""

    user: str
    password: str


def find_login(
    url: str, user: str | None, environ: dict[str, str] | None = None
) -> Login | None:
    """Return the login for url: the password from the environment, else netrc."""
    environ = dict(os.environ) if environ is None else environ
    password = environ.get(PASSWORD_ENV)
    if user and password is not None:
        return Login(user, password)
    host = urllib.parse.urlsplit(url).hostname or ""
    found = _netrc_entry(host, environ.get("NETRC"))
    if found is not None and (user is None or found[0] in ("", user)):
        return Login(user or found[0], found[2] or "")
    if user:
        raise UpstreamError(
            f"no password for {user}: set {PASSWORD_ENV} or add a machine {host} "
            "entry to ~/.netrc",
            where=url,
        )
    return None


def _netrc_entry(host: str, path: str | None) -> tuple[str, str, str] | None:
    try:
        entries = netrc.netrc(path)
    except FileNotFoundError:
        return None
    except (netrc.NetrcParseError, OSError) as error:
        raise UpstreamError(f"cannot read the netrc file: {error}") from None
    return entries.authenticators(host)


def opener(url: str, login: Login | None) -> urllib.request.OpenerDirector:
    """Return a URL opener answering the store's Basic or Digest challenge."""
    if login is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, login.user, login.password)
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(passwords),
        urllib.request.HTTPDigestAuthHandler(passwords),
    )


def graph_store_url(endpoint: str, login: Login | None = None) -> str:
    """Find the Graph Store URL of a query endpoint from its service description."""
    request = urllib.request.Request(endpoint, headers={"Accept": TURTLE.media_type})
    request.add_header("User-Agent", USER_AGENT)
    try:
        with urllib.request.urlopen(request, timeout=PROBE_SECONDS) as response:
            server = response.headers.get("Server", "")
    except urllib.error.HTTPError as error:
        server = error.headers.get("Server", "")
    except (urllib.error.URLError, OSError) as error:
        raise UpstreamError(
            f"the store did not describe itself ({error}): " + STORE_HINT,
            where=endpoint,
        ) from None
    base = endpoint.rstrip("/")
    for product, query_path, anonymous, with_login in KNOWN_STORES:
        if server.startswith(product) and base.endswith(query_path):
            path = with_login if login else anonymous
            return base[: -len(query_path)] + path
    raise UpstreamError(
        f"cannot tell the Graph Store URL of this store ({server or 'unnamed'}): "
        + STORE_HINT,
        where=endpoint,
    )


def graphs_of(release: Release) -> dict[str, list[ox.Triple]]:
    """Read the release's dataset and group its triples by named graph."""
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=str(release.path / DATASET), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode):
            graphs.setdefault(name.value, []).append(quad.triple)
    return graphs


def send(
    client: urllib.request.OpenerDirector,
    store_url: str,
    graph: str,
    method: str,
    body: bytes | None,
    timeout: float,
) -> None:
    """Send one Graph Store request for a graph; raise what went wrong, clearly."""
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", N_TRIPLES)
    request.add_header("User-Agent", USER_AGENT)
    try:
        with client.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise UpstreamError(_refusal(error, graph), where=store_url) from None
    except (TimeoutError, urllib.error.URLError) as error:
        if not _timed_out(error):
            raise UpstreamError(
                f"the store is unreachable: {error}", where=store_url
            ) from None
        raise UpstreamError(
            f"the store did not answer a Graph Store {method} within {timeout:g} s: "
            + STORE_HINT,
            where=store_url,
        ) from None
    except OSError as error:
        raise UpstreamError(
            f"the store is unreachable: {error}", where=store_url
        ) from None


def _timed_out(error: OSError) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(reason, TimeoutError)


def _refusal(error: urllib.error.HTTPError, graph: str) -> str:
    if error.code == 401:
        return (
            "the store asks for a login it did not get or refused: give --user, "
            f"with the password in {PASSWORD_ENV} or ~/.netrc"
        )
    if error.code == 403:
        return (
            "the store refuses to let this login write (HTTP 403): give --user "
            "for a user who may, and the store's authenticated Graph Store URL"
        )
    if error.code in (404, 405):
        return f"HTTP {error.code}: this is not a Graph Store URL; " + STORE_HINT
    return f"the store refused graph {graph}: HTTP {error.code}"


def probe(client: urllib.request.OpenerDirector, store_url: str) -> None:
    """PUT and delete an empty probe graph, within a few seconds each."""
    send(client, store_url, PROBE_GRAPH, "PUT", b"", PROBE_SECONDS)
    try:
        send(client, store_url, PROBE_GRAPH, "DELETE", None, PROBE_SECONDS)
    except UpstreamError as error:
        # An empty graph is gone already in stores without empty graphs.
        if "HTTP 404" not in error.message:
            raise


def publish(
    release: Release,
    store_url: str,
    timeout: float = 60.0,
    login: Login | None = None,
) -> list[Published]:
    """Upload every named graph of a release, one PUT per graph."""
    client = opener(store_url, login)
    probe(client, store_url)
    sent = []
    for graph, triples in sorted(graphs_of(release).items()):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        send(client, store_url, graph, "PUT", body, timeout)
        sent.append(Published(graph, len(triples)))
    return sent
