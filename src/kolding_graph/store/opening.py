"""Open the configured store: remote when an endpoint is set, else embedded."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kolding_graph.errors import ReleaseError
from kolding_graph.release.load import Release, load_release
from kolding_graph.store.base import Store
from kolding_graph.store.embedded import EmbeddedStore


def open_store(config: Mapping[str, Any]) -> tuple[Release | None, Store]:
    """Open the remote store when an endpoint is set, else the embedded one."""
    timeout = float(config["QUERY_TIMEOUT"])
    max_bytes = int(config["RESULT_MAX_BYTES"])
    if config["ENDPOINT"]:
        from kolding_graph.store.remote import RemoteStore

        release = _optional_release(config["RELEASE_DIR"])
        graphs = graph_sizes(release) if release else None
        store = RemoteStore(
            config["ENDPOINT"],
            timeout=timeout,
            max_bytes=max_bytes,
            graphs=graphs,
            base_iri=release.base_iri if release else config["BASE_IRI"],
        )
        return release, store
    release = load_release(config["RELEASE_DIR"])
    dataset = Path(release.path) / "dataset.nq"
    memory = int(float(config.get("QUERY_MEMORY_MB", 0)) * 1_000_000)
    embedded = EmbeddedStore(
        dataset,
        timeout=timeout,
        max_bytes=max_bytes,
        base_iri=release.base_iri,
        memory_bytes=memory,
        parallel=int(config.get("THREADS", 1)),
    )
    return release, embedded


def _optional_release(path: str) -> Release | None:
    try:
        return load_release(path)
    except ReleaseError:
        return None


def graph_sizes(release: Release) -> dict[str, int]:
    """Return {graph IRI: triples} from a release's metadata."""
    sizes = {}
    for entry in release.graphs.values():
        iri = entry["iri"] if isinstance(entry, Mapping) else entry.iri
        triples = entry["triples"] if isinstance(entry, Mapping) else entry.triples
        sizes[iri] = int(triples)
    return sizes
