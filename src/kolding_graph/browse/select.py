"""Page queries over a store: the select function the browse layer reads through."""

from __future__ import annotations

from typing import Any

from kolding_graph.browse.entities import Select
from kolding_graph.store.base import Job, Rows
from kolding_graph.terms import Value, to_value

# Page queries are ours and bounded; this cap only guards the index builds.
PAGE_MAX_ROWS = 1_000_000


def store_select(store: Any, max_rows: int = PAGE_MAX_ROWS) -> Select:
    """Return a select function over a store (embedded or remote).

    The page queries are ours, bind IRIs with VALUES and are small, so on the
    embedded store they run in the calling process (store.evaluate) rather than
    through the killable query process the endpoint needs for untrusted queries.
    """
    evaluate = getattr(store, "evaluate", None)

    def run(query: str) -> Rows:
        if evaluate is not None:
            return evaluate(Job(query, (), (), "json", 0, max_rows))
        return store.rows(query, max_rows)

    def select(query: str) -> list[dict[str, Value]]:
        result = run(query)
        return [
            {
                n: to_value(t)
                for n, t in zip(result.variables, row, strict=True)
                if t is not None
            }
            for row in result.rows
        ]

    return select
