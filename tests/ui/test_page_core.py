"""The Flask-free core of the UI: folding, binding, maps, search, sorting."""

from __future__ import annotations

import pytest

from kolding_graph.browse import geo
from kolding_graph.browse.labels import (
    Value,
    iri_ref,
    is_safe_iri,
    pick,
    values_clause,
)
from kolding_graph.browse.search_index import SKOS, Entry, SearchIndex
from kolding_graph.formats import page_format, split_suffix
from kolding_graph.text import fold


@pytest.mark.parametrize(
    "text,folded",
    [
        ("Örebro", "orebro"),
        ("Panevėžys", "panevezys"),
        ("Panevézys", "panevezys"),
        ("Stykkishólmur", "stykkisholmur"),
        ("Bødker", "bodker"),
        ("Łódź", "lodz"),
        ("  Huéscar\tSPAIN ", "huescar spain"),
        ("Æblø", "aeblo"),
    ],
)
def test_fold_ignores_case_and_diacritics(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "bad",
    [
        "foo> } UNION { ?s ?p ?o",
        "https://x/a b",
        "https://x/<a>",
        'https://x/"',
        "relative/path",
        "https://x/{a}",
        "https://x/a\\b",
        "https://x/\x00",
    ],
)
def test_only_clean_absolute_iris_can_be_bound(bad):
    assert not is_safe_iri(bad)
    with pytest.raises(ValueError):
        iri_ref(bad)


def test_values_clause_binds_each_iri_once():
    clause = values_clause("s", ["https://x/ø", "https://x/ø", "https://x/a%20b"])
    assert clause == "VALUES ?s { <https://x/ø> <https://x/a%20b> }"


def test_pick_falls_back_da_en_then_any():
    assert pick({"da": "A", "en": "B"}, "en") == "B"
    assert pick({"da": "A"}, "en") == "A"
    assert pick({"sv": "C", "de": "D"}, "en") == "D"
    assert pick({}, "da") is None


def test_numbers_from_literals():
    assert Value("literal", "1997", datatype=geo_xsd("gYear")).to_python() == 1997
    assert Value("literal", "59.27", datatype=geo_xsd("decimal")).to_python() == 59.27
    assert Value("literal", "x", datatype=geo_xsd("integer")).to_python() == "x"


def geo_xsd(name: str) -> str:
    return "http://www.w3.org/2001/XMLSchema#" + name


def test_projection_keeps_the_window_corners():
    window = geo.Window(-50.0, 30.0, 150.0, 70.0)
    assert window.project(-50.0, 70.0) == (0.0, 0.0)
    assert window.project(150.0, 30.0) == (window.width, window.height)
    assert window.width < (150 + 50) * 10  # shrunk by cos(latitude)


def test_window_around_holds_every_point():
    points = [(-45.0, 61.0), (137.07, 34.94), (9.47, 55.49), (-22.7, 65.1)]
    window = geo.window_around(points)
    assert all(window.contains(*p) for p in points)


def test_clipping_keeps_land_inside_the_window():
    window = geo.Window(5.0, 50.0, 20.0, 60.0)
    path = geo.land_path(window)
    assert path.startswith("M")
    numbers = [
        float(n)
        for part in path.replace("M", " ").replace("Z", " ").replace("L", " ").split()
        for n in part.split(",")
    ]
    assert min(numbers) >= 0
    assert max(numbers[0::2]) <= window.width + 0.1
    assert max(numbers[1::2]) <= window.height + 0.1


def test_clip_ring_of_a_square():
    window = geo.Window(0.0, 0.0, 10.0, 10.0)
    ring = ((-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0))
    clipped = geo.clip_ring(ring, window)
    assert sorted(set(clipped)) == [(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (5.0, 5.0)]


def _index() -> SearchIndex:
    entries = [
        Entry(iri, label, lang, prop, fold(label))
        for iri, label, lang, prop in [
            ("x:orebro", "Örebro", "sv", SKOS + "prefLabel"),
            ("x:pan", "Panevėžys", "lt", SKOS + "prefLabel"),
            ("x:pan", "Panevézys", "da", SKOS + "hiddenLabel"),
            ("x:doc", "Wikipedia: Örebro kommun", "da", SKOS + "prefLabel"),
        ]
    ]
    return SearchIndex(entries, {"x:orebro": ("t:City",)})


def test_search_ranks_exact_before_substring():
    hits = _index().search("orebro")
    assert [h.iri for h in hits] == ["x:orebro", "x:doc"]
    assert hits[0].types == ("t:City",)


def test_search_matches_hidden_misspelling():
    hits = _index().search("PANEVÉZYS")
    assert [h.iri for h in hits] == ["x:pan"]


def test_blank_search_finds_nothing():
    assert _index().search("   ") == []


def test_format_names_and_suffixes():
    assert page_format("turtle").key == "ttl"
    assert page_format(".jsonld").media_type == "application/ld+json"
    assert page_format("exe") is None
    assert split_suffix("/id/city/orebro.nt")[1].key == "nt"
    assert split_suffix("/id/city/orebro") == ("/id/city/orebro", None)
