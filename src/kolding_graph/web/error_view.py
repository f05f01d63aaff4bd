"""Error pages for browsers: our layout, in the page language, with navigation."""

from __future__ import annotations

import logging

from flask import render_template
from jinja2 import TemplateError

from kolding_graph.errors import KoldingGraphError
from kolding_graph.web.vocab import _l

log = logging.getLogger(__name__)

# (heading, what it means for a reader) per status; translated when shown.
STATUS_TEXTS = {
    400: (
        _l("The request could not be understood"),
        _l("Something in the address or the form is not right."),
    ),
    403: (_l("Not allowed"), _l("This service only reads data; it never changes it.")),
    404: (
        _l("Page not found"),
        _l("There is no page at this address; it may have moved or be mistyped."),
    ),
    405: (
        _l("Not possible here"),
        _l("This address cannot be used that way (the request method is not allowed)."),
    ),
    406: (
        _l("Format not available"),
        _l("The page is not available in the format that was asked for."),
    ),
    413: (
        _l("Too large"),
        _l("The request or its answer is larger than this service allows."),
    ),
    415: (
        _l("Format not understood"),
        _l("The request was sent in a format this service does not read."),
    ),
    429: (_l("Too many requests"), _l("You have sent many requests in a short time.")),
    500: (
        _l("Something went wrong on our side"),
        _l("The error has been logged. Please try again later."),
    ),
    502: (
        _l("The data service answered wrongly"),
        _l("The database behind this site gave an answer we could not use."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The service is busy or the data is being updated."),
    ),
}


def error_page(
    status: int,
    title: str,
    message: str,
    where: str | None,
    request_id: str | None,
    retry_after: int | None = None,
) -> str | None:
    """Return our HTML error page, or None if it cannot be drawn (then a plain one)."""
    from kolding_graph.web.ui import translate

    heading, explanation = STATUS_TEXTS.get(
        status, STATUS_TEXTS[500 if status >= 500 else 400]
    )
    try:
        return render_template(
            "error.html",
            status=status,
            heading=translate(heading),
            explanation=translate(explanation),
            title=title,
            message=message,
            where=where,
            request_id=request_id,
            retry_after=retry_after,
        )
    except (TemplateError, KoldingGraphError, LookupError) as error:
        log.warning("could not draw the error page: %s", error)
        return None
