"""A small SPARQL lexer: enough to classify a request before any engine sees it.

The engine (Oxigraph) parses the query for real; this lexer only has to agree
with it on where strings, IRIs and comments begin and end, so that keywords are
found exactly where the engine would find them and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from kolding_graph.errors import Forbidden, QueryError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    {
        "INSERT",
        "DELETE",
        "LOAD",
        "CLEAR",
        "CREATE",
        "DROP",
        "COPY",
        "MOVE",
        "ADD",
        "WITH",
    }
)
# Limits on query shape. Past them the engine may recurse too deep (Oxigraph
# overflows its stack on a few thousand nested groups) or take unbounded time.
MAX_TOKENS = 20_000
MAX_DEPTH = 100
MAX_OPERATORS = 2_000

_PN_CHARS = r"[\w\u00B7\u0300-\u036F\u203F-\u2040-]"
_VAR_CHARS = r"[\w\u00B7\u0300-\u036F\u203F-\u2040]"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"[^\W\d_](?:(?:{_PN_CHARS}|\.)*{_PN_CHARS})?"
_PN_LOCAL = (
    rf"(?:[\w:]|{_PLX})(?:(?:{_PN_CHARS}|[.:]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?"
)
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

# Each match is the whitespace and comments before a token, then the token;
# only the trailing blanks match no token (the group `end`). The blanks are an
# atomic group: never given back, so a comment is never read as tokens.
_BLANKS = r"(?:\s+|\#[^\r\n]*)*"
_TOKEN_RE = re.compile(
    rf"""
    (?>{_BLANKS})
    (?:
    (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '(?:[^'\\\r\n]|\\.)*'
             | "(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<var>[?$]{_VAR_CHARS}+)
  | (?P<bnode>_:\w(?:[\w.\-]*[\w\-])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>\d*\.\d+(?:[eE][+-]?\d+)?|\d+\.?\d*[eE][+-]?\d+|\d+)
  | (?P<name>[^\W\d]\w*)
  | (?P<punct>\^\^|<=|>=|!=|&&|\|\||[{{}}()\[\].,;*+\-/!=<>^|?])
  | (?P<end>\Z)
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_BLANKS_RE = re.compile(_BLANKS)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE = "{([", "})]"
_OPERATORS = frozenset({"+", "-", "*", "/", "|", "^", "!", "&&", "||", "=", "!="})
_OPERATORS |= {"<", ">", "<=", ">="}


class Token(NamedTuple):
    """One token: its kind (the regular expression's group), text and offset."""

    kind: str
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """What the lexer learnt about a query: its form and a normalised text."""

    form: str
    normalised: str
    has_dataset: bool
    tokens: int


def position(text: str, offset: int) -> str:
    """Return 'line L, column C' (1-based) for an offset into text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens, dropping whitespace and comments."""
    tokens: list[Token] = []
    offset, end = 0, len(text)
    match = _TOKEN_RE.match
    while offset < end:
        found = match(text, offset)
        kind = found.lastgroup if found is not None else None
        if kind is None or found is None:
            offset = _blank_end(text, offset)
            raise QueryError(_lex_problem(text, offset), where=position(text, offset))
        if kind == "end":
            break
        start = found.start(kind)
        tokens.append(Token(kind, text[start : found.end()], start))
        if len(tokens) > MAX_TOKENS:
            raise QueryError(
                f"query too complex: more than {MAX_TOKENS} tokens",
                where=position(text, start),
            )
        offset = found.end()
    return tokens


def _blank_end(text: str, offset: int) -> int:
    """Return where the whitespace and comments from offset end."""
    found = _BLANKS_RE.match(text, offset)
    return found.end() if found else offset


def _lex_problem(text: str, offset: int) -> str:
    char = text[offset]
    if char in "'\"":
        return "unterminated string literal"
    if char == "<":
        return "unterminated IRI"
    return f"unexpected character {char!r}"


def check_shape(tokens: list[Token], text: str) -> None:
    """Refuse queries nested or chained deeper than the engine safely handles."""
    depth, operators = 0, 0
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(
                    f"query too complex: nested deeper than {MAX_DEPTH} levels",
                    where=position(text, token.offset),
                )
        elif token.text in _CLOSE:
            depth -= 1
        elif token.text in _OPERATORS:
            operators += 1
            if operators > MAX_OPERATORS:
                raise QueryError(
                    f"query too complex: more than {MAX_OPERATORS} operators",
                    where=position(text, token.offset),
                )


def classify(text: str) -> QueryInfo:
    """Lex a query, refuse updates, SERVICE and excess, and return its form."""
    if _CODEPOINT.search(text):
        _check_decoded(text)
    tokens = tokenize(text)
    refuse_operations(tokens, text)
    check_shape(tokens, text)
    form = _query_form(tokens, text)
    return QueryInfo(
        form=form,
        normalised=" ".join(token.text for token in tokens),
        has_dataset=any(t.kind == "name" and t.text.upper() == "FROM" for t in tokens),
        tokens=len(tokens),
    )


def refuse_operations(tokens: list[Token], text: str) -> None:
    """Raise Forbidden for an update keyword, QueryError for SERVICE."""
    for token in tokens:
        if token.kind != "name":
            continue
        word = token.text.upper()
        if word in UPDATE_KEYWORDS:
            raise Forbidden(
                f"read-only endpoint: SPARQL Update ({word}) is not accepted",
                where=position(text, token.offset),
            )
        if word == "SERVICE":
            raise QueryError(
                "SERVICE (federated query) is refused: this endpoint never "
                "contacts other services",
                where=position(text, token.offset),
            )


def decode_codepoints(text: str) -> str:
    """Replace \\uXXXX and \\UXXXXXXXX escapes by their characters."""

    def character(found: re.Match[str]) -> str:
        code = int(found.group(1) or found.group(2), 16)
        return chr(code) if code <= 0x10FFFF else found.group()

    return _CODEPOINT.sub(character, text)


def _check_decoded(text: str) -> None:
    """Refuse what the query says once its codepoint escapes are decoded.

    SPARQL replaces \\u escapes before parsing; Oxigraph does so only inside
    strings and IRIs, but a remote server may do it everywhere, where
    `\\u0053ERVICE` is SERVICE. Both readings must pass.
    """
    decoded = decode_codepoints(text)
    try:
        tokens = tokenize(decoded)
    except QueryError as error:
        raise QueryError(
            "with its \\u escapes decoded this query no longer lexes "
            f"({error.message}); write the characters themselves",
            where=error.where,
        ) from None
    refuse_operations(tokens, decoded)


def _query_form(tokens: list[Token], text: str) -> str:
    """Skip the prologue (BASE, PREFIX) and return the query form keyword."""
    index = 0
    while index < len(tokens):
        word = tokens[index].text.upper() if tokens[index].kind == "name" else ""
        if word == "BASE":
            index += 2
        elif word == "PREFIX":
            index += 3
        elif word in QUERY_FORMS:
            return word
        else:
            offset = tokens[index].offset
            raise QueryError(
                "expected SELECT, ASK, CONSTRUCT or DESCRIBE",
                where=position(text, offset),
            )
    raise QueryError("empty query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
