"""The `kolding-graph` command line: one command per pipeline step."""

from kolding_graph.cli import building, serving, wikidata
from kolding_graph.cli.base import main

__all__ = ["building", "main", "serving", "wikidata"]
