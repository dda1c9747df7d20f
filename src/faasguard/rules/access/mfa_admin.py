"""FG-AC-011: sensitive Lambda administration granted to people without an MFA condition."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.iam import action_matches, covers, grants, split_arn
from faasguard.model import Statement, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._humans import Grant, Human, humans
from faasguard.rules.access._mfa import STRICT, TEMPORARY_ONLY, allow_requires_mfa, deny_without_mfa

#: Actions that change what a function runs, who may call it, or whether it runs at all.
SENSITIVE = tuple(
    f"lambda:{name}"
    for name in (
        "UpdateFunctionCode",
        "UpdateFunctionConfiguration",
        "AddPermission",
        "RemovePermission",
        "CreateFunctionUrlConfig",
        "UpdateFunctionUrlConfig",
        "DeleteFunction",
        "PutFunctionConcurrency",
        "DeleteFunctionConcurrency",
        "PublishLayerVersion",
        "AddLayerVersionPermission",
        "UpdateAlias",
        "PutFunctionCodeSigningConfig",
        "DeleteFunctionCodeSigningConfig",
    )
)


def _may_touch_lambda(stmt: Statement) -> bool:
    """False only when every resource is an ARN of another service (``s3``...)."""
    if stmt.not_resources or not stmt.resources:
        return True
    for resource in stmt.resources:
        parts = split_arn(resource) if isinstance(resource, str) else None
        if parts is None or action_matches(parts[2] or "*", "lambda"):
            return True
    return False


def _resources_covered(deny: Statement, allow: Statement) -> bool | Unknown:
    if deny.not_resources:
        return Unknown("the MFA Deny uses NotResource")
    patterns = [r for r in deny.resources if isinstance(r, str)]
    if "*" in patterns:
        return True
    if allow.not_resources or not allow.resources:
        return False
    for resource in allow.resources:
        if isinstance(resource, Unknown) or not any(action_matches(p, resource) for p in patterns):
            return Unknown("resources of the MFA Deny") if len(patterns) < len(deny.resources) else False
    return True


def _guarded(action: str, allow: Statement, denies: list[Grant], strict: bool) -> bool | Unknown | str:
    """True when a Deny blocks ``action`` without MFA; ``"weak"`` when it misses long-term keys."""
    found: bool | Unknown | str = False
    for deny in denies:
        stmt = deny.statement
        if isinstance(stmt.effect, Unknown):
            found = found if found is not False else stmt.effect
            continue
        reached = covers(stmt, action)
        strength = deny_without_mfa(stmt) if reached is not False else None
        covered = _resources_covered(stmt, allow) if strength is not None else False
        doubt = next((v for v in (reached, strength, covered) if isinstance(v, Unknown)), None)
        if doubt is not None:
            found = doubt if found is False or found == "weak" else found
        elif reached is True and covered is True:
            if strength == STRICT or (strength == TEMPORARY_ONLY and not strict):
                return True
            found = "weak" if found is False else found
    return found


def _who(human: Human) -> str:
    if human.kind == "role":
        return f"role {human.id} (assumable by {human.why})"
    return f"IAM {human.kind} {human.id}" + (" (every member)" if human.kind == "group" else "")


def _actions(names: list[str]) -> str:
    if len(names) == len(SENSITIVE):
        return "every sensitive Lambda admin action"
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _check(human: Human) -> Iterator[Hit | Undecided]:
    denies = [g for g in human.grants if g.statement.effect == "Deny"]
    for grant in (g for g in human.grants if g.own and g.statement.effect != "Deny"):
        stmt = grant.statement
        verdicts = [(a, grants(stmt, a)) for a in SENSITIVE] if _may_touch_lambda(stmt) else []
        granted = [a for a, v in verdicts if v is True]
        unsure = next((v for _, v in verdicts if isinstance(v, Unknown)), None)
        if not granted:
            if unsure is not None:
                yield Undecided(human.id, grant.where, f"policy {grant.policy}: {unsure.reason}")
            continue
        mfa = allow_requires_mfa(stmt)
        if mfa == STRICT or (mfa == TEMPORARY_ONLY and not human.long_term_keys):
            continue
        if isinstance(mfa, Unknown):
            yield Undecided(human.id, grant.where, f"MFA condition of policy {grant.policy}: {mfa.reason}")
            continue
        guards = {a: _guarded(a, stmt, denies, human.long_term_keys) for a in granted}
        exposed = [a for a, v in guards.items() if v is not True]
        pending = next((v for v in guards.values() if isinstance(v, Unknown)), None)
        if not exposed:
            continue
        what = f"{_who(human)} can call {_actions(exposed)} without MFA (policy {grant.policy})"
        doubt = pending.reason if pending is not None else None
        doubt = doubt or next((r for _, r in human.unknown), None)
        if doubt is None and human.capped:
            doubt = "a permissions boundary may remove these actions"
        if doubt is None and human.why.startswith("people through"):
            doubt = "federated sessions carry no AWS MFA context; MFA is up to the identity provider"
        if doubt is not None:
            yield Undecided(human.id, grant.where, f"{what}, unless: {doubt}")
            continue
        if mfa == TEMPORARY_ONLY:
            what += ": BoolIfExists also admits long-term access keys, use Bool"
        elif "weak" in guards.values():
            what += ": the Deny's Bool test misses long-term access keys, use BoolIfExists"
        yield Hit(human.id, human.resource_type, grant.where, what, detail=", ".join(exposed))


@rule(
    "FG-AC-011",
    Layer.ACCESS,
    Severity.HIGH,
    rows=("AC4",),
    references=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
        "https://owasp.org/www-project-serverless-top-10/",
        "CIS AWS Foundations Benchmark 1.10 (MFA for IAM users with a console password)",
    ),
)
def mfa_admin(workload: Workload) -> Iterator[Hit | Undecided]:
    """Sensitive Lambda admin actions granted to people without an MFA condition.

    Why: whoever can call ``lambda:UpdateFunctionCode``, ``AddPermission``,
    ``CreateFunctionUrlConfig``, ``PublishLayerVersion``... can replace a
    function's code or open it to the internet.  When an IAM user, a group or
    a role people assume holds them, a leaked password or access key is
    enough.  ``aws:MultiFactorAuthPresent`` exists only for temporary
    credentials, so an ``Allow`` with ``BoolIfExists: true`` or a ``Deny`` with
    ``Bool: false`` lets long-term access keys through.  Roles trusted only by
    services or other roles, and CI identity providers, are not people and
    are not checked; SAML/OIDC-federated roles are reported as not assessed
    (their MFA lives in the identity provider).
    Fix: add ``"Bool": {"aws:MultiFactorAuthPresent": "true"}`` to the
    ``Allow``, or attach a ``Deny`` of these actions with
    ``"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}``; for roles, the
    ``Bool`` condition in the trust policy's ``sts:AssumeRole`` statement is enough.
    CloudFormation: put the condition on the statement in the user's, group's
    or role's ``Policies`` (or an ``AWS::IAM::ManagedPolicy`` attached to it).
    SAM: the same, on the ``AWS::IAM::User``/``Group``/``Role`` resources.
    Serverless: declare the people's users, groups and roles under
    ``resources.Resources`` with the MFA condition.
    Terraform: a ``condition`` block with ``test = "Bool"``,
    ``variable = "aws:MultiFactorAuthPresent"`` and ``values = ["true"]`` in the
    allowing statement of the user's, group's or role's ``aws_iam_policy_document``
    (or a ``BoolIfExists`` ``false`` Deny attached to the group).
    """
    for item in humans(workload):
        if isinstance(item, Human):
            yield from _check(item)
            continue
        role, why = item
        granting = [s for p in role.policies if not isinstance(p.statements, Unknown) for s in p.statements]
        if any(grants(s, a) is True for s in granting for a in SENSITIVE):
            where = role.trust.location if role.trust is not None else role.location
            yield Undecided(role.id, where, f"who may assume role {role.id} is unknown: {why.reason}")
