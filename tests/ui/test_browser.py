"""Real-browser tests: Debian's Chromium (Playwright) against the production server.

Every request the browser makes must stay on 127.0.0.1; console errors (including CSP
violations) fail the test; axe-core checks WCAG 2.1 A/AA on each page kind.
"""

from __future__ import annotations

import urllib.request

import pytest

from .harness import ARTIFACTS, AXE, Watch, open_context

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
    "home as of 1990": "/?asOf=1990",
    "twin cities as of 1990": "/cities?asOf=1990",
    "person as of 2000": "/id/person/per-bodker-andersen?asOf=2000",
    "error outside /id/": "/no/such/page",
    "dataset": "/dataset",
    "downloads": "/downloads/",
    "reconciliation": "/reconciliation",
    "discrepancy": "/id/discrepancy/"
    "twin-not-in-wikidata-city-kujalleq-q478813-c4a899ab",
    "graph": "/graph/curated",
    "query error": "/sparql?format=html&query=SELECT%20*%20WHERE%20%7B",
    "privacy": "/persondata",
}

EXPECTED_STATUS = {"not found": 404, "error outside /id/": 404, "query error": 400}
# Pages a reader sees most, shot at phone and desktop width (tests/artifacts/).
SCREENSHOTS = (
    ("home", "/"),
    ("city", "/id/city/orebro"),
    ("iclei", "/id/organisation/iclei"),
    ("municipality", "/id/municipality/kolding"),
    ("claim", "/id/claim/iclei-founding-k1"),
    ("downloads", "/downloads/"),
    ("not-found", "/no/such/page"),
)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_renders(page, watch, server, kind):
    expected = EXPECTED_STATUS.get(kind, 200)
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
    if kind in EXPECTED_STATUS:
        watch.expected_status = EXPECTED_STATUS[kind]
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
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("p.kind").inner_text().strip().lower() == "twin city"
    page.locator("dl.summary").get_by_role("link", name="Sweden").click()
    assert page.locator("html").get_attribute("lang") == "en"


def test_search_finds_orebro(page, server):
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Søg").fill("orebro")
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
    page.wait_for_selector("#query-form[data-ready]")  # the editor is set up
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(
        "SELECT ?s WHERE { ?s a <https://data.kolding.dk/def/LocalAuthority> }"
    )
    page.get_by_role("button", name="Kør forespørgslen").click()
    page.locator("#results-body .count").wait_for()
    assert page.locator("table tbody tr").count() == 12  # Kolding is kg:Municipality


# The index of each visible, focusable control in document order.
FOCUSABLE = """() => { const all = [...document.querySelectorAll('*')];
    return [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), textarea, select, [tabindex]')]
      .filter(e => e.checkVisibility() && e.tabIndex >= 0)
      .map(e => all.indexOf(e)); }"""
ACTIVE = """() => { const e = document.activeElement;
    const all = [...document.querySelectorAll('*')];
    return e === document.body ? -1 : all.indexOf(e); }"""


def focusable(page) -> set[int]:
    """Return the document positions of the visible, focusable controls."""
    return set(page.evaluate(FOCUSABLE))


@pytest.mark.parametrize("path", ["/", "/id/city/orebro", "/query", "/cities"])
def test_keyboard_reaches_every_control(page, server, path):
    page.goto(server + path)
    controls = focusable(page)
    reached = set()
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(ACTIVE))
    reached.discard(-1)
    assert controls, "the page has no controls: the check would pass vacuously"
    assert controls <= reached, f"not reached by Tab: {sorted(controls - reached)}"


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
    for label, path in SCREENSHOTS:
        page.goto(server + path)
        target = ARTIFACTS / f"{label}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        # Something a person would see: the page's heading, drawn inside the viewport.
        heading = page.locator("h1").first
        box = heading.bounding_box()
        assert heading.is_visible() and heading.inner_text().strip()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= width
    context.close()
    watch.check()


# --- citing: one click from the editor, a short link, a phone-wide page (issue 13)

PHONE = {"width": 390, "height": 844}
CITED = (
    "SELECT ?city WHERE {\n  ?agreement a <https://data.kolding.dk/def/TwinningAgreement>"
    " ;\n    <https://data.kolding.dk/def/party> ?city .\n}"
)


def phone_page(browser, watch: Watch, **options):
    """Return a phone-sized page, watched for console errors and egress."""
    context = open_context(browser, watch, viewport=PHONE, **options)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    return context, page


def sideways(page) -> int:
    """Return by how many pixels the page is wider than the screen."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )


def fits(page, selector: str, width: int) -> bool:
    """Return True if an element laid out at width needs no more room."""
    return page.evaluate(
        """([selector, width]) => { const e = document.querySelector(selector);
            e.style.width = width + 'px'; e.style.boxSizing = 'border-box';
            return e.scrollWidth <= width; }""",
        [selector, width],
    )


def test_one_click_from_the_editor_cites_the_query(browser, server) -> None:
    watch = Watch()
    context, page = phone_page(
        browser,
        watch,
        locale="en-GB",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page.goto(server + "/query?lang=en")
    page.wait_for_selector("#query-form[data-ready]")  # the CodeMirror editor is up
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(CITED)
    page.get_by_role("button", name="Cite this query").click()
    page.wait_for_url("**/sparql/cite/**")
    link = page.url
    assert len(link) < 200, link
    assert "query=" not in link
    assert page.title().startswith("Cite a query")
    assert page.locator("pre.query-text").inner_text() == CITED
    assert page.locator("h1").inner_text() == "Cite a query"
    assert sideways(page) <= 0, "the cite page scrolls sideways at 390 px"
    citation = page.locator("#citation-text").inner_text()
    assert citation.startswith("Kolding Kommune (") and "(released " in citation
    page.get_by_role("button", name="Copy").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == citation
    assert page.get_by_role("button", name="Copied").is_visible()
    context.close()
    watch.check()
    request = urllib.request.Request(link.split("?")[0], headers={"Accept": "*/*"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Cache-Control"].endswith("immutable")
        assert answer.status == 200 and answer.read()


@pytest.mark.parametrize("path", ["/dataset?lang=en", "/dataset"])
def test_the_dataset_page_shows_how_to_cite_on_a_phone(
    browser,
    server,
    path: str,
) -> None:
    watch = Watch()
    context, page = phone_page(browser, watch, locale="da-DK")
    page.goto(server + path)
    box = page.locator("#cite")
    heading = "How to cite" if "lang=en" in path else "Sådan citerer du"
    assert box.locator("h2").inner_text() == heading
    assert "CC BY 4.0" in box.inner_text()
    assert not page.title().startswith("http")
    assert box.get_by_role("button").is_visible()  # the copy button, shown by JS
    # The page's general facts table is issue 12's; these boxes must fit a phone.
    for selector in ("#cite", "#graphs"):
        assert fits(page, selector, PHONE["width"] - 32), selector
    context.close()
    watch.check()


def test_the_cite_page_has_no_wcag_violations(browser, server) -> None:
    watch = Watch()
    context = open_context(
        browser, watch, bypass_csp=True, viewport=PHONE, locale="da-DK"
    )
    page = context.new_page()
    page.goto(server + "/query")
    page.get_by_role("button", name="Citér denne forespørgsel").click()
    page.wait_for_url("**/sparql/cite/**")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    context.close()
    watch.check()
    assert [v["id"] for v in result["violations"]] == []
