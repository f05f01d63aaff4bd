"""Every error page is ours (issue 12): styled, in the page language, navigable."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from kolding_graph.web import create_app
from kolding_graph.web.error_pages import error_response

from .conftest import ROOT

HTML = {"Accept": "text/html"}
HEADINGS = {
    404: {"da": "Siden findes ikke", "en": "Page not found"},
    405: {"da": "Ikke muligt her", "en": "Not possible here"},
    413: {"da": "For stor", "en": "Too large"},
    429: {"da": "For mange forespørgsler", "en": "Too many requests"},
    503: {"da": "Midlertidigt utilgængelig", "en": "Temporarily unavailable"},
}


def assert_our_page(html: str, status: int, lang: str) -> None:
    """The page has our layout, language, navigation and the status's heading."""
    assert f'<html lang="{lang}">' in html
    assert 'name="viewport"' in html and "/assets/site.css" in html
    assert '<nav aria-label="' in html and 'class="skip"' in html
    assert f"<h1>{HEADINGS[status][lang]}</h1>" in html
    assert "Werkzeug" not in html and "<title>404 Not Found" not in html


@pytest.mark.parametrize("lang", ["da", "en"])
def test_404_outside_id_is_our_page(client, lang):
    response = client.get(f"/no/such/page?lang={lang}", headers=HTML)
    assert response.status_code == 404
    assert_our_page(response.get_data(as_text=True), 404, lang)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_405_is_our_page(client, lang):
    response = client.delete(f"/cities?lang={lang}", headers=HTML)
    assert response.status_code == 405
    assert_our_page(response.get_data(as_text=True), 405, lang)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_413_is_our_page(app: Flask, lang):
    limit = int(app.config["MAX_REQUEST_BYTES"])
    response = app.test_client().post(
        f"/sparql?lang={lang}",
        data={"query": "x" * (limit + 10), "format": "html"},
        headers=HTML,
    )
    assert response.status_code == 413
    assert_our_page(response.get_data(as_text=True), 413, lang)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_429_is_our_page(app: Flask, lang):
    """The one error handler draws a 429 (the fairness ledger's refusal) as ours."""
    with app.test_request_context(f"/sparql?lang={lang}", headers=HTML):
        response = error_response(429, "Too many requests", "slow down", None)
    assert response.status_code == 429 and response.headers["Retry-After"]
    html = response.get_data(as_text=True)
    assert_our_page(html, 429, lang)
    assert {"da": "Prøv igen om 5 sekunder", "en": "try again in 5 seconds"}[
        lang
    ].lower() in html.lower()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_503_without_a_release_is_our_page(tmp_path: Path, lang):
    app = create_app({"RELEASE_DIR": str(tmp_path / "none"), "SOURCE_DIR": str(ROOT)})
    response = app.test_client().get(f"/?lang={lang}", headers=HTML)
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert_our_page(html, 503, lang)
    assert str(tmp_path) not in html


@pytest.mark.parametrize("lang", ["da", "en"])
def test_sparql_syntax_error_comes_back_in_the_form(client, lang):
    """The form shows the parser's message with line and column, the query kept."""
    query = "SELECT * WHERE {\n  ?s ?p ?o\n} LIMT 5"
    response = client.post(
        f"/sparql?lang={lang}", data={"query": query, "format": "html"}, headers=HTML
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    form = html.split('id="query-form"')[1].split("</form>")[0]
    assert {"da": "linje 3, kolonne", "en": "line 3, column"}[lang] in form
    assert 'role="alert"' in form and "LIMT 5</textarea>" in form
