"""Run a build that SIGKILLs itself in the middle of one phase (for the tests).

Usage: python build_killer.py PHASE PROJECT OUT
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kolding_graph.build import cut, writer
from kolding_graph.build import pipeline as build
from kolding_graph.sources import parse as sources

BASE = "https://data.kolding.dk/"


def die(*_args: object, **_kwargs: object) -> None:
    """Kill this process at once: no cleanup, no finally blocks, no atexit."""
    os.kill(os.getpid(), signal.SIGKILL)


def second_call_dies(function: Callable[..., Any]) -> Callable[..., Any]:
    """Return function wrapped so that its second call kills the process."""
    calls = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 2:
            die()
        return function(*args, **kwargs)

    return wrapper


def arm(phase: str) -> None:
    """Make the build die in the middle of the given phase."""
    if phase == "parse":  # after the first input file was parsed
        sources.parse_file = second_call_dies(sources.parse_file)
    elif phase == "validate":
        build.validate_graph = die
    elif phase == "write":  # after the first release file was written
        writer.write_file = second_call_dies(writer.write_file)
    elif phase == "commit":  # the new release directory exists, not yet published
        writer.switch = die
    elif phase == "switch":  # the temporary link exists, the rename did not happen
        writer.os.replace = die
    elif phase == "prune":  # published, old releases not yet pruned
        writer.prune_unversioned = die
    else:
        raise SystemExit(f"unknown phase {phase}")


if __name__ == "__main__":
    phase, project, out = sys.argv[1:4]
    arm(phase)
    cut.build_release(Path(project), Path(out), BASE)
    raise SystemExit("the build finished although it should have been killed")
