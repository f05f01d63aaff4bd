"""A publication's edition: its version and dates, never read from the clock."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from kolding_graph.errors import BuildError
from kolding_graph.privacy import Privacy, current_privacy

LATEST = "latest"


@dataclass(frozen=True)
class Edition:
    """The explicit inputs naming one publication: version and release dates."""

    version: str = ""
    date: dt.date | None = None
    first_issued: dt.date | None = None
    privacy: Privacy = field(default_factory=current_privacy)

    @property
    def folder(self) -> str:
        """Return the download folder of this edition: its version, or latest."""
        return self.version or LATEST

    @property
    def issued(self) -> dt.date | None:
        """Return when the dataset was first issued (this date if not known)."""
        return self.first_issued or self.date


def parse_release_date(
    value: str | None, environ: Mapping[str, str] | None = None
) -> dt.date | None:
    """Return the release date: the explicit value, else SOURCE_DATE_EPOCH, else None.

    The clock is never read: a build without a date states no date.
    """
    environ = os.environ if environ is None else environ
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise BuildError(
                f"release date {value!r} is not a date (YYYY-MM-DD)",
                where="--release-date",
            ) from exc
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError, OSError) as exc:
        raise BuildError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
            where="SOURCE_DATE_EPOCH",
        ) from exc
