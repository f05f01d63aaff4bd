"""Read a release directory, verifying it is complete (the release contract)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph

from kolding_graph.errors import ReleaseError
from kolding_graph.namespaces import SH_NS

MANIFEST = "release.json"
DATASET = "dataset.nq"
RELEASE_FILES = (DATASET, "dataset.ttl", "validation-report.ttl")


SH = SH_NS


@dataclass(frozen=True)
class ValidationSummary:
    """What a release's SHACL report says: conformance and results by severity."""

    conforms: bool
    results: dict[str, int]


@dataclass(frozen=True)
class Release:
    """A verified release: its real directory, id, base IRI, graphs and files."""

    path: Path
    id: str
    base_iri: str
    graphs: dict[str, dict[str, Any]]
    files: dict[str, dict[str, Any]]
    version: str = ""
    release_date: str = ""

    def file(self, name: str) -> Path:
        """Return the path of one of the release's files."""
        if name not in self.files:
            raise ReleaseError(f"no file {name!r} in release {self.id}")
        return self.path / name

    @property
    def triples(self) -> int:
        """Return the number of quads over all named graphs."""
        return sum(int(graph["triples"]) for graph in self.graphs.values())


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def release_id(dataset_sha256: str) -> str:
    """Return the release id: the first 16 hex digits of the dump's SHA-256."""
    return dataset_sha256[:16]


def load_release(path: str | Path) -> Release:
    """Open the release at path (a directory or a link to one) and verify it.

    The link is resolved once, so a reader keeps one whole release even if a
    build switches the link meanwhile.
    """
    directory = Path(path).resolve()
    manifest = _read_manifest(directory)
    try:
        release = Release(
            path=directory,
            id=str(manifest["id"]),
            base_iri=str(manifest["base_iri"]),
            graphs=dict(manifest["graphs"]),
            files=dict(manifest["files"]),
            version=str(manifest.get("version", "")),
            release_date=str(manifest.get("release_date", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReleaseError(f"malformed {MANIFEST}: {exc!r}", where=str(path)) from exc
    verify_release(release)
    return release


def _read_manifest(directory: Path) -> dict[str, Any]:
    manifest = directory / MANIFEST
    if not manifest.is_file():
        raise ReleaseError(
            f"no release here ({MANIFEST} is missing)", where=str(directory)
        )
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(
            f"unreadable {MANIFEST}: {exc}", where=str(manifest)
        ) from exc
    if not isinstance(data, dict):
        raise ReleaseError(f"{MANIFEST} is not a JSON object", where=str(manifest))
    return data


def verify_release(release: Release) -> None:
    """Check every listed file is present with its size and checksum, and the id."""
    for name in RELEASE_FILES:
        if name not in release.files:
            raise ReleaseError(
                f"{MANIFEST} does not list {name}", where=str(release.path)
            )
    for name, info in release.files.items():
        _verify_file(release.path / name, info)
    dataset_sha = release.files[DATASET]["sha256"]
    if release_id(dataset_sha) != release.id:
        raise ReleaseError(
            f"release id {release.id} does not match {DATASET}", where=str(release.path)
        )


def _verify_file(path: Path, info: dict[str, Any]) -> None:
    if not path.is_file():
        raise ReleaseError("listed file is missing", where=str(path))
    size = path.stat().st_size
    if size != info.get("bytes"):
        raise ReleaseError(
            f"size {size} != {info.get('bytes')} listed", where=str(path)
        )
    if sha256_file(path) != info.get("sha256"):
        raise ReleaseError("checksum does not match release.json", where=str(path))


def validation_summary(release: Release) -> ValidationSummary:
    """Read the release's SHACL report: conformance and results by severity."""
    conforms, results = False, dict[str, int]()
    path = release.file("validation-report.ttl")
    for triple in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE):
        if triple.predicate.value == SH + "conforms":
            conforms = triple.object.value == "true"
        elif triple.predicate.value == SH + "resultSeverity":
            severity = triple.object.value.removeprefix(SH)
            results[severity] = results.get(severity, 0) + 1
    return ValidationSummary(conforms, results)
