"""The one language picker of every page: ?lang=, then Accept-Language, then Danish."""

from __future__ import annotations

from flask import request

from kolding_graph.browse.labels import LANGUAGES


def select_locale() -> str:
    """Pick the page language: ?lang=, then Accept-Language, then Danish."""
    wanted = request.args.get("lang", "")
    if wanted in LANGUAGES:
        return wanted
    return request.accept_languages.best_match(LANGUAGES, default=LANGUAGES[0])
