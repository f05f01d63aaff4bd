"""A small least-recently-used cache of serialised answers, bounded in bytes.

A release never changes, so an answer keyed on the release id can be reused
until the process ends; no invalidation is ever needed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sized
from typing import Any


class ResultCache:
    """Keep recent answers up to a total size, skipping any over a tenth of it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, Sized] = OrderedDict()
        # Request threads of one worker share the cache (the server is threaded).
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """Return a cached answer, or None."""
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: Sized) -> None:
        """Remember an answer (bytes, or anything whose len() is its size)."""
        with self._lock:
            if len(value) > self.max_bytes // 10 or key in self._entries:
                return
            self._entries[key] = value
            self.size += len(value)
            while self.size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted)


def etag_for(release_id: str, key: Hashable) -> str:
    """Return a strong entity tag for an answer: the release id plus a key digest."""
    digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]
    return f"{release_id}-{digest}"
