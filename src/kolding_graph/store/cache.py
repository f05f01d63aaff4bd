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
    """Keep recent answers up to a total size, skipping any over a tenth of it.

    An entry's size is its value's len() plus its key's text: a key holds the
    query text, which can be far longer than a small answer.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        # Request threads of one worker share the cache (the server is threaded).
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Any:
        """Return a cached answer, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Hashable, value: Sized) -> None:
        """Remember an answer (bytes, or anything whose len() is its size)."""
        size = len(value) + key_size(key)
        with self._lock:
            if size > self.max_bytes // 10 or key in self._entries:
                return
            self._entries[key] = (value, size)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, evicted) = self._entries.popitem(last=False)
                self.size -= evicted


def key_size(key: Hashable) -> int:
    """Return the bytes of text in a key (strings and bytes, in tuples too)."""
    if isinstance(key, str | bytes):
        return len(key)
    if isinstance(key, tuple):
        return sum(key_size(part) for part in key)
    return 8


def etag_for(release_id: str, key: Hashable) -> str:
    """Return a strong entity tag for an answer: the release id plus a key digest."""
    digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]
    return f"{release_id}-{digest}"
