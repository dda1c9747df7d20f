"""FG-AC-004: ``Allow`` with ``NotAction`` or ``NotResource`` in a function role."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import function_roles, line_of, role_statements
from faasguard.model import Statement, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._roles import owner, users

_WHAT = {
    "NotAction": "every action except",
    "NotResource": "the actions on every resource except",
}


def _listed(values: tuple[str | Unknown, ...]) -> str:
    return ",".join(v if isinstance(v, str) else "<unknown>" for v in values)


def _excludes_all(values: tuple[str | Unknown, ...], every: tuple[str, ...]) -> bool:
    return any(isinstance(v, str) and v.strip() in every for v in values)


def _inert(stmt: Statement) -> bool:
    """``NotAction: "*"`` or ``NotResource: "*"`` leaves nothing to allow."""
    return _excludes_all(stmt.not_actions, ("*", "*:*")) or _excludes_all(stmt.not_resources, ("*",))


@rule("FG-AC-004", Layer.ACCESS, Severity.HIGH, rows=("AC2",))
def not_action(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role uses Allow with NotAction or NotResource.

    Why: ``Allow`` + ``NotAction`` grants every action of every service except
    the few listed - including services and actions AWS adds later;
    ``Allow`` + ``NotResource`` grants the actions on every resource but a few.
    Both are far broader than they read.  With ``Deny`` they are useful guard
    rails and are not reported.
    Fix: rewrite the statement as an ``Allow`` of the actions and resources the
    function needs; keep exclusions as a separate ``Deny`` if you need them.
    CloudFormation: replace ``NotAction``/``NotResource`` in the ``Allow`` statement
    with ``Action``/``Resource`` lists.
    """
    for role, fns in function_roles(workload):
        resource, rtype = owner(role, fns)
        for policy, stmt in role_statements(role):
            if _inert(stmt):
                continue  # allows no action, or on no resource
            for key, values in (("NotAction", stmt.not_actions), ("NotResource", stmt.not_resources)):
                if not values:
                    continue
                where = line_of(stmt, key)
                if isinstance(stmt.effect, Unknown):
                    yield Undecided(resource, where, f"effect of a {key} statement: {stmt.effect.reason}")
                    continue
                if not stmt.allows:
                    continue
                listed = _listed(values)
                message = f"policy {policy.name} of {users(fns)} allows {_WHAT[key]} {listed} ({key})"
                yield Hit(resource, rtype, where, message, detail=f"{key}:{listed}")
