"""Find and parse the project's input files into named graphs (no network, ever)."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from kolding_graph.errors import BuildError
from kolding_graph.namespaces import XSD_NS
from kolding_graph.sources.canonical import canonicalise

# Files people may keep beside the inputs without the build reading them.
DOC_SUFFIXES = {".md", ".txt"}
RULES_DIR = "ontology/rules"
NOT_AN_INPUT = (
    "not a build input: the build reads ontology/*.ttl, data/**/*.ttl, shapes/*.ttl"
    " and ontology/rules/*.rq (other RDF formats can fetch remote resources and"
    " are refused; move or remove this file)"
)

Subject = URIRef | BNode


@dataclass(frozen=True)
class SourceFile:
    """One input file: its path relative to the project and the graph it feeds."""

    path: Path
    relpath: str
    graph: str  # "ontology", "curated", "wikidata" or "shapes"


@dataclass
class Sources:
    """Parsed inputs: one rdflib graph per name, the shapes, and who defined what."""

    graphs: dict[str, Graph]
    shapes: Graph
    files: list[SourceFile]
    defined_in: dict[Subject, set[str]] = field(default_factory=dict)

    def files_defining(self, node: object) -> tuple[str, ...]:
        """Return the input files (relative paths) that state triples about a node."""
        return tuple(sorted(self.defined_in.get(node, ())))  # type: ignore[call-overload]


def graph_for(relpath: str) -> str | None:
    """Return the graph an input path feeds, or None when the build does not read it."""
    parts = relpath.split("/")
    if parts[0] == "ontology" and len(parts) == 2:
        return "ontology"
    if parts[0] == "shapes" and len(parts) == 2:
        return "shapes"
    if parts[0] == "data":
        return "wikidata" if parts[1] == "wikidata" and len(parts) > 2 else "curated"
    return None


def find_sources(root: Path) -> list[SourceFile]:
    """List the Turtle inputs under root in sorted order; refuse any other RDF file."""
    found = []
    for top in ("ontology", "data", "shapes"):
        for path in sorted((root / top).rglob("*")):
            relpath = path.relative_to(root).as_posix()
            if path.is_dir() or _ignored(relpath):
                continue
            graph = graph_for(relpath)
            if path.suffix != ".ttl" or graph is None:
                raise BuildError(NOT_AN_INPUT, where=relpath)
            found.append(SourceFile(path, relpath, graph))
    return found


def _ignored(relpath: str) -> bool:
    name = relpath.rsplit("/", 1)[-1]
    if name.startswith(".") or Path(name).suffix in DOC_SUFFIXES:
        return True
    return relpath.startswith(RULES_DIR + "/") and name.endswith(".rq")


def load_sources(root: Path, base: str) -> Sources:
    """Parse every input under root against the base IRI into named graphs."""
    files = find_sources(root)
    check_complete(root, files)
    graphs = {name: Graph() for name in ("ontology", "curated", "wikidata")}
    shapes = Graph()
    sources = Sources(graphs, shapes, files)
    for source in files:
        graph = parse_file(source, base)
        target = shapes if source.graph == "shapes" else graphs[source.graph]
        target += graph
        _record_subjects(sources.defined_in, graph, source.relpath)
    return sources


def check_complete(root: Path, files: list[SourceFile]) -> None:
    """Refuse a project without data or without shapes (nothing to validate)."""
    kinds = {source.graph for source in files}
    for kind, folder in (("curated", "data/"), ("shapes", "shapes/")):
        if kind not in kinds:
            raise BuildError(
                f"no Turtle files in {folder}: is this the project folder?",
                where=str(root),
            )


def _record_subjects(
    index: dict[Subject, set[str]], graph: Graph, relpath: str
) -> None:
    for subject in set(graph.subjects()):
        index.setdefault(subject, set()).add(relpath)  # type: ignore[arg-type]


def parse_file(source: SourceFile, base: str) -> Graph:
    """Parse one Turtle file (relative IRIs against base) and check it is safe."""
    text = read_text(source)
    check_syntax(text, source, base)
    graph = Graph()
    try:
        with _literals_as_written():
            graph.parse(data=text, format="turtle", publicID=base)
    except BadSyntax as exc:
        where = f"{source.relpath}:{exc.lines + 1}"
        raise BuildError(f"Turtle syntax error: {exc._why}", where=where) from exc
    except (ValueError, SyntaxError) as exc:
        raise BuildError(f"Turtle syntax error: {exc}", where=source.relpath) from exc
    check_no_imports(graph, source, text)
    check_literals(graph, source, text)
    canonicalise(graph)
    if source.graph == "shapes":
        check_no_service(graph, source, text)
        check_patterns(graph, source, text)
    return graph


def check_syntax(text: str, source: SourceFile, base: str) -> None:
    """Check strict Turtle syntax with pyoxigraph, whose line and column are exact.

    rdflib's parser also accepts N3 (paths, blank-node predicates, malformed
    numbers and escapes), which other Turtle tools would reject.
    """
    try:
        for _ in ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE, base_iri=base):
            pass
    except SyntaxError as exc:
        message = PARSER_POSITION.sub("", exc.msg or str(exc))
        where = f"{source.relpath}:{exc.lineno}:{exc.offset}"
        raise BuildError(f"Turtle syntax error: {message}", where=where) from exc


PARSER_POSITION = re.compile(r"^Parser error (at|between) .*?: ")


def read_text(source: SourceFile) -> str:
    """Return the file's text, refusing anything that is not UTF-8."""
    try:
        return source.path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = source.path.read_bytes()[: exc.start].count(b"\n") + 1
        raise BuildError(
            f"not UTF-8 ({exc.reason})", where=f"{source.relpath}:{line}"
        ) from exc


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """Keep lexical forms exactly as written, and let check_literals report bad ones.

    rdflib would rewrite literals ("01"^^xsd:integer becomes "1", an invalid
    boolean becomes "false") and log or warn about ill-typed ones while parsing.
    """
    logger = logging.getLogger("rdflib.term")
    level, normalize = logger.level, rdflib.NORMALIZE_LITERALS
    logger.setLevel(logging.CRITICAL)
    rdflib.NORMALIZE_LITERALS = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        logger.setLevel(level)
        rdflib.NORMALIZE_LITERALS = normalize


