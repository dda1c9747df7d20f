"""Parsed-document containers that remember source lines.

Both the YAML and the JSON parser build documents out of these: a mapping
is an :class:`LDict` (a ``dict`` with the line of the mapping and of every
key), a sequence an :class:`LList` (a ``list`` with the line of every item).
Scalars stay plain Python values.  A YAML short-form intrinsic (``!Ref x``)
becomes the long form (``{"Ref": "x"}``) as an :class:`LDict`.
"""

from __future__ import annotations

from typing import Any

from faasguard.model import Unknown

__all__ = ["LDict", "LList", "child", "field_lines", "first_set", "key_line", "line_of", "node", "put"]


class LDict(dict[Any, Any]):
    """A mapping with ``line`` (of the mapping) and ``lines`` (key -> line of the key)."""

    __slots__ = ("line", "lines")

    def __init__(self, *args: Any, line: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """Line of ``key`` (the mapping's own line when the key is absent)."""
        return self.lines.get(key, self.line)


class LList(list[Any]):
    """A sequence with ``line`` (of the sequence) and ``lines`` (index -> line of the item)."""

    __slots__ = ("line", "lines")

    def __init__(self, *args: Any, line: int = 0) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        """Line of item ``index`` (the sequence's own line when unknown)."""
        if 0 <= index < len(self.lines):
            return self.lines[index]
        return self.line


def first_set(*values: Any) -> Any:
    """The first value that is set (not ``None``, not ``""``); an unknown value counts as set.

    Use instead of ``a or b``, which would ask an unknown value for its truth.
    """
    for value in values:
        if value is not None and not (isinstance(value, str) and value == ""):
            return value
    return None


def key_line(node: Any, key: Any, default: int = 0) -> int:
    """Line of ``key`` in a mapping that records lines, else ``default``."""
    lines = getattr(node, "lines", None)
    if isinstance(lines, dict):
        found = lines.get(key)
        if isinstance(found, int) and found:
            return found
    return default


def line_of(node: Any, default: int = 0) -> int:
    """The line a node starts on, when it carries one."""
    line = getattr(node, "line", 0)
    return line if isinstance(line, int) and line else default


def node(line: int, **items: Any) -> LDict:
    """A new mapping at ``line`` whose keys all sit on that line (for generated resources)."""
    out = LDict(line=line)
    for key, value in items.items():
        out[key] = value
        out.lines[key] = line
    return out


def put(target: LDict, key: Any, value: Any, line: int) -> None:
    """Set ``target[key]`` and record the line it was written on."""
    target[key] = value
    target.lines[key] = line


def child(parent: Any, key: str) -> Any:
    """``parent[key]``; ``None`` when absent; an unknown parent makes every child unknown."""
    if isinstance(parent, Unknown):
        return parent
    return parent.get(key) if isinstance(parent, dict) else None


def field_lines(parent: Any) -> dict[str, int]:
    """The line of each key of a mapping, keyed by the key's text (empty for plain dicts)."""
    return {str(k): v for k, v in parent.lines.items()} if isinstance(parent, LDict) else {}
