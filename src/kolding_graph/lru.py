"""The one least-recently-used cache: bounded by a total size, safe across threads.

Every cache of the project is one of these: answers of the endpoint (bounded
in bytes), pages and entities of a release, searches, and the stores of old
releases (bounded in count, closed when they fall out). cachetools keeps the
order and the sizes; the lock makes it safe for threads that share a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache

Key = Hashable
_MISSING = object()


class _Evicting(LRUCache):
    """An LRUCache that hands every value it drops to a callback."""

    def __init__(
        self,
        maxsize: float,
        getsizeof: Callable[[Any], float] | None,
        on_evict: Callable[[Any], None] | None,
    ) -> None:
        super().__init__(maxsize, getsizeof)
        self._on_evict = on_evict

    def popitem(self) -> tuple[Key, Any]:
        """Drop the least recently used entry, telling the callback."""
        key, value = super().popitem()
        if self._on_evict is not None:
            self._on_evict(value)
        return key, value


class Lru:
    """Keep recent values up to max_size (counted by size_of, 1 each by default)."""

    def __init__(
        self,
        max_size: int,
        size_of: Callable[[Any], int] | None = None,
        on_evict: Callable[[Any], None] | None = None,
        max_item: int | None = None,
    ) -> None:
        self.max_size = max(1, max_size)
        self.max_item = self.max_size if max_item is None else max_item
        self.hits = 0
        self.misses = 0
        self._size_of = size_of or (lambda _value: 1)
        self._on_evict = on_evict
        self._items = _Evicting(self.max_size, size_of, on_evict)
        self._lock = threading.RLock()

    @property
    def size(self) -> int:
        """Return the total size of what is kept."""
        return int(self._items.currsize)

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Key) -> Any | None:
        """Return the value kept for key (now the most recent), or None."""
        value = self._find(key)
        return None if value is _MISSING else value

    def _find(self, key: Key) -> Any:
        with self._lock:
            value = self._items.get(key, _MISSING)
            if value is _MISSING:
                self.misses += 1
            else:
                self.hits += 1
            return value

    def put(self, key: Key, value: Any) -> Any:
        """Keep a value unless it is too large; return the value kept for key.

        When key is already kept (another thread made it meanwhile), the kept
        value wins and the new one is evicted at once.
        """
        with self._lock:
            kept = self._items.get(key, _MISSING)
            if kept is _MISSING:
                if self._size_of(value) <= self.max_item:
                    self._items[key] = value
                return value
        if kept is not value and self._on_evict is not None:
            self._on_evict(value)
        return kept

    def get_or_make(self, key: Key, make: Callable[[], Any]) -> Any:
        """Return the value for key, making it (outside the lock) when absent."""
        value = self._find(key)
        if value is _MISSING:
            value = self.put(key, make())
        return value

    def drop(self, keep: Callable[[Key], bool]) -> None:
        """Forget (and evict) every entry whose key keep() rejects."""
        with self._lock:
            for key in [k for k in self._items if not keep(k)]:
                value = self._items.pop(key)
                if self._on_evict is not None:
                    self._on_evict(value)

    def clear(self) -> None:
        """Forget (and evict) every entry."""
        self.drop(lambda _key: False)
