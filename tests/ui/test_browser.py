"""Real-browser tests: Debian's Chromium (Playwright) against the production server.

Every request the browser makes must stay on 127.0.0.1; console errors (including CSP
violations) fail the test; axe-core checks WCAG 2.1 A/AA on each page kind.
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
PAGE_KINDS = {
    "home": "/",
    "twin cities": "/cities",
    "organisations": "/organisations",
    "people": "/people",
    "city": "/id/city/orebro",
    "municipality": "/id/municipality/kolding",
    "town": "/id/city/kolding",
    "organisation": "/id/organisation/iclei",
    "membership": "/id/membership/per-bodker-andersen-ubc-president",
    "agreement": "/id/agreement/kolding-delmenhorst",
    "person": "/id/person/per-bodker-andersen",
    "initiative": "/id/project/smart-spp",
    "event": "/id/event/cop15",
    "document": "/id/document/international-politik",
    "designation": "/id/designation/kolding-city-of-design",
    "source": "/id/document/kolding-internationalt-samarbejde",
    "figure": "/id/figure/iclei-members-2023",
    "claim": "/id/claim/iclei-founding-k1",
    "concept": "/id/concept/role-member",
    "country": "/id/country/japan",
    "class": "/def/LocalAuthority",
    "property": "/def/party",
    "ontology": "/ontology",
    "search": "/search?q=kolding",
    "query editor": "/query",
    "query results": "/sparql?format=html&query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp"
    "%20%3Fo%7D%20LIMIT%205",
    "not found": "/id/city/atlantis",
}

playwright_api = pytest.importorskip("playwright.sync_api")


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


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_renders(page, watch, server, kind):
    expected = 404 if kind == "not found" else 200
    watch.expected_status = expected if expected != 200 else None
    response = page.goto(server + PAGE_KINDS[kind])
    assert response.status == expected
    assert page.locator("h1").first.is_visible()
    assert page.locator("main").count() == 1


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_wcag_violations(browser, server, kind):
    watch = Watch()
    # axe is injected as a script, which our CSP rightly forbids: bypass it here only.
    context = open_context(browser, watch, bypass_csp=True, locale="da-DK")
    page = context.new_page()
    if kind == "not found":
        watch.expected_status = 404
    page.goto(server + PAGE_KINDS[kind])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    context.close()
    watch.check()
    problems = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
    ]
    assert problems == []


def test_language_switch(page, server):
    page.goto(server + "/id/city/orebro")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("p.kind").inner_text().strip().lower() == "venskabsby"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("p.kind").inner_text().strip().lower() == "twin city"
    page.locator("dl.summary").get_by_role("link", name="Sweden").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_search_finds_orebro(page, server):
    page.goto(server + "/")
    page.get_by_label("Søg navne").fill("orebro")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=orebro*")
    link = page.locator("main ul.hits a").first
    assert link.inner_text() == "Örebro"
    link.click()
    assert page.url.split("?")[0].endswith("/id/city/orebro")


def test_map_shows_the_twelve_twin_cities(page, server):
    page.goto(server + "/")
    cities = page.locator("figure.worldmap svg a.city")
    assert cities.count() == 12
    for i in range(12):
        box = cities.nth(i).locator("circle").bounding_box()
        assert box is not None and box["width"] > 0
    assert page.locator("figure.worldmap svg a.home").count() == 1


def test_query_editor_runs_an_example(page, server):
    page.goto(server + "/query")
    page.get_by_role("link", name="Koldings venskabsbyer", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("table tbody tr").count() == 12
    page.goto(server + "/query")
    page.locator("#query-text").fill(
        "SELECT ?s WHERE { ?s a <https://data.kolding.dk/def/LocalAuthority> }"
    )
    page.get_by_role("button", name="Kør forespørgslen").click()
    page.wait_for_load_state()
    assert page.locator("table tbody tr").count() == 12  # Kolding is kg:Municipality


def focusable_count(page) -> int:
    """Return how many visible, focusable controls the page has."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), textarea, select')]
            .filter(e => e.getClientRects().length > 0).length"""
    )


@pytest.mark.parametrize("path", ["/", "/id/city/orebro", "/query", "/cities"])
def test_keyboard_reaches_every_control(page, server, path):
    page.goto(server + path)
    total = focusable_count(page)
    reached = set()
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                """() => { const e = document.activeElement;
                       const all = [...document.querySelectorAll('*')];
                       return e === document.body ? -1 : all.indexOf(e); }"""
            )
        )
    reached.discard(-1)
    assert len(reached) >= total


@pytest.mark.parametrize(
    "width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")]
)
def test_screenshots(browser, server, width, height, name):
    watch = Watch()
    context = open_context(
        browser, watch, viewport={"width": width, "height": height}, locale="da-DK"
    )
    page = context.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, path in (("home", "/"), ("city", "/id/city/orebro")):
        page.goto(server + path)
        target = ARTIFACTS / f"{label}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    context.close()
    watch.check()
