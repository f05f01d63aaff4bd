"""Crawl the site like a reader: every HTML page reachable from home and the sitemap.

Parses each page into what a person reads (text outside code, per language) so the
tests can look for IRIs, prefixed names and untranslated interface strings.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "src/kolding_graph/web/translations/da/LC_MESSAGES/messages.po"
# Not pages for people: machine formats, downloads of files, the endpoint itself.
SKIP = re.compile(
    r"\.(ttl|nt|jsonld|rdf|nq|gz|txt|xml|json|atom|csv|tsv|svg|css|js|png|ico)$"
    r"|^/(sparql|assets|downloads/[^/]+/.+\.)"
)
CODE_TAGS = {"code", "pre", "samp", "kbd", "script", "style", "textarea", "template"}
VOID_TAGS = {"br", "meta", "link", "img", "input", "hr", "source", "wbr", "area"}
PREFIXED = re.compile(
    r"(?<![\w/.@:-])(?!https?:|urn:|mailto:|tel:)([a-z][a-zA-Z]{1,15}):([A-Za-z_][\w-]*)"
)


class Reading(HTMLParser):
    """What a reader sees: visible text by language, title, first heading, links."""

    def __init__(self, page_lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = [("root", page_lang, False)]
        self.text: list[tuple[str, str]] = []  # (language, text) outside code
        self.links: list[str] = []
        self.title = ""
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Track language and code ancestry; collect links."""
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        if tag in VOID_TAGS:
            return
        parent_lang, parent_code = self.stack[-1][1], self.stack[-1][2]
        lang = found.get("lang") or parent_lang
        # A formatted citation quotes the dataset's IRI on purpose, as code would.
        quoted = tag in CODE_TAGS or "citation" in (found.get("class") or "").split()
        self.stack.append((tag, lang, parent_code or quoted))

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open element of that name."""
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        """Keep text by language; note the title and the first heading."""
        tags = [t for t, _, _ in self.stack]
        if "title" in tags and "head" in tags:
            self.title += data
            return
        if "h1" in tags and not self.h1.strip():
            self.h1 += data
        if not self.stack[-1][2] and data.strip():
            self.text.append((self.stack[-1][1], data))

    def visible(self, lang: str | None = None) -> str:
        """Return the text outside code, optionally only that in one language."""
        return " ".join(t for code, t in self.text if lang is None or code == lang)


AS_OF_CRAWLED = "1990"  # the year whose "as of" pages the crawl reads too


def with_lang(url: str, lang: str) -> str | None:
    """Return a local page URL with ?lang= set, or None for what is not a page."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if SKIP.search(parts.path):
        return None
    query = dict(parse_qsl(parts.query))
    if query.get("asOf", AS_OF_CRAWLED) != AS_OF_CRAWLED:
        return None  # links keep the year: one year's "as of" pages, not every year's
    if query.get("lang", lang) != lang or "format" in query:
        return None
    query["lang"] = lang
    return parts.path + "?" + urlencode(sorted(query.items()))


def crawl(client, lang: str, extra: list[str]) -> dict[str, tuple[int, Reading]]:
    """Return {url: (status, reading)} for every HTML page reachable from home."""
    todo = deque([with_lang("/", lang), *(with_lang(u, lang) for u in extra)])
    seen: dict[str, tuple[int, Reading]] = {}
    while todo:
        url = todo.popleft()
        if url is None or url in seen:
            continue
        response = client.get(url)
        if 300 <= response.status_code < 400:
            todo.append(with_lang(response.headers.get("Location", ""), lang))
            response.close()
            continue
        html = response.mimetype == "text/html"
        body = response.get_data(as_text=True) if html else ""
        response.close()
        if not html:
            continue
        reading = Reading(lang)
        reading.feed(body)
        seen[url] = (response.status_code, reading)
        todo.extend(with_lang(link, lang) for link in reading.links)
    return seen


def sitemap_paths(client) -> list[str]:
    """Return the local paths the sitemap lists."""
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    return [urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", xml)]


def interface_strings() -> dict[str, list[str]]:
    """Return, per language, distinctive interface phrases (for "untranslated")."""
    with PO.open("rb") as stream:
        catalogue = read_po(stream)
    phrases: dict[str, list[str]] = {"en": [], "da": []}
    for message in catalogue:
        if (
            not message.id
            or isinstance(message.id, tuple)
            or message.id == message.string
        ):
            continue
        for lang, text in (("en", message.id), ("da", message.string)):
            chunk = max(re.split(r"%\(\w+\)s|%s", text), key=len).strip(" .:;,")
            if len(chunk) >= 14 and " " in chunk:
                phrases[lang].append(chunk)
    return phrases
