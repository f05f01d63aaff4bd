"""The endpoint's cache of serialised answers, bounded in bytes.

A release never changes, so an answer keyed on the release id can be reused
until the process ends; no invalidation is ever needed.
"""

from __future__ import annotations

from kolding_graph.lru import Key, Lru, text_size

# What an entry costs beyond its answer and key text: the objects that hold
# them (bench/store_modes.py: 427 bytes in all for a one-byte answer under a
# query-sized key, of which the key's text is about 125).
ENTRY_OVERHEAD = 600


class ResultCache(Lru):
    """Keep recent answers and their keys (query texts, headers) up to a total size.

    An answer is skipped when it is over a tenth of the total.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            max_bytes, size_of=len, max_item=max_bytes // 10, key_size=entry_cost
        )


def entry_cost(key: Key) -> int:
    """Return what an entry costs beside its answer: its key and its objects."""
    return text_size(key) + ENTRY_OVERHEAD