def check_no_imports(graph: Graph, source: SourceFile, text: str) -> None:
    """Refuse owl:imports: the build never fetches anything."""
    for _, _, target in graph.triples((None, OWL.imports, None)):
        line = find_line(text, "owl:imports") or find_line(text, "imports")
        raise BuildError(
            f"owl:imports <{target}> is not allowed: the build reads only local"
            " files; copy what you need into ontology/ instead",
            where=_where(source, line),
        )


def check_literals(graph: Graph, source: SourceFile, text: str) -> None:
    """Refuse literals whose lexical form is invalid for their datatype."""
    for subject, predicate, obj in graph:
        if isinstance(obj, Literal) and obj.datatype and is_ill_typed(obj):
            raise BuildError(
                f'ill-typed literal "{obj}"^^<{obj.datatype}> in the statement'
                f" <{subject}> <{predicate}>",
                where=_where(source, find_line(text, f'"{obj}"')),
            )


def is_ill_typed(literal: Literal) -> bool:
    """Return True if a literal's lexical form is invalid for its datatype."""
    pattern = LEXICAL_FORMS.get(str(literal.datatype))
    if pattern is not None:
        return not pattern.fullmatch(literal)
    return bool(literal.ill_typed)


_TZ = r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?"
_YEAR = r"-?([1-9]\d{3,}|0\d{3})"
_MONTH, _DAY = r"(0[1-9]|1[0-2])", r"(0[1-9]|[12]\d|3[01])"
# rdflib does not check these Gregorian types at all (ill_typed is None).
LEXICAL_FORMS = {
    XSD_NS + "gYear": re.compile(_YEAR + _TZ),
    XSD_NS + "gYearMonth": re.compile(f"{_YEAR}-{_MONTH}{_TZ}"),
    XSD_NS + "gMonthDay": re.compile(f"--{_MONTH}-{_DAY}{_TZ}"),
    XSD_NS + "gMonth": re.compile(f"--{_MONTH}{_TZ}"),
    XSD_NS + "gDay": re.compile(f"---{_DAY}{_TZ}"),
}


SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def check_no_service(graph: Graph, source: SourceFile, text: str) -> None:
    """Refuse SPARQL-based shapes that could call a remote SERVICE."""
    for predicate in (SH.select, SH.ask, SH.construct, SH.update):
        for _, _, query in graph.triples((None, predicate, None)):
            if SERVICE.search(str(query)):
                raise BuildError(
                    "SERVICE in a SHACL-SPARQL query is not allowed (no network"
                    " access at build time)",
                    where=_where(source, find_line(text, "SERVICE")),
                )


def check_patterns(graph: Graph, source: SourceFile, text: str) -> None:
    """Refuse sh:pattern values that are not valid regular expressions."""
    for shape, _, pattern in graph.triples((None, SH.pattern, None)):
        try:
            re.compile(str(pattern))
        except re.error as exc:
            written = str(pattern).replace("\\", "\\\\")
            line = find_line(text, written) or find_line(text, "sh:pattern")
            raise BuildError(
                f'sh:pattern "{written}" of {_n3(named_shape(graph, shape) or shape)}'
                f" is not a valid regular expression: {exc}",
                where=_where(source, line),
            ) from exc


def find_line(text: str, needle: str) -> int | None:
    """Return the 1-based line where needle first occurs outside a comment line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line and not line.lstrip().startswith("#"):
            return number
    return None


def _where(source: SourceFile, line: int | None) -> str:
    return f"{source.relpath}:{line}" if line else source.relpath


def named_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """Return the shape itself if named, else the nearest named shape holding it."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(shapes.subjects(None, shape), None)
        if parent is None:
            break
        shape = parent
    return shape


def _n3(term: Node | None) -> str:
    """Return a term in N3 (an IRI in angle brackets), or "?" when there is none."""
    return term.n3() if isinstance(term, URIRef | BNode | Literal) else "?"
