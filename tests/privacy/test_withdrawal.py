"""A withdrawal, end to end: a TEST person in a copy of the project is withdrawn.

Release 1.0 holds the person; release 1.1 is cut after data/withdrawals.txt names
them. The person must then be absent from every file of 1.1, from search, and
answered 410 on the served release, on 1.0 and through citation links.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from tests.test_front import call
from werkzeug.test import TestResponse

from kolding_graph.build.cut import cut_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI as BASE
from kolding_graph.release.citation import query_hash
from kolding_graph.web import create_app
from kolding_graph.web.front import Front
from kolding_graph.web.state import get_state

ROOT = Path(__file__).resolve().parents[2]
TEST_PERSON = ROOT / "tests" / "fixtures" / "privacy" / "test-person.ttl"
PERSON = "id/person/test-testesen"
TRACES = (
    "Testesen",
    "test-testesen",
    "Q4115189",
    # the SHA-256 names nobody, but the plain IRI must not be there
    BASE + PERSON,
)
EVERYONE = "SELECT ?p WHERE { ?p a <https://schema.org/Person> }"
CSV = {"Accept": "text/csv"}
# An example query of the project copy: its answer is an "example answer".
PEOPLE_EXAMPLE = f"""# title@da: Personer
# title@en: People
# description@da: Alle personer.
# description@en: Every person.
{EVERYONE}
"""


def cut(root: Path, version: str, day: dt.date) -> None:
    """Cut a versioned release of the project copy and serve it."""
    cut_release(
        root / "project", root / "releases", BASE, version, day, out=root / "dist"
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with a project copy holding the TEST person, release 1.0 cut."""
    root = tmp_path_factory.mktemp("withdrawal")
    project = root / "project"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copyfile(TEST_PERSON, project / "data" / "zz-test-person.ttl")
    (project / "queries" / "zz-people.rq").write_text(PEOPLE_EXAMPLE, "utf-8")
    cut(root, "1.0", dt.date(2026, 1, 1))
    return root


@pytest.fixture(scope="module")
def app(root: Path) -> Iterator[Flask]:
    """Return the app serving dist (it follows the link as releases are cut)."""
    app = create_app(
        {
            "RELEASE_DIR": str(root / "dist"),
            "RELEASES_DIR": str(root / "releases"),
            "SOURCE_DIR": str(root / "project"),
        }
    )
    yield app
    with app.app_context():
        get_state().store.close()


def fetch(app: Flask, path: str, **kwargs: object) -> TestResponse:
    response = app.test_client().get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def permalink(version: str, text: str) -> str:
    return f"/sparql/cite/{version}/{query_hash(text)}?query={quote(text, safe='')}"


def search_hits(app: Flask, text: str) -> str:
    return fetch(app, f"/search?q={quote(text)}&format=json").get_data(as_text=True)


@pytest.fixture(scope="module")
def withdrawn(root: Path, app: Flask) -> dict[str, TestResponse]:
    """Serve 1.0, visit the person (filling caches), then withdraw and cut 1.1."""
    before = {
        "page": fetch(app, "/" + PERSON),
        "search": search_hits(app, "Testesen"),
        "cite": fetch(app, permalink("1.0", EVERYONE), headers=CSV),
        "file": fetch(app, "/downloads/1.0/dataset.nq"),
        "example": fetch(app, "/sparql/examples/zz-people", headers=CSV),
    }
    (root / "project" / "data" / "withdrawals.txt").write_text(
        f"# record, date withdrawn\n{PERSON} 2026-02-01\n", encoding="utf-8"
    )
    cut(root, "1.1", dt.date(2026, 2, 1))
    return before


def test_before_the_withdrawal_the_person_was_published(withdrawn: dict) -> None:
    assert withdrawn["page"].status_code == 200
    assert "Testperson Testesen" in withdrawn["page"].get_data(as_text=True)
    assert PERSON in withdrawn["search"]
    assert BASE + PERSON in withdrawn["cite"].get_data(as_text=True)
    assert withdrawn["file"].status_code == 200
    assert PERSON in withdrawn["example"].get_data(as_text=True)


def release_texts(folder: Path) -> dict[str, str]:
    """Return every file of a release folder as text (gzip unpacked)."""
    texts = {}
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[path.name] = data.decode("utf-8")
    return texts


def test_no_file_of_the_new_release_holds_the_person(
    root: Path, withdrawn: dict
) -> None:
    texts = release_texts(root / "releases" / "1.1")
    assert {"dataset.nq", "removed.nq.gz", "changelog.json", "reconciliation.ttl"} <= (
        set(texts)
    )
    for name, text in texts.items():
        for trace in TRACES:
            assert trace not in text, f"{trace!r} is still in {name}"
    # ...while the old release had them, so the check can see them
    assert "Testesen" in release_texts(root / "releases" / "1.0")["dataset.nq"]


def test_the_changelog_says_a_record_was_withdrawn_without_naming_it(
    root: Path, withdrawn: dict
) -> None:
    log = json.loads((root / "releases/1.1/changelog.json").read_text("utf-8"))
    kinds = [entry["kind"] for entry in log["entries"]]
    assert kinds == ["record-withdrawn"], log
    assert log["entries"][0]["en"] == "A person's record was withdrawn."


