"""The committed query-editor bundle is what js/src and js/package-lock.json build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "js"
STATIC = ROOT / "src" / "kolding_graph" / "web" / "static"
BUILT = ("editor.js", "editor-licences.txt")


def test_committed_bundle_is_built_from_the_sources(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "esbuild").is_dir():
        pytest.skip("node or js/node_modules missing: `make test` installs them")
    subprocess.run(
        [node, str(JS / "build.mjs"), str(tmp_path)], check=True, timeout=120
    )
    for name in BUILT:
        fresh = (tmp_path / name).read_bytes()
        assert fresh == (STATIC / name).read_bytes(), f"{name} is stale: make editor-js"


def test_every_bundled_package_is_pinned_and_licensed() -> None:
    text = (STATIC / "editor-licences.txt").read_text(encoding="utf-8")
    listed = re.findall(r"^(\S+) (\S+) \((\S+)\)$", text, flags=re.MULTILINE)
    lock = json.loads((JS / "package-lock.json").read_text(encoding="utf-8"))
    assert {name for name, _, _ in listed} >= {"@codemirror/view", "@codemirror/state"}
    for name, version, licence in listed:
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        assert licence in ("MIT", "ISC", "BSD-3-Clause", "Apache-2.0"), name
    assert "Permission is hereby granted" in text
    assert "esbuild" not in {name for name, _, _ in listed}  # a build tool only


def test_bundle_needs_no_eval() -> None:
    """Our CSP has no 'unsafe-eval': the bundle must not build code from strings."""
    bundle = (STATIC / "editor.js").read_text(encoding="utf-8")
    assert not re.search(r"\beval\(|new Function\(", bundle)
