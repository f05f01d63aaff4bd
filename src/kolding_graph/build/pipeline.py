"""Build a release: parse -> assemble named graphs -> validate -> write atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from kolding_graph.build.review import ReviewNote, former_officials
from kolding_graph.build.rules import derive, find_rules
from kolding_graph.build.validate import (
    ValidationReport,
    rebased_shapes,
    validate_graph,
)
from kolding_graph.build.withdrawals import LeftOut, withdraw
from kolding_graph.errors import BuildError, NewDiscrepancies
from kolding_graph.metadata import graph as metadata
from kolding_graph.metadata.dcat import FileInfo
from kolding_graph.metadata.edition import Edition
from kolding_graph.metadata.graph import describe_dataset
from kolding_graph.namespaces import Namespaces
from kolding_graph.release import distributions, dumps
from kolding_graph.release.load import (
    DATASET,
    MANIFEST,
    Release,
    release_id,
)
from kolding_graph.release.withdrawn import PRIVATE_FILE
from kolding_graph.sources.parse import Sources, load_sources
from kolding_graph.wikidata.discrepancies import BASELINE_FILE, Report
from kolding_graph.wikidata.reconcile import reconcile_release
from kolding_graph.wikidata.report_rdf import REPORT_FILE

# A build whose triple count falls below this share of the last release is refused.
SHRINK_LIMIT = 0.5
# Graphs the build writes about the data rather than data: not counted by that guard.
GENERATED = ("metadata", "reconciliation")
Extra = Callable[
    [Mapping[str, distributions.Rendered]], dict[str, distributions.Rendered]
]


@dataclass
class Assembly:
    """The named graphs of a release-to-be, and what is needed to explain them."""

    ns: Namespaces
    sources: Sources
    graphs: dict[str, Graph]
    derived_by: dict = field(default_factory=dict)
    reconciliation: Report | None = None
    edition: Edition = field(default_factory=Edition)
    left_out: LeftOut = field(default_factory=LeftOut)

    def files_defining(self, node: object) -> tuple[str, ...]:
        """Return the input files (or rules) that define a node."""
        found = self.sources.files_defining(node)
        return found or tuple(sorted(self.derived_by.get(node, ())))

    def data_graph(self) -> Graph:
        """Return what SHACL validates: the data graphs and the ontology, merged."""
        union = Graph()
        for name in ("ontology", "curated", "derived", "wikidata"):
            if name in self.graphs:
                union += self.graphs[name]
        return union

    def triples(self) -> dict[str, int]:
        """Return the number of triples in each named graph."""
        return {name: len(graph) for name, graph in sorted(self.graphs.items())}


@dataclass(frozen=True)
class BuildResult:
    """What a build produced and how long each phase took."""

    release: Release
    triples: dict[str, int]
    entities: dict[str, int]
    report: ValidationReport
    seconds: float
    phases: dict[str, float]


def assemble(root: Path, base: str, edition: Edition | None = None) -> Assembly:
    """Parse the inputs and assemble the named graphs (metadata included)."""
    ns = Namespaces(base)
    sources = load_sources(root, base)
    graphs = {name: sources.graphs[name] for name in ("curated", "ontology")}
    if any(source.graph == "wikidata" for source in sources.files):
        graphs["wikidata"] = sources.graphs["wikidata"]
    left_out = withdraw(graphs, Path(root), ns, sources)
    graphs["derived"], derived_by = derive(find_rules(root), graphs, base)
    assembly = Assembly(ns, sources, graphs, derived_by, edition=edition or Edition())
    assembly.left_out = left_out
    reconciled = reconcile_release(graphs, ns, Path(root))
    if reconciled:
        assembly.reconciliation, graphs["reconciliation"] = reconciled
    graphs["metadata"] = describe_dataset(ns, graphs, assembly.edition)
    return assembly


def check(assembly: Assembly) -> ValidationReport:
    """Validate the assembled data against the project's shapes."""
    # pyshacl adds a few RDFS/OWL axioms to the shapes graph it is given; hand it
    # a copy so that the published shapes.ttl holds exactly the shapes/ folder.
    shapes = rebased_shapes(assembly.sources.shapes, assembly.ns.base)
    return validate_graph(
        assembly.data_graph(),
        shapes,
        assembly.files_defining,
        assembly.ns.prefixes(),
    )


def validate_project(root: Path, base: str) -> ValidationReport:
    """Parse and validate the project without writing anything."""
    return check(assemble(root, base))


def review_project(
    root: Path, base: str, today: dt.date
) -> tuple[ValidationReport, list[ReviewNote]]:
    """Validate the project and list the people due for a privacy review."""
    assembly = assemble(root, base)
    years = assembly.edition.privacy.review_years
    notes = former_officials(
        assembly.data_graph(), assembly.ns, today, years, assembly.files_defining
    )
    return check(assembly), notes


