"""Stores: embedded and remote engines, the query process, publishing, caching."""
