"""The app factory: settings, then the store (opened once), then blueprints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask

from kolding_graph.config import ENV_PREFIX, load_settings, typed
from kolding_graph.web import error_pages, lifecycle
from kolding_graph.web.state import EXTENSION, open_state


def blueprints() -> list[Blueprint]:
    """Return the blueprints the app serves; add new concerns here."""
    from kolding_graph.web.cite import bp as cite_bp
    from kolding_graph.web.clients import bp as fairness_bp
    from kolding_graph.web.dataset_cite import bp as dataset_cite_bp
    from kolding_graph.web.downloads import bp as downloads_bp
    from kolding_graph.web.editor import bp as editor_bp
    from kolding_graph.web.editor_data import bp as editor_data_bp
    from kolding_graph.web.ops import bp as ops_bp
    from kolding_graph.web.pages import bp as pages_bp
    from kolding_graph.web.privacy import bp as privacy_bp
    from kolding_graph.web.reconciliation import bp as reconciliation_bp
    from kolding_graph.web.search import bp as search_bp
    from kolding_graph.web.sitemap import bp as sitemap_bp
    from kolding_graph.web.sparql import bp as sparql_bp

    return [
        ops_bp,
        fairness_bp,
        sparql_bp,
        pages_bp,
        search_bp,
        editor_bp,
        editor_data_bp,
        reconciliation_bp,
        privacy_bp,
        downloads_bp,
        cite_bp,
        sitemap_bp,
        dataset_cite_bp,
    ]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app: settings, the store (opened once), set-up, then blueprints."""
    app = Flask(__name__)
    app.config.from_mapping(load_settings(environ={}))
    if test_config is None:
        app.config.from_prefixed_env(ENV_PREFIX)
    else:
        app.config.from_mapping(test_config)
    app.config.from_mapping(typed(app.config))  # typed once, whatever the source
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.extensions[EXTENSION] = open_state(app.config)
    lifecycle.install(app)
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    error_pages.register(app)
    return app
