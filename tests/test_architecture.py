"""Structure rules: core modules import neither Flask nor click."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kolding_graph"
SHELLS = {"cli.py"}  # web/ is the only Flask importer, cli.py the only click importer
CORE = sorted(
    path
    for path in PACKAGE.rglob("*.py")
    if path.name not in SHELLS and "web" not in path.relative_to(PACKAGE).parts
)


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names of every module a file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_imports_neither_flask_nor_click(path: Path) -> None:
    assert imported_modules(path).isdisjoint({"flask", "click"})


def test_the_check_sees_imports() -> None:
    assert {"click"} <= imported_modules(PACKAGE / "cli.py")
