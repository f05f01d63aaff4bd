"""Wikidata: the client, the snapshot (enrich), and reconciliation against it."""
