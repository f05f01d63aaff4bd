"""The query editor in a real browser: Debian's Chromium through Playwright, our CSP on.

Uses the shared harness (harness.py): the production server, no request past 127.0.0.1,
no console error (a CSP violation is one).
"""

from __future__ import annotations

import gzip
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from .harness import ARTIFACTS, AXE, Watch, open_context
from .test_editor_bundle import STATIC

TWINS_EXAMPLE = "/query?example=twin-cities"


def open_editor(page, url: str):
    """Open the editor page and wait until its script has set the editor up."""
    page.goto(url)
    page.wait_for_selector("#query-form[data-ready]")
    return page.locator(".cm-content")


def replace_text(page, editor, text: str, typed: bool = False) -> None:
    """Replace the editor's text: pasted as is, or typed key by key when typed."""
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    if typed:
        page.keyboard.type(text)
    else:
        page.keyboard.insert_text(text)


def editor_text(page) -> str:
    """Return the editor's text (its lines joined)."""
    return "\n".join(page.locator(".cm-line").all_inner_texts())


def test_select_is_coloured_as_a_keyword(page, server):
    editor = open_editor(page, server + "/query")
    replace_text(page, editor, "SELECT ?s", typed=True)
    keyword = page.locator(".cm-line .tok-keyword", has_text="SELECT")
    assert keyword.count() == 1
    colour = keyword.evaluate("e => getComputedStyle(e).color")
    plain = editor.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(122, 31, 140)" and colour != plain
    assert page.locator(".cm-line .tok-variableName", has_text="?s").count() == 1


def test_prefix_completes_to_schema_org(page, server):
    editor = open_editor(page, server + "/query")
    replace_text(page, editor, "PREFIX sch", typed=True)
    first = page.locator(".cm-tooltip-autocomplete li").first
    assert first.inner_text().startswith("schema: <https://schema.org/>")
    page.keyboard.press("Enter")
    assert editor_text(page) == "PREFIX schema: <https://schema.org/>"


def test_kg_offers_our_terms_with_labels_and_adds_the_prefix(page, server):
    editor = open_editor(page, server + "/query")
    replace_text(page, editor, "SELECT * WHERE { ?a kg:", typed=True)
    options = page.locator(".cm-tooltip-autocomplete li")
    options.first.wait_for()
    party = options.filter(has_text="kg:party")
    assert party.count() == 1
    assert party.locator(".cm-completionDetail").inner_text() == "part · party"
    agreement = options.filter(has_text="kg:TwinningAgreement")
    detail = agreement.locator(".cm-completionDetail").inner_text()
    assert detail == "Venskabsbyaftale · Twin-city agreement"
    lines = editor_text(page).split("\n")
    assert lines[0] == "PREFIX kg: <https://data.kolding.dk/def/>"  # added on ':'
    page.keyboard.type("party ?city }")
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")
    assert page.locator("#results-body .count").inner_text().startswith("24 rækker")


def test_ctrl_enter_shows_results_with_labels(page, server):
    editor = open_editor(page, server + "/query")
    replace_text(
        page,
        editor,
        "SELECT ?s ?n WHERE { ?s a <https://data.kolding.dk/def/LocalAuthority> ; "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n FILTER(lang(?n) = 'da') }",
    )
    page.keyboard.press("Control+Enter")
    count = page.locator("#results-body .count")
    assert count.inner_text().startswith("12 rækker · ")
    link = page.locator("#results-body td a", has_text="Örebro")
    assert link.get_attribute("href") == "/id/city/orebro"
    assert page.locator("#results-body td .lang").first.inner_text() == "da"
    assert page.locator("#results-body .formats a").count() == 4  # json xml csv tsv


