"""Service metrics in the Prometheus text format, summed over every server process.

The production server runs several granian workers; a scrape reaches only one
of them. prometheus_client's multiprocess mode makes each process write its
values to small memory-mapped files in one directory, and the scrape sums the
files of every worker, dead ones included (counters never go back). The server
creates that directory before the app exists (prometheus_client reads it when
first imported, so nothing here imports it at module level). Without the
directory (tests, one process) the values live in this process.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from typing import Any

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Seconds: from a cached answer (sub-millisecond) to the default time limit.
LATENCY_BUCKETS: tuple[float, ...] = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1)
LATENCY_BUCKETS += (0.25, 0.5, 1, 2.5, 5, 10, 30)


@dataclass(frozen=True)
class Metrics:
    """The service's counters and histograms (prometheus_client objects)."""

    requests: Any
    latency: Any
    timeouts: Any
    refusals: Any
    cache_hits: Any
    cache_misses: Any
    reloads: Any

    def render(self) -> tuple[bytes, str]:
        """Return the text exposition of every process's values and its media type."""
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(_registry()), CONTENT_TYPE_LATEST


_METRICS: Metrics | None = None
_LOCAL_REGISTRY: Any = None


_CREATING = threading.Lock()


def get_metrics() -> Metrics:
    """Return the process's metrics, created on first use (once, whatever the
    threads: two sets would each write their own count over the other's)."""
    if _METRICS is None:
        with _CREATING:
            if _METRICS is None:
                _create()
    assert _METRICS is not None
    return _METRICS


def _create() -> None:
    """Create the metrics (the caller holds _CREATING)."""
    global _METRICS, _LOCAL_REGISTRY
    from prometheus_client import CollectorRegistry, Counter, Histogram

    shared = bool(os.environ.get(MULTIPROC_ENV))
    _LOCAL_REGISTRY = None if shared else CollectorRegistry()
    where = {"registry": _LOCAL_REGISTRY}
    _METRICS = Metrics(
        requests=Counter(
            "kolding_graph_requests",
            "HTTP requests answered, by route and status.",
            ["route", "method", "status"],
            **where,
        ),
        latency=Histogram(
            "kolding_graph_request_seconds",
            "Time to answer a request, by route.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            **where,
        ),
        timeouts=Counter(
            "kolding_graph_query_timeouts",
            "Queries stopped at the time limit.",
            **where,
        ),
        refusals=Counter(
            "kolding_graph_refusals",
            "Requests refused on purpose (4xx and limits), by reason.",
            ["reason"],
            **where,
        ),
        cache_hits=Counter(
            "kolding_graph_cache_hits",
            "Answers served without running the query (cache or 304), by kind.",
            ["kind"],
            **where,
        ),
        cache_misses=Counter(
            "kolding_graph_cache_misses",
            "Queries that had to run.",
            **where,
        ),
        reloads=Counter(
            "kolding_graph_release_reloads",
            "Switches to a newly published release, by outcome.",
            ["outcome"],
            **where,
        ),
    )


def _registry() -> Any:
    if _LOCAL_REGISTRY is not None:
        return _LOCAL_REGISTRY
    from prometheus_client import CollectorRegistry
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def share_between_processes() -> str:
    """Create a fresh directory for every process's values and announce it."""
    if _METRICS is not None:
        raise RuntimeError("metrics already exist in this process; share them first")
    directory = tempfile.mkdtemp(prefix="kolding-graph-metrics-")
    os.environ[MULTIPROC_ENV] = directory
    return directory


def forget_process(pid: int) -> None:
    """Tell the shared metrics that a worker process has gone."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


def remove_shared(directory: str) -> None:
    """Delete the shared metrics directory (the server is stopping)."""
    shutil.rmtree(directory, ignore_errors=True)