@pytest.mark.parametrize(
    "path",
    [
        "/" + PERSON,
        f"/{PERSON}.ttl",
        f"/{PERSON}?format=jsonld",
        "/id/membership/test-testesen-mayor",
        "/id/claim/test-testesen-mayor-end",
    ],
)
def test_the_served_release_answers_410(app: Flask, withdrawn: dict, path: str) -> None:
    response = fetch(app, path)
    assert response.status_code == 410
    assert "Testesen" not in response.get_data(as_text=True)


def test_the_410_page_explains_in_danish_and_english(
    app: Flask, withdrawn: dict
) -> None:
    danish = fetch(app, "/" + PERSON).get_data(as_text=True)
    english = fetch(app, f"/{PERSON}?lang=en").get_data(as_text=True)
    assert "Oplysningerne er trukket tilbage" in danish
    assert 'href="/persondata"' in danish
    assert "Record withdrawn" in english
    machine = fetch(app, f"/{PERSON}.ttl").get_data(as_text=True)
    assert "Trukket tilbage" in machine and "Withdrawn" in machine


def test_search_and_queries_no_longer_find_the_person(
    app: Flask, withdrawn: dict
) -> None:
    assert PERSON not in search_hits(app, "Testesen")
    everyone = fetch(app, "/sparql?query=" + quote(EVERYONE), headers=CSV)
    assert everyone.status_code == 200
    assert "per-bodker-andersen" in everyone.get_data(as_text=True)
    assert "test-testesen" not in everyone.get_data(as_text=True)
    example = fetch(app, "/sparql/examples/zz-people", headers=CSV)
    assert example.status_code == 200
    assert "per-bodker-andersen" in example.get_data(as_text=True)
    assert "test-testesen" not in example.get_data(as_text=True)


def test_the_older_release_is_withheld(app: Flask, withdrawn: dict) -> None:
    for name in ("dataset.nq", "dataset.ttl", "changelog.json"):
        assert fetch(app, f"/downloads/1.0/{name}").status_code == 410
    page = fetch(app, "/downloads/1.0/?lang=en").get_data(as_text=True)
    assert "no longer offered" in page
    assert "/downloads/1.0/dataset.nq" not in page
    assert fetch(app, "/downloads/1.1/dataset.nq").status_code == 200
    assert "Testesen" not in fetch(app, "/downloads/?lang=en").get_data(as_text=True)
    assert "Testesen" not in fetch(app, "/releases.atom").get_data(as_text=True)


def test_citation_links_answer_410(app: Flask, withdrawn: dict) -> None:
    old = fetch(app, permalink("1.0", EVERYONE), headers=CSV)
    assert old.status_code == 410
    etag = withdrawn["cite"].headers["ETag"]
    conditional = {"Accept": "text/csv", "If-None-Match": etag}
    assert (
        fetch(app, permalink("1.0", EVERYONE), headers=conditional).status_code == 410
    )
    assert "test-testesen" not in old.get_data(as_text=True)
    naming = f"DESCRIBE <{PERSON}>"
    assert fetch(app, permalink("1.1", naming)).status_code == 410
    prefixed = (
        f"PREFIX p: <{BASE}id/person/> SELECT * WHERE {{ p:test-testesen ?p ?o }}"
    )
    assert fetch(app, permalink("1.1", prefixed)).status_code == 410
    fine = fetch(app, permalink("1.1", EVERYONE), headers=CSV)
    assert fine.status_code == 200
    assert "test-testesen" not in fine.get_data(as_text=True)


def test_the_private_list_is_never_served(
    root: Path, withdrawn: dict, app: Flask
) -> None:
    assert (root / "releases/1.1/withdrawn.json").is_file()
    assert fetch(app, "/downloads/1.1/withdrawn.json").status_code == 404
    assert fetch(app, "/downloads/latest/withdrawn.json").status_code == 404


def test_the_endpoint_answers_410_for_a_query_naming_the_person(
    app: Flask, withdrawn: dict
) -> None:
    naming = quote(f"DESCRIBE <{PERSON}>")
    assert fetch(app, f"/sparql?query={naming}").status_code == 410
    assert fetch(app, f"/sparql?query={naming}&format=html").status_code == 410
    other = quote("DESCRIBE <id/person/per-bodker-andersen>")
    assert fetch(app, f"/sparql?query={other}").status_code == 200


def test_the_server_front_answers_410_too_and_never_stores_the_answer(
    app: Flask, withdrawn: dict
) -> None:
    """Regression: the front layer's fast path answered a client's GET with 200
    (empty bindings) where Flask answered 410, and then replayed that 200."""
    naming = quote(f"SELECT * WHERE {{ <{BASE}{PERSON}> ?p ?o }}", safe="")
    front = Front(app)
    for _ in range(2):  # the second would be a replay of a stored answer
        status, _, _ = call(front, f"/sparql?query={naming}")
        assert status.startswith("410"), status
    assert fetch(app, f"/sparql?query={naming}").status_code == 410


def test_pages_of_a_release_holding_the_person_are_gone(
    app: Flask, withdrawn: dict
) -> None:
    """?release= on pages reads an old release as citations do, so 410 here too."""
    for path in ("/" + PERSON, "/id/city/orebro", "/"):
        assert fetch(app, path + "?release=1.0").status_code == 410, path
    assert fetch(app, "/id/city/orebro?release=1.1").status_code == 200
