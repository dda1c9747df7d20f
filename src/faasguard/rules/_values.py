"""Small helpers rules use to read model values without guessing.

Template values arrive as ints, numeric strings, ``Derived`` strings or
``Unknown``; these helpers normalise them and keep unknown as unknown.
"""

from __future__ import annotations

from typing import Any

from faasguard.model import Unknown

__all__ = ["as_bool", "as_int", "text"]

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def as_int(value: Any) -> int | Unknown | None:
    """An integer from an int or numeric string; ``None`` when absent; else unknown."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return Unknown(f"expected a number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    return Unknown(f"not a number: {value!r}")


def as_bool(value: Any) -> bool | Unknown | None:
    """A boolean from a bool or a YAML/JSON-ish string; ``None`` when absent."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return Unknown(f"not a boolean: {value!r}")


def text(value: Any) -> str | Unknown | None:
    """A string value; ``None`` when absent; unknown for non-strings."""
    if value is None or isinstance(value, Unknown | str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return Unknown(f"not a string: {type(value).__name__}")
