"""Path globs for ``exclude`` and ``[[ignore]] file``: ``*``, ``?``, ``**`` on ``/``-separated paths.

``*`` and ``?`` stay inside one path segment, ``**`` crosses segments
(``tests/**`` is everything under ``tests``; ``**/test_*.yaml`` any depth).
A pattern without ``/`` matches the name at any depth, as in ``.gitignore``.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["path_matches"]


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().replace("\\", "/").removeprefix("./").rstrip("/") or "**"
    if "/" not in pattern:
        pattern = "**/" + pattern
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    # a pattern naming a folder also matches everything below it
    return re.compile("".join(out) + "(?:/.*)?")


def path_matches(path: str, pattern: str) -> bool:
    """True when the relative ``path`` (``/``-separated) matches the glob ``pattern``."""
    return _compile(pattern).fullmatch(path.replace("\\", "/").removeprefix("./")) is not None
