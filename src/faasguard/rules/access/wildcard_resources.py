"""FG-AC-002: ``Resource: "*"`` on actions that can be scoped to resources."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import (
    catalogue_source,
    function_roles,
    granted_actions,
    line_of,
    role_statements,
    scopable_actions,
    scopes_resource,
    unresolved_policies,
)
from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._roles import owner, users


def _named(pattern: str, scopable: frozenset[str]) -> str:
    """``s3:Get*`` -> ``s3:Get* (12 resource-scopable actions, e.g. s3:GetObject)``; plain names stay."""
    if "*" not in pattern and "?" not in pattern:
        return pattern
    example = min(scopable)
    count = len(scopable)
    return f"{pattern} ({count} resource-scopable action{'s' if count > 1 else ''}, e.g. {example})"


@rule("FG-AC-002", Layer.ACCESS, Severity.MEDIUM, rows=("AC2",))
def wildcard_resources(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role grants resource-scoped actions on Resource "*".

    Why: ``Resource: "*"`` lets the function act on every bucket, table,
    queue or key of that type in the account, not only its own; one
    compromised function then reaches every other workload's data.  Each
    action is looked up in the IAM action catalogue: actions AWS only accepts
    on ``"*"`` (``xray:PutTraceSegments``, ``cloudwatch:PutMetricData``,
    ``s3:ListAllMyBuckets``...) and a few documented exceptions
    (``ec2:Describe*``, the network-interface actions of VPC functions) are not
    reported, and a wildcard such as ``s3:List*`` counts only for its actions
    that accept a resource ARN.  Also not reported: statements whose
    conditions limit the resources (``aws:ResourceTag/...``,
    ``aws:ResourceAccount``, ``kms:ViaService``), actions an unconditional
    ``Deny`` removes, and AWS-managed policies (FG-AC-008).  An action the
    catalogue does not know (a typo, a service newer than the catalogue) is
    reported as not assessed.
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
        statements = tuple(stmt for _, stmt in role_statements(role, aws_managed=False))
        for policy, stmt in role_statements(role, aws_managed=False):  # AWS-managed: FG-AC-008
            if not stmt.actions or (not stmt.allows and not isinstance(stmt.effect, Unknown)):
                continue  # NotAction statements are FG-AC-004's; Deny is a guard rail
            star = any(isinstance(r, str) and r.strip() == "*" for r in stmt.resources)
            unknown_resource = next((r for r in stmt.resources if isinstance(r, Unknown)), None)
            if not star and unknown_resource is None:
                continue
            granted = granted_actions(stmt, statements)
            scoped: list[tuple[str, frozenset[str]]] = []
            uncatalogued: list[str] = []
            for action in stmt.actions:
                if isinstance(action, Unknown):
                    continue
                reach = scopable_actions(action)
                if reach is None:
                    uncatalogued.append(action)
                elif reach & granted.actions:
                    scoped.append((action, reach & granted.actions))
            unknown_action = next((a for a in stmt.actions if isinstance(a, Unknown)), None)
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
                elif uncatalogued:
                    source = catalogue_source().get("source", "the IAM catalogue")
                    yield Undecided(
                        resource,
                        line_of(stmt, "Action"),
                        f"{', '.join(uncatalogued)} in policy {policy.name}: not in the IAM action "
                        f"catalogue ({source}); cannot tell whether it accepts resource scoping",
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
            actions = ", ".join(_named(a, reach) for a, reach in scoped)
            message = f'policy {policy.name} of {users(fns)} allows {actions} on Resource "*"'
            detail = ",".join(sorted(a.lower() for a, _ in scoped))
            yield Hit(resource, rtype, where, message, detail=detail)
