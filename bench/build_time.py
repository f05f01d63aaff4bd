"""Measure the real build: wall time of `kolding-graph build` in fresh processes.

Usage: .venv/bin/python bench/build_time.py [RUNS]

Each run builds the repository's ontology/, data/ and shapes/ into a new empty
output directory (a full build: parse, derive, validate, write, switch), so no
run reuses an earlier release. Prints the wall times and the phase split that
the build itself reports.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "kolding-graph"


def one_build(out: Path) -> tuple[float, str]:
    """Run one full build into out; return its wall time and its last line."""
    started = time.perf_counter()
    done = subprocess.run(
        [SCRIPT, "build", "--source", ROOT, "--out", out],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def main(runs: int) -> None:
    """Run the builds and print the figures."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            seconds, summary = one_build(Path(folder) / f"dist-{run}")
            times.append(seconds)
            print(f"run {run + 1}: {seconds:.2f} s wall   [{summary}]")
    print(
        f"\n{runs} runs on {platform.processor() or platform.machine()},"
        f" Python {platform.python_version()}: min {min(times):.2f} s,"
        f" median {statistics.median(times):.2f} s, max {max(times):.2f} s"
        " (wall, including interpreter start-up)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
