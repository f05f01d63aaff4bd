"""/downloads/: listing, files with checksum ETags, Range, HEAD, no path traversal."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, VOID
from werkzeug.test import TestResponse

from conftest import MINI_PROJECT, ROOT
from kolding_graph.build.cut import cut_release
from kolding_graph.errors import NotFound
from kolding_graph.release.files import published_file
from kolding_graph.release.load import Release, load_release

BASE = "https://data.kolding.dk/"
SECRET = "TOPSECRET-not-in-any-release"


@dataclass(frozen=True)
class Site:
    """Two versioned mini releases, the newest served, and a secret beside them."""

    root: Path
    folder: Path
    out: Path
    old: Release
    new: Release


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("site")
    project = Path(shutil.copytree(MINI_PROJECT, root / "project"))
    folder, out = root / "releases", root / "dist"
    old = cut_release(project, folder, BASE, "1.0", dt.date(2025, 1, 15), out=out)
    places = project / "data/places.ttl"
    places.write_text(
        places.read_text("utf-8").replace('"Anjo"@da', '"Anjō"@da'), "utf-8"
    )
    new = cut_release(project, folder, BASE, "1.1", dt.date(2025, 2, 1), out=out)
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return Site(root, folder, out, old.release, new.release)


def make_app(release_dir: Path, releases_dir: Path) -> Iterator[Flask]:
    """Create the real app over a release; close its store afterwards."""
    from kolding_graph.web import create_app
    from kolding_graph.web.state import get_state

    app = create_app(
        {
            "RELEASE_DIR": str(release_dir),
            "RELEASES_DIR": str(releases_dir),
            "SOURCE_DIR": str(ROOT),
        }
    )
    yield app
    with app.app_context():
        get_state().store.close()


@pytest.fixture(scope="module")
def app(site: Site) -> Iterator[Flask]:
    yield from make_app(site.out, site.folder)


class Client:
    """A test client whose responses are read and closed at once (files stream)."""

    def __init__(self, app: Flask) -> None:
        self._client: FlaskClient = app.test_client()

    def get(self, path: str, **kwargs: object) -> TestResponse:
        return self._fetch("GET", path, **kwargs)

    def head(self, path: str, **kwargs: object) -> TestResponse:
        return self._fetch("HEAD", path, **kwargs)

    def _fetch(self, method: str, path: str, **kwargs: object) -> TestResponse:
        response = self._client.open(path, method=method, **kwargs)
        response.get_data()
        response.close()
        return response


@pytest.fixture
def client(app: Flask) -> Client:
    return Client(app)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the listing pages ------------------------------------------------------


def test_index_lists_every_file_with_size_checksum_licence(
    client: Client, site: Site
) -> None:
    page = client.get("/downloads/").get_data(as_text=True)
    assert 'lang="da"' in page and "Hent data" in page
    for name, info in site.new.files.items():
        assert f'href="/downloads/latest/{name}"' in page
        assert info["sha256"] in page
    assert page.count('rel="license"') >= len(site.new.files)
    assert "Siden 1.0: 1 tilføjet, 1 fjernet." in page
    assert 'href="/downloads/1.0/' in page
    english = client.get("/downloads/?lang=en").get_data(as_text=True)
    assert "Downloads" in english and "The whole dataset in Turtle" in english


def test_version_page_shows_its_changes(client: Client) -> None:
    page = client.get("/downloads/1.1/?lang=en").get_data(as_text=True)
    assert "Anjo is now called Anjō." in page
    assert 'href="/downloads/1.1/added.nq.gz"' in page
    assert client.get("/downloads/1.0/").status_code == 200
    assert client.get("/downloads/9.9/").status_code == 404


# --- the files ----------------------------------------------------------------


@pytest.mark.parametrize("folder", ["latest", "1.1"])
def test_every_file_is_served_exactly(client: Client, site: Site, folder: str) -> None:
    for name, info in site.new.files.items():
        response = client.get(f"/downloads/{folder}/{name}")
        assert response.status_code == 200, name
        assert sha(response.data) == info["sha256"], name
        assert response.content_length == info["bytes"] == len(response.data)
        assert response.mimetype == info["media_type"], name
        assert response.headers["ETag"] == f'"{info["sha256"]}"'


def test_versioned_urls_are_immutable_latest_revalidates(client: Client) -> None:
    versioned = client.get("/downloads/1.0/dataset.ttl").headers["Cache-Control"]
    assert "immutable" in versioned and "max-age=31536000" in versioned
    latest = client.get("/downloads/latest/dataset.ttl").headers["Cache-Control"]
    assert "no-cache" in latest and "immutable" not in latest


def test_old_versions_keep_their_own_bytes(client: Client, site: Site) -> None:
    old = client.get("/downloads/1.0/dataset.nq")
    assert sha(old.data) == site.old.files["dataset.nq"]["sha256"]
    assert old.data != client.get("/downloads/1.1/dataset.nq").data


def test_head_range_and_conditional_requests(client: Client, site: Site) -> None:
    full = (site.new.path / "dataset.ttl").read_bytes()
    head = client.head("/downloads/latest/dataset.ttl")
    assert head.status_code == 200 and head.data == b""
    assert head.content_length == len(full)
    part = client.get("/downloads/1.1/dataset.ttl", headers={"Range": "bytes=10-29"})
    assert part.status_code == 206
    assert part.data == full[10:30]
    assert part.headers["Content-Range"] == f"bytes 10-29/{len(full)}"
    etag = head.headers["ETag"]
    again = client.get("/downloads/latest/dataset.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_sha256sums_from_the_server_match(client: Client) -> None:
    listed = client.get("/downloads/1.1/SHA256SUMS").get_data(as_text=True)
    for line in listed.splitlines():
        digest, name = line.split("  ")
        assert sha(client.get(f"/downloads/1.1/{name}").data) == digest, name


# --- no way out of the release ----------------------------------------------


TRAVERSALS = [
    "/downloads/latest/../secret.txt",
    "/downloads/latest/%2e%2e/secret.txt",
    "/downloads/latest/%2e%2e%2fsecret.txt",
    "/downloads/latest/%2E%2E%2F%2E%2E%2Fsecret.txt",
    "/downloads/latest/%252e%252e%252fsecret.txt",
    "/downloads/latest/..%5csecret.txt",
    "/downloads/latest/..\\secret.txt",
    "/downloads/latest/%2fetc%2fpasswd",
    "/downloads/latest//etc/passwd",
    "/downloads/latest/dataset.ttl%00",
    "/downloads/latest/secret.txt%00.ttl",
    "/downloads/latest/.",
    "/downloads/latest/",
    "/downloads/../secret.txt",
    "/downloads/%2e%2e/secret.txt",
    "/downloads/..%2f..%2fsecret.txt/x",
    "/downloads/secret.txt/x",
    "/downloads/1.1/../../secret.txt",
    "/downloads/1.1/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/downloads/.lock/x",
    "/downloads/tmp-1/x",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_impossible(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (308, 404), path
    assert SECRET.encode() not in response.data
    assert b"root:" not in response.data


def test_absolute_path_in_name_is_refused(client: Client, site: Site) -> None:
    secret = str(site.root / "secret.txt").lstrip("/").replace("/", "%2f")
    response = client.get(f"/downloads/latest/%2f{secret}")
    assert response.status_code == 404
    assert SECRET.encode() not in response.data


@pytest.fixture
def linked_release(site: Site, tmp_path: Path) -> Path:
    """A copy of the release whose dataset.ttl is a symlink to a file outside it."""
    copy = Path(shutil.copytree(site.new.path, tmp_path / "linked"))
    outside = tmp_path / "outside.ttl"
    shutil.copyfile(copy / "dataset.ttl", outside)
    (copy / "dataset.ttl").chmod(0o644)
    (copy / "dataset.ttl").unlink()
    (copy / "dataset.ttl").symlink_to(outside)
    return copy


def test_symlink_out_of_the_release_is_refused(linked_release: Path) -> None:
    release = load_release(linked_release)  # the checksums still match
    with pytest.raises(NotFound):
        published_file(release, "dataset.ttl")
    assert published_file(release, "dataset.nq").bytes > 0


def test_symlink_is_refused_over_http(linked_release: Path, site: Site) -> None:
    for app in make_app(linked_release, site.folder):
        client = Client(app)
        assert client.get("/downloads/latest/dataset.ttl").status_code == 404
        assert client.get("/downloads/latest/dataset.nq").status_code == 200


def test_symlinked_version_folder_is_not_served(site: Site, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / "1.0").symlink_to(site.folder / "1.0")
    for app in make_app(site.out, releases):
        assert Client(app).get("/downloads/1.0/dataset.nq").status_code == 404


# --- VoID, the feed and the service description ------------------------------


def test_well_known_void(client: Client, site: Site) -> None:
    response = client.get("/.well-known/void")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert response.data == (site.new.path / "void.ttl").read_bytes()


def test_atom_feed_lists_releases_newest_first(client: Client) -> None:
    response = client.get("/releases.atom")
    assert response.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.data)
    entries = feed.findall("a:entry", ns)
    titles = [e.findtext("a:title", namespaces=ns) for e in entries]
    assert titles == ["Version 1.1 (2025-02-01)", "Version 1.0 (2025-01-15)"]
    assert feed.findtext("a:updated", namespaces=ns) == "2025-02-01T00:00:00Z"
    assert "Anjo is now called Anjō." in entries[0].findtext("a:summary", "", ns)
    link = entries[0].find("a:link[@rel='enclosure']", ns)
    assert link is not None and link.get("href", "").endswith("/1.1/dataset.nq.gz")


def test_service_description_links_void_and_dcat(client: Client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.data, format="turtle")
    links = {str(o) for o in graph.objects(None, RDFS.seeAlso)}
    assert "http://localhost/.well-known/void" in links
    assert "http://localhost/downloads/latest/dcat.ttl" in links
