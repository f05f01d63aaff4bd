"""Hostile labels and IRIs render inert; security headers; non-ASCII IRIs round-trip."""

from __future__ import annotations

import json
import re

import pytest

PAGES = [
    "/",
    "/cities",
    "/id/city/evil",
    "/id/agreement/kolding-evil",
    "/id/document/evil-source",
    "/search?q=script",
    "/search?q=img",
]


def body_of(hostile, path: str) -> str:
    response = hostile.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_labels_with_markup_are_escaped(hostile, path):
    html = body_of(hostile, path)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>agreement</b>" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all(
        'type="application/ld+json"' in s or re.search(r'src="/assets/[\w.-]+"', s)
        for s in scripts
    ), scripts


@pytest.mark.parametrize("path", PAGES)
def test_only_http_iris_become_links(hostile, path):
    html = body_of(hostile, path)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs
    for href in hrefs:
        assert href.startswith(("/", "#", "http://", "https://")), href
    if path == "/id/city/evil":
        assert "javascript:alert(&#39;sameAs&#39;)" in html  # shown, as text
        assert '<code class="iri"><bdi>data:text/html' in html


def test_json_ld_cannot_break_out_of_its_script(hostile):
    html = body_of(hostile, "/id/city/evil")
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    raw = html[start + len('<script type="application/ld+json">') : end]
    assert "<" not in raw and ">" not in raw
    data = json.loads(raw)
    assert data["name"] == "<script>alert('label')</script>"
    assert data["description"] == "</script><script>alert('description')</script>"
    assert "sameAs" not in data  # not a Wikidata IRI


def test_bidi_overrides_are_isolated(hostile):
    html = body_of(hostile, "/id/city/evil")
    for match in re.finditer("\u202e", html):
        before = html[: match.start()]
        assert before.rfind("<bdi") > before.rfind("</bdi>"), "override outside <bdi>"


def test_security_headers_on_pages(client):
    response = client.get("/id/city/orebro")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_pages_have_no_inline_styles_or_scripts(client):
    for path in ["/", "/id/city/orebro", "/cities", "/search?q=a", "/def/party"]:
        html = client.get(path).get_data(as_text=True)
        assert " style=" not in html, path
        inline = r"<script(?![^>]*(?:application/ld\+json|\bsrc=))[^>]*>\s*\S"
        assert not re.search(inline, html)
        assert not re.search(r" on[a-z]+=", html), path


def test_no_outside_assets(client):
    html = client.get("/").get_data(as_text=True)
    for attr in re.findall(r'(?:src|href)="(https?://[^"]*)"', html):
        assert "<link" not in attr
    assert not re.search(r'<(?:link|script|img)[^>]+(?:href|src)="https?://', html)


def test_non_ascii_iri_round_trips(hostile):
    response = hostile.get("/id/city/%C3%A5rhus-%C3%B8")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Århus Ø" in html
    # The link to the percent-encoded IRI keeps its encoding exactly once.
    assert 'href="/id/city/%C3%A6r%C3%B8"' in html
    assert "%25C3" not in html


def test_percent_encoded_iri_is_found_as_written(hostile):
    html = body_of(hostile, "/id/city/%C3%A6r%C3%B8")
    assert "Ærø (percent-encoded IRI)" in html


def test_non_ascii_iri_in_rdf_keeps_the_iri(hostile):
    text = hostile.get("/id/city/%C3%A5rhus-%C3%B8.nt").get_data(as_text=True)
    assert "<https://data.kolding.dk/id/city/århus-ø>" in text


def test_links_to_non_ascii_iris_are_encoded_once(hostile):
    html = body_of(hostile, "/id/city/%C3%A6r%C3%B8")
    assert 'href="/id/city/%C3%A5rhus-%C3%B8"' in html
