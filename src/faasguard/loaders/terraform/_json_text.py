"""JSON written as a string (heredoc policies, ``file("policy.json")``), keeping its lines."""

from __future__ import annotations

from typing import Any

from faasguard.errors import InputError
from faasguard.loaders._json import parse_json
from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders.terraform._values import EvalError
from faasguard.model import SourceLine

__all__ = ["decode"]


def decode(text: str, start: int) -> Any:
    """The JSON value in ``text``, with lines counted from ``start`` (a :class:`SourceLine` when known)."""
    file = getattr(start, "file", "")
    try:
        value = parse_json(text, file or "<string>")
    except InputError as exc:
        raise EvalError(f"invalid JSON: {exc.args[0]}") from exc
    if start:
        _shift(value, int(start) - 1, file)
    else:  # no source lines (a plan's values): say so rather than count inside the string
        _shift(value, 0, file, flat=True)
    return value


def _shift(node: Any, offset: int, file: str, flat: bool = False) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, LDict):
            item.line = _at(item.line, offset, file, flat)
            item.lines = {k: _at(v, offset, file, flat) for k, v in item.lines.items()}
            stack.extend(item.values())
        elif isinstance(item, LList):
            item.line = _at(item.line, offset, file, flat)
            item.lines = [_at(v, offset, file, flat) for v in item.lines]
            stack.extend(item)


def _at(line: int, offset: int, file: str, flat: bool) -> int:
    if flat:
        return 0
    return SourceLine(line + offset, file) if file else line + offset
