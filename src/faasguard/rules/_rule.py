"""The ``Rule`` value and the ``@rule`` decorator.

A rule is a pure function from a :class:`~faasguard.model.Workload` to the
:class:`Hit` and :class:`Undecided` items it sees.  The decorator wraps the
function and its metadata into a :class:`Rule` value; nothing is registered
by import side effect - :func:`faasguard.rules.catalogue` collects them.

The function's docstring carries the rule's documentation: a first line
(the title), then ``Why:`` and ``Fix:`` paragraphs.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from faasguard.model import Location, Workload
from faasguard.result import Layer, Severity

__all__ = ["Hit", "Rule", "RuleFn", "Undecided", "rule"]


@dataclass(frozen=True, slots=True)
class Hit:
    """A violation seen by a rule; the engine adds the rule's metadata."""

    resource: str
    resource_type: str
    location: Location
    message: str
    detail: str = ""
    severity: Severity | None = None  # this finding's own severity (an advisory's), else the rule's


@dataclass(frozen=True, slots=True)
class Undecided:
    """The rule could not decide for ``resource`` because a value is unknown."""

    resource: str
    location: Location
    reason: str


RuleFn = Callable[[Workload], Iterable[Hit | Undecided]]

_ID = re.compile(r"^FG-(AC|DP|MON|DEP|RT)-\d{3}$")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its check function and the metadata its docs are made from."""

    id: str
    layer: Layer
    severity: Severity
    title: str
    why: str
    fix: str
    rows: tuple[str, ...]
    check: RuleFn = field(repr=False, compare=False)
    references: tuple[str, ...] = ()
    remediation: tuple[tuple[str, str], ...] = ()  # (source format, how) pairs


def _sections(doc: str) -> tuple[str, dict[str, str]]:
    """Split a docstring into its first line and its ``Name:`` paragraphs."""
    text = inspect.cleandoc(doc)
    title, _, rest = text.partition("\n")
    parts: dict[str, str] = {}
    current = ""
    for line in rest.splitlines():
        head = re.match(r"^(Why|Fix|SAM|CloudFormation|Serverless|Terraform):\s*(.*)$", line)
        if head:
            current = head.group(1)
            parts[current] = head.group(2)
        elif current:
            parts[current] = (parts[current] + " " + line.strip()).strip()
    return title.strip().rstrip("."), parts


def rule(
    id: str,
    layer: Layer,
    severity: Severity,
    rows: tuple[str, ...],
    references: tuple[str, ...] = (),
) -> Callable[[RuleFn], Rule]:
    """Turn a check function into a :class:`Rule`; its docstring is the rule's docs."""
    if not _ID.match(id):
        raise ValueError(f"bad rule id {id!r}")
    if id.split("-")[1] != layer.prefix:
        raise ValueError(f"rule id {id} does not match layer {layer}")

    def wrap(fn: RuleFn) -> Rule:
        title, parts = _sections(fn.__doc__ or "")
        if "Why" not in parts or "Fix" not in parts:
            raise ValueError(f"rule {id} needs Why: and Fix: in its docstring")
        remediation = tuple(
            (fmt, parts[fmt].replace("``", "`"))
            for fmt in ("SAM", "CloudFormation", "Serverless", "Terraform")
            if fmt in parts
        )
        return Rule(
            id=id,
            layer=layer,
            severity=severity,
            title=title,
            why=parts["Why"].replace("``", "`"),
            fix=parts["Fix"].replace("``", "`"),
            rows=rows,
            check=fn,
            references=references,
            remediation=remediation,
        )

    return wrap
