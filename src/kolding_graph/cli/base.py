"""The `kolding-graph` command group and what its commands share.

Exit codes: 0 success (or conforms), 1 validation failed, 2 could not run.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from kolding_graph.config import SETTINGS_BY_NAME, load_settings
from kolding_graph.errors import KoldingGraphError, NewDiscrepancies, ValidationFailed

EXIT_INVALID = 1
EXIT_ERROR = 2


def setting_option(name: str, *flags: str, **kwargs: Any) -> Any:
    """Return a click option whose help and default come from the settings table."""
    setting = SETTINGS_BY_NAME[name]
    help_text = f"{setting.help} [default: {setting.default}; env {setting.env_var}]"
    return click.option(*flags, name.lower(), default=None, help=help_text, **kwargs)


def settings(**options: Any) -> dict[str, Any]:
    """Return the settings with the given command-line values taking precedence."""
    return load_settings({name.upper(): value for name, value in options.items()})


def fail(error: KoldingGraphError) -> NoReturn:
    """Print a domain error to stderr and exit with its exit code."""
    click.echo(f"error: {error}", err=True)
    invalid = isinstance(error, ValidationFailed | NewDiscrepancies)
    sys.exit(EXIT_INVALID if invalid else EXIT_ERROR)


@click.group()
@click.version_option(package_name="kolding-graph")
def main() -> None:
    """Kolding Kommune's international cooperation as linked open data."""