def render_files(
    assembly: Assembly,
    report: ValidationReport,
    extra: Extra | None = None,
) -> dict[str, bytes]:
    """Serialise the release's files, checksums and release.json (byte-stable).

    extra: given the files rendered so far, returns more files to publish
    (a versioned release adds its diff against the previous one).
    """
    ns = assembly.ns
    dataset = dumps.canonical_dataset(assembly.graphs, ns)
    rendered = distributions.render_dataset(dataset, ns)
    rendered["ontology.ttl"] = distributions.render_graph(
        assembly.graphs["ontology"], ns
    )
    rendered["shapes.ttl"] = distributions.render_graph(assembly.sources.shapes, ns)
    rendered["validation-report.ttl"] = distributions.render_graph(report.graph, ns)
    if "reconciliation" in assembly.graphs:
        reconciliation = assembly.graphs["reconciliation"]
        rendered[REPORT_FILE] = distributions.render_graph(reconciliation, ns)
    rendered |= render_descriptions(assembly, rendered)
    if extra is not None:
        rendered |= extra(rendered)
    files = {name: item.data for name, item in rendered.items()}
    files[distributions.CHECKSUMS] = distributions.sha256sums(files)
    counts = {name: item.triples for name, item in rendered.items()}
    files[MANIFEST] = manifest(assembly, files, counts)
    if assembly.left_out.withdrawals:
        files[PRIVATE_FILE] = assembly.left_out.private_file()
    return files


def render_descriptions(
    assembly: Assembly, rendered: Mapping[str, distributions.Rendered]
) -> dict[str, distributions.Rendered]:
    """Render dcat.ttl and void.ttl, stating the sizes and checksums of the dumps."""
    infos = {
        name: FileInfo(len(item.data), distributions.sha256(item.data))
        for name, item in rendered.items()
    }
    graphs = metadata.standalone_descriptions(
        assembly.ns, assembly.graphs, assembly.edition, infos
    )
    return {
        name: distributions.render_graph(graph, assembly.ns)
        for name, graph in graphs.items()
    }


def manifest(
    assembly: Assembly, files: dict[str, bytes], triples: Mapping[str, int]
) -> bytes:
    """Return release.json for the given files, per the release contract."""
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    ns = assembly.ns
    content = {
        "id": release_id(digests[DATASET]),
        "base_iri": ns.base,
        "graphs": {
            name: {"iri": ns.graph_iri(name), "triples": count}
            for name, count in assembly.triples().items()
        },
        "files": {
            name: file_entry(name, digests[name], len(data), triples.get(name))
            for name, data in sorted(files.items())
        },
    } | edition_entry(assembly.edition)
    return (json.dumps(content, indent=2, sort_keys=True) + "\n").encode("utf-8")


def file_entry(name: str, sha256: str, size: int, triples: int | None) -> dict:
    """Return one file's entry in release.json: checksum, size, type, triples."""
    entry = {
        "sha256": sha256,
        "bytes": size,
        "media_type": distributions.kind_of(name).served_type,
    }
    return entry if triples is None else entry | {"triples": triples}


def edition_entry(edition: Edition) -> dict[str, str]:
    """Return the version and release date for release.json, where given."""
    entry = {"version": edition.version} if edition.version else {}
    if edition.date is not None:
        entry["release_date"] = edition.date.isoformat()
    return entry


def count_entities(assembly: Assembly) -> dict[str, int]:
    """Return how many subjects of each class the data graphs hold."""
    counts: Counter[str] = Counter()
    data = Graph()
    for name in ("curated", "derived", "wikidata"):
        data += assembly.graphs.get(name, Graph())
    prefixes = assembly.ns.bind_prefixes(Graph()).namespace_manager
    for _, cls in set(data.subject_objects(RDF.type)):
        counts[cls.n3(prefixes)] += 1
    return dict(sorted(counts.items()))


def check_shrink(
    previous: Release | None, triples: dict[str, int], force: bool
) -> None:
    """Refuse a build that lost most of the previous release's data triples.

    The generated graphs are left out: they describe the data, so their size
    would hide how much of the data went missing.
    """
    if previous is None or force:
        return
    total = _data_triples(triples)
    before = _data_triples(
        {name: int(info["triples"]) for name, info in previous.graphs.items()}
    )
    if total < before * SHRINK_LIMIT:
        raise BuildError(
            f"the new build has {total} data triples, less than half of the current"
            f" release's {before}; use --force if that is intended",
            where=str(previous.path),
        )


def check_discrepancies(assembly: Assembly, fail_on_new: bool) -> None:
    """Refuse, when asked to, a build whose reconciliation found new problems."""
    report = assembly.reconciliation
    if not fail_on_new or report is None or not report.new():
        return
    keys = "\n".join(f"  {d.key}\n      {d.message_en}" for d in report.new())
    raise NewDiscrepancies(
        f"{len(report.new())} discrepancies with Wikidata are not in the accepted"
        f" list; fix the data or add the keys to {BASELINE_FILE}:\n{keys}",
        where=str(assembly.ns.base),
    )


def _data_triples(triples: Mapping[str, int]) -> int:
    return sum(count for name, count in triples.items() if name not in GENERATED)
