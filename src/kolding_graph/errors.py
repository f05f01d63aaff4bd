"""Domain errors, each with the HTTP status it maps to."""

from __future__ import annotations


class KoldingGraphError(Exception):
    """Base of all errors the project raises on purpose."""

    status = 500
    title = "Server error"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class BuildError(KoldingGraphError):
    """The sources could not be turned into a release (syntax, I/O, lock)."""

    title = "Build failed"


class ValidationFailed(BuildError):
    """The assembled graph does not conform to the SHACL shapes."""

    title = "Validation failed"

    def __init__(
        self, message: str, *, where: str | None = None, report: object = None
    ) -> None:
        super().__init__(message, where=where)
        self.report = report  # a validate.ValidationReport


class NewDiscrepancies(BuildError):
    """The reconciliation with Wikidata found problems not in the accepted list."""

    title = "New discrepancies with Wikidata"


class ReleaseError(KoldingGraphError):
    """A release directory is missing, incomplete or corrupt."""

    status = 503
    title = "Release unavailable"


class QueryError(KoldingGraphError):
    """The client's query or request is malformed."""

    status = 400
    title = "Bad request"


class Forbidden(KoldingGraphError):
    """The request asks for something the service never does (updates)."""

    status = 403
    title = "Forbidden"


class NotFound(KoldingGraphError):
    status = 404
    title = "Not found"


class MethodNotAllowed(KoldingGraphError):
    """The method is not one the resource answers; `allow` lists those it does."""

    status = 405
    title = "Method not allowed"

    def __init__(
        self, message: str, *, where: str | None = None, allow: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message, where=where)
        self.allow = allow


class NotAcceptable(KoldingGraphError):
    status = 406
    title = "Not acceptable"


class PayloadTooLarge(KoldingGraphError):
    status = 413
    title = "Payload too large"


class UnsupportedMediaType(KoldingGraphError):
    status = 415
    title = "Unsupported media type"


class TooManyRequests(KoldingGraphError):
    status = 429
    title = "Too many requests"


class ResultTooLarge(KoldingGraphError):
    """The answer exceeds the result cap; sent before any 200."""

    status = 413
    title = "Result too large"


class UpstreamError(KoldingGraphError):
    """A remote SPARQL store is down, slow or answered garbage."""

    status = 502
    title = "Bad gateway"


class QueryTimeout(KoldingGraphError):
    status = 503
    title = "Query timed out"


class QueryOutOfMemory(KoldingGraphError):
    """A query needed more memory than one query may use; it was stopped."""

    status = 503
    title = "Query needs too much memory"


class Gone(KoldingGraphError):
    """What was asked for was withdrawn by the publisher (a person's objection)."""

    status = 410
    title = "Gone"


WITHDRAWN_MESSAGE = (
    "Trukket tilbage: udgiveren har trukket disse oplysninger tilbage, og de"
    " offentliggøres ikke længere, heller ikke i ældre versioner."
    " / Withdrawn: the publisher has withdrawn this record; it is no longer"
    " published, also not in older versions."
)
