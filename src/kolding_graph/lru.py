"""The one least-recently-used cache: bounded by a total size, safe across threads.

Every cache of the project is one of these: answers of the endpoint (bounded
in bytes), pages and entities of a release, searches, and the stores of old
releases (bounded in count, closed when they fall out). cachetools keeps the
order and the sizes; the lock makes it safe for threads that share a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from cachetools import LRUCache

Key = Hashable
_MISSING = object()


class _Entry(NamedTuple):
    """A kept value and the size it counts for (its key included)."""

    value: Any
    size: int


def _entry_size(entry: _Entry) -> int:
    return entry.size


def text_size(key: Key) -> int:
    """Return the bytes of the strings in a key (UTF-8; tuples opened; 8 else)."""
    if isinstance(key, str):
        return len(key.encode("utf-8", "surrogatepass"))
    if isinstance(key, bytes):
        return len(key)
    if isinstance(key, tuple):
        return sum(text_size(part) for part in key)
    return 8


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
    """Keep recent values up to max_size (counted by size_of, 1 each by default).

    With key_size, an entry counts its key as well: where clients choose the
    keys (query texts, headers), many small answers under large keys must not
    slip past the bound.
    """

    def __init__(
        self,
        max_size: int,
        size_of: Callable[[Any], int] | None = None,
        on_evict: Callable[[Any], None] | None = None,
        max_item: int | None = None,
        key_size: Callable[[Key], int] | None = None,
    ) -> None:
        self.max_size = max(1, max_size)
        self.max_item = self.max_size if max_item is None else max_item
        self.hits = 0
        self.misses = 0
        self._size_of = size_of or (lambda _value: 1)
        self._key_size = key_size or (lambda _key: 0)
        self._on_evict = on_evict
        evicted = None if on_evict is None else (lambda entry: on_evict(entry.value))
        self._items = _Evicting(self.max_size, _entry_size, evicted)
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
            entry = self._items.get(key, _MISSING)
            if entry is _MISSING:
                self.misses += 1
                return _MISSING
            self.hits += 1
            return entry.value

    def put(self, key: Key, value: Any) -> Any:
        """Keep a value unless it is too large; return the value kept for key.

        When key is already kept (another thread made it meanwhile), the kept
        value wins and the new one is evicted at once.
        """
        with self._lock:
            entry = self._items.get(key, _MISSING)
            if entry is _MISSING:
                size = self._size_of(value) + self._key_size(key)
                if size <= self.max_item:
                    self._items[key] = _Entry(value, size)
                return value
            kept = entry.value
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
                entry = self._items.pop(key)
                if self._on_evict is not None:
                    self._on_evict(entry.value)

    def clear(self) -> None:
        """Forget (and evict) every entry."""
        self.drop(lambda _key: False)
