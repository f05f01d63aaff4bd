"""Entity tags: one scheme for every answer that depends only on the release.

A release never changes, so an answer is fixed by the release id and what the
request varies by (path, query, language, format). The tag is a SHA-256 of
those inputs, so it is the same in every worker, after every restart and on
every replica (Python's hash() is randomised per process and is not used).
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable


def etag_for(release_id: str, *inputs: Hashable) -> str:
    """Return a strong entity tag: the release id, then a digest of the inputs."""
    text = repr(inputs)  # str, bytes, numbers and tuples repr the same everywhere
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{release_id}-{digest}"