def test_graphs_and_yes_no_answers_show_too(page, server, release_store):
    construct = (
        "CONSTRUCT { ?s <urn:name> ?n } WHERE { ?s "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "Örebro"@da ; '
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n }"
    )
    union = release_store.query(construct, use_default_graph_as_union=True)
    triples = len(list(union))
    assert triples > 1
    editor = open_editor(page, server + "/query")
    replace_text(page, editor, construct)
    page.keyboard.press("Control+Enter")
    count = page.locator("#results-body .count").inner_text()
    assert count.startswith(f"{triples} rækker")
    headers = page.locator("#results-body th").all_inner_texts()
    assert [h.split()[0] for h in headers] == ["subject", "predicate", "object"]
    assert page.locator("#results-body td", has_text="Örebro").count() >= 2
    formats = page.locator("#results-body .formats a").all_inner_texts()
    assert sorted(formats) == ["JSON-LD", "N-Triples", "RDF/XML", "Turtle"]
    replace_text(page, editor, "ASK { ?s a <https://data.kolding.dk/def/Town> }")
    page.keyboard.press("Control+Enter")
    assert page.locator("#results-body .answer").inner_text().startswith("Svar: Ja")


def test_columns_sort(page, server):
    editor = open_editor(page, server + "/query")
    replace_text(
        page,
        editor,
        "SELECT ?n WHERE { ?s a <https://data.kolding.dk/def/LocalAuthority> ; "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?n FILTER(lang(?n)='da') }",
    )
    page.keyboard.press("Control+Enter")
    page.locator("#results-body .count").wait_for()
    sort = page.locator("#results-body th[data-var=n] button")
    sort.click()
    cells = page.locator("#results-body tbody td").all_inner_texts()
    assert cells == sorted(cells, key=str.casefold) or len(set(cells)) == 1
    sort.click()
    again = page.locator("#results-body tbody td").all_inner_texts()
    assert again == list(reversed(cells))
    header = page.locator("#results-body th").first
    assert header.get_attribute("aria-sort") == "descending"


def test_many_rows_are_paged(page, server):
    editor = open_editor(page, server + "/query")
    replace_text(page, editor, "SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 120")
    page.keyboard.press("Control+Enter")
    assert page.locator("#results-body .count").inner_text().startswith("120 rækker")
    assert page.locator("#results-body tbody tr").count() == 50
    page.get_by_role("button", name="Næste").click()
    assert page.locator(".pager [role=status]").inner_text() == "Række 51–100 af 120"


def test_syntax_error_marks_the_right_line(page, server, watch):
    watch.expected_status = 400  # the browser logs the 400 answer itself
    editor = open_editor(page, server + "/query")
    replace_text(page, editor, "SELECT ?s\nWHERE {\n  ?s ?p ?o\n} LIMIT }")
    page.keyboard.press("Control+Enter")
    page.locator(".query-error").wait_for()
    assert "Linje 4, kolonne 9" in page.locator(".query-error").inner_text()
    marked = page.locator(".cm-line.cm-errorLine")
    assert marked.count() == 1 and marked.inner_text() == "} LIMIT }"
    assert marked.locator(".cm-lintRange-error").inner_text() == "}"


def test_example_opens_without_its_test_header(page, server):
    open_editor(page, server + "/query")
    page.get_by_role("link", name="Redigér »Koldings venskabsbyer«").click()
    page.wait_for_selector("#query-form[data-ready]")
    text = editor_text(page)
    assert text.startswith("PREFIX kg:") and "# expect-" not in text
    assert page.locator("#chosen-title").inner_text() == "Koldings venskabsbyer"


def test_twin_cities_show_a_map_with_twelve_markers_and_a_timeline(page, server):
    open_editor(page, server + TWINS_EXAMPLE)
    page.get_by_role("button", name="Kør forespørgslen").click()
    markers = page.locator("#results-body svg .marker")
    markers.first.wait_for()
    assert markers.count() == 12
    assert page.locator("#results-body svg path.land").get_attribute("d")
    assert (
        page.get_by_role("button", name="Kort").get_attribute("aria-pressed") == "true"
    )
    page.get_by_role("button", name="Tidslinje").click()
    years = page.locator("#results-body ol.timeline .year").all_inner_texts()
    assert years and years == sorted(years)
    page.get_by_role("button", name="Tabel").click()
    assert page.locator("#results-body tbody tr").count() == 12
    quiet = set(page.locator("#results-body td .dt").all_inner_texts())
    assert quiet and all(t.startswith("xsd:") for t in quiet)  # datatypes, quietly


