"""Stand-ins for the Wikidata Query Service: `oxigraph serve` and a fault server.

Both listen on 127.0.0.1 only and are bounded in time.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STARTUP_SECONDS = 15.0


def oxigraph_binary() -> str:
    """Return the path of the `oxigraph` CLI installed with the dev extra."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` CLI is missing: pip install -e '.[dev]'")
    return found


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def oxigraph_server(files: list[Path], workdir: Path) -> Iterator[str]:
    """Load files into a store and serve it read-only; yield the SPARQL query URL."""
    binary = oxigraph_binary()
    location = workdir / "store"
    args = [binary, "load", "--location", str(location)]
    for path in files:
        args += ["--file", str(path)]
    subprocess.run(args, check=True, capture_output=True, timeout=60)
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    """Poll the server until it answers a trivial query, or fail after a while."""
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited early: {process.stderr.read()!r}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph did not answer within {STARTUP_SECONDS}s")


EMPTY_RESULTS = b'{"head": {"vars": ["item"]}, "results": {"bindings": []}}'


@dataclass
class Reply:
    """One scripted answer of the fault server."""

    status: int = 200
    body: bytes = EMPTY_RESULTS
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/sparql-results+json"
    delay: float = 0.0


@dataclass
class Seen:
    """What the fault server received."""

    method: str
    headers: dict[str, str]
    body: bytes


class FaultServer:
    """A tiny HTTP server on 127.0.0.1 playing scripted replies (the last repeats)."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = list(replies)
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.02,), daemon=True
        )

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def next_reply(self) -> Reply:
        """Return the next scripted reply (the last one repeats)."""
        with self.lock:
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                owner.seen.append(Seen("POST", dict(self.headers), body))
                self._answer(owner.next_reply())

            def do_GET(self) -> None:  # noqa: N802
                owner.seen.append(Seen("GET", dict(self.headers), b""))
                self._answer(owner.next_reply())

            def _answer(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        return Handler
