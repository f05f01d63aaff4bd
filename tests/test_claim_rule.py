"""The claim rule materialises uncontested values only: disagreements stay as claims."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

RULE = Path(__file__).resolve().parent.parent / "ontology" / "rules" / "claim-values.rq"
CLAIMS = """
@prefix kg: <https://data.kolding.dk/def/> .
@prefix ex: <http://example.org/> .
ex:agree1 a kg:Claim ; kg:claimSubject ex:a ; kg:claimProperty ex:y ; kg:value 1946 .
ex:agree2 a kg:Claim ; kg:claimSubject ex:a ; kg:claimProperty ex:y ; kg:value 1946 .
ex:differ1 a kg:Claim ; kg:claimSubject ex:b ; kg:claimProperty ex:y ; kg:value 1990 .
ex:differ2 a kg:Claim ; kg:claimSubject ex:b ; kg:claimProperty ex:y ; kg:value 1992 .
ex:words a kg:Claim ; kg:claimSubject ex:c ; kg:claimProperty ex:y ; kg:statedAs "s" .
ex:valued a kg:Claim ; kg:claimSubject ex:c ; kg:claimProperty ex:y ; kg:value 2019 .
"""


def derived() -> set[tuple[str, str]]:
    """Run the real rule over the claims; return (subject, value) pairs it derives."""
    store = ox.Store()
    store.load(CLAIMS.encode(), format=ox.RdfFormat.TURTLE)
    triples = store.query(RULE.read_text(encoding="utf-8"))
    return {(t.subject.value.rsplit("/", 1)[1], t.object.value) for t in triples}


def test_only_uncontested_values_become_triples() -> None:
    assert derived() == {("a", "1946"), ("c", "2019")}
