"""Human principals of a workload (IAM users, groups, roles people assume) and what reaches them.

A role counts as human when its trust policy lets an AWS account (its root),
an IAM user or everyone (``*``) assume it without an MFA condition; roles
trusted by services only, or by other roles, do not.  Sessions federated
through SAML or a web identity provider are people too, but AWS sees no MFA
for them (the identity provider does it), so they are reported apart.
Continuous-integration OIDC providers (GitHub Actions, GitLab...) are
machines.
"""

from __future__ import annotations

from dataclasses import dataclass

from faasguard.iam import grants, principal_account, split_arn
from faasguard.iam.catalog import managed_policy
from faasguard.model import Location, Policy, Principal, Role, Statement, Unknown, Workload
from faasguard.rules.access._mfa import STRICT, allow_requires_mfa

__all__ = ["Grant", "Human", "federated_trust", "humans"]

_ASSUME = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity")
#: OIDC issuers of build systems and clusters: their sessions are machines, not people
_MACHINE_OIDC = (
    "token.actions.githubusercontent.com",
    "gitlab.com",
    "oidc.circleci.com",
    "api.bitbucket.org",
    "app.terraform.io",
    "agent.buildkite.com",
    "vstoken.dev.azure.com",
    "oidc.eks.",
)


@dataclass(frozen=True, slots=True)
class Grant:
    """A statement reaching a principal, and the line a finding about it points at."""

    statement: Statement
    policy: str
    where: Location
    own: bool  # written on the principal itself (a group's statements are reported on the group)


@dataclass(frozen=True, slots=True)
class Human:
    """A principal people act as, with every statement that applies to it."""

    id: str
    kind: str  # user | group | role
    resource_type: str
    location: Location
    long_term_keys: bool  # may sign requests with no MFA context at all
    grants: tuple[Grant, ...]
    unknown: tuple[tuple[Location, str], ...]  # policies (or groups) whose statements are unknown
    why: str = ""  # for roles: who may assume it
    capped: bool = False  # a permissions boundary may take the grants away


def _policy_grants(policies: tuple[Policy, ...], own: bool) -> tuple[list[Grant], list[tuple[Location, str]]]:
    found: list[Grant] = []
    unknown: list[tuple[Location, str]] = []
    for policy in policies:
        if isinstance(policy.statements, Unknown):
            unknown.append((policy.location, f"policy {policy.name}: {policy.statements.reason}"))
            continue
        for stmt in policy.statements:
            key = "Action" if "Action" in stmt.field_lines else "NotAction"
            found.append(Grant(stmt, policy.name, stmt.location.at(stmt.field_lines.get(key)), own))
    return found, unknown


def _managed_grants(
    arns: tuple[tuple[str | Unknown, Location], ...], own: bool
) -> tuple[list[Grant], list[tuple[Location, str]]]:
    """Statements of AWS-managed policies attached by ARN (pointing at the ARN's line)."""
    found: list[Grant] = []
    unknown: list[tuple[Location, str]] = []
    for arn, where in arns:
        doc = managed_policy(arn) if isinstance(arn, str) else None
        if doc is None:
            reason = arn.reason if isinstance(arn, Unknown) else f"{arn} is not in this workload"
            unknown.append((where, f"managed policy {reason}"))
            continue
        raw = doc.document.get("Statement")
        for item in raw if isinstance(raw, list) else [raw]:
            if isinstance(item, dict):
                found.append(Grant(_statement(item, where), doc.name, where, own))
    return found, unknown


def _statement(item: dict[str, object], where: Location) -> Statement:
    def listed(key: str) -> tuple[str, ...]:
        value = item.get(key)
        return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),) if value else ()

    cond = item.get("Condition")
    conditions = {
        str(op): {str(k).lower(): tuple(v) if isinstance(v, list) else (v,) for k, v in keys.items()}
        for op, keys in (cond.items() if isinstance(cond, dict) else ())
        if isinstance(keys, dict)
    }
    return Statement(
        effect=str(item.get("Effect")),
        actions=listed("Action"),
        not_actions=listed("NotAction"),
        resources=listed("Resource"),
        not_resources=listed("NotResource"),
        conditions=conditions,
        location=where,
    )


