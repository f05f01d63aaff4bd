"""The `kolding-graph` command line: one command per pipeline step.

Exit codes: 0 success (or conforms), 1 validation failed, 2 could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .config import SETTINGS_BY_NAME, load_settings
from .errors import KoldingGraphError, ValidationFailed

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


def fail(error: KoldingGraphError) -> None:
    """Print a domain error to stderr and exit with its exit code."""
    click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_INVALID if isinstance(error, ValidationFailed) else EXIT_ERROR)


@click.group()
@click.version_option(package_name="kolding-graph")
def main() -> None:
    """Kolding Kommune's international cooperation as linked open data."""


@main.command()
@setting_option("RELEASE_DIR", "--out")
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
@click.option("--force", is_flag=True, help="Publish even if the data shrank sharply.")
def build(
    release_dir: str | None, source_dir: str | None, base_iri: str | None, force: bool
) -> None:
    """Build, validate and publish a release (atomically)."""
    from .build import build_release

    config = settings(release_dir=release_dir, source_dir=source_dir, base_iri=base_iri)
    try:
        result = build_release(
            Path(config["SOURCE_DIR"]),
            Path(config["RELEASE_DIR"]),
            config["BASE_IRI"],
            force=force,
        )
    except KoldingGraphError as error:
        fail(error)
    click.echo(render_summary(result, config["RELEASE_DIR"]))


def render_summary(result: Any, out: str) -> str:
    """Return the build summary: graphs, classes, time."""
    lines = [
        f"Release {result.release.id} published at {out}",
        "",
        "Triples per graph:",
    ]
    lines += [f"  {name:<10} {count:>7}" for name, count in result.triples.items()]
    lines += [
        f"  {'total':<10} {sum(result.triples.values()):>7}",
        "",
        "Entities per class:",
    ]
    lines += [f"  {cls:<40} {count:>5}" for cls, count in result.entities.items()]
    phases = ", ".join(f"{name} {sec:.2f}s" for name, sec in result.phases.items())
    lines += ["", f"Built in {result.seconds:.2f}s ({phases})."]
    warnings = len(result.report.violations)
    if warnings:
        lines += [f"{warnings} SHACL warning(s)/info(s): run `kolding-graph validate`."]
    return "\n".join(lines)


@main.command()
@setting_option("SOURCE_DIR", "--source")
@setting_option("BASE_IRI", "--base-iri")
def validate(source_dir: str | None, base_iri: str | None) -> None:
    """Validate the sources with SHACL; exit 0 conforms, 1 violations, 2 error."""
    from .build import validate_project

    config = settings(source_dir=source_dir, base_iri=base_iri)
    try:
        report = validate_project(Path(config["SOURCE_DIR"]), config["BASE_IRI"])
    except KoldingGraphError as error:
        fail(error)
    click.echo(report.render())
    sys.exit(0 if report.conforms else EXIT_INVALID)
