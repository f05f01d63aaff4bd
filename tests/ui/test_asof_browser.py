"""The year control in a real browser: slider by keyboard, links without JavaScript,
no sideways scrolling on a phone, and screenshots of the map through the years."""

from __future__ import annotations

import pytest

from .harness import ARTIFACTS, Watch, open_context

SIZES = [(1280, 900, "desktop"), (390, 844, "phone")]
ASOF_PAGES = [
    "/?asOf=1990",
    "/cities?asOf=1990",
    "/people?asOf=1990",
    "/id/person/per-bodker-andersen?asOf=2000",
    "/id/agreement/kolding-panevezys?asOf=1999",
    "/id/municipality/kolding?asOf=1950",
]
PANEVEZYS = '.worldmap g.marker:has(a[href^="/id/city/panevezys"])'
KUJALLEQ = '.worldmap g.marker:has(a[href^="/id/city/kujalleq"])'


def watched(page, watch: Watch):
    """Record the page's console errors (CSP violations included) in watch."""
    page.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    return page


@pytest.mark.parametrize("width,height,name", SIZES)
def test_map_through_the_years_screenshots(browser, server, width, height, name):
    watch = Watch()
    context = open_context(
        browser, watch, viewport={"width": width, "height": height}, locale="da-DK"
    )
    page = watched(context.new_page(), watch)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, query in (("1950", "?asOf=1950"), ("1990", "?asOf=1990"), ("today", "")):
        page.goto(server + "/" + query)
        target = ARTIFACTS / f"home-asof-{label}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        markers = page.locator(".worldmap g.marker:visible a.city").count()
        expected = {"1950": 3, "1990": 6, "today": 12}[label]
        # 1950 and 1990: the twinnings begun by then, plus three of unknown start.
        assert markers == expected + (3 if label != "today" else 0)
    context.close()
    watch.check()


@pytest.mark.parametrize("path", ASOF_PAGES)
def test_as_of_pages_do_not_scroll_sideways_on_a_phone(browser, server, path):
    watch = Watch()
    context = open_context(
        browser, watch, viewport={"width": 390, "height": 844}, locale="da-DK"
    )
    page = watched(context.new_page(), watch)
    page.goto(server + path)
    assert page.locator(".asof-banner").is_visible()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"{path} is {wide} px wide at 390 px"
    context.close()
    watch.check()


def test_slider_works_by_keyboard(page, server):
    page.goto(server + "/")
    slider = page.locator("#asof-slider")
    assert slider.is_visible()
    assert page.locator('label[for="asof-slider"]').count() == 1
    slider.focus()
    page.keyboard.press("Home")  # the first year on the control
    announce = page.locator("#asof-announce")
    assert announce.get_attribute("aria-live") == "polite"
    first = slider.get_attribute("min")
    assert f"Som i {first}" in announce.inner_text()
    assert not page.locator(PANEVEZYS).is_visible()
    assert page.locator(KUJALLEQ).is_visible()  # unknown start: shown apart, hollow
    assert "unknown" in page.locator(KUJALLEQ).get_attribute("class")
    for _ in range(60):  # to 2000, a step at a time, as a keyboard user would
        page.keyboard.press("ArrowRight")
    assert page.locator("#asof-year").input_value() == str(int(first) + 60)
    assert page.locator(PANEVEZYS).is_visible()
    page.keyboard.press("End")
    assert announce.inner_text().startswith("I dag")
    page.locator("#asof-year").fill("1999")
    page.locator("#asof-year").press("Enter")
    page.wait_for_url("**asOf=1999**")
    assert "Som i 1999" in page.locator(".asof-banner").inner_text()
    assert not page.locator(PANEVEZYS).is_visible()


def test_year_links_work_without_javascript(browser, server):
    watch = Watch()
    context = open_context(browser, watch, locale="da-DK", java_script_enabled=False)
    page = watched(context.new_page(), watch)
    page.goto(server + "/")
    assert page.locator("#asof-slider").count() == 0
    page.locator(".yearlinks a", has_text="1990").click()
    page.wait_for_url("**asOf=1990**")
    assert "Som i 1990" in page.locator(".asof-banner").inner_text()
    assert not page.locator(PANEVEZYS).is_visible()
    page.locator(".asof-banner a").click()
    page.wait_for_load_state()
    assert "asOf" not in page.url
    assert page.locator(PANEVEZYS).is_visible()
    context.close()
    watch.check()
