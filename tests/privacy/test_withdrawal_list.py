"""The withdrawal list: its format, and what a build refuses to leave behind."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kolding_graph.build.pipeline import assemble
from kolding_graph.build.withdrawals import LIST_FILE, read_withdrawals
from kolding_graph.errors import BuildError
from kolding_graph.namespaces import DEFAULT_BASE_IRI as BASE

ROOT = Path(__file__).resolve().parents[2]
TEST_PERSON = ROOT / "tests" / "fixtures" / "privacy" / "test-person.ttl"


def write_list(root: Path, text: str) -> None:
    (root / LIST_FILE).parent.mkdir(parents=True, exist_ok=True)
    (root / LIST_FILE).write_text(text, encoding="utf-8")


def test_lines_hold_an_iri_and_a_date(tmp_path: Path) -> None:
    write_list(
        tmp_path,
        "# comment\n\nid/person/a 2026-01-02\n<https://data.kolding.dk/id/person/b>"
        " 2026-03-04  # trailing comment\n",
    )
    found = read_withdrawals(tmp_path, BASE)
    assert [(w.iri, w.date) for w in found] == [
        (BASE + "id/person/a", dt.date(2026, 1, 2)),
        (BASE + "id/person/b", dt.date(2026, 3, 4)),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("id/person/a", "expected '<IRI> YYYY-MM-DD'"),
        ("id/person/a 2026-02-30", "is not a date"),
        ("id/person/a 2026-01-01 because he asked", "expected"),
        ("https://example.org/x 2026-01-01", "not an IRI of this dataset"),
    ],
)
def test_a_bad_line_is_refused_with_its_place(
    tmp_path: Path, line: str, message: str
) -> None:
    write_list(tmp_path, f"# first\n{line}\n")
    with pytest.raises(BuildError, match=message) as caught:
        read_withdrawals(tmp_path, BASE)
    assert caught.value.where == f"{LIST_FILE}:2"


def test_a_build_refuses_text_that_still_names_the_person(tmp_path: Path) -> None:
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copyfile(TEST_PERSON, tmp_path / "data" / "zz-test-person.ttl")
    (tmp_path / "data" / "zz-mention.ttl").write_text(
        "@prefix schema: <https://schema.org/> .\n<id/municipality/kolding>"
        ' schema:description "Borgmester var Testperson Testesen."@da .\n',
        encoding="utf-8",
    )
    write_list(tmp_path, "id/person/test-testesen 2026-01-01\n")
    with pytest.raises(BuildError, match="still named") as caught:
        assemble(tmp_path, BASE)
    assert "data/zz-mention.ttl" in str(caught.value.where)


def test_the_committed_list_parses() -> None:
    """The real data's list (comments only unless someone objected) is well formed."""
    assert (ROOT / LIST_FILE).is_file()
    read_withdrawals(ROOT, BASE)


def test_an_unreadable_private_list_fails_closed(tmp_path: Path, release) -> None:
    """A served release whose withdrawn.json is damaged serves nothing (503)."""
    from kolding_graph.release.load import load_release
    from kolding_graph.release.withdrawn import PRIVATE_FILE
    from kolding_graph.web import create_app

    copy = Path(shutil.copytree(release.path, tmp_path / "release"))
    (copy / PRIVATE_FILE).write_text("{not json", encoding="utf-8")
    app = create_app({"RELEASE_DIR": str(copy), "SOURCE_DIR": str(ROOT)})
    assert load_release(copy).id == release.id  # the release itself is intact
    response = app.test_client().get("/id/person/per-bodker-andersen")
    assert response.status_code == 503
    assert "withdrawal list" in response.get_data(as_text=True)
