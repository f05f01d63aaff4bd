"""reconcile: the known disagreements of the reference notes, and each check on its own.

Checks are exercised by changing a copy of the real snapshot or curated graph inside the
test; those changes are test inputs, never published data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SDO, XSD

from kolding_graph.build.cut import build_release
from kolding_graph.cli import main
from kolding_graph.errors import BuildError, NewDiscrepancies
from kolding_graph.namespaces import DEFAULT_BASE_IRI, GEOSPARQL, WD, WDT, Namespaces
from kolding_graph.wikidata.context import haversine_km
from kolding_graph.wikidata.discrepancies import BASELINE_FILE, read_accepted
from kolding_graph.wikidata.enrich import SNAPSHOT_FILE, load_curated, snapshot_node
from kolding_graph.wikidata.reconcile import reconcile
from kolding_graph.wikidata.report_rdf import (
    load_report,
    report_from_graph,
    report_graph,
)

PROJECT = Path(__file__).resolve().parents[1]
NS = Namespaces(DEFAULT_BASE_IRI)
CITY = NS.id["city/"]


def city(slug: str) -> str:
    return NS.entity("city", slug)


@pytest.fixture(scope="module")
def curated() -> Graph:
    return load_curated(PROJECT, DEFAULT_BASE_IRI)


@pytest.fixture(scope="module")
def snapshot() -> Graph:
    path = PROJECT / SNAPSHOT_FILE
    return Graph().parse(path, format="turtle", publicID=DEFAULT_BASE_IRI)


def copy(graph: Graph) -> Graph:
    result = Graph()
    result += graph
    return result


def keys(curated: Graph, snapshot: Graph, **kwargs: float) -> set[str]:
    return {d.key for d in reconcile(curated, snapshot, NS, **kwargs).discrepancies}


# ---------------------------------------------- the reference notes, section 7


def test_known_disagreements_are_reported(curated: Graph, snapshot: Graph) -> None:
    """Every disagreement facts.md lists that the data can show is in the report."""
    assert keys(curated, snapshot) == {
        "twin-only-in-wikidata:municipality/kolding:Q13375",  # Pisa
        "twin-only-in-wikidata:municipality/kolding:Q855324",  # Nanortalik
        "twin-not-in-wikidata:city/kujalleq:Q478813",
        "twin-not-in-wikidata:city/nikopol:Q156760",
        "twin-not-in-wikidata:city/wuqing:Q708496",
        "unconfirmed-link:city/wuqing:Q708496",
        "unconfirmed-link:municipality/kolding:Q21101",
        "label-spelling:city/panevezys:Panevézys@da",
        "claim-disagreement:organisation/iclei:schema:foundingDate",
        "claim-disagreement:membership/per-bodker-andersen-ubc-president:kg:endYear",
    }


def test_messages_are_bilingual_and_name_both_sides(curated, snapshot) -> None:
    report = reconcile(curated, snapshot, NS)
    (iclei,) = report.for_entity(NS.entity("organisation", "iclei"))
    assert "1990" in iclei.message_en and "1992" in iclei.message_en
    assert "kort efter" in iclei.message_da and "shortly after" in iclei.message_en
    assert len(iclei.sources) == 2
    (pisa,) = [d for d in report.discrepancies if d.item == str(WD.Q13375)]
    assert "Pisa (Q13375)" in pisa.message_en and "venskabsby" in pisa.message_da
    assert pisa.also == ()


def test_twin_not_in_wikidata_is_shown_for_kolding_too(curated, snapshot) -> None:
    report = reconcile(curated, snapshot, NS)
    kolding = {d.key for d in report.for_entity(NS.entity("municipality", "kolding"))}
    assert "twin-not-in-wikidata:city/nikopol:Q156760" in kolding


def test_the_committed_baseline_accepts_exactly_todays_report(curated, snapshot):
    report = reconcile(curated, snapshot, NS)
    accepted = read_accepted(PROJECT / BASELINE_FILE)
    report = report.accept(accepted)
    assert report.new() == [] and report.stale_accepted == ()
    assert sorted(accepted) == sorted(d.key for d in report.discrepancies)


# ------------------------------------------------------------ each check


def test_coordinates_far_apart(curated: Graph, snapshot: Graph) -> None:
    moved = copy(snapshot)
    moved.remove((WD.Q181854, WDT.P625, None))
    kolding = Literal("Point(9.4722 55.4904)", datatype=GEOSPARQL.wktLiteral)
    moved.add((WD.Q181854, WDT.P625, kolding))
    report = reconcile(curated, moved, NS)
    (found,) = [d for d in report.discrepancies if d.kind == "coordinates-apart"]
    expected = haversine_km((61.05871, 28.18871), (55.4904, 9.4722))
    assert found.entity == city("lappeenranta")
    assert found.distance_km == pytest.approx(expected, abs=0.1)
    assert 1100 < expected < 1300  # Lappeenranta is about 1,200 km from Kolding
    assert "coordinates-apart" not in str(keys(curated, moved, max_km=5000))


def test_haversine_known_distance() -> None:
    # One degree of latitude is about 111.2 km on the mean Earth radius.
    assert haversine_km((0.0, 0.0), (1.0, 0.0)) == pytest.approx(111.19, abs=0.01)
    assert haversine_km((55.0, 9.0), (55.0, 9.0)) == 0.0


def test_redirected_item_and_shared_item(curated: Graph, snapshot: Graph) -> None:
    merged = copy(snapshot)
    merged.remove((WD.Q25732, None, None))  # Örebro town item: now a redirect
    merged.add((WD.Q25732, OWL.sameAs, WD.Q297718))
    found = keys(curated, merged)
    assert "item-redirected:city/orebro:Q25732" in found
    # After the merge both of Örebro's links point at one item, but from one entity.
    assert not any(k.startswith("shared-item") for k in found)
    linked = copy(curated)
    linked.add((URIRef(city("drammen")), SDO.sameAs, WD.Q297718))
    found = keys(linked, merged)
    assert "shared-item:city/drammen:Q297718" in found
    assert "shared-item:city/orebro:Q297718" in found


def test_missing_item_and_item_not_in_snapshot(curated: Graph, snapshot: Graph) -> None:
    changed = copy(snapshot)
    changed.add((snapshot_node(NS), NS.kg.itemNotFound, WD.Q3907))
    changed.remove((WD.Q3907, None, None))
    changed.remove((None, NS.kg.coversItem, WD.Q575709))
    changed.remove((WD.Q575709, None, None))
    found = keys(curated, changed)
    assert "item-not-found:city/delmenhorst:Q3907" in found
    assert "item-not-in-snapshot:city/huescar:Q575709" in found
    assert "twin-not-in-wikidata:city/delmenhorst:Q3907" not in found  # P190 kept


def test_year_differs_from_inception(curated: Graph, snapshot: Graph) -> None:
    changed, ours = copy(snapshot), copy(curated)
    inception = Literal("1945-11-16T00:00:00Z", datatype=XSD.dateTime)
    changed.add((WD.Q7809, WDT.P571, inception))
    unesco = URIRef(NS.entity("organisation", "unesco"))
    ours.add((unesco, SDO.foundingDate, Literal("1946", datatype=XSD.gYear)))
    assert "year-differs:organisation/unesco:foundingDate:1946" in keys(ours, changed)
    ours.set((unesco, SDO.foundingDate, Literal("1945", datatype=XSD.gYear)))
    assert not any(k.startswith("year-differs") for k in keys(ours, changed))


def test_label_and_country_differ(curated: Graph, snapshot: Graph) -> None:
    changed = copy(snapshot)
    changed.remove((WD.Q3907, RDFS.label, Literal("Delmenhorst", lang="en")))
    changed.add((WD.Q3907, RDFS.label, Literal("Stadt Delmenhorst", lang="en")))
    changed.set((WD.Q3907, WDT.P17, WD.Q35))
    found = keys(curated, changed)
    assert "label-differs:city/delmenhorst:Delmenhorst@en" in found
    assert "country-differs:city/delmenhorst:Q3907" in found


@pytest.mark.parametrize(
    ("theirs", "kind"),
    [
        ("DELMENHÖRST", "label-spelling"),  # case and diacritics: the same name
        ("Delmenhørst", "label-spelling"),  # a letter Unicode does not decompose
        ("Delmen  horst", "label-differs"),
        ("Stadt Delmenhorst", "label-differs"),
    ],
)
def test_spellings_are_told_from_other_names_with_the_search_fold(
    curated: Graph, snapshot: Graph, theirs: str, kind: str
) -> None:
    """Reconciliation folds names with the same fold() as search."""
    changed = copy(snapshot)
    changed.remove((WD.Q3907, RDFS.label, Literal("Delmenhorst", lang="en")))
    changed.add((WD.Q3907, RDFS.label, Literal(theirs, lang="en")))
    found = {k for k in keys(curated, changed) if k.startswith("label-")}
    assert f"{kind}:city/delmenhorst:Delmenhorst@en" in found


def test_ascii_search_aids_are_not_spelling_problems(curated, snapshot) -> None:
    found = keys(curated, snapshot)
    assert "label-spelling:city/panevezys:Panevezys@da" not in found
    assert not any(k.startswith("label-spelling:city/orebro") for k in found)


def test_without_a_kolding_item_twins_are_not_compared(curated, snapshot) -> None:
    changed = copy(snapshot)
    changed.remove((WD.Q27119, None, None))
    changed.remove((WD.Q21101, None, None))
    assert not any("twin" in k for k in keys(curated, changed))


# ------------------------------------------------------- RDF and baseline


def test_report_round_trips_through_rdf(curated: Graph, snapshot: Graph) -> None:
    report = reconcile(curated, snapshot, NS).accept(
        ["label-spelling:city/panevezys:Panevézys@da"]
    )
    graph = report_graph(report, NS)
    text = NS.bind_prefixes(graph).serialize(format="turtle")
    again = report_from_graph(Graph().parse(data=text, format="turtle"), NS)
    assert again.discrepancies == report.discrepancies
    assert again.snapshot == report.snapshot and again.snapshot_note.keys() >= {"en"}


def test_keys_do_not_depend_on_the_base_iri(curated, snapshot) -> None:
    other = Namespaces("https://example.org/kg/")
    moved = load_curated(PROJECT, other.base)
    moved_snapshot = Graph().parse(
        PROJECT / SNAPSHOT_FILE, format="turtle", publicID=other.base
    )
    found = {d.key for d in reconcile(moved, moved_snapshot, other).discrepancies}
    assert found == keys(curated, snapshot)


def test_baseline_reader(tmp_path: Path) -> None:
    path = tmp_path / "accepted.txt"
    path.write_text(
        "# comment\n\nunconfirmed-link:city/wuqing:Q708496 # one source\n",
        encoding="utf-8",
    )
    assert read_accepted(path) == ["unconfirmed-link:city/wuqing:Q708496"]
    assert read_accepted(tmp_path / "absent.txt") == []
    path.write_text("# ok\nno-such-kind:city/x:Q1\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        read_accepted(path)
    assert caught.value.where == f"{path}:2"


# ----------------------------------------------------------- build and CLI


def test_release_carries_the_report(release) -> None:
    assert "reconciliation" in release.graphs
    assert "reconciliation.ttl" in release.files
    report = load_report(release.path, release.base_iri)
    assert report is not None and len(report.discrepancies) == 10
    assert report.new() == []
    assert "generated" not in report.snapshot_note  # compiled: no retrieval time


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


def test_build_fails_on_new_discrepancies(real_project: Path, tmp_path: Path) -> None:
    baseline = real_project / BASELINE_FILE
    kept = [
        line
        for line in baseline.read_text(encoding="utf-8").splitlines()
        if "Q13375" not in line
    ]
    baseline.write_text("\n".join(kept) + "\n", encoding="utf-8")
    out = tmp_path / "dist"
    with pytest.raises(NewDiscrepancies, match="Q13375"):
        build_release(
            real_project, out, DEFAULT_BASE_IRI, fail_on_new_discrepancies=True
        )
    assert not out.exists() and not out.is_symlink()
    result = build_release(real_project, out, DEFAULT_BASE_IRI)
    report = load_report(result.release.path, DEFAULT_BASE_IRI)
    assert [d.key for d in report.new()] == [
        "twin-only-in-wikidata:municipality/kolding:Q13375"
    ]


def test_cli_reconcile(runner, tmp_path: Path) -> None:
    args = ["reconcile", "--source", str(PROJECT)]
    result = runner.invoke(main, [*args, "--fail-on-new"])
    assert result.exit_code == 0, result.output
    assert "10 discrepancies, 0 not accepted" in result.output
    empty = tmp_path / "none.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(main, [*args, "--accepted", str(empty), "--fail-on-new"])
    assert result.exit_code == 1, result.output
    assert "[NEW] twin-only-in-wikidata:municipality/kolding:Q13375" in result.output
    result = runner.invoke(main, [*args, "--format", "json", "--lang", "da"])
    data = json.loads(result.output)
    assert data["total"] == 10 and data["discrepancies"][0]["message"]["da"]


def test_cli_reconcile_without_snapshot(runner, tmp_path: Path) -> None:
    missing = tmp_path / "absent.ttl"
    result = runner.invoke(
        main, ["reconcile", "--source", str(PROJECT), "--snapshot", str(missing)]
    )
    assert result.exit_code == 2
    assert "kolding-graph enrich" in result.output
