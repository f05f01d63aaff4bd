"""Measure server time of the browsing UI's pages on the real graph.

Usage: .venv/bin/python bench/pages.py [REQUESTS]

Builds the repository into a temporary release, creates the app with the embedded
store, and times each page kind through the WSGI app in this process (no network).
"cold" drops the per-page cache entries before every request, so every page query
and render runs (per-release work such as the search index is done once); "warm"
is the steady state of a running server (rendered pages cached per release).
Prints p50 and p99 in milliseconds, wall clock and CPU time.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kolding_graph.build.cut import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "/",
    "city": "/id/city/orebro",
    "municipality": "/id/municipality/kolding",
    "organisation": "/id/organisation/iclei",
    "person": "/id/person/per-bodker-andersen",
    "class": "/def/LocalAuthority",
    "twin-city list": "/cities?sort=year",
    "search": "/search?q=orebro",
    "city as Turtle": "/id/city/orebro.ttl",
    "home as of 1990": "/?asOf=1990",
    "person as of 2000": "/id/person/per-bodker-andersen?asOf=2000",
    "twin-city list as of 1990": "/cities?sort=year&asOf=1990",
    "city as Turtle as of 1999": "/id/city/panevezys.ttl?asOf=1999",
}


def make_app(release_dir: Path):
    """Return the production app over the release (embedded store)."""
    from kolding_graph.web import create_app

    return create_app(
        {"RELEASE_DIR": str(release_dir), "SOURCE_DIR": str(ROOT), "TESTING": True}
    )


def site_of(app):
    """Return the app's per-release page data (made on first request)."""
    from kolding_graph.web.ui import SITE_KEY

    return app.extensions[SITE_KEY][1]


def time_requests(client, path: str, count: int, clear) -> tuple[list, list]:
    """Return the wall and CPU milliseconds each of count GETs of path took."""
    wall, cpu = [], []
    for _ in range(count):
        clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return wall, cpu


def percentile(values: list[float], share: float) -> float:
    """Return the value below which share of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(count: int) -> None:
    """Build, serve in-process, measure, print."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        build_release(ROOT, out, DEFAULT_BASE_IRI)
        app = make_app(out)
        client = app.test_client()
        client.get("/")
        site = site_of(app)

        def clear() -> None:
            # Per-page work only; per-release work (the search index, the Wikidata
            # reconciliation report) is done once per release in a real server.
            site.cache.clear()
            site.search_cache.clear()

        print(
            f"# pages, {count} requests each; {platform.python_version()}, "
            f"{platform.machine()}"
        )
        print(
            f"# load average before: {os.getloadavg()[0]:.2f} "
            "(CPU ms are less disturbed by other processes than wall ms)"
        )
        print(
            "| page | cold p50 wall | cold p50 CPU | cold p99 wall "
            "| warm p50 wall | warm p50 CPU | warm p99 wall |"
        )
        print("|---|---|---|---|---|---|---|")
        for name, path in PAGES.items():
            cold, cold_cpu = time_requests(client, path, count, clear)
            warm, warm_cpu = time_requests(client, path, count, lambda: None)
            print(
                f"| {name} | {statistics.median(cold):.2f} | "
                f"{statistics.median(cold_cpu):.2f} | {percentile(cold, 0.99):.2f} | "
                f"{statistics.median(warm):.2f} | {statistics.median(warm_cpu):.2f} | "
                f"{percentile(warm, 0.99):.2f} |"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
