"""JSON templates into :class:`LDict`/:class:`LList` trees that remember lines.

``json.loads`` cannot say where a key was, and the C scanner cannot be hooked,
so this is a small recursive-descent scanner in the shape of the stdlib's
pure-Python one.  Strings go through the C ``scanstring``, which does the
escape and control-character work, and numbers follow the stdlib grammar, so
the values are exactly what ``json.loads`` gives (``1e3`` is a float).
Differences on purpose: duplicate keys and ``NaN``/``Infinity`` are refused.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from json import JSONDecodeError
from typing import Any

from faasguard.errors import InputError
from faasguard.loaders._nodes import LDict, LList

try:
    from _json import scanstring as _scanstring
except ImportError:  # interpreters without the C accelerator
    from json.decoder import py_scanstring as _scanstring  # type: ignore[attr-defined,no-redef]

__all__ = ["parse_json"]

_WHITESPACE = re.compile(r"[ \t\n\r]*").match


def _skip(text: str, pos: int) -> int:
    """The position after the JSON whitespace at ``pos`` (the pattern always matches)."""
    match = _WHITESPACE(text, pos)
    return match.end() if match is not None else pos


_number = re.compile(r"(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?").match
_NEWLINE = re.compile("\n")


def _scanner(
    text: str, file: str, problems: list[tuple[int, str]] | None
) -> Callable[[int], tuple[Any, int]]:
    newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def line_at(pos: int) -> int:
        return bisect_left(newlines, pos) + 1

    def value(idx: int) -> tuple[Any, int]:
        char = text[idx : idx + 1]
        if char == '"':
            return _scanstring(text, idx + 1, True)
        if char == "{":
            return mapping(idx)
        if char == "[":
            return sequence(idx)
        if char == "n" and text.startswith("null", idx):
            return None, idx + 4
        if char == "t" and text.startswith("true", idx):
            return True, idx + 4
        if char == "f" and text.startswith("false", idx):
            return False, idx + 5
        match = _number(text, idx)
        if match is not None:
            integer, fraction, exponent = match.groups()
            if fraction or exponent:
                return float(match.group()), match.end()
            try:
                return int(integer), match.end()
            except ValueError:  # over the interpreter's int digit limit
                raise JSONDecodeError("number has too many digits", text, idx) from None
        if text.startswith(("NaN", "Infinity", "-Infinity"), idx):
            # json.loads accepts these, but CloudFormation does not and they cannot be written back as JSON.
            raise JSONDecodeError("NaN and Infinity are not valid JSON", text, idx)
        raise JSONDecodeError("Expecting value", text, idx)

    def mapping(start: int) -> tuple[LDict, int]:
        result = LDict(line=line_at(start))
        lines = result.lines
        end = _skip(text, start + 1)
        if text[end : end + 1] == "}":
            return result, end + 1
        while True:
            if text[end : end + 1] != '"':
                raise JSONDecodeError("Expecting property name enclosed in double quotes", text, end)
            line = line_at(end)
            key, end = _scanstring(text, end + 1, True)
            if key in lines:
                message = f"duplicate key {key!r} (first at line {lines[key]}); the last value is used"
                if problems is None:
                    raise InputError(file, message, line)
                problems.append((line, message))
            end = _skip(text, end)
            if text[end : end + 1] != ":":
                raise JSONDecodeError("Expecting ':' delimiter", text, end)
            item, end = value(_skip(text, end + 1))
            result[key] = item
            lines[key] = line
            end = _skip(text, end)
            char = text[end : end + 1]
            if char == "}":
                return result, end + 1
            if char != ",":
                raise JSONDecodeError("Expecting ',' delimiter", text, end)
            end = _skip(text, end + 1)

    def sequence(start: int) -> tuple[LList, int]:
        result = LList(line=line_at(start))
        lines = result.lines
        end = _skip(text, start + 1)
        if text[end : end + 1] == "]":
            return result, end + 1
        while True:
            lines.append(line_at(end))
            item, end = value(end)
            result.append(item)
            end = _skip(text, end)
            char = text[end : end + 1]
            if char == "]":
                return result, end + 1
            if char != ",":
                raise JSONDecodeError("Expecting ',' delimiter", text, end)
            end = _skip(text, end + 1)

    return value


def parse_json(text: str, file: str, problems: list[tuple[int, str]] | None = None) -> Any:
    """The JSON document in ``text`` as an :class:`LDict`/:class:`LList` tree.

    ``file`` names the source in errors.  Values are what ``json.loads``
    returns; every mapping and sequence also carries the line of each key and
    item.  Syntax errors, duplicate keys, ``NaN``/``Infinity`` and nesting
    deeper than the interpreter's recursion limit allows (a few hundred
    levels) raise :class:`InputError` with a one-line message and the line.  With a
    ``problems`` list, duplicate keys are appended to it as ``(line, message)``
    instead (the last value wins) and the document is still returned.
    """
    # A byte order mark is not JSON whitespace; read_text drops it, direct callers may not have.
    text = text.removeprefix("\ufeff")
    value = _scanner(text, file, problems)
    try:
        doc, end = value(_skip(text, 0))
        end = _skip(text, end)
        if end != len(text):
            raise JSONDecodeError("Extra data", text, end)
    except JSONDecodeError as exc:
        raise InputError(file, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise InputError(file, "nesting too deep") from None
    return doc
