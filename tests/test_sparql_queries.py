"""Every named query in queries/ parses, runs on both engines and gives its answer."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from kolding_graph.errors import Forbidden, QueryError
from kolding_graph.query.named import LANGUAGES, load_queries, parse_named_query

QUERIES = Path(__file__).resolve().parent.parent / "queries"
NAMES = sorted(path.stem for path in QUERIES.glob("*.rq"))


def answer_size(client: FlaskClient, name: str, form: str) -> int | bool:
    """Run a named query through the endpoint; return its count or boolean."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        response = client.get(
            f"/sparql/examples/{name}", headers={"Accept": "application/n-triples"}
        )
        assert response.status_code == 200, response.data
        return len(list(ox.parse(response.data, ox.RdfFormat.N_TRIPLES)))
    response = client.get(f"/sparql/examples/{name}")
    assert response.status_code == 200, response.data
    body = json.loads(response.data)
    if form == "ASK":
        return body["boolean"]
    return len(body["results"]["bindings"])


def test_the_project_has_named_queries() -> None:
    assert NAMES, f"no .rq files in {QUERIES}"


@pytest.mark.parametrize("name", NAMES)
def test_named_query_gives_its_expected_answer(client: FlaskClient, name: str) -> None:
    named = load_queries(QUERIES)[name]
    assert all(named.title[lang] and named.description[lang] for lang in LANGUAGES)
    assert (named.expect_count is None) != (named.expect_boolean is None), (
        "each query states exactly one expected answer"
    )
    got = answer_size(client, name, named.form)
    if named.expect_boolean is not None:
        assert got is named.expect_boolean
    else:
        assert got == named.expect_count


def test_headers_are_required_in_both_languages() -> None:
    text = "# title@da: Kun dansk\n# description@da: d\n# description@en: e\nASK {}"
    with pytest.raises(QueryError, match="title@en"):
        parse_named_query("only-danish", text)


def test_expected_answer_must_be_readable() -> None:
    head = "# title@da: t\n# title@en: t\n# description@da: d\n# description@en: d\n"
    with pytest.raises(QueryError, match="expect-count"):
        parse_named_query("bad", head + "# expect-count: many\nSELECT * {}")
    named = parse_named_query("good", head + "# expect-boolean: false\nASK {}")
    assert (named.form, named.expect_boolean) == ("ASK", False)


def test_a_named_query_that_is_an_update_is_refused() -> None:
    head = "# title@da: t\n# title@en: t\n# description@da: d\n# description@en: d\n"
    with pytest.raises(Forbidden, match="read-only"):
        parse_named_query("sneaky", head + "DROP ALL")


def result_set(client: FlaskClient, name: str, form: str) -> object:
    """Return a named query's answer in a comparable form: rows in order, or triples."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        response = client.get(
            f"/sparql/examples/{name}", headers={"Accept": "application/n-triples"}
        )
        return sorted(response.data.decode().splitlines())
    response = client.get(f"/sparql/examples/{name}", headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.data
    return response.data.decode().splitlines()


@pytest.mark.parametrize("name", NAMES)
def test_named_query_gives_the_same_answer_on_every_engine(
    engine_apps, name: str
) -> None:
    """Rows in the same order and the same values (issue 15: GROUP_CONCAT order and
    ties under ORDER BY differed between Oxigraph and Virtuoso)."""
    form = load_queries(QUERIES)[name].form
    answers = {
        engine: result_set(app.test_client(), name, form)
        for engine, app in engine_apps.items()
    }
    for engine, answer in answers.items():
        assert answer == answers["embedded"], engine
