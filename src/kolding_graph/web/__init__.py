"""The Flask web layer: the only package that imports Flask."""