def _kind(principal: Principal, stmt: Statement) -> str | Unknown | None:
    """``"aws"`` (an account, user or everyone), ``"federated"``, or ``None`` (service, role, CI)."""
    value = principal.value
    if principal.kind == "*":
        return "aws"
    if principal.kind == "Service" or principal.kind == "CanonicalUser":
        return None
    if principal.kind == "Federated":
        keys = " ".join(stmt.condition_keys())
        text = "" if isinstance(value, Unknown) else value
        if any(host in text or f"{host}:" in keys for host in _MACHINE_OIDC):
            return None
        return value if isinstance(value, Unknown) else "federated"
    if isinstance(value, Unknown):
        return value
    text = value.strip()
    if text == "*":
        return "aws"
    parts = split_arn(text)
    if parts is None:
        return "aws" if principal_account(text) is not None else Unknown(f"principal {text!r}")
    resource = parts[5]
    if resource == "root" or resource.startswith("user/"):
        return "aws"
    if resource.startswith(("role/", "assumed-role/")):
        return None
    return Unknown(f"cannot tell whether principal {text} is a person")


def _trust(role: Role) -> tuple[set[str], Unknown | None]:
    """The kinds of people who may assume ``role`` without MFA (``aws``/``federated``)."""
    kinds: set[str] = set()
    unknown: Unknown | None = None
    trust = role.trust
    if trust is None:
        return kinds, None
    if isinstance(trust.statements, Unknown):
        return kinds, trust.statements
    for stmt in trust.statements:
        assumes = [grants(stmt, a) for a in _ASSUME]
        if not any(v is True or isinstance(v, Unknown) for v in assumes):
            continue
        for principal in stmt.principals:
            kind = _kind(principal, stmt)
            if kind == "aws" and allow_requires_mfa(stmt) == STRICT:
                continue  # the session can only be had with MFA
            if isinstance(kind, Unknown):
                unknown = unknown if unknown is not None else kind
            elif kind is not None:
                kinds.add(kind)
        unsure = next((v for v in assumes if isinstance(v, Unknown)), None)
        if kinds and unsure is not None and not any(v is True for v in assumes):
            unknown = unsure
    return kinds, unknown


def federated_trust(role: Role) -> bool:
    """True when people reach ``role`` only through SAML or web identity federation."""
    kinds, _ = _trust(role)
    return kinds == {"federated"}


def humans(workload: Workload) -> list[Human | tuple[Role, Unknown]]:
    """Every human principal; roles whose trust cannot be judged come back with the reason."""
    groups = {g.id: g for g in workload.groups}
    out: list[Human | tuple[Role, Unknown]] = []
    for group in workload.groups:
        found, unknown = _policy_grants(group.policies, True)
        more, missing = _managed_grants(group.managed_policy_arns, True)
        out.append(
            Human(
                group.id,
                "group",
                "AWS::IAM::Group",
                group.location,
                True,
                (*found, *more),
                (*unknown, *missing),
            )
        )
    for user in workload.users:
        found, unknown = _policy_grants(user.policies, True)
        more, missing = _managed_grants(user.managed_policy_arns, True)
        found += more
        unknown += missing
        for ref in user.groups:
            member_of = groups.get(ref) if isinstance(ref, str) else None
            if member_of is None:
                reason = ref.reason if isinstance(ref, Unknown) else f"group {ref} is not in this workload"
                unknown.append((user.location, reason))
                continue
            inherited, unsure = _policy_grants(member_of.policies, False)
            more, missing = _managed_grants(member_of.managed_policy_arns, False)
            found += inherited + more
            unknown += unsure + missing
        capped = "PermissionsBoundary" in user.field_lines  # the model has no field for it yet
        out.append(
            Human(
                user.id,
                "user",
                "AWS::IAM::User",
                user.location,
                True,
                tuple(found),
                tuple(unknown),
                "",
                capped,
            )
        )
    for role in workload.roles:
        kinds, why = _trust(role)
        if not kinds:
            if why is not None:
                out.append((role, why))
            continue
        found, unknown = _policy_grants(role.policies, True)
        more, missing = _managed_grants(role.managed_policy_arns, True)
        who = "people through SAML/OIDC federation" if kinds == {"federated"} else "IAM users of an account"
        out.append(
            Human(
                role.id,
                "role",
                "AWS::IAM::Role",
                role.location,
                False,
                (*found, *more),
                (*unknown, *missing),
                who,
                role.permissions_boundary is not None,
            )
        )
    return out
