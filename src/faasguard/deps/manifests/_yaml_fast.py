"""A fast reader for the plain YAML that pnpm and yarn write, with a way out for anything else.

PyYAML, even on libyaml, spends about a minute per 100 MB building Python
objects for every event and node: a 50,000-package ``pnpm-lock.yaml`` took
ten seconds.  Lockfile writers emit a small, regular subset of YAML: block
mappings indented by spaces, plain or quoted scalars on one line, one-line
flow mappings and sequences, and block sequences of scalars.  This reader
handles exactly that subset, line by line, and raises :class:`Unsupported`
on anything else (anchors, tags, block scalars, multi-line scalars,
documents, nested flows), so the caller falls back to the full parser and
the result never depends on which path was taken.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["Unsupported", "YMap", "load_simple_yaml"]

_NULLS = frozenset({"~", "null", "Null", "NULL"})
# Characters that start YAML syntax this reader does not handle.
_SPECIAL_START = frozenset("&*!|>%@`?")


class YMap(dict[str, Any]):
    """A mapping whose ``lines`` give the 1-based line of each key."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class Unsupported(Exception):
    """The text uses YAML beyond the lockfile subset; use the full parser."""


def _quoted(text: str) -> tuple[str, str]:
    """A quoted scalar at the start of ``text``: its value and what follows it."""
    if text[0] == "'":
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise Unsupported
            if text[end + 1 : end + 2] == "'":
                end += 2
                continue
            return text[1:end].replace("''", "'"), text[end + 1 :]
    end = 1
    while True:
        end = text.find('"', end)
        if end < 0:
            raise Unsupported
        if text[end - 1] == "\\" and not text[:end].endswith("\\\\"):
            end += 1
            continue
        try:
            value = json.loads(text[: end + 1])
        except ValueError:
            raise Unsupported from None
        return value, text[end + 1 :]


def _scalar(text: str) -> str | None:
    if not text:
        return None
    if text[0] in "'\"":
        value, rest = _quoted(text)
        if rest.strip():
            raise Unsupported
        return value
    if (
        text[0] in _SPECIAL_START
        or text[0] in "{[]},#"
        or text.startswith("- ")
        or text.endswith(":")
        or " #" in text
        or ": " in text
    ):
        raise Unsupported  # YAML would read these differently, or refuse them
    return None if text in _NULLS else text


def _flow_token(rest: str, stops: str) -> tuple[str | None, str]:
    """One scalar of a flow collection and the text after it."""
    rest = rest.lstrip()
    if rest[:1] in ("'", '"'):
        value, after = _quoted(rest)
        return value, after.lstrip()
    end = min((at for at in (rest.find(stop) for stop in stops) if at >= 0), default=len(rest))
    token = rest[:end].strip()
    if any(c in token for c in "{}[]'\"#&*!|>"):
        raise Unsupported  # nested collections and the like
    return (None if not token or token in _NULLS else token), rest[end:]


def _flow(text: str, line: int) -> Any:
    """A one-line flow mapping or sequence of scalars."""
    closing = "}" if text[0] == "{" else "]"
    if not text.endswith(closing):
        raise Unsupported
    rest = text[1:-1].strip()
    mapping = YMap(line) if closing == "}" else None
    items: list[Any] = []
    while rest:
        if mapping is None:
            item, rest = _flow_token(rest, ",")
            items.append(item)
        else:
            key, rest = _flow_token(rest, ":")
            if key is None or not rest.startswith(":"):
                raise Unsupported
            value, rest = _flow_token(rest[1:], ",")
            mapping[key] = value
            mapping.lines[key] = line
        if rest and not rest.startswith(","):
            raise Unsupported
        rest = rest[1:].strip()
    return items if mapping is None else mapping


def _value(text: str, line: int) -> Any:
    if text[:1] in "{[":
        return _flow(text, line)
    return _scalar(text)


def _split_key(content: str) -> tuple[str, str]:
    """``key: value`` into key and the text after the colon (``key:`` gives an empty rest)."""
    if content[0] in "'\"":
        key, rest = _quoted(content)
        if not rest.startswith(":"):
            raise Unsupported
        return key, rest[1:].strip()
    if content[0] in _SPECIAL_START or content[0] in "-{[#":
        raise Unsupported
    cut = content.find(": ")
    if cut < 0:
        if not content.endswith(":"):
            raise Unsupported
        return content[:-1], ""
    return content[:cut], content[cut + 2 :].strip()


def load_simple_yaml(text: str) -> Any:
    """The document as the full parser would return it; :class:`Unsupported` if outside the subset."""
    root: Any = None
    stack: list[tuple[int, Any]] = []  # (indent of the entries, container)
    pending: tuple[YMap, str, int] | None = None  # a key whose value starts on the next line
    for number, raw in enumerate(text.splitlines(), 1):
        content = raw.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        if content.startswith("\t") or raw.startswith(("---", "...")):
            raise Unsupported
        indent = len(raw) - len(content)
        content = content.rstrip()
        if pending is not None:
            parent, key, parent_indent = pending
            pending = None
            if indent > parent_indent:
                child: Any = [] if content.startswith("- ") or content == "-" else YMap(number)
                parent[key] = child
                stack.append((indent, child))
        while stack and stack[-1][0] > indent:
            stack.pop()
        if not stack:
            if root is not None or indent:
                raise Unsupported
            root = [] if content.startswith("- ") else YMap(number)
            stack.append((0, root))
        level, container = stack[-1]
        if level != indent:
            raise Unsupported
        if isinstance(container, list):
            if not content.startswith("- "):
                raise Unsupported
            item = content[2:].strip()
            if item[:1] not in ("", "{", "[") and ": " in item:
                raise Unsupported  # a mapping inside a sequence: not written by lockfile tools
            container.append(_value(item, number))
            continue
        key, rest = _split_key(content)
        container.lines[key] = number
        if rest:
            container[key] = _value(rest, number)
        else:
            container[key] = None
            pending = (container, key, indent)
    return root
