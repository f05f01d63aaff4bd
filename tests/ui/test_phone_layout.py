"""No page scrolls sideways on a phone, and none logs a console error (issue 12).

Every page of the crawl (home, links, sitemap; Danish and English) is opened in
Chromium at 320 px and measured again at 390 px: the document must not be wider
than the viewport. axe-core runs once per page kind in test_browser.py.
"""

from __future__ import annotations

import pytest

from .crawl import crawl, sitemap_paths
from .harness import Watch, open_context

WIDTHS = (320, 390)
WIDTH_SCRIPT = "() => document.documentElement.scrollWidth"


@pytest.fixture(scope="module")
def pages(app) -> dict[str, list[tuple[str, int]]]:
    """Return {lang: [(url, status)]} of every HTML page the crawl reaches."""
    client = app.test_client()
    extra = sitemap_paths(client) + ["/no/such/page"]
    return {
        lang: [(url, status) for url, (status, _) in crawl(client, lang, extra).items()]
        for lang in ("da", "en")
    }


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_page_is_wider_than_a_phone(browser, server, pages, lang):
    watch = Watch()
    context = open_context(
        browser, watch, viewport={"width": WIDTHS[0], "height": 700}, locale="da-DK"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    too_wide, logged = [], []
    for i, (url, status) in enumerate(pages[lang]):
        errors.clear()
        widths = WIDTHS if i % 2 == 0 else WIDTHS[::-1]  # one resize fewer per page
        response = page.goto(server + url, wait_until="load")
        assert response is not None and response.status == status, url
        for width in widths:
            if width != page.viewport_size["width"]:
                page.set_viewport_size({"width": width, "height": 700})
            wide = page.evaluate(WIDTH_SCRIPT)
            if wide > width:
                too_wide.append((url, width, wide))
        own = f"status of {status}"
        logged += [(url, e) for e in errors if status == 200 or own not in e]
    context.close()
    watch.check()
    assert too_wide == []
    assert logged == []
