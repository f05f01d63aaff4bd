"""Which IRIs a query names: its IRIs and prefixed names, with BASE and PREFIX applied.

Used to answer 410 for a query that names a withdrawn record. Linear in the
query's tokens (the lexer's limits apply), never a full parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from kolding_graph.errors import QueryError
from kolding_graph.query.lexer import Token, decode_codepoints, tokenize
from kolding_graph.release.withdrawn import Withdrawn

LOCAL_ESCAPE = re.compile(r"\\(.)")


def named_iris(text: str, base: str) -> Iterator[str]:
    """Yield every IRI the query names, in both readings of its \\u escapes.

    A reading that does not even lex names nothing: the endpoint refuses such a
    query anyway (it must pass in both readings).
    """
    for reading in dict.fromkeys((text, decode_codepoints(text))):
        try:
            tokens = tokenize(reading)
        except QueryError:
            continue
        yield from _names(tokens, base)


def _names(tokens: list[Token], base: str) -> Iterator[str]:
    """Yield the IRIs the tokens name, applying BASE and PREFIX as they come."""
    prefixes: dict[str, str] = {}
    for index, token in enumerate(tokens):
        keyword = _keyword(tokens, index - 1)
        if token.kind == "iri":
            iri = urljoin(base, decode_codepoints(token.text[1:-1]))
            if keyword == "BASE":
                base = iri
            yield iri
        elif token.kind == "pname" and keyword == "PREFIX":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.kind == "iri":
                namespace = decode_codepoints(following.text[1:-1])
                prefixes[token.text[:-1]] = urljoin(base, namespace)
        elif token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix in prefixes:
                yield prefixes[prefix] + LOCAL_ESCAPE.sub(r"\1", local)


def _keyword(tokens: list[Token], index: int) -> str:
    if index < 0 or tokens[index].kind != "name":
        return ""
    return tokens[index].text.upper()


def names_withdrawn(text: str, base: str, withdrawn: Withdrawn) -> bool:
    """Return True if the query names a withdrawn IRI."""
    if not withdrawn.nodes:
        return False
    return withdrawn.any_of(named_iris(text, base))
