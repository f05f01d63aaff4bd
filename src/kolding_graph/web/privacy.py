"""Blueprint: the page "Om persondata / About personal data", and its contact."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template

from kolding_graph.privacy import Privacy, privacy_from
from kolding_graph.web.pages import cached_html
from kolding_graph.web.ui import current_site, lang, page_url

bp = Blueprint("privacy", __name__, template_folder="templates")


def stated_privacy() -> Privacy:
    """Return the privacy statement of the app's settings."""
    return privacy_from(current_app.config)


def objection_contact() -> str:
    """Return where to send an objection: the setting, else the data's contact."""
    return stated_privacy().contact or current_site().contact()


@bp.route("/persondata")
def privacy() -> Response:
    """Show the controller, purpose, legal basis, contact and review period."""
    return cached_html(_render)


def _render() -> str:
    stated = stated_privacy()
    return render_template(
        "privacy.html",
        privacy=stated,
        purpose=stated.purpose_in(lang()),
        contact=objection_contact(),
    )


def privacy_url() -> str:
    """Return the URL of the privacy page (keeping ?lang=)."""
    return page_url("privacy.privacy")


TEMPLATE_GLOBALS = {"privacy_url": privacy_url, "objection_contact": objection_contact}
