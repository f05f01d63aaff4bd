"""RDF values as plain data, labels chosen by language, text folded for search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
LANGUAGES = ("da", "en")

# SPARQL's IRIREF forbids exactly these characters; an IRI free of them cannot end
# the <...> it is written in, so it can be bound with VALUES without any escaping.
_IRIREF_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# Letters that Unicode does not decompose into a base letter plus marks.
_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


@dataclass(frozen=True, slots=True)
class Value:
    """One RDF term: an IRI, a blank node or a literal (with language or datatype)."""

    kind: str  # "iri" | "bnode" | "literal"
    value: str
    lang: str = ""
    datatype: str = ""

    @property
    def is_iri(self) -> bool:
        """Return True for an IRI."""
        return self.kind == "iri"

    def to_python(self) -> Any:
        """Return the literal as int, float or bool where its datatype says so."""
        name = self.datatype.removeprefix(XSD)
        try:
            if name in ("integer", "int", "long", "gYear", "nonNegativeInteger"):
                return int(self.value)
            if name in ("decimal", "double", "float"):
                return float(self.value)
        except ValueError:
            return self.value
        if name == "boolean":
            return self.value in ("true", "1")
        return self.value


def iri(value: str) -> Value:
    """Return an IRI value."""
    return Value("iri", value)


def from_term(term: Any) -> Value:
    """Convert a pyoxigraph term to a Value."""
    cls = type(term).__name__
    if cls == "NamedNode":
        return Value("iri", term.value)
    if cls == "BlankNode":
        return Value("bnode", term.value)
    datatype = term.datatype.value if term.datatype is not None else ""
    return Value("literal", term.value, term.language or "", datatype)


def from_json(binding: Mapping[str, str]) -> Value:
    """Convert one SPARQL 1.1 JSON results binding to a Value."""
    kind = binding["type"]
    if kind == "uri":
        return Value("iri", binding["value"])
    if kind == "bnode":
        return Value("bnode", binding["value"])
    return Value(
        "literal",
        binding["value"],
        binding.get("xml:lang", ""),
        binding.get("datatype", ""),
    )


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


def fold(text: str) -> str:
    """Return text lower-cased and without diacritics, for matching (Ö -> o, ė -> e)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(_FOLD_EXTRA).split())
