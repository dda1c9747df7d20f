"""Whether an EventBridge event pattern matches a given event.

Implements the documented matching of EventBridge: every field of the
pattern must match, a field's list matches when one of its values does, and
content filters (``prefix``, ``suffix``, ``wildcard``, ``anything-but``,
``equals-ignore-case``, ``exists``) and ``$or`` are understood.  What cannot
be evaluated (numeric and CIDR filters, fields the event does not carry) is
:class:`~faasguard.model.Unknown`, never a match nor a miss.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from faasguard.model import Unknown
from faasguard.rules.monitoring._alarms import any_true

__all__ = ["matches", "pattern_of"]

_MISSING = object()


def pattern_of(value: Any) -> Mapping[str, Any] | Unknown | None:
    """An ``EventPattern`` as a mapping (CloudFormation also takes it as a JSON string)."""
    if value is None or isinstance(value, Unknown | Mapping):
        return value
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return Unknown("EventPattern is not valid JSON")
        return parsed if isinstance(parsed, Mapping) else Unknown("EventPattern is not an object")
    return Unknown(f"EventPattern is not an object: {type(value).__name__}")


def _all(values: list[bool | Unknown]) -> bool | Unknown:
    if any(v is False for v in values):
        return False
    return next((v for v in values if isinstance(v, Unknown)), True)


def _wildcard(pattern: str, text: str) -> bool:
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), text, re.DOTALL) is not None


def _filter(spec: Mapping[str, Any], value: Any) -> bool | Unknown:
    """One content filter (``{"prefix": ...}`` and the like) against ``value`` (``_MISSING`` if absent)."""
    if len(spec) != 1:
        return Unknown("a content filter with several keys")
    ((kind, arg),) = spec.items()
    if kind == "exists":
        return (value is not _MISSING) == (arg is True) if isinstance(arg, bool) else Unknown("exists filter")
    if value is _MISSING:
        return False
    if not isinstance(value, str) or isinstance(arg, Unknown):
        return Unknown(f"{kind} filter")
    if kind == "anything-but":
        inner = _values(arg if isinstance(arg, list) else [arg], value)
        return inner if isinstance(inner, Unknown) else not inner
    if isinstance(arg, Mapping) and kind in ("prefix", "suffix") and "equals-ignore-case" in arg:
        arg, value = arg["equals-ignore-case"], value.lower()
        arg = arg.lower() if isinstance(arg, str) else arg
    if not isinstance(arg, str):
        return Unknown(f"{kind} filter with {arg!r}")
    word: str = arg
    text: str = value
    if kind == "prefix":
        return text.startswith(word)
    if kind == "suffix":
        return text.endswith(word)
    if kind == "wildcard":
        return _wildcard(word, text)
    if kind == "equals-ignore-case":
        return text.lower() == word.lower()
    return Unknown(f"{kind} filter")


def _values(spec: Any, value: Any) -> bool | Unknown:
    """A pattern field (a list of values and filters) against the event's ``value``."""
    if isinstance(spec, Unknown):
        return Unknown(f"a pattern value is unknown: {spec.reason}")
    if not isinstance(spec, list):
        return Unknown(f"a pattern value is not a list: {spec!r}")
    found: list[bool | Unknown] = []
    for item in spec:
        if isinstance(item, Mapping):
            found.append(_filter(item, value))
        elif isinstance(item, Unknown):
            found.append(Unknown(f"a pattern value is unknown: {item.reason}"))
        elif value is not _MISSING:
            found.append(item == value)
    return any_true(found)


def matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool | Unknown:
    """Whether ``pattern`` matches ``event`` (a sketch of the event: the fields that matter)."""
    found: list[bool | Unknown] = []
    for key, spec in pattern.items():
        if key == "$or":
            alternatives = spec if isinstance(spec, list) else []
            found.append(
                any_true(
                    matches(p, event) if isinstance(p, Mapping) else Unknown("$or") for p in alternatives
                )
            )
            continue
        value = event.get(str(key), _MISSING)
        if isinstance(spec, Mapping):
            if isinstance(value, Mapping):
                found.append(matches(spec, value))
            else:  # a field the sketch does not carry may hold anything; a plain value never matches
                found.append(Unknown(f"the pattern also filters on {key}") if value is _MISSING else False)
        elif isinstance(value, Mapping):
            found.append(Unknown(f"the pattern compares {key} with a value"))
        elif value is _MISSING and not (
            isinstance(spec, list) and all(isinstance(i, Mapping) and "exists" in i for i in spec)
        ):
            found.append(Unknown(f"the pattern also filters on {key}"))
        else:
            found.append(_values(spec, value))
    return _all(found)
