"""Browsing: entities, overviews, labels, search, maps and schema.org for the pages."""
