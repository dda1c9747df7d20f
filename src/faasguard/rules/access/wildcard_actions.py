"""FG-AC-001: wildcard actions in a function role's policy."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import (
    at_level,
    expand,
    function_roles,
    is_full_wildcard_action,
    line_of,
    role_statements,
    unresolved_policies,
)
from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._roles import owner, users


def _scope(action: str) -> str:
    service = action.partition(":")[0]
    text = (
        "every action of every service"
        if action.strip() == "*" or service == "*"
        else f"every {service} action"
    )
    known = expand(action)
    if not known:
        return text  # a service newer than the catalogue, or a typo
    admin = len(at_level(known, "Permissions management"))
    return f"{text}: {len(known):,} today, {admin:,} of them permissions management"


@rule("FG-AC-001", Layer.ACCESS, Severity.HIGH, rows=("AC2",))
def wildcard_actions(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role allows a wildcard action ("*" or "service:*").

    Why: ``Action: "*"`` or ``"s3:*"`` hands the function every current and
    future action of the service, including the administrative ones (policy,
    encryption and deletion settings); a bug or injected code in the function
    can then do far more than the function needs.  ``Deny`` statements with
    wildcards are guard rails and are not reported.  AWS-managed policies
    (``AmazonS3FullAccess``...) are FG-AC-008's, not reported here.
    Fix: list the actions the function calls (``s3:GetObject``, ``s3:PutObject``...)
    instead of the service wildcard.
    SAM: prefer policy templates (``S3ReadPolicy``, ``DynamoDBCrudPolicy``) to
    hand-written statements.
    CloudFormation: replace ``"service:*"`` in the role's ``PolicyDocument`` with
    the individual actions.
    Terraform: list the actions in ``actions = [...]`` of the
    ``aws_iam_policy_document`` statement (or ``Action`` in the ``jsonencode``
    policy) instead of ``"s3:*"``.
    """
    for role, fns in function_roles(workload):
        resource, rtype = owner(role, fns)
        for policy in unresolved_policies(role):
            reason = policy.statements.reason if isinstance(policy.statements, Unknown) else ""
            yield Undecided(resource, policy.location, f"policy {policy.name}: {reason}")
        for policy, stmt in role_statements(role, aws_managed=False):  # those are FG-AC-008's
            where = line_of(stmt, "Action")
            wild = [a for a in stmt.actions if isinstance(a, str) and is_full_wildcard_action(a)]
            if isinstance(stmt.effect, Unknown):
                if wild:
                    yield Undecided(
                        resource, where, f"effect of a statement with {wild[0]}: {stmt.effect.reason}"
                    )
                continue
            if not stmt.allows:
                continue
            for action in wild:
                message = f"policy {policy.name} of {users(fns)} allows {action} ({_scope(action)})"
                yield Hit(resource, rtype, where, message, detail=action)
            unknown = next((a for a in stmt.actions if isinstance(a, Unknown)), None)
            if unknown is not None:
                yield Undecided(resource, where, f"action in policy {policy.name}: {unknown.reason}")
