"""The query process started from a thread other than the main one.

Regression: the child asked the kernel to kill it when its parent ends
(PR_SET_PDEATHSIG), but the kernel means the forking *thread*. Forked by a
request thread (a threaded server, or a release reload in one), the query
process was killed as soon as that thread ended, and the next query failed
with "the query engine stopped unexpectedly" (500).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from kolding_graph.store.executor import Executor


def echo(job: tuple) -> bytes:
    """A stand-in engine that answers its job's text."""
    return job[0].encode()


def test_started_from_a_thread_that_ends_it_keeps_answering() -> None:
    executor = Executor(echo)
    answers: list[bytes] = []
    try:
        thread = threading.Thread(
            target=lambda: answers.append(executor.run(("a",), 5))
        )
        thread.start()
        thread.join()  # the thread that forked the query process is gone
        time.sleep(0.3)
        answers.append(executor.run(("b",), 5))
        assert answers == [b"a", b"b"]
    finally:
        executor.stop()


ORPHAN = """
import sys, threading
from kolding_graph.store.executor import Executor
executor = Executor(lambda job: job[0].encode())
thread = threading.Thread(target=lambda: executor.run(("x",), 5))
thread.start(); thread.join()
print(executor.pid, flush=True)
import os; os._exit(0)  # the parent dies without stopping its query process
"""


def test_started_from_a_thread_it_still_ends_with_its_parent() -> None:
    done = subprocess.run(
        [sys.executable, "-c", ORPHAN], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    child = int(done.stdout.split()[-1])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(child, 9)
    raise AssertionError("the query process outlived its parent")
