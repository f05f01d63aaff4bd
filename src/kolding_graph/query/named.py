"""Named example queries: `queries/<kebab-name>.rq` files with bilingual headers.

A file starts with comment lines of the form `# key@lang: value` (or
`# key: value` for keys without a language), then the query itself:

    # title@da: Kolding Kommunes venskabsbyer
    # title@en: Kolding Kommune's twin cities
    # description@da: Hver venskabsby med land og startår.
    # description@en: Each twin city with its country and start year.
    # expect-count: 12
    PREFIX ...
    SELECT ...

`title` and `description` are required in Danish and English. The expected
answer, checked by the test suite, is `expect-count: N` (rows of a SELECT,
triples of a CONSTRUCT or DESCRIBE) or `expect-boolean: true|false` (ASK).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kolding_graph.errors import Forbidden, QueryError
from kolding_graph.query.lexer import classify

LANGUAGES = ("da", "en")
_HEADER = re.compile(r"^#\s*([a-z-]+)(?:@([a-z]{2}))?\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """One example query with its bilingual title and description."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    text: str
    form: str
    expect_count: int | None = None
    expect_boolean: bool | None = None

    @property
    def body(self) -> str:
        """Return the query without its header comments (what people see and edit)."""
        return query_body(self.text)


def query_body(text: str) -> str:
    """Return a query text without its leading `# key: value` header lines."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and _HEADER.match(lines[start].rstrip("\r\n")):
        start += 1
    return "".join(lines[start:]).lstrip("\n")


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the headers and query of one .rq file, or raise QueryError."""
    if not _NAME.match(name):
        raise QueryError("query file names are kebab-case ASCII", where=name)
    fields: dict[tuple[str, str | None], str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        found = _HEADER.match(line)
        if found:
            fields[(found.group(1), found.group(2))] = found.group(3)
    title = _bilingual(fields, "title", name)
    description = _bilingual(fields, "description", name)
    count = fields.get(("expect-count", None))
    boolean = fields.get(("expect-boolean", None))
    if count is not None and not count.isdigit():
        raise QueryError(f"expect-count must be a number, not {count!r}", where=name)
    if boolean is not None and boolean not in ("true", "false"):
        raise QueryError("expect-boolean must be true or false", where=name)
    info = classify(text)
    return NamedQuery(
        name,
        title,
        description,
        text,
        info.form,
        expect_count=int(count) if count is not None else None,
        expect_boolean=(boolean == "true") if boolean is not None else None,
    )


def _bilingual(fields: dict, key: str, name: str) -> dict[str, str]:
    values = {lang: fields.get((key, lang), "") for lang in LANGUAGES}
    missing = [lang for lang, value in values.items() if not value]
    if missing:
        raise QueryError(f"missing header '# {key}@{missing[0]}:'", where=name)
    return values


def load_queries(folder: Path) -> dict[str, NamedQuery]:
    """Load every .rq file of a folder, sorted by name; a missing folder is empty."""
    if not folder.is_dir():
        return {}
    named = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        try:
            named[path.stem] = parse_named_query(path.stem, text)
        except (QueryError, Forbidden) as error:
            where = f"{path}: {error.where}" if error.where else str(path)
            raise type(error)(error.message, where=where) from None
    return named
