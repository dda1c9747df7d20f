"""Values of the Terraform evaluator.

Known values are plain Python values; objects and tuples are
:class:`~faasguard.loaders._nodes.LDict`/``LList`` whose lines are
:class:`~faasguard.model.SourceLine` (they know their file).  Anything the
evaluator cannot decide is an :class:`~faasguard.model.Unknown`.  A value
only known after apply (a resource's ARN or id) is the CloudFormation
intrinsic that means the same (``{"Ref": id}``, ``{"Fn::GetAtt": [id,
"Arn"]}``), so the shared template loader links resources exactly as it
does for a template.
"""

from __future__ import annotations

import json
from typing import Any, Self

from faasguard.loaders._nodes import LDict, LList
from faasguard.model import SourceLine, Unknown

__all__ = [
    "ArchivePath",
    "BlockBody",
    "Blocks",
    "EvalError",
    "JsonDoc",
    "LStr",
    "intrinsic",
    "is_intrinsic",
    "plain",
    "to_text",
]


class EvalError(Exception):
    """An expression Terraform itself would reject (caught by ``try``/``can``)."""


class BlockBody(LDict):
    """The evaluated body of a block (its keys are argument names, not user data)."""

    __slots__ = ()


class Blocks(LList):
    """The nested blocks of one type inside a body, in order."""

    __slots__ = ()


class LStr(str):
    """A string that remembers where its text starts (for JSON documents written as strings)."""

    __slots__ = ("line",)
    line: SourceLine

    def __new__(cls, text: str, line: SourceLine) -> Self:
        obj = super().__new__(cls, text)
        obj.line = line
        return obj


class ArchivePath(LStr):
    """``data.archive_file.x.output_path``: the archive's path, knowing what it is built from."""

    __slots__ = ("source",)
    source: str

    def __new__(cls, text: str, line: SourceLine, source: str) -> Self:
        obj = super().__new__(cls, text, line)
        obj.source = source
        return obj


class JsonDoc:
    """The result of ``jsonencode``: kept as a value so policies keep their lines."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsonDoc) and other.value == self.value

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"JsonDoc({self.value!r})"


def intrinsic(name: str, arg: Any, line: int) -> LDict:
    """A CloudFormation intrinsic function node."""
    out = LDict({name: arg}, line=line)
    out.lines[name] = line
    return out


def is_intrinsic(value: Any) -> bool:
    """True for ``{"Ref": ...}`` / ``{"Fn::...": ...}`` nodes."""
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        return isinstance(key, str) and (key == "Ref" or key.startswith("Fn::"))
    return False


def plain(value: Any) -> Any:
    """``value`` as JSON-able data, or :class:`Unknown` when any part is not known now."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, JsonDoc):
        return plain(value.value)
    if is_intrinsic(value):
        return Unknown("a value known only after apply")
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            item = plain(v)
            if isinstance(item, Unknown):
                return item
            out[str(k)] = item
        return out
    if isinstance(value, list | tuple):
        items = []
        for v in value:
            item = plain(v)
            if isinstance(item, Unknown):
                return item
            items.append(item)
        return items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return Unknown(f"a {type(value).__name__} value")


def to_text(value: Any) -> Any:
    """A primitive as Terraform turns it into a string; ``Unknown``/intrinsics are returned as is."""
    if isinstance(value, Unknown) or is_intrinsic(value):
        return value
    if isinstance(value, JsonDoc):
        data = plain(value.value)
        if isinstance(data, Unknown):
            return data
        return json.dumps(data, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, str):
        return value
    if value is None:
        raise EvalError("null value in a string")
    raise EvalError(f"cannot use a {_type_name(value)} value as a string")


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "tuple"
    return type(value).__name__


def new_dict(line: int) -> LDict:
    """An empty object node."""
    return LDict(line=line)


def new_list(line: int) -> LList:
    """An empty tuple node."""
    return LList(line=line)
