"""The Flask web layer (the only Flask importer): app factory, shared state, errors."""

from kolding_graph.web.app import create_app

__all__ = ["create_app"]
