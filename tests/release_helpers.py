"""Helpers for the build tests: snapshots of a published release."""

from __future__ import annotations

import os
from pathlib import Path

from kolding_graph import build

BASE = "https://data.kolding.dk/"


def snapshot(out: Path) -> dict[str, object]:
    """Return everything observable about the release at out: link and bytes."""
    target = os.readlink(out) if out.is_symlink() else None
    files = {p.name: p.read_bytes() for p in sorted(out.resolve().iterdir())}
    return {"link": target, "files": files}


def build_into(project: Path, out: Path, **kwargs: bool) -> build.BuildResult:
    """Build the project into out with the default base IRI."""
    return build.build_release(project, out, BASE, **kwargs)


def leftovers(out: Path) -> list[str]:
    """Return the temporary entries a build may leave beside the releases."""
    releases = out.parent / f"{out.name}.releases"
    names = [p.name for p in releases.glob("tmp-*")]
    return names + [p.name for p in out.parent.glob(".link-*")]
