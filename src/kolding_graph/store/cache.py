"""The endpoint's cache of serialised answers, bounded in bytes.

A release never changes, so an answer keyed on the release id can be reused
until the process ends; no invalidation is ever needed.
"""

from __future__ import annotations

from kolding_graph.lru import Lru, text_size


class ResultCache(Lru):
    """Keep recent answers and their keys (query texts, headers) up to a total size.

    An answer is skipped when it is over a tenth of the total.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(
            max_bytes, size_of=len, max_item=max_bytes // 10, key_size=text_size
        )
