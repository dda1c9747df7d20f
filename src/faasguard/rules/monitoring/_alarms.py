"""Which CloudWatch alarms of a workload watch which Lambda metrics.

An alarm reads one metric (``Namespace``/``MetricName``/``Dimensions``) or,
with metric math, several (``Metrics[].MetricStat.Metric``).  An alarm on an
``AWS/Lambda`` metric without dimensions watches the metric summed over every
function of the account and region, so it counts for all of them.  Every
answer is ``True``, ``False`` or :class:`~faasguard.model.Unknown`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from faasguard.model import Alarm, Derived, Function, Unknown

__all__ = ["LAMBDA_NAMESPACE", "any_true", "same_name", "watches", "watches_function"]

LAMBDA_NAMESPACE = "AWS/Lambda"
#: ``name:qualifier`` of a ``Resource`` dimension (the colon outside a ``${...}`` placeholder)
_QUALIFIER = re.compile(r":[^:{}]+$")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
#: SEARCH() reads metrics chosen at evaluation time: any of them may be the one we look for
_SEARCH = re.compile(r"\bSEARCH\s*\(", re.IGNORECASE)

Metric = tuple[Any, Any, Any]  # (namespace, metric name, dimensions)


def any_true(values: Iterable[bool | Unknown]) -> bool | Unknown:
    """True when one value is true, else the first unknown, else False."""
    unknown: Unknown | None = None
    for value in values:
        if value is True:
            return True
        if isinstance(value, Unknown) and unknown is None:
            unknown = value
    return unknown if unknown is not None else False


def _metrics(alarm: Alarm) -> Iterator[Metric]:
    if alarm.namespace is not None or alarm.metric is not None:
        yield alarm.namespace, alarm.metric, alarm.dimensions
    if isinstance(alarm.metrics, Unknown):
        why = Unknown(f"Metrics of alarm {alarm.id}: {alarm.metrics.reason}")
        yield why, why, why
    else:
        yield from alarm.metrics
    for expression in alarm.expressions:
        if isinstance(expression, Unknown) or (isinstance(expression, str) and _SEARCH.search(expression)):
            why = Unknown(f"alarm {alarm.id} selects its metrics with an expression")
            yield why, why, why


def _reads(alarm: Alarm, names: frozenset[str]) -> Iterator[tuple[bool | Unknown, Any]]:
    """``(reads it, dimensions)`` for each metric of ``alarm``: whether it is one of the AWS/Lambda
    metrics ``names`` (unknown when that cannot be told) and, when it is, its dimensions."""
    for namespace, metric, dims in _metrics(alarm):
        if isinstance(namespace, Unknown):
            yield Unknown(f"Namespace of alarm {alarm.id}: {namespace.reason}"), None
        elif not (isinstance(namespace, str) and namespace.strip() == LAMBDA_NAMESPACE):
            yield False, None
        elif isinstance(metric, Unknown):
            yield Unknown(f"MetricName of alarm {alarm.id}: {metric.reason}"), None
        else:
            yield isinstance(metric, str) and metric.strip() in names, dims


def watches(alarm: Alarm, names: frozenset[str]) -> bool | Unknown:
    """Whether ``alarm`` reads one of the AWS/Lambda metrics ``names`` (whatever its dimensions)."""
    return any_true(reads for reads, _ in _reads(alarm, names))


def same_name(text: str, name: str) -> bool | Unknown:
    """Whether two names are equal; ``${...}`` placeholders (a stack name, a region) stand for anything."""
    if text == name:
        return True
    holes = (_PLACEHOLDER.findall(text), _PLACEHOLDER.findall(name))
    if not holes[0] and not holes[1]:
        return False
    if holes[0] and holes[1]:
        # the same placeholders filled the same way cannot give two different names
        return False if sorted(holes[0]) == sorted(holes[1]) else Unknown(f"{text} may be {name}")
    pattern, literal = (name, text) if holes[1] else (text, name)
    regex = ".+".join(re.escape(part) for part in _PLACEHOLDER.split(pattern))
    return Unknown(f"{text} may be {name}") if re.fullmatch(regex, literal, re.DOTALL) else False


def _names(value: Any, fn: Function, qualified: bool) -> bool | Unknown:
    """Whether a ``FunctionName`` (or ``Resource`` when ``qualified``) dimension value is ``fn``."""
    if isinstance(value, Unknown):
        return Unknown(f"a dimension value is unknown: {value.reason}")
    if not isinstance(value, str):
        return Unknown(f"a dimension value is not a string: {value!r}")
    if isinstance(value, Derived) and value.refs:
        return fn.id in value.refs  # a reference to this function, or to another resource
    text = value.strip()
    if qualified:
        text = _QUALIFIER.sub("", text)
    name = fn.name
    if name is None:
        return False  # CloudFormation generates the name: only a reference can name it
    if isinstance(name, Unknown):
        return Unknown(f"FunctionName of {fn.id}: {name.reason}")
    if not isinstance(name, str):
        return Unknown(f"FunctionName of {fn.id} is not a string")
    return same_name(text, name.strip())


def _binds(dims: Any, fn: Function) -> bool | Unknown:
    """Whether a metric with dimensions ``dims`` is (or includes) ``fn``'s metric."""
    if isinstance(dims, Unknown):
        return Unknown(f"dimensions: {dims.reason}")
    if not dims:
        return True  # the metric over every function of the account
    results: list[bool | Unknown] = []
    for name, value in dims:
        if isinstance(name, Unknown):
            results.append(Unknown(f"a dimension name is unknown: {name.reason}"))
        elif name in ("FunctionName", "Resource"):
            results.append(_names(value, fn, name == "Resource"))
    if not results or any(r is False for r in results):
        return False  # no function dimension (a metric Lambda does not emit), or another function
    return next((r for r in results if isinstance(r, Unknown)), True)


def watches_function(alarm: Alarm, fn: Function, names: frozenset[str]) -> bool | Unknown:
    """Whether ``alarm`` reads one of the AWS/Lambda metrics ``names`` of function ``fn``."""
    return any_true(_binds(dims, fn) if reads is True else reads for reads, dims in _reads(alarm, names))
