"""Validate a data graph with SHACL (pyshacl, nothing remote) into a readable report."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kolding_graph.errors import BuildError
from kolding_graph.namespaces import rebase
from kolding_graph.sources.parse import named_shape

FilesOf = Callable[[Node], tuple[str, ...]]
PYSHACL_LOG = logging.getLogger("pyshacl-validate")


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with the input files that define its focus node."""

    focus_node: str
    result_path: str | None
    message: str
    severity: str
    source_shape: str
    value: str | None
    files: tuple[str, ...]
    component: str = ""

    def render(self) -> str:
        """Return the result as a few readable lines."""
        where = ", ".join(self.files) or "(no input file defines this node)"
        lines = [
            f"{self.severity}: {self.message}",
            f"  focus node: {self.focus_node}",
            f"  path:       {self.result_path or '-'}",
        ]
        if self.value is not None:
            lines.append(f"  value:      {self.value}")
        lines += [
            f"  shape:      {self.source_shape} ({self.component})",
            f"  defined in: {where}",
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of SHACL validation: conformance, results, and the report graph."""

    conforms: bool
    violations: tuple[Violation, ...]
    graph: Graph

    def render(self) -> str:
        """Return the report as text for people."""
        if not self.violations:
            return "Conforms: no SHACL results."
        count = sum(v.severity == "Violation" for v in self.violations)
        head = f"{'Conforms' if self.conforms else 'Does not conform'}: "
        head += f"{count} violation(s), {len(self.violations)} result(s) in all."
        return "\n\n".join([head, *(v.render() for v in self.violations)])


def validate_graph(
    data: Graph,
    shapes: Graph,
    files_of: FilesOf | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> ValidationReport:
    """Validate data (ontology included) against shapes; only sh:Violation fails.

    Raises BuildError, naming the broken shape and its file, when pyshacl
    cannot load the shapes.
    """
    files_of = files_of or (lambda _node: ())
    # pyshacl logs load errors to stderr itself; they are raised to our caller.
    PYSHACL_LOG.disabled = True
    try:
        conforms, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            do_owl_imports=False,
            allow_warnings=True,
            allow_infos=True,
            inplace=True,
        )
    except ReportableRuntimeError as exc:
        raise broken_shapes(exc, shapes, files_of, prefixes) from exc
    finally:
        PYSHACL_LOG.disabled = False
    names = Graph(bind_namespaces="none")
    for prefix, namespace in (prefixes or {}).items():
        names.bind(prefix, namespace)
    violations = sorted(
        (
            _violation(report, shapes, result, files_of, names)
            for result in report.subjects(RDF.type, SH.ValidationResult)
        ),
        key=lambda v: (v.files, v.focus_node, v.source_shape, v.result_path or ""),
    )
    return ValidationReport(bool(conforms), tuple(violations), report)


def broken_shapes(
    error: Exception,
    shapes: Graph,
    files_of: FilesOf,
    prefixes: Mapping[str, str] | None,
) -> BuildError:
    """Explain a shapes graph pyshacl refused, by checking it against SHACL-SHACL."""
    reason = str(error).strip().splitlines()[0]
    meta = validate_graph(shapes, shacl_shacl(), files_of, prefixes)
    details = "".join("\n\n" + v.render() for v in meta.violations)
    return BuildError(f"the SHACL shapes are broken: {reason}{details}")


@cache
def shacl_shacl() -> Graph:
    """Return the W3C shapes for SHACL shapes (SHACL-SHACL), as shipped by pyshacl."""
    text = (files("pyshacl") / "assets" / "shacl-shacl.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def _violation(
    report: Graph, shapes: Graph, result: Node, files_of: FilesOf, prefixes: Graph
) -> Violation:
    def one(predicate: URIRef) -> Node | None:
        return report.value(result, predicate)

    focus = one(SH.focusNode)
    path, value = one(SH.resultPath), one(SH.value)
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    severity = one(SH.resultSeverity)
    return Violation(
        focus_node=show(focus, prefixes),
        result_path=None if path is None else show_path(report, path, prefixes),
        message="; ".join(messages) or "(no message)",
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        source_shape=show(named_shape(shapes, one(SH.sourceShape)), prefixes),
        value=None if value is None else show(value, prefixes),
        files=files_of(focus) if focus is not None else (),
        component=show(one(SH.sourceConstraintComponent), prefixes),
    )


def show(term: Node | None, prefixes: Graph) -> str:
    """Return a term as a prefixed name where one fits, else in N-Triples form."""
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        return prefixes.namespace_manager.normalizeUri(term)
    return term.n3(prefixes.namespace_manager)


def show_path(graph: Graph, path: Node, prefixes: Graph) -> str:
    """Return a SHACL property path in SPARQL property-path syntax."""
    if not isinstance(path, BNode):
        return show(path, prefixes)
    for predicate, template in PATH_FORMS.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(show_path(graph, inner, prefixes))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        items = Collection(graph, alternatives)
        return "(" + "|".join(show_path(graph, i, prefixes) for i in items) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(show_path(graph, i, prefixes) for i in Collection(graph, path))
    return show(path, prefixes)


PATH_FORMS = {
    SH.inversePath: "^{}",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}


def rebased_shapes(shapes: Graph, base: str) -> Graph:
    """Return a copy of the shapes, SHACL-SPARQL texts rewritten onto base.

    Their queries name our terms against the default base, as .rq files do.
    """
    copy = Graph()
    for s, p, o in shapes:
        if p in (SH.select, SH.ask) and isinstance(o, Literal):
            o = Literal(rebase(str(o), base), lang=o.language, datatype=o.datatype)
        copy.add((s, p, o))
    return copy
