"""load_release: a complete release loads; a missing or corrupt one is refused."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kolding_graph.errors import ReleaseError
from kolding_graph.release.load import load_release
from release_helpers import build_into


@pytest.fixture
def release_dir(project: Path, tmp_path: Path) -> Path:
    """Return a writable plain copy of a freshly built release."""
    build_into(project, tmp_path / "dist")
    copy = Path(shutil.copytree((tmp_path / "dist").resolve(), tmp_path / "copy"))
    for path in copy.iterdir():
        path.chmod(0o644)
    return copy


def test_complete_release_loads(release_dir: Path) -> None:
    release = load_release(release_dir)
    assert release.path == release_dir.resolve()
    assert release.graphs["curated"]["triples"] > 0
    assert release.file("dataset.nq").is_file()
    with pytest.raises(ReleaseError):
        release.file("nope.txt")


def test_missing_release(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="release.json is missing"):
        load_release(tmp_path / "nowhere")


def corrupt_manifest(directory: Path) -> None:
    (directory / "release.json").write_text("{not json", encoding="utf-8")


def drop_file(directory: Path) -> None:
    (directory / "dataset.ttl").unlink()


def truncate_dump(directory: Path) -> None:
    path = directory / "dataset.nq"
    path.write_bytes(path.read_bytes()[:-10])


def tamper_dump(directory: Path) -> None:
    path = directory / "dataset.nq"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Anjo", b"Anjx", 1))


def wrong_id(directory: Path) -> None:
    manifest = json.loads((directory / "release.json").read_text())
    manifest["id"] = "0" * 16
    (directory / "release.json").write_text(json.dumps(manifest))


def unlisted_dump(directory: Path) -> None:
    manifest = json.loads((directory / "release.json").read_text())
    del manifest["files"]["dataset.nq"]
    (directory / "release.json").write_text(json.dumps(manifest))


def missing_key(directory: Path) -> None:
    manifest = json.loads((directory / "release.json").read_text())
    del manifest["graphs"]
    (directory / "release.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "damage,message",
    [
        (corrupt_manifest, "unreadable release.json"),
        (drop_file, "listed file is missing"),
        (truncate_dump, "size"),
        (tamper_dump, "checksum does not match"),
        (wrong_id, "does not match dataset.nq"),
        (unlisted_dump, "does not list dataset.nq"),
        (missing_key, "malformed release.json"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_damaged_release_is_refused(
    release_dir: Path, damage: Callable[[Path], None], message: str
) -> None:
    damage(release_dir)
    with pytest.raises(ReleaseError, match=message):
        load_release(release_dir)
