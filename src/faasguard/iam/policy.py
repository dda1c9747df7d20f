"""The permission policies of a function's role, as (policy, statement) pairs.

Only what the workload itself declares is visible: inline policies, SAM
policy templates (already expanded by the loader) and customer-managed
policies attached in the template.  AWS-managed policies are known by ARN
only (``Role.managed_policy_arns``) until the action catalogue brings their
documents; a role outside the workload (an ARN) has no statements here.
"""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Derived, Function, Location, Policy, Role, Statement, Unknown, Workload

__all__ = [
    "function_role",
    "function_roles",
    "function_statements",
    "line_of",
    "role_statements",
    "unresolved_policies",
]


def function_role(workload: Workload, fn: Function) -> Role | None:
    """The workload's role that ``fn`` runs as, or ``None`` when it lives outside the workload.

    ``fn.role`` is normally the role's logical id; a computed ARN that refers
    to exactly one role of the workload (``!GetAtt Role.Arn``) names it too.
    """
    role = workload.role(fn.role)
    if role is None and isinstance(fn.role, Derived):
        found = [r for r in workload.roles if r.id in fn.role.refs]
        if len(found) == 1:
            role = found[0]
    return role


def function_roles(workload: Workload) -> tuple[tuple[Role, tuple[Function, ...]], ...]:
    """Each role used by a function of the workload, once, with the functions using it."""
    users: dict[str, list[Function]] = {}
    roles: dict[str, Role] = {}
    for fn in workload.functions:
        role = function_role(workload, fn)
        if role is None:
            continue
        roles.setdefault(role.id, role)
        users.setdefault(role.id, []).append(fn)
    return tuple((roles[rid], tuple(fns)) for rid, fns in users.items())


def role_statements(role: Role) -> Iterator[tuple[Policy, Statement]]:
    """Every known statement of the role's permission policies (the trust policy excluded)."""
    for policy in role.policies:
        if isinstance(policy.statements, Unknown):
            continue
        for stmt in policy.statements:
            yield policy, stmt


def function_statements(workload: Workload, fn: Function) -> Iterator[tuple[Policy, Statement]]:
    """Every known statement of the permission policies of ``fn``'s role."""
    role = function_role(workload, fn)
    if role is not None:
        yield from role_statements(role)


def unresolved_policies(role: Role) -> tuple[Policy, ...]:
    """Policies of ``role`` whose statements the loader could not resolve."""
    return tuple(p for p in role.policies if isinstance(p.statements, Unknown))


def line_of(stmt: Statement, key: str) -> Location:
    """Location of ``key`` (``Action``, ``Resource``...) in ``stmt`` (the statement when absent)."""
    return stmt.location.at(stmt.field_lines.get(key))
