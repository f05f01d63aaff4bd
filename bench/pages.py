"""Measure server time of the browsing UI's pages on the real graph.

Usage: .venv/bin/python bench/pages.py [REQUESTS]

Builds the repository into a temporary release, creates the app with the embedded
store, and times each page kind through the WSGI app in this process (no network):
"cold" clears the per-release cache before every request (every query and render
runs), "warm" is the steady state of a running server (rendered pages cached per
release). Prints p50 and p99 in milliseconds.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kolding_graph.build import build_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI
from kolding_graph.pages import LruCache

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

    return app.extensions[SITE_KEY]


def time_requests(client, path: str, count: int, clear) -> list[float]:
    """Return the milliseconds each of count GETs of path took."""
    times = []
    for _ in range(count):
        clear()
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


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
            site.cache = LruCache()

        print(f"# pages, {count} requests each; {platform.python_version()}, "
              f"{platform.machine()}")
        print("| page | cold p50 ms | cold p99 ms | warm p50 ms | warm p99 ms |")
        print("|---|---|---|---|---|")
        for name, path in PAGES.items():
            cold = time_requests(client, path, count, clear)
            warm = time_requests(client, path, count, lambda: None)
            print(f"| {name} | {statistics.median(cold):.2f} | "
                  f"{percentile(cold, 0.99):.2f} | {statistics.median(warm):.2f} | "
                  f"{percentile(warm, 0.99):.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
