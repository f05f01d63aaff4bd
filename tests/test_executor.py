"""The killable query process: answers, errors, time limits, crashes."""

from __future__ import annotations

import os
import time

import pytest

from kolding_graph.errors import QueryError, QueryTimeout
from kolding_graph.store.executor import EngineFailure, Executor


def handle(job: tuple) -> object:
    """A stand-in engine: the job's first field says what to do."""
    action, value = job
    if action == "echo":
        return value.encode()
    if action == "big":
        return bytes(range(256)) * (value // 256)
    if action == "rows":
        return [value, value]
    if action == "spin":
        while True:
            pass
    if action == "bad":
        raise QueryError("bad query", where="line 1, column 2")
    if action == "crash":
        os._exit(3)
    raise ValueError(f"unknown action {action}")


@pytest.fixture
def executor():
    worker = Executor(handle)
    yield worker
    worker.stop()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_answers_bytes_and_objects(executor: Executor) -> None:
    assert executor.run(("echo", "Ørebro"), 5) == "Ørebro".encode()
    assert executor.run(("rows", "x"), 5) == ["x", "x"]


def test_a_large_answer_crosses_whole(executor: Executor) -> None:
    size = 20 * 1024 * 1024
    assert executor.run(("big", size), 10) == bytes(range(256)) * (size // 256)


def test_domain_errors_cross_with_their_position(executor: Executor) -> None:
    with pytest.raises(QueryError) as caught:
        executor.run(("bad", ""), 5)
    assert caught.value.where == "line 1, column 2"


def test_unexpected_errors_are_engine_failures(
    executor: Executor, caplog: pytest.LogCaptureFixture
) -> None:
    """The details go to the log, never to the client."""
    with pytest.raises(EngineFailure) as caught:
        executor.run(("nonsense", ""), 5)
    assert "ValueError" not in caught.value.message
    assert "ValueError" in caplog.text
    assert executor.run(("echo", "still here"), 5) == b"still here"


def test_timeout_kills_the_process_and_a_new_one_answers(executor: Executor) -> None:
    executor.start()
    spinning = executor.pid
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="0.5 s"):
        executor.run(("spin", ""), 0.5)
    assert time.monotonic() - started < 2
    assert not alive(spinning)
    assert executor.run(("echo", "after"), 5) == b"after"
    assert executor.pid != spinning


def test_a_crashed_process_is_replaced(executor: Executor) -> None:
    with pytest.raises(EngineFailure, match="stopped unexpectedly"):
        executor.run(("crash", ""), 5)
    assert executor.run(("echo", "again"), 5) == b"again"


def test_a_forked_process_gets_its_own_query_process(executor: Executor) -> None:
    executor.start()
    parents_child = executor.pid
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            answer = executor.run(("echo", "from child"), 5)
            mine = executor.pid
            os.write(write_end, b"ok" if answer and mine != parents_child else b"no")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read_end, 2) == b"ok"
    assert executor.pid == parents_child and alive(parents_child)
    assert executor.run(("echo", "parent"), 5) == b"parent"
