"""FG-AC-002: ``Resource: "*"`` on actions that can be scoped to resources."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import (
    function_roles,
    line_of,
    requires_star_resource,
    role_statements,
    scopes_resource,
    unresolved_policies,
)
from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._roles import owner, users


@rule("FG-AC-002", Layer.ACCESS, Severity.MEDIUM, rows=("AC2",))
def wildcard_resources(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role grants resource-scoped actions on Resource "*".

    Why: ``Resource: "*"`` lets the function act on every bucket, table,
    queue or key of that type in the account, not only its own; one
    compromised function then reaches every other workload's data.  Actions
    AWS only accepts on ``"*"`` (``xray:PutTraceSegments``,
    ``cloudwatch:PutMetricData``, ``ec2:Describe*``, the ENI actions of VPC
    functions...) are not reported, nor statements whose conditions limit the
    resources (``aws:ResourceTag/...``, ``aws:ResourceAccount``, ``kms:ViaService``).
    Fix: name the resources: the ARN of the table, the bucket and its
    ``/*`` objects, the queue.  Keep the star-only actions in a statement of
    their own.
    SAM: policy templates (``DynamoDBCrudPolicy: {TableName: !Ref Table}``) scope
    the resource for you.
    CloudFormation: use ``!GetAtt Table.Arn`` / ``!Sub "${Bucket.Arn}/*"`` in ``Resource``.
    """
    for role, fns in function_roles(workload):
        resource, rtype = owner(role, fns)
        for policy in unresolved_policies(role):
            reason = policy.statements.reason if isinstance(policy.statements, Unknown) else ""
            yield Undecided(resource, policy.location, f"policy {policy.name}: {reason}")
        for policy, stmt in role_statements(role):
            if not stmt.actions or (not stmt.allows and not isinstance(stmt.effect, Unknown)):
                continue  # NotAction statements are FG-AC-004's; Deny is a guard rail
            scoped = [a for a in stmt.actions if isinstance(a, str) and not requires_star_resource(a)]
            unknown_action = next((a for a in stmt.actions if isinstance(a, Unknown)), None)
            star = any(isinstance(r, str) and r.strip() == "*" for r in stmt.resources)
            unknown_resource = next((r for r in stmt.resources if isinstance(r, Unknown)), None)
            where = line_of(stmt, "Resource")
            if not star:
                if unknown_resource is not None and (scoped or unknown_action is not None):
                    yield Undecided(
                        resource, where, f"resource in policy {policy.name}: {unknown_resource.reason}"
                    )
                continue
            if not scoped:
                if unknown_action is not None:
                    yield Undecided(
                        resource, where, f"action in policy {policy.name}: {unknown_action.reason}"
                    )
                continue
            if isinstance(stmt.effect, Unknown):
                yield Undecided(resource, where, f"effect in policy {policy.name}: {stmt.effect.reason}")
                continue
            limited = scopes_resource(stmt)
            if isinstance(limited, Unknown):
                yield Undecided(resource, where, f"condition in policy {policy.name}: {limited.reason}")
                continue
            if limited:
                continue
            actions = ", ".join(scoped)
            message = f'policy {policy.name} of {users(fns)} allows {actions} on Resource "*"'
            yield Hit(resource, rtype, where, message, detail=",".join(sorted(a.lower() for a in scoped)))
