"""Structure rules: the package tree shows the pipeline, and imports follow it.

sources -> build -> release -> store/query -> browse -> web, with the shared foundation
(config, namespaces, errors, terms, formats) below everything and the CLI above it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kolding_graph"
CORE = "foundation"  # the top-level modules: config, namespaces, errors, terms, ...

# What each layer may import besides itself. Everything else is a layering error.
ALLOWED: dict[str, set[str]] = {
    CORE: set(),
    "sources": {CORE},
    "release": {CORE},
    "metadata": {CORE, "release"},
    "wikidata": {CORE, "sources"},
    "build": {CORE, "sources", "release", "metadata", "wikidata"},
    "query": {CORE, "release"},
    "store": {CORE, "query", "release"},
    "browse": {CORE, "store", "query", "release"},
    "web": {CORE, "sources", "release", "metadata", "wikidata", "build", "query"}
    | {"store", "browse"},
    "cli": set(),  # filled below: the CLI may use every layer but the web's insides
}
ALLOWED["cli"] = (set(ALLOWED) - {"cli"}) | {CORE}
# Only these import Flask, only the CLI imports click.
FLASK_LAYERS = {"web"}
CLICK_LAYERS = {"cli"}


def modules() -> dict[str, Path]:
    """Return every module of the package by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("kolding_graph", *parts)).removesuffix(".__init__")
        found[name] = path
    return found


MODULES = modules()


def layer_of(module: str) -> str:
    """Return the layer (subpackage, or the foundation) a module belongs to."""
    parts = module.split(".")
    if len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return CORE


def imports_of(path: Path) -> Iterator[str]:
    """Yield every module a file imports, at any depth (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE).with_suffix("").parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join(("kolding_graph", *anchor, *filter(None, [base])))
            for alias in node.names:  # `from pkg import module` imports the module
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in MODULES else base


def internal_imports(module: str) -> set[str]:
    """Return the package's own modules that a module imports."""
    return {name for name in imports_of(MODULES[module]) if name in MODULES} - {module}


def test_the_tree_shows_the_stages() -> None:
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    pipeline = {"sources", "build", "release", "store", "query", "browse", "web"}
    assert pipeline <= stages
    assert stages <= set(ALLOWED) | {"geodata"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_layer_imports_only_what_it_may(module: str) -> None:
    layer = layer_of(module)
    allowed = ALLOWED[layer] | {layer}
    wrong = {
        name
        for name in internal_imports(module)
        if layer_of(name) not in allowed and name != "kolding_graph"
    }
    assert not wrong, f"{layer} may not import {sorted(wrong)}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_shells_import_flask_and_click(module: str) -> None:
    layer = layer_of(module)
    tops = {name.split(".")[0] for name in imports_of(MODULES[module])}
    if layer not in FLASK_LAYERS:
        assert "flask" not in tops and "flask_babel" not in tops
    if layer not in CLICK_LAYERS:
        assert "click" not in tops


def find_cycle() -> list[str] | None:
    """Return one import cycle among the package's modules, or None."""
    graph = {module: internal_imports(module) for module in MODULES}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_no_import_cycles() -> None:
    # A package's __init__ importing its submodules is no cycle of the code's own.
    assert find_cycle() is None, " -> ".join(find_cycle() or [])


def test_no_module_over_400_lines() -> None:
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long


def test_architecture_md_names_every_module() -> None:
    text = (PACKAGE.parent.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [
        path
        for path in (p.relative_to(PACKAGE).as_posix() for p in MODULES.values())
        if not path.endswith("__init__.py") and f"`{path}`" not in text
    ]
    assert not missing, f"ARCHITECTURE.md does not describe {missing}"


def test_the_checks_see_imports() -> None:
    """The rules above would pass vacuously if import parsing found nothing."""
    assert "click" in set(imports_of(PACKAGE / "cli" / "base.py"))
    pipeline = internal_imports("kolding_graph.build.pipeline")
    assert "kolding_graph.metadata.graph" in pipeline
    assert "kolding_graph.web.error_pages" in internal_imports("kolding_graph.web.app")
