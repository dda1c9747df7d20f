"""FG-AC-010: privilege-escalation path from a function's role."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from faasguard.iam import (
    AWS_MANAGED,
    escalations,
    function_roles,
    line_of,
    managed_policy_source,
    role_statements,
    unknown_managed_policies,
    unresolved_policies,
)
from faasguard.model import Location, Policy, Statement, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._roles import owner, users


def _unknown_at(statements: Sequence[tuple[Policy, Statement]], unknown: Unknown) -> Location | None:
    """The line holding ``unknown``: the Action/Resource... of the statement it was read from."""
    for _, stmt in statements:
        for key, items in (
            ("Action", stmt.actions),
            ("NotAction", stmt.not_actions),
            ("Resource", stmt.resources),
            ("NotResource", stmt.not_resources),
        ):
            if any(item is unknown for item in items):  # identity: equal reasons may sit elsewhere
                return line_of(stmt, key)
        if stmt.effect is unknown:
            return line_of(stmt, "Effect")
    return None


def _step(action: str, policy: Policy, stmt: Statement) -> str:
    line = line_of(stmt, "Action").line
    if policy.source == AWS_MANAGED:
        return f"{action} (AWS-managed {policy.name}, line {line})"
    return f"{action} (line {line})"


@rule("FG-AC-010", Layer.ACCESS, Severity.CRITICAL, rows=("AC9",))
def privilege_escalation(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role can escalate its own privileges.

    Why: some permissions let a principal grant itself more: write or attach
    a policy (``iam:PutRolePolicy``, ``iam:AttachRolePolicy``,
    ``iam:CreatePolicyVersion``), make a role trust it
    (``iam:UpdateAssumeRolePolicy``), or run new code under another role
    (``iam:PassRole`` with ``lambda:CreateFunction``, ``ec2:RunInstances``,
    ``cloudformation:CreateStack``).  Code running in the function - or an
    attacker who injects code into it - can then take over the account.
    Wildcards (``iam:*``, ``*``) and ``NotAction`` complete these paths too,
    and so do the AWS-managed policies attached to the role (their documents
    ship with faasguard): ``AWSLambda_FullAccess`` passes roles to new
    functions.
    Fix: remove the IAM write actions from the function's role; scope
    ``iam:PassRole`` to the one role the function must pass, with an
    ``iam:PassedToService`` condition; deployment belongs in the pipeline,
    not in a function.
    CloudFormation: list only the needed actions in the role's policies and
    set a ``PermissionsBoundary`` on roles that must manage IAM.
    """
    for role, fns in function_roles(workload):
        resource, rtype = owner(role, fns)
        for policy in unresolved_policies(role):
            reason = policy.statements.reason if isinstance(policy.statements, Unknown) else ""
            yield Undecided(resource, policy.location, f"policy {policy.name}: {reason}")
        for arn, at in unknown_managed_policies(role):
            source = managed_policy_source().get("source", "the offline copy")
            yield Undecided(
                resource, at, f"AWS-managed policy {arn}: its document is not in {source}, not evaluated"
            )
        statements = tuple(role_statements(role))  # AWS-managed policies included
        pending: dict[Location, tuple[str, list[str]]] = {}  # one item per unknown value, not per path
        for found in escalations(statements):
            first = found.steps[0] if found.steps else None
            where = line_of(first.statement, "Action") if first else role.location
            chain = " + ".join(_step(s.action, s.policy, s.statement) for s in found.steps)
            if found.unknown is not None:
                at = _unknown_at(statements, found.unknown) or where
                pending.setdefault(at, (found.unknown.reason, []))[1].append(found.path.name)
                continue
            if role.permissions_boundary is not None:
                reason = (
                    f"{found.path.name} ({chain}) may be capped by the permissions boundary, not evaluated"
                )
                yield Undecided(resource, where, reason)
                continue
            message = f"{users(fns)} can {found.path.effect}: {chain}"
            yield Hit(resource, rtype, where, message, detail=found.path.name)
        for at, (reason, paths) in pending.items():
            yield Undecided(resource, at, f"{', '.join(paths)}: {reason}")