def test_a_label_and_a_number_show_as_a_bar_chart(page, server):
    open_editor(page, server + "/query?example=twin-cities-by-continent")
    page.keyboard.press("Tab")  # nothing typed: the example runs as it is
    page.get_by_role("button", name="Kør forespørgslen").click()
    bars = page.locator("#results-body .result-bars .bar")
    bars.first.wait_for()
    assert bars.count() == 2  # the example expects two continents
    assert (
        page.get_by_role("button", name="Søjlediagram").get_attribute("aria-pressed")
        == "true"
    )
    widths = [
        float(w)
        for w in bars.locator("rect").evaluate_all(
            "rs => rs.map(r => r.getAttribute('width'))"
        )
    ]
    assert widths[0] > widths[1] > 0  # sorted by count, longest first


def test_back_and_reload_return_the_previous_query(page, server):
    editor = open_editor(page, server + "/query")
    first = "SELECT ?s WHERE { ?s a <https://data.kolding.dk/def/LocalAuthority> }"
    replace_text(page, editor, first)
    page.keyboard.press("Control+Enter")
    page.locator("#results-body .count").wait_for()
    assert parse_qs(urlsplit(page.url).query)["query"] == [first]
    replace_text(page, editor, "ASK { ?s ?p ?o }")
    page.keyboard.press("Control+Enter")
    page.locator("#results-body .answer").wait_for()
    page.go_back()
    page.wait_for_function("() => !document.querySelector('#results-body .answer')")
    assert editor_text(page) == first
    assert page.locator("#results-body .count").inner_text().startswith("12 rækker")
    page.reload()
    page.wait_for_selector("#results-body .count")
    assert editor_text(page) == first


def test_tab_leaves_the_editor(page, server):
    editor = open_editor(page, server + "/query")
    editor.click()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Kør forespørgslen"


def test_without_javascript_the_form_still_runs_a_query(browser, server):
    watch = Watch()
    context = open_context(browser, watch, java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    page.goto(server + "/query")
    assert page.locator("#query-text").is_visible()
    page.locator("#query-text").fill(
        "SELECT ?s WHERE { ?s a <https://data.kolding.dk/def/LocalAuthority> }"
    )
    page.get_by_role("button", name="Kør forespørgslen").click()
    page.wait_for_load_state()
    assert page.locator("table tbody tr").count() == 12
    context.close()
    watch.check()


def test_editor_and_results_have_no_wcag_violations(browser, server):
    watch = Watch()
    context = open_context(browser, watch, bypass_csp=True, locale="da-DK")
    page = context.new_page()
    open_editor(page, server + TWINS_EXAMPLE)
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Kør forespørgslen").click()
    page.locator("#results-body svg .marker").first.wait_for()
    page.add_script_tag(path=str(AXE))
    problems = []
    for view in ("Kort", "Tidslinje", "Tabel"):
        page.get_by_role("button", name=view).click()
        result = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        problems += [
            (view, v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
        ]
    context.close()
    watch.check()
    assert problems == []


@pytest.mark.parametrize(
    "width,height,name", [(1280, 900, "desktop"), (390, 844, "phone")]
)
def test_screenshots_and_time_to_interactive(browser, server, width, height, name):
    """Save screenshots of the editor with a map result; record bundle size and TTI."""
    watch = Watch()
    context = open_context(
        browser, watch, viewport={"width": width, "height": height}, locale="da-DK"
    )
    page = context.new_page()
    open_editor(page, server + TWINS_EXAMPLE)
    ready_ms = int(page.get_attribute("#query-form", "data-ready"))
    page.get_by_role("button", name="Kør forespørgslen").click()
    page.locator("#results-body svg .marker").first.wait_for()
    target = ARTIFACTS / f"editor-map-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    context.close()
    watch.check()
    bundle = (STATIC / "editor.js").read_bytes()
    metrics = {"ready_ms": ready_ms, "bundle_gzip_bytes": len(gzip.compress(bundle, 9))}
    (ARTIFACTS / f"editor-metrics-{name}.json").write_text(json.dumps(metrics))
    print(f"editor {name}: interactive after {ready_ms} ms; bundle {metrics}")
    assert target.stat().st_size > 10_000
