"""FG-AC-009: function role trusted by more than the Lambda service."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import function_roles, grants, is_own_account, line_of, principal_account, service_name
from faasguard.model import Location, Principal, Statement, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._roles import owner, users

LAMBDA_SERVICES = frozenset({"lambda", "edgelambda"})
_ASSUME = ("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML")


def _assumes(stmt: Statement) -> bool | Unknown:
    unknown: Unknown | None = None
    for action in _ASSUME:
        verdict = grants(stmt, action)
        if verdict is True:
            return True
        if isinstance(verdict, Unknown) and unknown is None:  # never bool() an Unknown
            unknown = verdict
    return unknown if unknown is not None else False


def _extra(principal: Principal) -> tuple[str, str] | Unknown | None:
    """(principal, in words) when it is broader than the Lambda service; ``None`` when fine."""
    value = principal.value
    if principal.kind == "*":
        return "*", "everyone (*)"
    if isinstance(value, Unknown):
        return value
    text = value.strip()
    if principal.kind == "Service":
        return None if service_name(text) in LAMBDA_SERVICES else (text, f"the service {text}")
    if principal.kind != "AWS":
        return text, f"the {principal.kind} principal {text}"
    if text == "*":
        return "*", "every AWS account (*)"
    account = principal_account(text)
    if account is None:
        return Unknown(f"principal {text!r} is not a form faasguard can judge")
    own = is_own_account(account)
    if own is True:
        return None
    if isinstance(own, Unknown):
        return own
    return text, f"account {account}"


@rule("FG-AC-009", Layer.ACCESS, Severity.HIGH, rows=("AC1",))
def trust_policy(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function role can be assumed by more than the Lambda service.

    Why: a role a function runs as should be assumable by
    ``lambda.amazonaws.com`` (and ``edgelambda.amazonaws.com`` for
    Lambda@Edge) only.  Trusting ``"*"``, another account or another service
    lets those principals take the function's permissions without running
    the function at all.
    Fix: keep only the Lambda service principal in ``AssumeRolePolicyDocument``;
    give other services or accounts their own roles.
    CloudFormation: ``Principal: {Service: lambda.amazonaws.com}`` in the role's
    ``AssumeRolePolicyDocument``.
    Terraform: one ``principals`` block with ``type = "Service"`` and
    ``identifiers = ["lambda.amazonaws.com"]`` in the role's ``assume_role_policy``.
    """
    for role, fns in function_roles(workload):
        if role.trust is None:
            continue
        resource, rtype = owner(role, fns)
        statements = role.trust.statements
        if isinstance(statements, Unknown):
            yield Undecided(resource, role.trust.location, f"trust policy of {role.id}: {statements.reason}")
            continue
        for stmt in statements:
            if isinstance(stmt.effect, Unknown):  # point at the unknown Effect (else the statement)
                where = line_of(stmt, "Effect")
                yield Undecided(resource, where, f"effect of a trust statement: {stmt.effect.reason}")
                continue
            assumes = _assumes(stmt) if stmt.allows else False
            if assumes is False:
                continue
            principal_at = line_of(stmt, "Principal")
            found: list[tuple[tuple[str, str] | Unknown, Location]] = [
                (e, principal_at) for e in map(_extra, stmt.principals) if e is not None
            ]
            if stmt.not_principals:
                # IAM rejects NotPrincipal in a trust policy; if it ever got through, point at it.
                denied = ("NotPrincipal", "everyone but the listed (NotPrincipal)")
                found.insert(0, (denied, line_of(stmt, "NotPrincipal")))
            for extra, where in found:
                if isinstance(extra, Unknown):
                    yield Undecided(resource, where, f"trust policy of {role.id}: {extra.reason}")
                elif isinstance(assumes, Unknown):
                    yield Undecided(resource, where, f"trust policy of {role.id}: {assumes.reason}")
                else:
                    message = f"role {role.id} of {users(fns)} can be assumed by {extra[1]}"
                    yield Hit(resource, rtype, where, message, detail=extra[0])
