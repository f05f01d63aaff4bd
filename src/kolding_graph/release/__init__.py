"""Releases: load, version, diff; the files, feed and citations they serve."""
