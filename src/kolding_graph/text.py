"""Names compared as people read them: one fold() for search and reconciliation."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus marks.
_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def fold(text: str) -> str:
    """Return text lower-cased and without diacritics, for matching (Ö -> o, ė -> e)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(_FOLD_EXTRA).split())
