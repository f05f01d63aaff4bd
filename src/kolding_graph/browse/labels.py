"""Labels chosen by language, and IRIs bound safely into page queries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kolding_graph.terms import Value

LANGUAGES = ("da", "en")

# SPARQL's IRIREF forbids exactly these characters; an IRI free of them cannot end
# the <...> it is written in, so it can be bound with VALUES without any escaping.
_IRIREF_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def iri(value: str) -> Value:
    """Return an IRI value."""
    return Value("iri", value)


def is_safe_iri(text: str) -> bool:
    """Return True if text is an absolute IRI that can be written as <text>."""
    return bool(_SCHEME.match(text)) and not _IRIREF_FORBIDDEN.search(text)


def iri_ref(text: str) -> str:
    """Return <text> for a SPARQL query, refusing anything that is not a clean IRI."""
    if not is_safe_iri(text):
        raise ValueError(f"not an IRI that can be bound: {text!r}")
    return f"<{text}>"


def values_clause(var: str, iris: Iterable[str]) -> str:
    """Return a VALUES block binding var to the given IRIs (validated, one each)."""
    refs = " ".join(iri_ref(i) for i in dict.fromkeys(iris))
    return f"VALUES ?{var} {{ {refs} }}"


def pick(by_lang: Mapping[str, str] | None, lang: str) -> str | None:
    """Return the text in lang, else Danish, else English, else any, else None."""
    if not by_lang:
        return None
    for wanted in (lang, *LANGUAGES, ""):
        if wanted in by_lang:
            return by_lang[wanted]
    return by_lang[min(by_lang)]


def pick_values(values: Iterable[Value], lang: str) -> list[Value]:
    """Return the literals in lang (falling back like pick), or all non-literals."""
    values = list(values)
    langs = {v.lang for v in values if v.kind == "literal" and v.lang}
    if not langs:
        return values
    chosen = next((w for w in (lang, *LANGUAGES) if w in langs), min(langs))
    return [v for v in values if v.lang in (chosen, "") or v.kind != "literal"]
