"""TOML documents with the lines ``tomllib`` does not give.

``tomllib`` parses; a light line scan then maps table headers and ``key =``
lines to their key paths, so declarations can point at their line.  The scan
is a best effort for hand-written files: a key written in an unusual way
falls back to the line of its table.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

__all__ = ["TomlLines", "load_toml", "string_line", "table"]

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_KEY = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_HEADER = re.compile(rf"^[ \t]*\[(\[?)[ \t]*({_KEY})[ \t]*\]\]?[ \t]*(?:#.*)?$", re.MULTILINE)
_ASSIGN = re.compile(rf"^[ \t]*({_KEY})[ \t]*=", re.MULTILINE)
_PARTS = re.compile(_PART)
_AT_LINE = re.compile(r"at line (\d+)")


def _split(key: str) -> tuple[str, ...]:
    parts: list[str] = []
    for raw in _PARTS.findall(key):
        if raw[:1] in "\"'":
            raw = raw[1:-1]
        parts.append(raw)
    return tuple(parts)


def table(doc: dict[str, Any], key: str) -> dict[str, Any]:
    """``doc[key]`` when it is a table, else an empty one."""
    value = doc.get(key)
    return value if isinstance(value, dict) else {}


def load_toml(text: str) -> tuple[dict[str, Any] | None, tuple[int, str] | None]:
    """The parsed document, or ``None`` and a ``(line, message)`` problem."""
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _AT_LINE.search(message)
        line = int(match.group(1)) if match else 0
        short = _AT_LINE.sub("", message).replace("(, column", "(column").strip()
        return None, (line, f"invalid TOML: {short.splitlines()[0] if short else message}")
    except RecursionError:
        return None, (0, "invalid TOML: nested too deeply")


class TomlLines:
    """Line of each table header and ``key =`` assignment, by full key path."""

    __slots__ = ("_lines",)

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, ...], int] = {}
        events: list[tuple[int, str, re.Match[str]]] = [(m.start(), "h", m) for m in _HEADER.finditer(text)]
        events += [(m.start(), "k", m) for m in _ASSIGN.finditer(text)]
        events.sort(key=lambda event: event[0])
        table: tuple[str, ...] = ()
        pos = 0
        line = 1
        for start, what, match in events:
            line += text.count("\n", pos, start)
            pos = start
            if what == "h":
                table = _split(match.group(2))
                self._lines.setdefault(table, line)
            else:
                self._lines.setdefault(table + _split(match.group(1)), line)

    def get(self, *path: str) -> int:
        """The line of ``path``, else of its longest known prefix, else 0."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line:
                return line
        return 0


def string_line(text: str, value: str, after: int) -> int:
    """Line of the first quoted ``value`` at or after line ``after`` (``after`` when not found)."""
    offset = 0
    for _ in range(max(after - 1, 0)):
        found = text.find("\n", offset)
        if found < 0:
            return after
        offset = found + 1
    best = -1
    for quoted in (f'"{value}"', f"'{value}'"):
        at = text.find(quoted, offset)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return text.count("\n", 0, best) + 1 if best >= 0 else after
