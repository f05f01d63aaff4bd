"""Downloads: the release files, versioned and latest, the VoID file and the feed."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_file

from kolding_graph.build.versions import VERSION, ReleaseIndex
from kolding_graph.config import releases_folder
from kolding_graph.errors import NotFound, ReleaseError
from kolding_graph.lru import Lru
from kolding_graph.metadata.edition import LATEST
from kolding_graph.release.dataset_citation import LICENCE_URL
from kolding_graph.release.feed import atom_feed
from kolding_graph.release.files import listing, published_file
from kolding_graph.release.load import Release, ValidationSummary, validation_summary
from kolding_graph.web.language import select_locale
from kolding_graph.web.state import get_state
from kolding_graph.web.withdrawn import refuse_withheld, visible_changelog, withheld

bp = Blueprint("downloads", __name__, template_folder="templates")
INDEX_KEY = "kolding_graph.releases"
YEAR = 365 * 24 * 3600
TEXT = {
    "da": {
        "title": "Hent data",
        "intro": "Hele datasættet og dets beskrivelser som filer. Licens:",
        "check": "Kontrollér en hentet udgivelse med",
        "newest": "Nyeste udgivelse",
        "version": "Version",
        "file": "Fil",
        "content": "Indhold",
        "format": "Format",
        "size": "Størrelse",
        "triples": "Tripler",
        "licence": "Licens",
        "versions": "Alle udgivelser",
        "date": "Dato",
        "changes": "Ændringer",
        "first": "Første udgivelse.",
        "since": "Siden {previous}: {added} tilføjet, {removed} fjernet.",
        "none": "Der er endnu ingen versionerede udgivelser.",
        "feed": "Udgivelser som Atom-feed",
        "void": "VoID-beskrivelse",
        "unversioned": "uden versionsnummer",
        "validation": "Validering",
        "conforms": "Udgivelsen overholder alle SHACL-formerne.",
        "fails": "Udgivelsen overholder ikke SHACL-formerne.",
        "results": "Advarsler og bemærkninger i rapporten: {count}.",
        "report": "SHACL-valideringsrapporten (Turtle)",
        "withheld": "Denne udgivelse indeholder oplysninger, der siden er trukket"
        " tilbage. Dens filer tilbydes derfor ikke længere; brug en nyere udgivelse.",
    },
    "en": {
        "title": "Downloads",
        "intro": "The whole dataset and its descriptions as files. Licence:",
        "check": "Check a downloaded release with",
        "newest": "Newest release",
        "version": "Version",
        "file": "File",
        "content": "Content",
        "format": "Format",
        "size": "Size",
        "triples": "Triples",
        "licence": "Licence",
        "versions": "All releases",
        "date": "Date",
        "changes": "Changes",
        "first": "First release.",
        "since": "Since {previous}: {added} added, {removed} removed.",
        "none": "There are no versioned releases yet.",
        "feed": "Releases as an Atom feed",
        "void": "VoID description",
        "unversioned": "unversioned",
        "validation": "Validation",
        "conforms": "The release conforms to all SHACL shapes.",
        "fails": "The release does not conform to the SHACL shapes.",
        "results": "Warnings and notes in the report: {count}.",
        "report": "The SHACL validation report (Turtle)",
        "withheld": "This release holds a record that has since been withdrawn, so"
        " its files are no longer offered; use a newer release.",
    },
}


def release_index() -> ReleaseIndex:
    """Return the app's index of versioned releases (created on first use)."""
    index = current_app.extensions.get(INDEX_KEY)
    if index is None:
        index = ReleaseIndex(versions_folder())
        current_app.extensions[INDEX_KEY] = index
    return index


def versions_folder() -> Path:
    """Return RELEASES_DIR, else the folder the served versioned release is in."""
    config = current_app.config
    release = get_state().release
    if config.get("RELEASES_DIR") or release is None or not release.version:
        return releases_folder(config)
    return release.path.parent


def served_release() -> Release:
    """Return the release the app serves (the 'latest' downloads)."""
    state = get_state()
    if state.release is None:
        raise state.problem or ReleaseError("no release is loaded")
    return state.release


def versioned(version: str) -> Release:
    """Return a versioned release by name, or raise NotFound."""
    found = release_index().find(version) if VERSION.fullmatch(version) else None
    if found is None:
        raise NotFound(f"no release with version {version!r}")
    return found


def render(template: str, **context: object) -> str:
    """Render a downloads page in the UI's layout when the UI is registered."""
    lang = select_locale()
    layout = (
        "base.html" if "pages" in current_app.blueprints else "downloads/plain.html"
    )
    common = {"layout": layout, "t": TEXT[lang], "lang": lang}
    return render_template(
        template, **common, licence=LICENCE_URL, size=human_size, **context
    )


def human_size(count: int, lang: str) -> str:
    """Return a byte count for people, e.g. 34,9 kB (Danish) or 34.9 kB."""
    value, unit = float(count), "B"
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            break
        value /= 1000
    text = f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
    return text.replace(".", ",") if lang == "da" else text


@bp.route("/downloads/")
def index() -> str:
    """List the newest release's files and every versioned release."""
    release = served_release()
    versions = list(reversed(release_index().releases()))
    logs = {r.version: visible_changelog(r) for r in versions}
    return render(
        "downloads/index.html",
        release=release,
        files=listing(release),
        folder=LATEST,
        versions=versions,
        logs=logs,
        held={r.version for r in versions if withheld(r)},
    )


@bp.route("/downloads/<version>/")
def version_page(version: str) -> str:
    """List one versioned release's files and its changes."""
    release = versioned(version)
    held = withheld(release)
    return render(
        "downloads/version.html",
        release=release,
        files=[] if held else listing(release),
        folder=release.version,
        log=visible_changelog(release),
        held=held,
    )


@bp.route("/downloads/<version>/<name>")
def download(version: str, name: str) -> Response:
    """Send one file; versioned URLs never change, so they are cached for good."""
    if version == LATEST:
        return send_published(served_release(), name, immutable=False)
    release = versioned(version)
    refuse_withheld(release)
    return send_published(release, name, immutable=True)


@bp.route("/.well-known/void")
def well_known_void() -> Response:
    """Send the VoID description of the served release."""
    return send_published(served_release(), "void.ttl", immutable=False)


@bp.route("/releases.atom")
def feed() -> Response:
    """Return the Atom feed of the versioned releases, newest first."""
    releases = list(reversed(release_index().releases()))
    body = atom_feed(releases, request.url_root, visible_changelog)
    return Response(body, mimetype="application/atom+xml")


def send_published(release: Release, name: str, *, immutable: bool) -> Response:
    """Send a manifest-listed file with its hash as ETag; Range and HEAD work."""
    item = published_file(release, name)
    response = send_file(
        item.path,
        mimetype=item.media_type,
        conditional=True,
        etag=item.sha256,
        download_name=item.name,
        max_age=YEAR if immutable else None,
    )
    response.cache_control.public = True
    if immutable:
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def served_validation() -> ValidationSummary:
    """Return the served release's validation summary (read once per release)."""
    release = served_release()
    cache = current_app.extensions.setdefault("kolding_graph.validation", Lru(4))
    return cache.get_or_make(release.id, lambda: validation_summary(release))


def downloads_text(key: str, **values: object) -> str:
    """Return a downloads string in the page language."""
    return TEXT[select_locale()][key].format(**values)


TEMPLATE_GLOBALS = {
    "served_validation": served_validation,
    "downloads_text": downloads_text,
}
