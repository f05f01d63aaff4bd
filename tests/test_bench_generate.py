"""bench/generate.py: deterministic, shaped like our data, the same as the real build.

The benchmark itself (bench/run) is never run by the tests; only the generator's
smallest graph is checked here, because every benchmark figure rests on it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

from conftest import ROOT
from kolding_graph.namespaces import DEFAULT_BASE_IRI, Namespaces
from kolding_graph.release.load import Release, load_release

NS = Namespaces(DEFAULT_BASE_IRI)
KG = DEFAULT_BASE_IRI + "def/"
PREFIXES = f"""
PREFIX kg: <{KG}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def load_generator() -> ModuleType:
    """Import bench/generate.py (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "bench_generate", ROOT / "bench" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


GENERATE = load_generator()


def generate(out: Path, *extra: str) -> Release:
    """Run the generator at about 1k triples into out and return the release."""
    assert GENERATE.main(["--triples", "1000", "--out", str(out), *extra]) == 0
    return load_release(out / "dist")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """Return the bench-only release of the smallest synthetic graph."""
    return generate(tmp_path_factory.mktemp("bench") / "1k")


@pytest.fixture(scope="module")
def store(small: Release) -> ox.Store:
    """Return the small release loaded into pyoxigraph."""
    store = ox.Store()
    store.load(path=str(small.file("dataset.nq")), format=ox.RdfFormat.N_QUADS)
    return store


def count(store: ox.Store, where: str) -> int:
    """Return the number of solutions of a pattern over the union graph."""
    query = f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    rows = list(store.query(query, use_default_graph_as_union=True))
    return int(rows[0]["n"].value)


def test_two_runs_give_identical_files(small: Release, tmp_path: Path) -> None:
    again = generate(tmp_path / "again")
    assert again.id == small.id
    for name in small.files:
        assert again.file(name).read_bytes() == small.file(name).read_bytes(), name
    info = json.loads((small.path.parent.parent / "bench.json").read_text())
    assert info["release"] == small.id and info["triples"] == small.triples


def test_size_is_about_1k_in_our_named_graphs(small: Release, store: ox.Store) -> None:
    assert 1000 <= small.triples <= 3000
    assert set(small.graphs) == {"curated", "derived", "metadata", "ontology"}
    assert 800 <= small.graphs["curated"]["triples"] <= 1200
    assert len(store) == small.triples
    default = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert list(default) == []


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        ("kg:Municipality", 1),
        ("kg:Town", 1),
        ("kg:LocalAuthority", 12),
        ("kg:TwinningAgreement", 12),
        ("schema:Person", 2),
        ("schema:Country", 13),
        ("kg:Figure", 1),
    ],
)
def test_entities_of_each_class(store: ox.Store, cls: str, expected: int) -> None:
    assert count(store, f"?s a {cls}") == expected


def test_claims_memberships_and_sources_are_there(store: ox.Store) -> None:
    assert count(store, "?s a kg:Claim") > 30
    assert count(store, "?s a org:Membership") >= 5
    assert count(store, "?s a kg:Source ; schema:url ?u") >= 5
    unsourced = "?s a kg:LocalAuthority FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?d }"
    assert count(store, unsourced) == 0


def test_twin_cities_are_shaped_like_ours(store: ox.Store) -> None:
    """Labels @da/@en/native, a country, derived coordinates, and the shortcut."""
    kolding = f"<{NS.entity('municipality', 'kolding')}>"
    assert count(store, f"?a kg:party {kolding}, ?c . ?c a kg:LocalAuthority") == 12
    assert count(store, "?c a kg:LocalAuthority ; schema:addressCountry ?k") == 12
    labelled = (
        "?c a kg:LocalAuthority ; skos:prefLabel ?da, ?en, ?native "
        'FILTER(lang(?da) = "da" && lang(?en) = "en" '
        '&& lang(?native) NOT IN ("da", "en"))'
    )
    assert count(store, labelled) == 12
    derived = f"<{NS.graph_iri('derived')}>"
    placed = (
        f"GRAPH {derived} {{ ?c <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?x }}"
    )
    assert count(store, placed) >= 12
    assert count(store, f"{kolding} kg:twinnedWith ?c") == 12


def test_bench_only_release_says_it_was_not_validated(small: Release) -> None:
    report = small.file("validation-report.ttl").read_text(encoding="utf-8")
    assert "Not validated" in report and "sh:conforms" not in report


def test_bench_path_matches_the_real_build(small: Release, tmp_path: Path) -> None:
    """The real build (rules, SHACL) on the generated inputs writes the same dump."""
    built = generate(tmp_path / "built", "--via-build")
    assert "sh:conforms true" in built.file("validation-report.ttl").read_text()
    assert set(built.files) == set(small.files)
    dump = built.file("dataset.nq").read_bytes()
    assert dump == small.file("dataset.nq").read_bytes()
    assert built.id == small.id
