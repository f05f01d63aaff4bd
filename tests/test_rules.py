"""The derivation rules: what they produce and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kolding_graph.build.pipeline import assemble
from kolding_graph.build.rules import find_rules
from kolding_graph.errors import BuildError
from release_helpers import BASE


def write_rule(project: Path, name: str, text: str) -> None:
    (project / "ontology" / "rules" / name).write_text(text, encoding="utf-8")


def test_rule_output_lands_in_the_derived_graph(project: Path) -> None:
    assembly = assemble(project, BASE)
    twinned = URIRef(BASE + "def/twinnedWith")
    kolding = URIRef(BASE + "id/municipality/kolding")
    assert set(assembly.graphs["derived"].objects(kolding, twinned)) == {
        URIRef(BASE + "id/city/anjo"),
        URIRef(BASE + "id/city/lappeenranta"),
    }
    assert (None, twinned, None) not in assembly.graphs["curated"]
    assert assembly.files_defining(kolding) == ("data/places.ttl",)


def test_rules_written_against_the_default_base_follow_another_base(
    project: Path,
) -> None:
    rule = (project / "ontology/rules/twinned-with.rq").read_text(encoding="utf-8")
    absolute = rule.replace("<def/>", f"<{BASE}def/>")
    write_rule(project, "twinned-with.rq", absolute)
    base = "https://example.org/kg/"
    derived = assemble(project, base).graphs["derived"]
    assert (None, URIRef(base + "def/twinnedWith"), None) in derived


def test_node_only_derived_is_traced_to_its_rule(project: Path) -> None:
    write_rule(
        project,
        "zz-new-node.rq",
        "PREFIX kg: <def/>\nCONSTRUCT { <id/thing/new> kg:p 1 } WHERE {}",
    )
    assembly = assemble(project, BASE)
    node = URIRef(BASE + "id/thing/new")
    assert assembly.files_defining(node) == ("ontology/rules/zz-new-node.rq",)


@pytest.mark.parametrize(
    "text,message",
    [
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> {?s ?p ?o} }",
            "SERVICE is not allowed",
        ),
        ("SELECT * WHERE { ?s ?p ?o }", "a rule must be a CONSTRUCT"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ", "SPARQL syntax error"),
    ],
    ids=["service", "select", "syntax"],
)
def test_bad_rule_is_refused_with_its_file(
    project: Path, text: str, message: str
) -> None:
    write_rule(project, "bad.rq", text)
    with pytest.raises(BuildError, match=rf"^ontology/rules/bad.rq: {message}"):
        assemble(project, BASE)


def test_service_in_a_comment_is_harmless(project: Path) -> None:
    write_rule(project, "ok.rq", "# no SERVICE here\nCONSTRUCT {} WHERE {}")
    assert "ontology/rules/ok.rq" in [rule.relpath for rule in find_rules(project)]
