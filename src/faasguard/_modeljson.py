"""The ``Workload`` model as JSON-ready data (for golden tests and debugging).

Unknown values become ``{"unknown": reason}``, computed strings
``{"derived": text, "origin": ..., "refs": [...]}`` and dynamic references
``{"dynamic_ref": text}``, so a golden file shows what the loader decided.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from faasguard.model import Derived, DynamicRef, ExternalRef, Location, Unknown

__all__ = ["to_jsonable"]


def to_jsonable(value: Any, source: str = "") -> Any:
    """A JSON-serialisable view of a model value.

    Locations are lines; one in another file than ``source`` (a Terraform
    configuration spans files) is ``"file:line"`` with the file's name.
    """
    if isinstance(value, ExternalRef):
        return {"unknown": value.reason, "source": value.source, "key": value.key}
    if isinstance(value, Unknown):
        return {"unknown": value.reason}
    if isinstance(value, Derived):
        return {"derived": str(value), "origin": value.origin, "refs": sorted(value.refs)}
    if isinstance(value, DynamicRef):
        return {"dynamic_ref": str(value)}
    if isinstance(value, Location):
        if source and value.file != source:
            return f"{value.file.removeprefix(source).lstrip('/')}:{value.line}"
        return value.line
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            # field_lines are noise; `declared` is suppression bookkeeping (tests/test_suppress.py)
            if item in (None, (), {}, "") or f.name in ("field_lines", "declared"):
                continue
            out[f.name] = to_jsonable(item, source)
        return out
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, source) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v, source) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value if type(value) in (str, int, float, bool) or value is None else str(value)
    return repr(value)
