"""Real server processes for the tests: `oxigraph serve` and `kolding-graph serve`.

Every process listens on 127.0.0.1 only, on a free port, and is stopped by the
fixture that started it; waiting for readiness is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

READY_SECONDS = 30


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str:
    """Return the `oxigraph` command installed with the dev extra."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` command is missing: pip install oxigraph")
    return found


def wait_until_ready(url: str, process: subprocess.Popen) -> None:
    """Poll url until it answers (any HTTP status), or fail with the log."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} not ready in {READY_SECONDS} s")


def stop(process: subprocess.Popen) -> None:
    """Stop a server process group started by these helpers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def oxigraph_serve(location: Path, port: int | None = None) -> Iterator[str]:
    """Run `oxigraph serve` on a store directory (a fixed port lets it come back at the
    same URL); yield its base URL."""
    port = port or free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{base}/query?query=ASK%7B%7D", process)
        yield base
    finally:
        stop(process)


@contextmanager
def kolding_graph_serve(
    release: Path,
    *args: str,
    log: Path,
    port: int | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the production server (`kolding-graph serve`); yield its URL and process.

    env: settings added to this process's environment for the server.
    """
    port = port or free_port()
    command = [str(Path(sys.executable).with_name("kolding-graph")), "serve"]
    command += ["--release", str(release), "--port", str(port), *args]
    with log.open("wb") as stream:
        process = subprocess.Popen(
            command,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(f"{base}/sparql?query=ASK%7B%7D", process)
            yield base, process
        finally:
            stop(process)


@contextmanager
def nginx_serve(config: str, prefix: Path, port: int) -> Iterator[str]:
    """Run Debian's nginx unprivileged with a config text; yield its base URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("`nginx` is missing: install nginx")
    for folder in ("tmp", "logs"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(config)
    command = [binary, "-p", str(prefix), "-c", str(conf), "-e", "stderr"]
    if os.geteuid() == 0:  # workers would be `nobody`, locked out of the test's files
        command += ["-g", "user root;"]
    with (prefix / "stderr.log").open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{base}/healthz", process)
        yield base
    finally:
        stop(process)


def descendants(pid: int) -> list[int]:
    """Return the ids of every process below pid (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """Return the CPU time (user + system) used so far by the given processes."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_USER = ("dba", "dba")  # a fresh database's administrator login


def virtuoso_ini(template: str, folder: Path, sql_port: int, http_port: int) -> str:
    """Return Debian's virtuoso.ini pointed at a scratch folder and loopback ports."""
    section, lines = "", []
    for line in template.splitlines():
        key = line.split("=", 1)[0].strip()
        if line.startswith("["):
            section = line.strip()
        elif key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile"):
            suffix = "-temp" if section == "[TempDatabase]" else ""
            ext = Path(line.split("=", 1)[1].strip()).suffix
            line = f"{key} = {folder}/virtuoso{suffix}{ext}"
        elif key == "xa_persistent_file":
            line = f"{key} = {folder}/virtuoso.pxa"
        elif key == "ServerPort" and section == "[Parameters]":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "[HTTPServer]":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DirsAllowed":
            line = f"{line.rstrip()}, {folder}"
        elif key == "ResultSetMaxRows":  # Virtuoso's default silently cuts at 10,000
            line = "ResultSetMaxRows = 1000000"
        elif key == "DefaultHost":
            line = f"DefaultHost = 127.0.0.1:{http_port}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextmanager
def virtuoso_serve(folder: Path) -> Iterator[str]:
    """Run Debian's `virtuoso-t` on a scratch database; yield its HTTP base URL."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError(
            "`virtuoso-t` is missing: apt-get install virtuoso-opensource"
        )
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(VIRTUOSO_INI.read_text(), folder, sql_port, http_port))
    command = [binary, "+configfile", str(ini), "+foreground"]
    with (folder / "stdout.log").open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_ready(f"{base}/sparql?query=ASK%7B%7D", process)
        yield base
    finally:
        stop(process)
