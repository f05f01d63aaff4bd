"""A withdrawal through the production server: every gunicorn worker answers 410.

The server is started on release 1.0 (holding a TEST person) and keeps running
while 1.1 withdraws them; each worker must pick up the new list by itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from kolding_graph.build.cut import cut_release
from kolding_graph.namespaces import DEFAULT_BASE_IRI as BASE
from kolding_graph.release.citation import query_hash
from servers import kolding_graph_serve

ROOT = Path(__file__).resolve().parents[2]
TEST_PERSON = ROOT / "tests" / "fixtures" / "privacy" / "test-person.ttl"
PERSON = "/id/person/test-testesen"
EVERYONE = "SELECT ?p WHERE { ?p a <https://schema.org/Person> }"


def status(url: str) -> tuple[int, str]:
    """Return the status and body of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def cut(root: Path, version: str, day: dt.date) -> None:
    cut_release(
        root / "project", root / "releases", BASE, version, day, out=root / "dist"
    )


def test_every_worker_answers_410_after_the_withdrawing_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copyfile(TEST_PERSON, project / "data" / "zz-test-person.ttl")
    cut(tmp_path, "1.0", dt.date(2026, 1, 1))
    monkeypatch.setenv("KOLDING_GRAPH_RELEASES_DIR", str(tmp_path / "releases"))
    monkeypatch.setenv("KOLDING_GRAPH_SOURCE_DIR", str(project))
    cite = f"/sparql/cite/1.0/{query_hash(EVERYONE)}?query={quote(EVERYONE)}"
    with kolding_graph_serve(tmp_path / "dist", log=tmp_path / "server.log") as (
        url,
        _,
    ):
        assert [status(url + PERSON)[0] for _ in range(4)] == [200] * 4
        (project / "data" / "withdrawals.txt").write_text(
            "id/person/test-testesen 2026-02-01\n", encoding="utf-8"
        )
        cut(tmp_path, "1.1", dt.date(2026, 2, 1))
        answers = [status(url + PERSON) for _ in range(6)]
        assert [code for code, _ in answers] == [410] * 6
        assert all("Testesen" not in body for _, body in answers)
        assert status(url + "/downloads/1.0/dataset.nq")[0] == 410
        assert status(url + cite)[0] == 410
        assert "test-testesen" not in status(url + "/search?q=Testesen&format=json")[1]
