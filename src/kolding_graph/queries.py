"""Named example queries: `queries/<kebab-name>.rq` files with bilingual headers.

A file starts with comment lines of the form `# key@lang: value` (or
`# key: value` for keys without a language), then the query itself:

    # title@da: Kolding Kommunes venskabsbyer
    # title@en: Kolding Kommune's twin cities
    # description@da: Hver venskabsby med land og startår.
    # description@en: Each twin city with its country and start year.
    # expect: rows = 12
    PREFIX ...
    SELECT ...

`title` and `description` are required in Danish and English. `expect` is
optional and states the answer the test suite checks: `rows = N`, `rows >= N`
(SELECT), `true` / `false` (ASK), or `triples >= N` (CONSTRUCT, DESCRIBE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import QueryError
from .lexer import classify

LANGUAGES = ("da", "en")
_HEADER = re.compile(r"^#\s*([a-z]+)(?:@([a-z]{2}))?\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EXPECT = re.compile(r"^(?:(rows|triples)\s*(=|>=)\s*(\d+)|(true|false))$")


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """One example query with its bilingual title and description."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    text: str
    form: str
    expect: str | None = None


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
    expect = fields.get(("expect", None))
    if expect is not None and not _EXPECT.match(expect):
        raise QueryError(f"unreadable expect header {expect!r}", where=name)
    info = classify(text)
    return NamedQuery(name, title, description, text, info.form, expect)


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
        except QueryError as error:
            raise QueryError(error.message, where=f"{path}: {error.where}") from None
    return named


def check_expectation(expect: str, answer: object) -> bool:
    """Tell whether an answer (row count, triple count or boolean) meets expect."""
    found = _EXPECT.match(expect)
    if found is None:
        raise ValueError(f"unreadable expectation {expect!r}")
    if found.group(4):
        return answer is (found.group(4) == "true")
    count, wanted = int(answer), int(found.group(3))  # type: ignore[call-overload]
    return count == wanted if found.group(2) == "=" else count >= wanted
