"""The lexer that classifies queries before any engine sees them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kolding_graph.errors import Forbidden, QueryError
from kolding_graph.query.lexer import (
    MAX_DEPTH,
    MAX_TOKENS,
    classify,
    position,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * {}", "SELECT"),
        ("select * {}", "SELECT"),
        ("ASK {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <urn:x>", "DESCRIBE"),
        ("BASE <urn:b> PREFIX ex: <urn:e> PREFIX : <urn:d> ASK {}", "ASK"),
        ("# comment\n  PREFIX select: <urn:s> DESCRIBE select:x", "DESCRIBE"),
    ],
)
def test_query_forms(text: str, form: str) -> None:
    assert classify(text).form == form


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("INSERT DATA { <a> <b> <c> }", "INSERT"),
        ("PREFIX a: <urn:a> delete where { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/x>", "LOAD"),
        ("with <urn:g> DELETE { ?s ?p ?o } WHERE {}", "WITH"),
        ("SELECT * {} ; DROP ALL", "DROP"),
        ("ASK {} CLEAR ALL", "CLEAR"),
    ],
)
def test_updates_are_forbidden_naming_the_keyword(text: str, word: str) -> None:
    with pytest.raises(Forbidden, match=f"read-only endpoint.*{word}"):
        classify(text)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ("INSERT" AS ?x) {}',
        "SELECT ('DELETE' AS ?x) {}",
        'SELECT ("""a "" INSERT DATA { }""" AS ?x) {}',
        "SELECT ('''a '' DROP ALL''' AS ?x) {}",
        'SELECT ("a \\" INSERT DATA {} \\"" AS ?x) {}',
        "SELECT ?insert ?drop $load {}",
        "PREFIX insert: <urn:i> SELECT * { insert:x insert:DROP ?o }",
        "SELECT * { <urn:DELETE> ?p ?o } # INSERT DATA {}",
        "SELECT * { ?s ?p ?o FILTER(?o = 'x'@en-GB) }",
    ],
)
def test_update_words_inside_other_tokens_are_harmless(text: str) -> None:
    assert classify(text).form == "SELECT"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * { service silent ?e { } }",
        "ASK { FILTER NOT EXISTS { SERVICE <urn:x> {} } }",
    ],
)
def test_service_is_refused_with_its_position(text: str) -> None:
    with pytest.raises(QueryError, match="SERVICE") as caught:
        classify(text)
    assert caught.value.where.startswith("line 1, column")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service {}",
        "PREFIX ex: <urn:e> SELECT * { ex:SERVICE ?p ?o }",
        "PREFIX service: <urn:s> SELECT * { service:x ?p ?o }",
        'SELECT ("SERVICE <http://x/> {}" AS ?x) {}',
        "SELECT * { <http://x/SERVICE> ?p ?o }",
    ],
)
def test_service_as_part_of_other_tokens_is_harmless(text: str) -> None:
    assert classify(text).form == "SELECT"


def test_tokens_of_each_kind() -> None:
    kinds = [t.kind for t in tokenize('PREFIX a: <u> SELECT ?x { a:b "s"@da 1.5 _:b }')]
    assert kinds == [
        "name", "pname", "iri", "name", "var", "punct",
        "pname", "string", "langtag", "number", "bnode", "punct",
    ]  # fmt: skip


def test_tokens_carry_their_own_offset_not_the_blanks_before() -> None:
    tokens = tokenize("  # note\n ASK  {}  ")
    assert [(t.text, t.offset) for t in tokens] == [("ASK", 10), ("{", 15), ("}", 16)]


def test_blanks_before_a_bad_character_are_not_retried_forever() -> None:
    # Whitespace runs were once matched in a way the regular expression
    # engine retried in every split: 64 spaces would take longer than the
    # universe's age. Run apart, so that such a regression fails, not hangs.
    program = (
        "from kolding_graph.query.lexer import tokenize\n"
        "try:\n    tokenize(' ' * 64 + '\\u00a7')\n"
        "except Exception as error:\n    print(type(error).__name__, error.where)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == "QueryError line 1, column 65", done.stderr


def test_a_prefixed_name_does_not_swallow_the_final_dot() -> None:
    assert [t.text for t in tokenize("ex:a.")] == ["ex:a", "."]


@pytest.mark.parametrize(
    ("text", "problem", "where"),
    [
        ('ASK { ?s ?p "open }', "unterminated string", "line 1, column 13"),
        ("ASK {\n ?s ?p 'open", "unterminated string", "line 2, column 8"),
        ("ASK { ?s ?p ?o } ~", "unexpected character", "line 1, column 18"),
    ],
)
def test_lexical_errors_say_what_and_where(text: str, problem: str, where: str) -> None:
    with pytest.raises(QueryError, match=problem) as caught:
        classify(text)
    assert caught.value.where == where


def test_position_is_one_based() -> None:
    assert position("ab\ncd", 4) == "line 2, column 2"


def test_limits_on_depth_and_size() -> None:
    with pytest.raises(QueryError, match="nested deeper"):
        classify("ASK " + "{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1))
    with pytest.raises(QueryError, match="tokens"):
        classify("SELECT * { VALUES ?x { " + "1 " * MAX_TOKENS + "} }")
    classify("ASK " + "{" * MAX_DEPTH + "}" * MAX_DEPTH)


def test_normalised_text_ignores_layout_and_comments() -> None:
    one = classify("SELECT  *\n{ ?s ?p ?o } # all")
    two = classify("SELECT * { ?s ?p ?o }")
    assert one.normalised == two.normalised


def test_a_megabyte_of_one_name_lexes() -> None:
    with pytest.raises(QueryError, match="expected SELECT"):
        classify("a" * 1_000_000)


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }", Forbidden, "INSERT"),
        ("\\U00000044ROP ALL", Forbidden, "DROP"),
        ("SELECT * { \\u0053ERVICE <http://x/> {} }", QueryError, "SERVICE"),
        (
            'SELECT * { ?s ?p "\\u0022 } SERVICE <http://x/> {} #" }',
            QueryError,
            "SERVICE",
        ),
        ('SELECT * { ?s ?p "\\u0022" }', QueryError, "no longer lexes"),
        ('SELECT ("\\u0022 DROP ALL" AS ?x) {}', QueryError, "no longer lexes"),
    ],
)
def test_codepoint_escapes_are_read_as_the_spec_reads_them(
    text: str, error: type, words: str
) -> None:
    """SPARQL decodes \\u escapes before parsing; a remote engine may do so."""
    with pytest.raises(error, match=words):
        classify(text)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "caf\\u00E9" }',
        "SELECT * { <http://example.org/\\u00E9> ?p ?o }",
        "SELECT * { ?s ?p '\\U0001F600' }",
    ],
)
def test_harmless_codepoint_escapes_pass(text: str) -> None:
    assert classify(text).form == "SELECT"
