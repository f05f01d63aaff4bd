"""Every page a reader can reach speaks plainly (issue 12).

The crawl follows every link from the home page and every URL of the sitemap, in
Danish and in English, and fails on a page titled or headed with an IRI, visible text
(outside code) with a prefixed name or a base IRI, or an interface string left in the
other language. Layout (width at 320/390 px), console errors and axe-core are checked
in a real browser by test_browser.py over the same crawl.
"""

from __future__ import annotations

import pytest

from .crawl import PREFIXED, crawl, interface_strings, sitemap_paths

BASE = "https://data.kolding.dk/"
OTHER = {"da": "en", "en": "da"}


@pytest.fixture(scope="module")
def crawled(app):
    """Return the crawl in both languages: {lang: {url: (status, reading)}}."""
    client = app.test_client()
    extra = sitemap_paths(client) + ["/no/such/page"]
    return {lang: crawl(client, lang, extra) for lang in ("da", "en")}


def test_the_crawl_reaches_the_site(crawled):
    for pages in crawled.values():
        assert len(pages) > 300
        assert any(u.startswith("/id/claim/") for u in pages)
        assert any(u.startswith("/id/discrepancy/") for u in pages)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_page_is_titled_or_headed_with_an_iri(crawled, lang):
    bad = [
        (url, r.title.strip(), r.h1.strip())
        for url, (_, r) in crawled[lang].items()
        if any("://" in t or PREFIXED.search(t) for t in (r.title, r.h1))
        or not r.h1.strip()
    ]
    assert bad == [], bad


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_prefixed_names_or_base_iris_in_what_people_read(crawled, lang):
    bad = []
    for url, (_, reading) in crawled[lang].items():
        text = reading.visible()
        found = {":".join(m) for m in PREFIXED.findall(text)}
        if BASE in text:
            found.add(BASE)
        if found:
            bad.append((url, sorted(found)[:5]))
    assert bad == [], bad


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_interface_string_in_the_other_language(crawled, lang):
    foreign = interface_strings()[OTHER[lang]]
    bad = []
    for url, (_, reading) in crawled[lang].items():
        text = reading.visible(lang)
        hits = [p for p in foreign if p in text]
        if hits:
            bad.append((url, hits[:3]))
    assert bad == [], bad


def test_error_pages_are_in_the_crawl(crawled):
    for lang, pages in crawled.items():
        status, reading = pages[f"/no/such/page?lang={lang}"]
        assert status == 404 and reading.h1.strip()
