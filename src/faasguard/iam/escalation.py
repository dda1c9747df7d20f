"""Privilege-escalation combinations a role's statements can complete.

The table follows the published combinations (Rhino Security Labs'
"AWS IAM privilege escalation" methods, as also used by Cloudsplaining and
Prowler): actions that let a principal grant itself more, or run code under
a more privileged role.  Each path is a sequence of steps; a step is a set of
alternative actions, any of which completes it.  Actions are matched by
pattern, so ``iam:*`` or ``*`` complete the IAM paths.

Every step must apply to what the statement's ``Resource`` names, decided
with the catalogue's ARN formats (:mod:`faasguard.iam.resources`):
``Action: "*"`` on a bucket and a queue grants no IAM action at all, and
``iam:*`` on a role ARN grants the role actions only (not
``iam:AddUserToGroup`` or ``iam:CreateAccessKey``, which act on groups and
users).  As in Cloudsplaining, the pass-role, code-update and assume-role
steps only count on an unrestricted resource (``"*"``, ``role/*``,
``function:*`` or ``NotResource``): passing one named role or updating one
named function is not an escalation we can prove.  ``iam:PutRolePolicy`` and
``iam:AttachRolePolicy`` count on a resource that may be the function's own
role: ``*``, a wildcard (``role/${AWS::StackName}-*`` covers the generated
names of the stack's roles) or a reference to the role itself.  Writing a
policy on *another* role named literally is not counted: the function cannot
act as that role unless it can also pass or assume it, and those paths only
count on unrestricted resources.  Conditions are not weighed, with one
exception: an ``iam:PassedToService`` condition that names other services
than the path's (``AmazonDynamoDBFullAccess`` passes roles to DAX and
Application Auto Scaling only) does not complete a pass-role step.  An
unconditional ``Deny`` on ``"*"`` blocks an action.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from faasguard.iam.actions import action_matches, covers, grants
from faasguard.iam.principals import split_arn
from faasguard.iam.resources import may_apply, names_own_role
from faasguard.model import Policy, Role, Statement, Unknown

__all__ = [
    "ESCALATION_PATHS",
    "Escalation",
    "EscalationPath",
    "Step",
    "escalations",
    "passes_to",
    "unrestricted_resource",
]


@dataclass(frozen=True, slots=True)
class EscalationPath:
    """One published combination: ``steps`` in order, each a tuple of alternative actions."""

    name: str
    steps: tuple[tuple[str, ...], ...]
    effect: str
    passed_to: str | None = None  #: the service ``iam:PassRole`` hands the role to, when the path passes one


@dataclass(frozen=True, slots=True)
class Step:
    """The action that completes a step, and the statement that grants it."""

    action: str
    policy: Policy
    statement: Statement


@dataclass(frozen=True, slots=True)
class Escalation:
    """A path the statements complete; ``unknown`` is set when a step is only possibly granted."""

    path: EscalationPath
    steps: tuple[Step, ...]
    unknown: Unknown | None = None


_PASS = ("iam:PassRole",)

ESCALATION_PATHS: tuple[EscalationPath, ...] = (
    EscalationPath(
        "iam:CreatePolicyVersion",
        (("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"),),
        "rewrite a managed policy (a new default version) to grant anything",
    ),
    EscalationPath(
        "iam:Put*Policy",
        (("iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy"),),
        "write an inline policy granting anything, to itself or another principal",
    ),
    EscalationPath(
        "iam:Attach*Policy",
        (("iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"),),
        "attach AdministratorAccess to itself or another principal",
    ),
    EscalationPath(
        "iam:CreateAccessKey",
        (("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"),),
        "mint credentials or a console password for another IAM user",
    ),
    EscalationPath("iam:AddUserToGroup", (("iam:AddUserToGroup",),), "join a more privileged group"),
    EscalationPath(
        "iam:UpdateAssumeRolePolicy",
        (("iam:UpdateAssumeRolePolicy",),),
        "make any role trust it, then assume that role",
    ),
    EscalationPath(
        "iam:PassRole+lambda:CreateFunction",
        (_PASS, ("lambda:CreateFunction",), ("lambda:InvokeFunction", "lambda:CreateEventSourceMapping")),
        "create and run a function under any role",
        "lambda.amazonaws.com",
    ),
    EscalationPath(
        "iam:PassRole+ec2:RunInstances",
        (_PASS, ("ec2:RunInstances",)),
        "start an instance with any role's instance profile",
        "ec2.amazonaws.com",
    ),
    EscalationPath(
        "iam:PassRole+cloudformation:CreateStack",
        (_PASS, ("cloudformation:CreateStack",)),
        "create a stack that runs with any role",
        "cloudformation.amazonaws.com",
    ),
    EscalationPath(
        "iam:PassRole+glue:CreateDevEndpoint",
        (_PASS, ("glue:CreateDevEndpoint",)),
        "create a Glue endpoint running with any role",
        "glue.amazonaws.com",
    ),
    EscalationPath(
        "lambda:UpdateFunctionCode",
        (("lambda:UpdateFunctionCode",),),
        "replace the code of any function, running it with that function's role",
    ),
    EscalationPath("sts:AssumeRole", (("sts:AssumeRole",),), "assume any role that trusts the account"),
)

#: Actions that only complete a step on an unrestricted resource (lower-case).
_NEED_ANY_RESOURCE = frozenset({"iam:passrole", "lambda:updatefunctioncode", "sts:assumerole"})
#: Role-policy writes that escalate the function only on (possibly) its own role (lower-case).
_OWN_ROLE = frozenset({"iam:putrolepolicy", "iam:attachrolepolicy"})
_PASSED_TO_SERVICE = "iam:passedtoservice"
_TYPE_WIDE = re.compile(r"^[A-Za-z0-9-]+[/:]\*$")


def _broad(resource: str) -> bool:
    text = resource.strip()
    if text == "*":
        return True
    parts = split_arn(text)
    return parts is not None and (parts[5] == "*" or bool(_TYPE_WIDE.match(parts[5])))


def unrestricted_resource(stmt: Statement) -> bool | Unknown:
    """Whether ``stmt`` applies to every resource of a type (``*``, ``role/*``, or ``NotResource``)."""
    if stmt.not_resources:
        return True
    unknown: Unknown | None = None
    for resource in stmt.resources:
        if isinstance(resource, Unknown):
            if unknown is None:  # never bool() an Unknown
                unknown = resource
        elif _broad(resource):
            return True
    return unknown if unknown is not None else False


def _blocked(statements: Sequence[tuple[Policy, Statement]], action: str) -> bool | Unknown:
    """Whether an unconditional ``Deny`` on every resource removes ``action`` (unknown when it may)."""
    maybe: Unknown | None = None
    for _, stmt in statements:
        if isinstance(stmt.effect, Unknown):
            maybe = maybe if maybe is not None else stmt.effect
            continue
        if stmt.effect != "Deny" or stmt.conditions != {}:
            continue
        covered = covers(stmt, action)
        if covered is False:
            continue
        every = [r for r in stmt.resources if isinstance(r, str) and r.strip() == "*"]
        unknown_resource = next((r for r in stmt.resources if isinstance(r, Unknown)), None)
        if covered is True and every:
            return True
        # the unknown value itself (not a copy), so reports can point at the line that holds it
        if isinstance(covered, Unknown) and (every or unknown_resource is not None):
            held = [a for a in (*stmt.actions, *stmt.not_actions) if isinstance(a, Unknown)]
            maybe = maybe if maybe is not None else (held[0] if held else covered)
        elif covered is True and unknown_resource is not None:
            maybe = maybe if maybe is not None else unknown_resource
    return maybe if maybe is not None else False


def passes_to(stmt: Statement, service: str) -> bool | Unknown:
    """Whether an ``iam:PassedToService`` condition of ``stmt`` lets it pass roles to ``service``.

    True when there is no such condition (or only one that does not narrow:
    a negated or ``...IfExists`` operator); False when a positive operator
    lists only other services.
    """
    if isinstance(stmt.conditions, Unknown):
        return stmt.conditions
    for operator, keys in stmt.conditions.items():
        op = operator.lower().removeprefix("foranyvalue:")
        values = keys.get(_PASSED_TO_SERVICE)
        if values is None or not op.startswith("string") or "not" in op or op.endswith("ifexists"):
            continue
        unknown = next((v for v in values if isinstance(v, Unknown)), None)
        texts = [v for v in values if isinstance(v, str)]
        like = op.startswith("stringlike")
        if any(action_matches(v, service) if like else v.strip().lower() == service for v in texts):
            continue
        if unknown is not None:
            return unknown
        return False
    return True


def _resource_reaches(resource: str, action: str, role: Role | None) -> bool | Unknown:
    key = action.lower()
    if key in _NEED_ANY_RESOURCE and not _broad(resource):
        return False
    if may_apply(action, resource) is False:  # None: an action the catalogue lacks, keep it
        return False
    if key in _OWN_ROLE and role is not None:
        own = names_own_role(resource, role.id, role.name)
        if own is False:
            return role.name if isinstance(role.name, Unknown) else False
    return True


def _reaches(stmt: Statement, action: str, role: Role | None) -> bool | Unknown:
    """Whether ``stmt``'s resources include one ``action`` escalates through (see the module notes)."""
    if stmt.not_resources:
        return True  # every resource but a few
    unknown: Unknown | None = None
    for resource in stmt.resources:
        if isinstance(resource, Unknown):
            unknown = unknown if unknown is not None else resource
            continue
        reached = _resource_reaches(resource, action, role)
        if reached is True:
            return True
        if isinstance(reached, Unknown) and unknown is None:
            unknown = reached
    return unknown if unknown is not None else False


def _step(
    statements: Sequence[tuple[Policy, Statement]],
    alternatives: tuple[str, ...],
    passed_to: str | None = None,
    role: Role | None = None,
) -> Step | Unknown | None:
    maybe: Unknown | None = None
    for action in alternatives:
        blocked = _blocked(statements, action)
        if blocked is True:
            continue
        for policy, stmt in statements:
            granted = grants(stmt, action)
            if granted is False:
                continue
            if isinstance(blocked, Unknown) and granted is True:
                granted = blocked  # granted, unless the Deny we cannot read removes it
            reach = _reaches(stmt, action, role)
            if reach is False:
                continue
            if isinstance(reach, Unknown):
                granted = reach
            if passed_to is not None and action.lower() == "iam:passrole":
                handed = passes_to(stmt, passed_to)
                if handed is False:
                    continue
                if isinstance(handed, Unknown):
                    granted = handed
            if isinstance(granted, Unknown):
                if maybe is None:  # never bool() an Unknown
                    maybe = granted
                continue
            return Step(action, policy, stmt)
    return maybe


def escalations(
    statements: Sequence[tuple[Policy, Statement]], role: Role | None = None
) -> Iterator[Escalation]:
    """Every path of :data:`ESCALATION_PATHS` the statements complete (or may complete).

    ``role`` is the role holding them, to tell its own role ARN from another's;
    without it every role ARN may be its own.
    """
    for path in ESCALATION_PATHS:
        found: list[Step] = []
        unknown: Unknown | None = None
        for alternatives in path.steps:
            step = _step(statements, alternatives, path.passed_to, role)
            if step is None:
                break
            if isinstance(step, Unknown):
                if unknown is None:  # never bool() an Unknown
                    unknown = step
            else:
                found.append(step)
        else:
            yield Escalation(path, tuple(found), unknown)
