"""FG-AC-004: ``Allow`` with ``NotAction`` or ``NotResource`` in a function role."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import at_level, function_roles, granted_actions, line_of, role_statements, services_among
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


def _reach(stmt: Statement, others: tuple[Statement, ...]) -> str:
    """What an ``Allow`` + ``NotAction`` grants, from the catalogue: ``": 19,000 actions..."``."""
    granted = granted_actions(stmt, others)
    if not granted.actions:
        return ""
    services = len(services_among(granted.actions))
    admin = len(at_level(granted.actions, "Permissions management"))
    later = " and every action AWS adds later" if granted.open_ended else ""
    return (
        f": {len(granted.actions):,} actions of {services} services today, "
        f"{admin:,} of them permissions management{later}"
    )


@rule("FG-AC-004", Layer.ACCESS, Severity.HIGH, rows=("AC2",))
def not_action(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role uses Allow with NotAction or NotResource.

    Why: ``Allow`` + ``NotAction`` grants every action of every service except
    the few listed - including services and actions AWS adds later;
    ``Allow`` + ``NotResource`` grants the actions on every resource but a few.
    Both are far broader than they read (the finding counts, from the IAM
    action catalogue, what the statement really grants).  With ``Deny`` they
    are useful guard rails and are not reported; AWS-managed policies that use
    them (``PowerUserAccess``) are FG-AC-008's.
    Fix: rewrite the statement as an ``Allow`` of the actions and resources the
    function needs; keep exclusions as a separate ``Deny`` if you need them.
    CloudFormation: replace ``NotAction``/``NotResource`` in the ``Allow`` statement
    with ``Action``/``Resource`` lists.
    Terraform: replace ``not_actions``/``not_resources`` in the allowing
    ``aws_iam_policy_document`` statement with ``actions``/``resources`` lists.
    """
    for role, fns in function_roles(workload):
        resource, rtype = owner(role, fns)
        statements = tuple(stmt for _, stmt in role_statements(role, aws_managed=False))
        for policy, stmt in role_statements(role, aws_managed=False):  # AWS-managed: FG-AC-008
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
                reach = _reach(stmt, statements) if key == "NotAction" else ""
                message = f"policy {policy.name} of {users(fns)} allows {_WHAT[key]} {listed} ({key}){reach}"
                yield Hit(resource, rtype, where, message, detail=f"{key}:{listed}")
