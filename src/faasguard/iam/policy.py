"""The permission policies of a function's role, as (policy, statement) pairs.

What the workload declares is visible: inline policies, SAM policy templates
(already expanded by the loader) and customer-managed policies attached in
the template.  AWS-managed policies attached by ARN (``Role.managed_policy_arns``)
are added from the offline copy of their documents (:mod:`faasguard.iam.catalog`)
as policies with ``source="aws-managed"``, located at the line that attaches
them.  A role outside the workload (an ARN) has no statements here.

Which rule reports what about AWS-managed policies: FG-AC-008 owns their
breadth (``AmazonS3FullAccess`` is one finding there, not also an FG-AC-001
wildcard and an FG-AC-002 ``Resource: "*"``), so FG-AC-001/002/004 skip
``aws-managed`` statements; FG-AC-010 weighs them, because an escalation
path is about what the role can do, wherever the permission comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from faasguard.iam.catalog import managed_policy, managed_policy_key
from faasguard.model import (
    Derived,
    Function,
    Location,
    Policy,
    Role,
    Statement,
    Unknown,
    Workload,
)

__all__ = [
    "function_role",
    "function_roles",
    "function_statements",
    "line_of",
    "managed_policies",
    "role_statements",
    "unknown_managed_policies",
    "unresolved_policies",
]

AWS_MANAGED = "aws-managed"


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


@lru_cache(maxsize=1024)
def _aws_managed(arn: str, where: Location) -> Policy | None:
    from faasguard.loaders._policy import parse_policy  # the one policy parser, for every source

    found = managed_policy(arn)
    if found is None:
        return None
    return parse_policy(found.document, found.name, where, AWS_MANAGED, arn)


def managed_policies(role: Role) -> tuple[Policy, ...]:
    """The AWS-managed policies attached to ``role`` whose documents we ship, at their attaching line.

    Their statements carry that line too (``line_of`` answers it for every
    key), so a finding points at the ``ManagedPolicyArns`` entry to change.
    """
    out: list[Policy] = []
    for arn, where in role.managed_policy_arns:
        if isinstance(arn, str) and not isinstance(arn, Unknown):
            policy = _aws_managed(str(arn), where)
            if policy is not None:
                out.append(policy)
    return tuple(out)


def unknown_managed_policies(role: Role) -> tuple[tuple[str, Location], ...]:
    """AWS-managed policy ARNs of ``role`` we have no document for (newer than the data, or a typo)."""
    return tuple(
        (str(arn), where)
        for arn, where in role.managed_policy_arns
        if isinstance(arn, str)
        and managed_policy_key(arn) is not None
        and _aws_managed(str(arn), where) is None
    )


def role_statements(role: Role, aws_managed: bool = True) -> Iterator[tuple[Policy, Statement]]:
    """Every known statement of the role's permission policies (the trust policy excluded).

    With ``aws_managed`` (the default) the statements of the AWS-managed
    policies attached by ARN follow the role's own, their policy marked
    ``source == "aws-managed"``.  Customer-managed ARNs and unresolved ARNs
    add nothing.
    """
    for policy in role.policies:
        if isinstance(policy.statements, Unknown):
            continue
        for stmt in policy.statements:
            yield policy, stmt
    if aws_managed and role.managed_policy_arns:
        for policy in managed_policies(role):
            if not isinstance(policy.statements, Unknown):
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
