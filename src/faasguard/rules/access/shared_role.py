"""FG-AC-003: one execution role shared by several functions."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import function_role
from faasguard.model import Derived, ExternalRef, Function, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule


def _role_key(workload: Workload, fn: Function) -> str | Unknown | None:
    """What identifies ``fn``'s role: a role of the workload, one parameter, or an ARN text."""
    role = function_role(workload, fn)
    if role is not None:
        return role.id
    value = fn.role
    if (
        isinstance(value, ExternalRef)
        and value.source in ("parameter", "import", "ssm", "variable", "data")
        and value.key
    ):
        return f"{value.source}:{value.key}"  # the same parameter, export, variable or data source
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, Derived) and value.origin.startswith("parameter:"):
        return value.origin  # the same parameter is the same role, whatever its value
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _named(key: str) -> str:
    source, _, name = key.partition(":")
    if source == "parameter":
        return f"the role from parameter {name}"
    if source == "import":
        return f"the role imported from export {name}"
    if source == "ssm":
        return f"the role read from SSM parameter {name}"
    return f"its role {key}"


@rule("FG-AC-003", Layer.ACCESS, Severity.MEDIUM, rows=("AC1",))
def shared_role(workload: Workload) -> Iterator[Hit | Undecided]:
    """Execution role shared by several functions.

    Why: a shared role holds the union of every function's permissions, so
    each function can do what any of them may; least privilege per function
    is impossible, and containing one compromised function means cutting off
    all of them.
    Fix: give each function its own role with only the permissions it needs.
    SAM: drop ``Role`` and list the function's own ``Policies``; SAM then creates
    one role per function.
    CloudFormation: declare one ``AWS::IAM::Role`` per function.
    Terraform: one ``aws_iam_role`` per function, e.g. ``for_each`` over the same
    map as the functions and ``role = aws_iam_role.fn[each.key].arn``.
    """
    keys: dict[str, list[Function]] = {}
    unknown: list[tuple[Function, Unknown]] = []
    for fn in workload.functions:
        key = _role_key(workload, fn)
        if isinstance(key, Unknown):
            unknown.append((fn, key))
        elif key is not None:
            keys.setdefault(key, []).append(fn)
    for key, fns in keys.items():
        if len(fns) < 2:
            continue
        for fn in fns:
            # a function under an undecided Condition may not exist alongside this one
            sure = [o.id for o in fns if o is not fn and (o.condition is None or o.condition == fn.condition)]
            maybe = [o.id for o in fns if o is not fn and o.id not in sure]
            if not sure:
                conditions = ", ".join(sorted({str(o.condition) for o in fns if o.id in maybe}))
                why = (
                    f"shares its role with {', '.join(maybe)} only under undecided conditions ({conditions})"
                )
                yield Undecided(fn.id, fn.line_of("Role"), why)
                continue
            message = f"function {fn.id} shares {_named(key)} with {', '.join(sure)}"
            yield Hit(fn.id, fn.resource_type, fn.line_of("Role"), message, detail=key)
    if len(workload.functions) > 1:
        for fn, reason in unknown:
            yield Undecided(fn.id, fn.line_of("Role"), f"role: {reason.reason}")
