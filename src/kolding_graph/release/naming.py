"""The name and date of the next release: never the clock.

The date is, in order: the one given (`--release-date`, KOLDING_GRAPH_RELEASE_DATE,
SOURCE_DATE_EPOCH), else the date of the newest commit touching the sources,
else the newest modification time of a source file. The version is that date
and a counter (2026-11-30.1, 2026-11-30.2, ...), so names sort by date.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from kolding_graph.release.load import Release

SOURCE_FOLDERS = ("ontology", "data", "shapes", "queries")


def source_date(root: Path) -> dt.date:
    """Return the date of the newest change to the sources (git, else file times)."""
    return commit_date(root) or newest_file_date(root)


def commit_date(root: Path) -> dt.date | None:
    """Return the date of the newest commit touching the sources, if root is in git."""
    command = ["git", "-C", str(root), "log", "-1", "--format=%cs", "--"]
    try:
        done = subprocess.run(
            [*command, *SOURCE_FOLDERS],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    if done.returncode != 0 or not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def newest_file_date(root: Path) -> dt.date:
    """Return the UTC date of the most recently modified source file."""
    times = [
        path.stat().st_mtime
        for folder in SOURCE_FOLDERS
        for path in (Path(root) / folder).rglob("*")
        if path.is_file()
    ]
    return dt.datetime.fromtimestamp(max(times, default=0), dt.UTC).date()


def next_version(existing: list[Release], day: dt.date) -> str:
    """Return the next free version of a day: 2026-11-30.1, then .2, ..."""
    prefix = f"{day.isoformat()}."
    counters = [
        int(r.version[len(prefix) :])
        for r in existing
        if r.version.startswith(prefix) and r.version[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(counters, default=0) + 1}"


def first_date(existing: list[Release]) -> dt.date | None:
    """Return the date of the first release, when there is one."""
    if not existing:
        return None
    return dt.date.fromisoformat(min(r.release_date for r in existing))
