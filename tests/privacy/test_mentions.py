"""Which IRIs a query names (to answer 410 for withdrawn ones), without a parser."""

from __future__ import annotations

import pytest

from kolding_graph.query.mentions import named_iris, names_withdrawn
from kolding_graph.release.withdrawn import Withdrawn, iri_digest

BASE = "https://data.kolding.dk/"
GONE = BASE + "id/person/test-testesen"
LIST = Withdrawn(frozenset({iri_digest(GONE)}), "digest")


@pytest.mark.parametrize(
    "text",
    [
        f"DESCRIBE <{GONE}>",
        "DESCRIBE <id/person/test-testesen>",
        "BASE <https://data.kolding.dk/id/> DESCRIBE <person/test-testesen>",
        f"PREFIX p: <{BASE}id/person/> SELECT * WHERE {{ p:test-testesen ?p ?o }}",
        "PREFIX p: <id/person/> ASK { p:test\\-testesen ?p ?o }",
        "DESCRIBE <https://data.kolding.dk/id/person/test\\u002Dtestesen>",
        "PREFIX p: <id/person/> ASK { p:test\\u002Dtestesen ?p ?o }",
    ],
)
def test_a_query_naming_the_record_is_caught(text: str) -> None:
    assert names_withdrawn(text, BASE, LIST)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "id/person/test-testesen" }',
        "# DESCRIBE <id/person/test-testesen>\nASK {}",
        "DESCRIBE <id/person/per-bodker-andersen>",
        "PREFIX p: <id/city/> DESCRIBE p:test-testesen",
    ],
)
def test_strings_comments_and_other_iris_are_not(text: str) -> None:
    assert not names_withdrawn(text, BASE, LIST)


def test_an_empty_list_reads_nothing() -> None:
    assert not names_withdrawn("not even SPARQL <<<", BASE, Withdrawn())
    assert list(named_iris("SELECT * { <a> ?p ?o }", BASE)) == [BASE + "a"]
