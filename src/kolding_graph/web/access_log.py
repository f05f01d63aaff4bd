"""The access log: one line per request, with its time taken and request id."""

from __future__ import annotations

import logging
import time

from kolding_graph.web.ops import WARM

access_log = logging.getLogger("kolding_graph.access")
_RID = "HTTP_X_REQUEST_ID"  # set by the front layer before anything is logged
LINE = '%s - - [%s] "%s %s %s" %s %s "%s" "%s" %.1fms rid=%s'
_stamp: tuple[int, str] = (0, "")  # the last second formatted, and its text


def log_request(environ: dict, status: str, size: int | None, started: float) -> None:
    """Write one access log line: who, what, status, size, time, request id."""
    if environ.get(WARM) or not access_log.isEnabledFor(logging.INFO):
        return
    query = environ.get("QUERY_STRING", "")
    target = environ.get("PATH_INFO", "") + ("?" + query if query else "")
    arguments = (
        environ.get("REMOTE_ADDR", "-"),
        _now(),
        environ["REQUEST_METHOD"],
        target,
        environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        status[:3],
        "-" if size is None else size,
        environ.get("HTTP_REFERER", "-"),
        environ.get("HTTP_USER_AGENT", "-"),
        (time.perf_counter() - started) * 1000,
        environ.get(_RID, "-"),
    )
    # Straight to the handlers: Logger.info would also look up the caller's
    # frame, which this line never shows (a third of its cost per request).
    access_log.handle(
        access_log.makeRecord(
            access_log.name, logging.INFO, __file__, 0, LINE, arguments, None
        )
    )


def _now() -> str:
    """Return the time for a log line, formatted once per second."""
    global _stamp
    second = int(time.time())
    if _stamp[0] != second:
        _stamp = (second, time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime(second)))
    return _stamp[1]
