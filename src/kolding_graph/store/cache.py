"""A small least-recently-used cache of serialised answers, bounded in bytes.

A release never changes, so an answer keyed on the release id can be reused
until the process ends; no invalidation is ever needed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable


class ResultCache:
    """Keep recent answers up to a total size, skipping any over a tenth of it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()

    def get(self, key: Hashable) -> bytes | None:
        """Return a cached answer, or None."""
        value = self._entries.get(key)
        if value is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return value

    def put(self, key: Hashable, value: bytes) -> None:
        """Remember an answer, evicting the least recently used ones."""
        if len(value) > self.max_bytes // 10 or key in self._entries:
            return
        self._entries[key] = value
        self.size += len(value)
        while self.size > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.size -= len(evicted)
