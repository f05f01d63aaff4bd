"""The browser harness: Debian's Chromium (Playwright) against the production server.

Every request the browser makes must stay on 127.0.0.1; console errors (including CSP
violations) fail the test. The fixtures are shared by every browser test module
(tests/ui/conftest.py imports them), so one server and one browser serve them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kolding_graph.release.load import Release
from servers import kolding_graph_serve

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "tools" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def server(release: Release) -> Iterator[str]:
    """Run `kolding-graph serve` (granian) on a free loopback port."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with kolding_graph_serve(release.path, log=ARTIFACTS / "server.log") as (url, _):
        yield url


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium headless through Playwright."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


class Watch:
    """What a page did that it must not: outside requests, console errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.expected_status: int | None = None

    def check(self) -> None:
        """Fail if the page reached past 127.0.0.1 or logged an error."""
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        errors = self.errors
        if self.expected_status:  # the browser logs the page's own error status
            own = f"status of {self.expected_status}"
            errors = [e for e in errors if own not in e]
        assert errors == [], f"console errors: {errors}"


def open_context(browser, watch: Watch, **options):
    """Return a browser context that aborts (and records) any non-loopback request."""
    context = browser.new_context(**options)

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


@pytest.fixture
def watch() -> Watch:
    """Return a fresh record of forbidden page behaviour."""
    return Watch()


@pytest.fixture
def page(browser, watch: Watch):
    """Return a Danish page with CSP enforced, watched for errors and egress."""
    context = open_context(browser, watch, locale="da-DK")
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    yield page
    context.close()
    watch.check()
