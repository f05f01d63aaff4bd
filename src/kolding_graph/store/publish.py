"""Upload a release to a remote store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is sent with one PUT, which the store applies atomically: a
reader sees each graph wholly old or wholly new, never half of one.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from kolding_graph.errors import UpstreamError
from kolding_graph.release.load import DATASET, Release

N_TRIPLES = "application/n-triples"
USER_AGENT = "kolding-graph publish"


@dataclass(frozen=True, slots=True)
class Published:
    """One graph sent: its IRI and how many triples it holds."""

    graph: str
    triples: int


def graph_store_url(endpoint: str) -> str:
    """Guess the Graph Store URL of a query endpoint (Oxigraph: /query -> /store)."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + "store"
    return endpoint


def graphs_of(release: Release) -> dict[str, list[ox.Triple]]:
    """Read the release's dataset and group its triples by named graph."""
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=str(release.path / DATASET), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode):
            graphs.setdefault(name.value, []).append(quad.triple)
    return graphs


def put_graph(
    store_url: str, graph: str, triples: list[ox.Triple], timeout: float
) -> None:
    """Replace one named graph of the store with the given triples."""
    url = f"{store_url}?{urllib.parse.urlencode({'graph': graph})}"
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    request = urllib.request.Request(url, data=body, method="PUT")
    request.add_header("Content-Type", N_TRIPLES)
    request.add_header("User-Agent", USER_AGENT)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise UpstreamError(
            f"the store refused graph {graph}: HTTP {error.code}", where=url
        ) from None
    except (urllib.error.URLError, OSError) as error:
        raise UpstreamError(f"the store is unreachable: {error}", where=url) from None


def publish(release: Release, store_url: str, timeout: float = 60.0) -> list[Published]:
    """Upload every named graph of a release, one PUT per graph."""
    sent = []
    for graph, triples in sorted(graphs_of(release).items()):
        put_graph(store_url, graph, triples, timeout)
        sent.append(Published(graph, len(triples)))
    return sent
