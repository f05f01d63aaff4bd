"""What a release may serve: only the files its manifest lists, checked on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kolding_graph.errors import NotFound, ReleaseError
from kolding_graph.release.distributions import kind_of
from kolding_graph.release.load import MANIFEST, Release, sha256_file


@dataclass(frozen=True)
class PublishedFile:
    """A file a release publishes: where it is and what to say about it."""

    name: str
    path: Path
    bytes: int
    sha256: str
    media_type: str
    triples: int | None
    da: str
    en: str
    part: str


def published_file(release: Release, name: str) -> PublishedFile:
    """Return a file of the release by its exact manifest name, or raise NotFound.

    The name is looked up in the manifest, never joined to a path first, so
    '../', encoded dots, backslashes, absolute paths and NUL bytes cannot match;
    a listed file that is a symbolic link or not a regular file is refused too.
    """
    if name == MANIFEST:
        return _manifest_file(release)
    info = release.files.get(name) if "/" not in name else None
    if info is None:
        raise NotFound(f"release {release.id} has no file {name!r}")
    path = release.path / name
    if path.is_symlink() or not path.is_file() or path.parent != release.path:
        raise NotFound(f"release {release.id} has no regular file {name!r}")
    if path.stat().st_size != info["bytes"]:
        raise ReleaseError(f"{name} changed on disk", where=str(release.path))
    return _describe(name, path, int(info["bytes"]), str(info["sha256"]), info)


def _manifest_file(release: Release) -> PublishedFile:
    path = release.path / MANIFEST
    return _describe(MANIFEST, path, path.stat().st_size, sha256_file(path), {})


def _describe(name: str, path: Path, size: int, sha: str, info: dict) -> PublishedFile:
    kind = kind_of(name)
    triples = info.get("triples")
    return PublishedFile(
        name=name,
        path=path,
        bytes=size,
        sha256=sha,
        media_type=str(info.get("media_type") or kind.served_type),
        triples=int(triples) if triples is not None else None,
        da=kind.da,
        en=kind.en,
        part=kind.part,
    )


PART_ORDER = ("dataset", "ontology", "shapes", "metadata", "report", "changes")


def listing(release: Release) -> list[PublishedFile]:
    """Return every file of the release, dumps first, the manifest last."""
    files = [published_file(release, name) for name in release.files]
    order = {part: index for index, part in enumerate(PART_ORDER)}
    files.sort(key=lambda f: (order.get(f.part, len(order)), f.name))
    return [*files, _manifest_file(release)]
