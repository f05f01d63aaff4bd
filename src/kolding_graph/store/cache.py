"""The endpoint's cache of serialised answers, bounded in bytes.

A release never changes, so an answer keyed on the release id can be reused
until the process ends; no invalidation is ever needed.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from kolding_graph.lru import Lru


class ResultCache(Lru):
    """Keep recent answers up to a total size, skipping any over a tenth of it.

    An entry's size is its answer's len() plus its key's text: a key holds the
    query text, which can be far longer than a small answer.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(max_bytes, size_of=_entry_size, max_item=max_bytes // 10)

    def get(self, key: Hashable) -> Any | None:
        """Return the answer kept for key, or None."""
        found = super().get(key)
        return None if found is None else found[0]

    def put(self, key: Hashable, value: Any) -> Any:
        """Keep an answer (bytes, or anything whose len() is its size)."""
        return super().put(key, (value, len(value) + key_size(key)))[0]


def _entry_size(entry: tuple[Any, int]) -> int:
    return entry[1]


def key_size(key: Hashable) -> int:
    """Return the bytes of text in a key (strings and bytes, in tuples too)."""
    if isinstance(key, str | bytes):
        return len(key)
    if isinstance(key, tuple):
        return sum(key_size(part) for part in key)
    return 8
