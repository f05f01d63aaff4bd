"""Search finds what people type (issue 12): names, other names, descriptions."""

from __future__ import annotations

import pytest

EXPECTED = {
    "klima": {"/id/project/local-government-climate-roadmap", "/id/event/cop15"},
    "bæredygtighed": {"/id/organisation/iclei"},
    "unesco": {"/id/organisation/unesco"},
    "per": {"/id/person/per-bodker-andersen"},
    "orebro": {"/id/city/orebro"},
    "BAEREDYGTIGHED": {"/id/organisation/iclei"},
}


def results(client, text: str, lang: str, everything: bool = False) -> list[str]:
    """Return the local URLs of the search results, best first."""
    more = "&all=1" if everything else ""
    found = client.get(f"/search?q={text}&format=json&lang={lang}{more}").get_json()
    return [r["url"].split("?")[0] for r in found["results"]]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("text", list(EXPECTED))
def test_expected_entities_come_first(client, text, lang):
    expected = EXPECTED[text]
    assert set(results(client, text, lang)[: len(expected)]) == expected


def test_descriptions_are_searched_after_names(client):
    """ "bæredygtighed" is only in ICLEI's description; "per" names come first."""
    found = results(client, "per", "da")
    assert found[0] == "/id/person/per-bodker-andersen"
    assert "/id/organisation/iclei" in results(client, "bæredygtighed", "en")


def test_internal_nodes_only_when_asked_for(client):
    """Regression: "per" gave "påstået egenskab (fundet som: claimed property)"."""
    citizen = results(client, "claimed property", "en")
    assert not any(
        u.startswith(("/def/", "/id/claim/", "/id/concept/")) for u in citizen
    )
    everything = results(client, "claimed property", "en", everything=True)
    assert "/def/claimProperty" in everything
