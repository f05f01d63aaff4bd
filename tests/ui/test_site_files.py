"""Sitemap, robots.txt, favicon, native names with lang, fonts (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "src/kolding_graph/web/static/site.css"


def test_sitemap_lists_every_resource_page(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    urls = re.findall(r"<loc>([^<]+)</loc>", response.get_data(as_text=True))
    paths = {u.split("://", 1)[1].split("/", 1)[1] for u in urls}
    for wanted in (
        "",
        "cities",
        "id/city/orebro",
        "id/municipality/kolding",
        "id/claim/iclei-founding-k1",
        "dataset",
        "ontology",
    ):
        assert wanted in paths, wanted
    assert len(paths) > 300


def test_robots_names_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "User-agent: *" in text
    assert re.search(r"^Sitemap: http://\S+/sitemap\.xml$", text, re.M)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico", follow_redirects=True)
    served = (response.status_code, response.mimetype)
    response.close()
    assert served == (200, "image/svg+xml")
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon"' in page


def test_native_names_carry_their_language(client):
    home = client.get("/?lang=en").get_data(as_text=True)
    assert '<bdi lang="ja">安城市</bdi>' in home
    assert '<bdi lang="zh">武清区</bdi>' in home
    cities = client.get("/cities?lang=en").get_data(as_text=True)
    assert '<bdi lang="ja">安城市</bdi>' in cities


def test_fonts_cover_japanese_and_chinese_and_print_drops_navigation():
    css = CSS.read_text(encoding="utf-8")
    stack = css.split("font-family:", 1)[1].split(";", 1)[0]
    assert "Noto Sans CJK JP" in stack and "Microsoft YaHei" in stack
    assert "Hiragino" in stack
    printed = css.split("@media print", 1)[1]
    assert "header.site nav" in printed and "attr(href)" in printed
