"""The claim rule materialises uncontested values only: disagreements stay as claims."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kolding_graph.release.load import Release

BASE = "https://data.kolding.dk/"
RULE = Path(__file__).resolve().parent.parent / "ontology" / "rules" / "claim-values.rq"
CLAIMS = """
@prefix kg: <https://data.kolding.dk/def/> .
@prefix ex: <http://example.org/> .
ex:agree1 a kg:Claim ; kg:claimSubject ex:a ; kg:claimProperty ex:y ; kg:value 1946 .
ex:agree2 a kg:Claim ; kg:claimSubject ex:a ; kg:claimProperty ex:y ; kg:value 1946 .
ex:differ1 a kg:Claim ; kg:claimSubject ex:b ; kg:claimProperty ex:y ; kg:value 1990 .
ex:differ2 a kg:Claim ; kg:claimSubject ex:b ; kg:claimProperty ex:y ; kg:value 1992 .
ex:words a kg:Claim ; kg:claimSubject ex:c ; kg:claimProperty ex:y ;
    kg:statedAs "since 2001"@en , "siden 2001"@da .
ex:valued a kg:Claim ; kg:claimSubject ex:c ; kg:claimProperty ex:y ; kg:value 2019 .
ex:both a kg:Claim ; kg:claimSubject ex:d ; kg:claimProperty ex:y ;
    kg:statedAs "in 1997" ; kg:value 1997 .
ex:bare a kg:Claim ; kg:claimSubject ex:e ; kg:claimProperty ex:y .
ex:alone a kg:Claim ; kg:claimSubject ex:e ; kg:claimProperty ex:y ; kg:value 5 .
ex:only-words a kg:Claim ; kg:claimSubject ex:f ; kg:claimProperty ex:y ;
    kg:statedAs "a while ago" .
"""


def derive(turtle: str) -> set[tuple[str, str]]:
    """Run the real rule over claims; return (subject, value) pairs it derives."""
    store = ox.Store()
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    triples = store.query(RULE.read_text(encoding="utf-8"))
    return {(t.subject.value.rsplit("/", 1)[1], t.object.value) for t in triples}


def test_only_uncontested_values_become_triples() -> None:
    """Agreeing values are derived; differing values and a worded claim contest."""
    assert derive(CLAIMS) == {("a", "1946"), ("d", "1997"), ("e", "5")}


def test_a_worded_claim_without_a_value_contests() -> None:
    """Regression (issue 12): "since 2001" with no value used to let 2019 through."""
    assert ("c", "2019") not in derive(CLAIMS)


@pytest.mark.parametrize(
    ("subject", "prop", "settled"),
    [
        ("organisation/iclei", "https://schema.org/foundingDate", "1990"),
        (
            "membership/per-bodker-andersen-ubc-president",
            "https://data.kolding.dk/def/endYear",
            "2019",
        ),
    ],
    ids=["iclei-founding", "ubc-presidency-end"],
)
def test_disputed_properties_stay_claims_in_the_release(
    release: Release, subject: str, prop: str, settled: str
) -> None:
    """Each property the sources dispute has no direct value in the release."""
    store = ox.Store()
    store.load(path=release.file("dataset.nq"), format=ox.RdfFormat.N_QUADS)
    query = f"ASK {{ GRAPH ?g {{ <{BASE}id/{subject}> <{prop}> ?v }} }}"
    assert not store.query(query), f"{subject} {prop} was settled ({settled})"
