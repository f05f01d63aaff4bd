"""One place for each concept: checks that copies do not creep back into src/."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kolding_graph.formats import ALL_FORMATS

SRC = Path(__file__).resolve().parents[1] / "src" / "kolding_graph"
MODULES = sorted(SRC.rglob("*.py"))
# The one licence IRI the pages and files cite; not a namespace.
ALLOWED_URLS = {
    ("release/dataset_citation.py", "https://creativecommons.org/licenses/by/4.0/")
}


def name(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def string_constants(tree: ast.AST) -> list[ast.Constant]:
    """Return the string constants of a module that are not docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def typed_out(path: Path, home: str, matches: Callable[[str], bool]) -> list[str]:
    """Return the strings of a module (other than home) that matches() flags."""
    if name(path) == home:
        return []
    tree = ast.parse(path.read_text("utf-8"))
    return [
        f"line {node.lineno}: {node.value[:60]!r}"
        for node in string_constants(tree)
        if matches(node.value)
    ]


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_namespace_iris_only_in_namespaces(path: Path) -> None:
    found = typed_out(
        path,
        "namespaces.py",
        lambda text: (
            bool(re.search(r"https?://[\w-]+\.", text))
            and (name(path), text) not in ALLOWED_URLS
        ),
    )
    assert not found, "IRIs typed out again (use namespaces.py): " + "; ".join(found)


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_no_call_site_casts_a_setting(path: Path) -> None:
    """Settings are typed once at load (config.typed), never cast where used."""
    text = path.read_text("utf-8")
    casts = re.findall(
        r"\b(?:int|float|str|bool)\(\s*(?:\w+\.)*(?:config|settings)\b", text
    )
    assert not casts, casts


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_no_randomised_hash_in_anything_served(path: Path) -> None:
    """hash() differs per process; tags and keys that leave it use SHA-256."""
    tree = ast.parse(path.read_text("utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "hash"
    ]
    assert not calls, f"hash() at lines {calls}"


MEDIA_TYPES = {fmt.media_type for fmt in ALL_FORMATS if fmt.kind != "file"}


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_media_types_only_in_the_format_table(path: Path) -> None:
    found = typed_out(path, "formats.py", MEDIA_TYPES.__contains__)
    assert not found, "media types typed out again (use formats.py): " + "; ".join(
        found
    )
