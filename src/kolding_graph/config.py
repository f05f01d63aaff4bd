"""The settings table: one source for defaults, CLI options, env variables, docs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from kolding_graph.namespaces import DEFAULT_BASE_IRI, WIKIDATA_SPARQL

ENV_PREFIX = "KOLDING_GRAPH"


class Setting(NamedTuple):
    name: str
    default: Any
    help: str

    @property
    def env_var(self) -> str:
        return f"{ENV_PREFIX}_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("BASE_IRI", DEFAULT_BASE_IRI, "Base IRI of every identifier minted."),
    Setting("SOURCE_DIR", ".", "Project folder holding ontology/, data/, shapes/."),
    Setting(
        "RELEASE_DIR", "dist", "Release directory the build writes and serve reads."
    ),
    Setting(
        "ENDPOINT", "", "Remote SPARQL 1.1 query URL; empty uses the embedded store."
    ),
    Setting("HOST", "127.0.0.1", "Address the server listens on."),
    Setting("PORT", 8000, "Port the server listens on."),
    Setting("WORKERS", 2, "Number of web worker processes."),
    Setting("THREADS", 4, "Request threads per worker (one query at a time each)."),
    Setting(
        "QUERY_TIMEOUT", 10.0, "Seconds a SPARQL query may run before it is stopped."
    ),
    Setting(
        "RESULT_MAX_ROWS",
        1000,
        "Rows an HTML result table shows before it says it is truncated.",
    ),
    Setting(
        "RESULT_MAX_BYTES", 50_000_000, "Most bytes one serialised result may take."
    ),
    Setting("MAX_REQUEST_BYTES", 1_000_000, "Largest request body accepted."),
    Setting(
        "CACHE_MAX_BYTES",
        64_000_000,
        "Bytes of answers cached per worker, in each of its two caches.",
    ),
    Setting(
        "MEMORY_STORE_MAX_TRIPLES",
        100_000,
        "Releases up to this size are loaded into memory; larger ones are read"
        " from their on-disk store.",
    ),
    Setting(
        "QUERY_MEMORY_MB",
        1000,
        "Megabytes of memory one query may add to its process (0: no limit).",
    ),
    Setting(
        "CLIENT_MAX_QUERIES",
        3,
        "Queries one client may run at once (at most WORKERS - 1).",
    ),
    Setting(
        "CLIENT_QUERY_SECONDS",
        30.0,
        "Seconds of query time one client may use per minute.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        "",
        "Comma-separated proxy addresses whose X-Forwarded-For is believed.",
    ),
    Setting(
        "IDLE_TIMEOUT",
        5.0,
        "Seconds a client may send or read nothing before it is cut off.",
    ),
    Setting(
        "WIKIDATA_ENDPOINT",
        WIKIDATA_SPARQL,
        "Wikidata-compatible SPARQL endpoint that `enrich` queries.",
    ),
    Setting(
        "RELEASE_DATE",
        "",
        "Release date (YYYY-MM-DD); else SOURCE_DATE_EPOCH, else the newest source"
        " commit's date.",
    ),
    Setting(
        "RELEASES_DIR",
        "",
        "Folder of the versioned releases; empty: RELEASE_DIR + '.releases'.",
    ),
    Setting(
        "STORE",
        "",
        "Graph Store Protocol URL `publish` writes to; empty: found from ENDPOINT.",
    ),
    Setting(
        "STORE_USER",
        "",
        "User `publish` logs in as (password: KOLDING_GRAPH_STORE_PASSWORD or netrc).",
    ),
    Setting(
        "PRIVACY_CONTROLLER",
        "Kolding Kommune",
        "Data controller for the personal data (draft until PRIVACY_CONFIRMED).",
    ),
    Setting(
        "PRIVACY_PURPOSE",
        "",
        "Purpose of publishing personal data; empty: the draft text of the page.",
    ),
    Setting(
        "PRIVACY_LEGAL_BASIS",
        "public-task",
        "Legal basis: public-task, legitimate-interest or consent (draft).",
    ),
    Setting(
        "PRIVACY_CONTACT",
        "",
        "E-mail for objections; empty: the e-mail of the dataset's contact point.",
    ),
    Setting(
        "PRIVACY_REVIEW_YEARS",
        4,
        "Years after a person's last public role before validate asks for a review.",
    ),
    Setting(
        "PRIVACY_CONFIRMED",
        "",
        "Set to yes once the controller has confirmed the privacy settings.",
    ),
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


def releases_folder(config: Mapping[str, Any]) -> Path:
    """Return the folder of the versioned releases (default: beside RELEASE_DIR)."""
    if config.get("RELEASES_DIR"):
        return Path(config["RELEASES_DIR"])
    release = Path(config["RELEASE_DIR"])
    return release.parent / f"{release.name}.releases"


def coerce(setting: Setting, value: Any) -> Any:
    """Return a value (text, number or path) as the type of the setting's default.

    Every way a setting arrives (environment, command line, JSON from Flask's
    prefixed environment, a test's mapping) ends up typed here, so no caller
    casts: int settings are ints, float settings floats, the rest strings.
    """
    kind = type(setting.default)
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    if kind is str:
        return os.fspath(value) if isinstance(value, os.PathLike) else str(value)
    try:
        number = kind(value)
        if kind is int and not isinstance(value, str) and number != value:
            raise ValueError("not a whole number")
    except (TypeError, ValueError):
        raise ValueError(
            f"setting {setting.env_var}: {value!r} is not a valid {kind.__name__}"
        ) from None
    return number


def typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the known settings among values, each coerced to its type."""
    return {
        name: coerce(SETTINGS_BY_NAME[name], value)
        for name, value in values.items()
        if name in SETTINGS_BY_NAME
    }


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return every setting: default, then environment, then explicit overrides."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values = {}
    for setting in SETTINGS:
        value = environ.get(setting.env_var, setting.default)
        if overrides.get(setting.name) is not None:
            value = overrides[setting.name]
        values[setting.name] = value
    return typed(values)
