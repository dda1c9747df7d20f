"""FG-AC-010: privilege-escalation path from a function's role."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from faasguard.iam import (
    Escalation,
    escalations,
    function_roles,
    managed_policy_source,
    role_statements,
    unknown_managed_policies,
    unresolved_policies,
)
from faasguard.model import Location, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._escalation import escalation_at, listed, step_text, unknown_at
from faasguard.rules.access._roles import owner, users


def _listed(found: Sequence[Escalation]) -> str:
    """``iam:Put*Policy, sts:AssumeRole, ... and 9 more``."""
    return listed([e.path.name for e in found])


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
    functions.  A step counts only on resources it can act on (the IAM
    catalogue's ARN formats): ``Action: "*"`` on a bucket grants no IAM
    action, ``iam:*`` on a role ARN no user or group action, and a policy
    written on another, named role does not raise the function's own.  One
    finding per role names the first path and lists the others.
    Fix: remove the IAM write actions from the function's role; scope
    ``iam:PassRole`` to the one role the function must pass, with an
    ``iam:PassedToService`` condition; deployment belongs in the pipeline,
    not in a function.
    CloudFormation: list only the needed actions in the role's policies and
    set a ``PermissionsBoundary`` on roles that must manage IAM.
    Terraform: list only the needed actions in the role's policies, scope
    ``iam:PassRole`` with ``resources = [aws_iam_role.worker.arn]`` and an
    ``iam:PassedToService`` ``condition``, and set ``permissions_boundary`` on roles
    that must manage IAM.
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
        complete: list[Escalation] = []
        pending: list[tuple[Location, Escalation]] = []  # a step only possibly granted
        for found in escalations(statements, role):
            if found.unknown is not None:
                spot = unknown_at(statements, found.unknown)
                if spot is None and found.unknown is role.name:  # its own name decides a role-policy step
                    spot = role.location.at(role.field_lines.get("RoleName"))
                pending.append((spot or escalation_at(found, role), found))
            else:
                complete.append(found)
        if complete and role.permissions_boundary is None:
            first = complete[0]
            chain = " + ".join(step_text(s.action, s.policy, s.statement) for s in first.steps)
            more = f"; other paths: {_listed(complete[1:])}" if len(complete) > 1 else ""
            count = f"{len(complete)} escalation path{'s' if len(complete) > 1 else ''}"
            message = f"{users(fns)} can escalate privileges ({count}): {first.path.effect} ({chain}){more}"
            yield Hit(resource, rtype, escalation_at(first, role), message, detail="escalation")
            continue  # the role fails already; paths left open by unknown values add nothing
        if complete:
            yield Undecided(
                resource,
                escalation_at(complete[0], role),
                f"{_listed(complete)} may be capped by the permissions boundary, not evaluated",
            )
        if pending:
            at, first = pending[0]
            others = {id(e.unknown) for _, e in pending if e.unknown is not first.unknown}
            plural = "s" if len(others) > 1 else ""
            also = f" (and {len(others)} more unknown value{plural})" if others else ""
            reason = first.unknown.reason if first.unknown is not None else ""
            yield Undecided(resource, at, f"{_listed([e for _, e in pending])}: {reason}{also}")
