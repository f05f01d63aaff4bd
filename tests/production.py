"""The production server (`kolding-graph serve`, granian) as a test fixture helper.

Loopback only, a free port, bounded waits; the process group is stopped at the end.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from servers import free_port, stop, wait_until_ready


@dataclass(frozen=True)
class Running:
    """A running production server: where it listens, its process and its log."""

    host: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log_text(self) -> str:
        """Return what the server has logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def production_server(
    release: Path, log: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[Running]:
    """Run `kolding-graph serve` on the release; yield it once /healthz answers."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("kolding-graph")), "serve"]
    command += ["--release", str(release), "--port", str(port), *args]
    environment = {**os.environ, **(env or {})}
    with log.open("wb") as stream:
        process = subprocess.Popen(
            command,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=environment,
        )
        try:
            wait_until_ready(f"http://127.0.0.1:{port}/healthz", process)
            yield Running("127.0.0.1", port, process, log)
        finally:
            stop(process)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def request(
    server: Running,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str | None = None,
    timeout: float = 30,
) -> Answer:
    """Send one request (optionally from another loopback address) and read it all."""
    started = time.monotonic()
    source_address = (source, 0) if source else None
    connection = http.client.HTTPConnection(
        server.host, server.port, timeout=timeout, source_address=source_address
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        found = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, found, data, time.monotonic() - started)
    finally:
        connection.close()


def query_path(query: str, **params: str) -> str:
    """Return the /sparql path asking a query."""
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


def process_tree(pid: int) -> dict[int, int]:
    """Return {process id: parent id} of every process below pid (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[1])
    below: dict[int, int] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent:
                below[child] = parent
                todo.append(child)
    return below
