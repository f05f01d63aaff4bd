"""The access log: one line per request, with its time taken and request id."""

from __future__ import annotations

import logging
import time

from kolding_graph.web.ops import WARM

access_log = logging.getLogger("kolding_graph.access")
_RID = "HTTP_X_REQUEST_ID"  # set by the front layer before anything is logged


def log_request(environ: dict, status: str, size: int | None, started: float) -> None:
    """Write one access log line: who, what, status, size, time, request id."""
    if environ.get(WARM) or not access_log.isEnabledFor(logging.INFO):
        return
    query = environ.get("QUERY_STRING", "")
    target = environ.get("PATH_INFO", "") + ("?" + query if query else "")
    access_log.info(
        '%s - - [%s] "%s %s %s" %s %s "%s" "%s" %.1fms rid=%s',
        environ.get("REMOTE_ADDR", "-"),
        time.strftime("%d/%b/%Y:%H:%M:%S %z"),
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
