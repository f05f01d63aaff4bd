"""Build a release: parse -> assemble named graphs -> validate -> write atomically."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from . import dumps, writer
from .discrepancies import BASELINE_FILE, REPORT_FILE, Report
from .errors import BuildError, NewDiscrepancies, ValidationFailed
from .metadata import describe_dataset
from .namespaces import Namespaces
from .reconcile import reconcile_release
from .release import DATASET, MANIFEST, Release, load_release, release_id
from .rules import derive, find_rules
from .sources import Sources, load_sources
from .validate import ValidationReport, validate_graph

# A build whose triple count falls below this share of the last release is refused.
SHRINK_LIMIT = 0.5


@dataclass
class Assembly:
    """The named graphs of a release-to-be, and what is needed to explain them."""

    ns: Namespaces
    sources: Sources
    graphs: dict[str, Graph]
    derived_by: dict = field(default_factory=dict)
    reconciliation: Report | None = None

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


def assemble(root: Path, base: str) -> Assembly:
    """Parse the inputs and assemble the named graphs (metadata included)."""
    ns = Namespaces(base)
    sources = load_sources(root, base)
    graphs = {name: sources.graphs[name] for name in ("curated", "ontology")}
    if any(source.graph == "wikidata" for source in sources.files):
        graphs["wikidata"] = sources.graphs["wikidata"]
    graphs["derived"], derived_by = derive(find_rules(root), graphs, base)
    assembly = Assembly(ns, sources, graphs, derived_by)
    reconciled = reconcile_release(graphs, ns, Path(root))
    if reconciled:
        assembly.reconciliation, graphs["reconciliation"] = reconciled
    graphs["metadata"] = describe_dataset(ns, assembly.triples())
    return assembly


def check(assembly: Assembly) -> ValidationReport:
    """Validate the assembled data against the project's shapes."""
    return validate_graph(
        assembly.data_graph(),
        assembly.sources.shapes,
        assembly.files_defining,
        assembly.ns.prefixes(),
    )


def validate_project(root: Path, base: str) -> ValidationReport:
    """Parse and validate the project without writing anything."""
    return check(assemble(root, base))


def render_files(assembly: Assembly, report: ValidationReport) -> dict[str, bytes]:
    """Serialise the release's files, release.json included (byte-stable)."""
    dataset = dumps.canonical_dataset(assembly.graphs, assembly.ns)
    files = {
        DATASET: dumps.nquads(dataset),
        "dataset.ttl": dumps.union_turtle(dataset, assembly.ns),
        "validation-report.ttl": dumps.turtle(
            dumps.canonical_graph(report.graph, assembly.ns), assembly.ns
        ),
    }
    if "reconciliation" in assembly.graphs:
        ns = assembly.ns
        reconciliation = dumps.canonical_graph(assembly.graphs["reconciliation"], ns)
        files[REPORT_FILE] = dumps.turtle(reconciliation, ns)
    files[MANIFEST] = manifest(assembly, files)
    return files


def manifest(assembly: Assembly, files: dict[str, bytes]) -> bytes:
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
            name: {"sha256": digests[name], "bytes": len(data)}
            for name, data in sorted(files.items())
        },
    }
    return (json.dumps(content, indent=2, sort_keys=True) + "\n").encode("utf-8")


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
    """Refuse a build that lost most of the previous release's triples."""
    if previous is None or force:
        return
    total = sum(triples.values())
    if total < previous.triples * SHRINK_LIMIT:
        raise BuildError(
            f"the new build has {total} triples, less than half of the current"
            f" release's {previous.triples}; use --force if that is intended",
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


def build_release(
    root: Path,
    out: Path,
    base: str,
    *,
    force: bool = False,
    fail_on_new_discrepancies: bool = False,
) -> BuildResult:
    """Build, validate and atomically publish a release of the project at root."""
    out = Path(out).absolute()
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def mark(phase: str) -> None:
        phases[phase] = time.perf_counter() - started - sum(phases.values())

    with writer.build_lock(out):
        previous = writer.current_release(out)
        writer.remove_leftovers(out)
        assembly = assemble(Path(root), base)
        mark("parse")
        report = check(assembly)
        if not report.conforms:
            raise ValidationFailed(
                "SHACL validation failed, nothing was published.\n\n" + report.render(),
                report=report,
            )
        mark("validate")
        check_discrepancies(assembly, fail_on_new_discrepancies)
        check_shrink(previous, assembly.triples(), force)
        files = render_files(assembly, report)
        staging = writer.stage(out, files)
        mark("write")
        new_id = json.loads(files[MANIFEST])["id"]
        writer.publish(out, staging, new_id, previous.id if previous else None)
        mark("switch")
    release = load_release(out)
    return BuildResult(
        release,
        assembly.triples(),
        count_entities(assembly),
        report,
        time.perf_counter() - started,
        phases,
    )
