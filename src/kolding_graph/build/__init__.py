"""Build: parse the sources, derive, validate and write a release atomically."""
