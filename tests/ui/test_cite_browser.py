"""Citing in a real browser: one click from the editor, a short link, a phone-wide page.

Debian's Chromium (Playwright) against the production server, as in test_browser.
"""

from __future__ import annotations

import urllib.request

import pytest

from .test_browser import AXE, Watch, browser, open_context, server  # noqa: F401

PHONE = {"width": 390, "height": 844}


def phone_page(browser, watch: Watch, **options):  # noqa: F811
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


def test_one_click_from_the_editor_cites_the_query(browser, server) -> None:  # noqa: F811
    watch = Watch()
    context, page = phone_page(
        browser,
        watch,
        locale="en-GB",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page.goto(server + "/query?lang=en")
    page.get_by_role("button", name="Cite this query").click()
    page.wait_for_url("**/sparql/cite/**")
    link = page.url
    assert len(link) < 200, link
    assert "query=" not in link
    assert page.title().startswith("Cite a query")
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
    browser,  # noqa: F811
    server,  # noqa: F811
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


def test_the_cite_page_has_no_wcag_violations(browser, server) -> None:  # noqa: F811
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
