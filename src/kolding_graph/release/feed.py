"""An Atom feed of the versioned releases, with each release's changes."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree as ET

from kolding_graph.namespaces import ATOM_NS
from kolding_graph.release.load import Release

ATOM = ATOM_NS
TITLE = "Kolding-grafen: udgivelser / Kolding graph: releases"


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _add(
    parent: ET.Element, tag: str, text: str | None = None, **attrs: str
) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(
    releases: list[Release], root_url: str, changes_of: Callable[[Release], dict]
) -> bytes:
    """Return the feed (newest release first); root_url ends with '/'."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", root_url + "releases.atom")
    _add(feed, "title", TITLE)
    newest = max((r.release_date for r in releases), default="1970-01-01")
    _add(feed, "updated", _timestamp(newest))
    author = _add(feed, "author")
    _add(author, "name", "Kolding Kommune")
    _add(feed, "link", rel="self", href=root_url + "releases.atom")
    _add(feed, "link", rel="alternate", href=root_url + "downloads/")
    for release in releases:
        add_entry(feed, release, root_url, changes_of(release))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def add_entry(feed: ET.Element, release: Release, root_url: str, log: dict) -> None:
    """Add one release: its page, its dump, and its changes in both languages."""
    page = f"{root_url}downloads/{release.version}/"
    entry = _add(feed, "entry")
    _add(entry, "id", page)
    _add(entry, "title", f"Version {release.version} ({release.release_date})")
    _add(entry, "updated", _timestamp(release.release_date))
    _add(entry, "link", rel="alternate", type="text/html", href=page)
    dump = release.files.get("dataset.nq.gz")
    if dump is not None:
        _add(
            entry,
            "link",
            rel="enclosure",
            type="application/gzip",
            length=str(dump["bytes"]),
            href=page + "dataset.nq.gz",
        )
    _add(entry, "summary", summary(release, log), type="text")


def summary(release: Release, log: dict) -> str:
    """Return the entry text: counts and sentences, Danish then English."""
    if not log.get("previous"):
        lines = ["Første udgivelse.", "First release."]
    else:
        lines = [
            f"Siden {log['previous']}: {log['added']} tilføjet, {log['removed']}"
            f" fjernet. / Since {log['previous']}: {log['added']} added,"
            f" {log['removed']} removed."
        ]
        lines += [f"{e['da']} / {e['en']}" for e in log.get("entries", [])]
    return "\n".join([*lines, f"Id: {release.id}"])
