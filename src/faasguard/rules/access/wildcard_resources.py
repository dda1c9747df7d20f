"""FG-AC-002: ``Resource: "*"`` on actions that can be scoped to resources."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import (
    action_info,
    catalogue_source,
    function_roles,
    granted_actions,
    line_of,
    role_statements,
    scopable_actions,
    scopes_resource,
    unresolved_policies,
)
from faasguard.iam.resources import wide_types
from faasguard.model import Statement, Unknown, Workload
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


def _every(stmt: Statement, scoped: list[tuple[str, frozenset[str]]]) -> tuple[list[str], list[str], str]:
    """Type-wide ARNs (``arn:aws:s3:::*``, ``table/*``) of ``stmt`` and the scoped actions they cover.

    Returns (the patterns with their covered actions, the ARNs, "every s3 bucket and object").
    """
    arns: list[str] = []
    kinds: set[tuple[str, str]] = set()
    covered: dict[str, set[str]] = {}
    for resource in stmt.resources:
        if isinstance(resource, Unknown):
            continue
        wide = wide_types(resource)
        if not wide:
            continue
        services = {service for service, _ in wide}
        hit = False
        for pattern, reach in scoped:
            for action in reach:
                service = action.partition(":")[0]
                if service not in services:
                    continue
                info = action_info(action)
                types = {(service, t) for t in info.resource_types} & wide if info else set()
                if types:
                    covered.setdefault(pattern, set()).add(action)
                    kinds |= types
                    hit = True
        if hit:
            arns.append(resource)
    named = [_named(pattern, frozenset(actions)) for pattern, actions in covered.items()]
    by_service: dict[str, list[str]] = {}
    for service, rtype in sorted(kinds):
        by_service.setdefault(service, []).append(rtype)
    every = ", ".join(f"every {service} {' and '.join(types)}" for service, types in by_service.items())
    return named, arns, every


@rule("FG-AC-002", Layer.ACCESS, Severity.MEDIUM, rows=("AC2",))
def wildcard_resources(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role grants resource-scoped actions on Resource "*" (or every resource of a type).

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
    catalogue does not know (a typo such as ``sts:GetCallerIdentify``, a
    service newer than the catalogue) is not an IAM action we can judge: it
    is reported as not assessed ("unknown action"), never as resource-scoped.
    A wildcard ARN naming every resource of a type is the same grant as
    ``"*"`` for that type and is reported too: ``arn:aws:s3:::*`` (every
    bucket and object), ``arn:aws:s3:::*/*``, ``arn:aws:dynamodb:*:*:table/*``,
    SAM policy templates with ``BucketName: "*"`` or ``TableName: "*"``
    (decided with the catalogue's ARN formats); ``arn:aws:s3:::my-bucket/*``
    (the objects of one bucket) is not.
    Fix: name the resources: the ARN of the table, the bucket and its
    ``/*`` objects, the queue.  Keep the star-only actions in a statement of
    their own.
    SAM: policy templates (``DynamoDBCrudPolicy: {TableName: !Ref Table}``) scope
    the resource for you.
    CloudFormation: use ``!GetAtt Table.Arn`` / ``!Sub "${Bucket.Arn}/*"`` in ``Resource``.
    Terraform: ``resources = [aws_dynamodb_table.orders.arn, "${aws_s3_bucket.data.arn}/*"]``
    instead of ``["*"]``.
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
            some_wide = any(isinstance(r, str) and wide_types(r) for r in stmt.resources)
            if not star and unknown_resource is None and not some_wide:
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
            named: list[str] = []
            if not star and some_wide:
                named, arns, every = _every(stmt, scoped)
            source = catalogue_source().get("source", "the IAM catalogue")
            typo = (
                f"{', '.join(uncatalogued)} in policy {policy.name}: unknown action, not in the IAM "
                f"action catalogue ({source}); cannot tell whether it accepts resource scoping"
            )
            if not star and not named:
                if unknown_resource is not None and (scoped or unknown_action is not None):
                    yield Undecided(
                        resource, where, f"resource in policy {policy.name}: {unknown_resource.reason}"
                    )
                elif some_wide and uncatalogued:
                    yield Undecided(resource, line_of(stmt, "Action"), typo)
                continue
            if star and not scoped:
                if unknown_action is not None:
                    yield Undecided(
                        resource, where, f"action in policy {policy.name}: {unknown_action.reason}"
                    )
                elif uncatalogued:
                    yield Undecided(resource, line_of(stmt, "Action"), typo)
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
            if named:  # every resource of a type, named by a wildcard ARN
                message = (
                    f"policy {policy.name} of {users(fns)} allows {', '.join(named)} on {every} "
                    f"({', '.join(arns)})"
                )
                detail = ",".join(sorted(n.partition(" ")[0].lower() for n in named))
                yield Hit(resource, rtype, where, message, detail=detail)
                continue
            actions = ", ".join(_named(a, reach) for a, reach in scoped)
            message = f'policy {policy.name} of {users(fns)} allows {actions} on Resource "*"'
            detail = ",".join(sorted(a.lower() for a, _ in scoped))
            yield Hit(resource, rtype, where, message, detail=detail)
