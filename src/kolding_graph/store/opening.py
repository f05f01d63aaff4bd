"""Open the configured store: remote when an endpoint is set, else embedded."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kolding_graph.errors import ReleaseError
from kolding_graph.release.load import Release, load_release
from kolding_graph.store.base import Store
from kolding_graph.store.embedded import EmbeddedStore
from kolding_graph.store.ondisk import prepare_store

log = logging.getLogger(__name__)


def open_store(config: Mapping[str, Any]) -> tuple[Release | None, Store]:
    """Open the remote store when an endpoint is set, else the embedded one."""
    if config["ENDPOINT"]:
        from kolding_graph.store.remote import RemoteStore

        release = _optional_release(config["RELEASE_DIR"])
        graphs = graph_sizes(release) if release else None
        store = RemoteStore(
            config["ENDPOINT"],
            timeout=config["QUERY_TIMEOUT"],
            max_bytes=config["RESULT_MAX_BYTES"],
            graphs=graphs,
            base_iri=release.base_iri if release else config["BASE_IRI"],
        )
        return release, store
    release = load_release(config["RELEASE_DIR"])
    return release, open_embedded(release, config)


def open_embedded(release: Release, config: Mapping[str, Any]) -> EmbeddedStore:
    """Open a release (served or old) in an embedded store with its base IRI.

    A small release is loaded into memory (a few MiB; the fastest joins), a
    large one is read from its on-disk store (store/ondisk.py).
    """
    location = None
    if release.triples > config["MEMORY_STORE_MAX_TRIPLES"]:
        try:
            location = prepare_store(release)
        except ReleaseError as error:
            log.warning("loading release %s into memory: %s", release.id, error)
    if location is not None:
        try:
            return _embedded(release, config, location)
        except OSError as error:  # a damaged store: serve from memory meanwhile
            log.warning("loading release %s into memory: %s", release.id, error)
    return _embedded(release, config, None)


def _embedded(
    release: Release, config: Mapping[str, Any], location: Path | None
) -> EmbeddedStore:
    return EmbeddedStore(
        Path(release.path) / "dataset.nq",
        location=location,
        timeout=config["QUERY_TIMEOUT"],
        max_bytes=config["RESULT_MAX_BYTES"],
        base_iri=release.base_iri,
        memory_bytes=config["QUERY_MEMORY_MB"] * 1_000_000,
        parallel=config.get("THREADS", 1),
    )


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
