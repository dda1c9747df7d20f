"""What a function's execution role can reach, in a few categories that matter when it is public.

The "what" half of the exposure view (:mod:`faasguard.exposure`) and of
FG-AC-014.  The categories: administrator access (``Action: "*"`` on
``Resource: "*"`` with no condition), a privilege-escalation path
(:mod:`faasguard.iam.escalation`), IAM write on every IAM resource, reading
every secret, every bucket's objects or every table, and invoking or
updating every function.  "Every" means ``"*"``, ``NotResource`` or an ARN
naming every resource of the action's type (``arn:aws:s3:::*/*``,
``table/*``), decided with the catalogue's ARN formats.  Statements whose
conditions limit the resources (resource tags, ``kms:ViaService``) do not
count; an unconditional ``Deny`` on ``"*"`` removes actions, and one with
``NotResource`` keeps them to the resources it names.  AWS-managed policies
attached to the role are weighed from their shipped documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from faasguard.iam import (
    AWS_MANAGED,
    action_info,
    at_level,
    covers,
    escalations,
    granted_actions,
    is_unconditional_deny,
    line_of,
    managed_policy_key,
    managed_policy_source,
    narrowing_keys,
    role_statements,
    scopes_resource,
    unknown_managed_policies,
    unresolved_policies,
)
from faasguard.iam.resources import wide_types
from faasguard.model import Function, Location, Policy, Role, Statement, Unknown, Workload
from faasguard.rules.access._escalation import escalation_at, listed, unknown_at

__all__ = ["CATEGORY_ACTIONS", "Doubt", "Reach", "ReachKind", "missing_role", "reach_of"]


class ReachKind(StrEnum):
    """What a role can reach, most dangerous first."""

    ADMIN = "administrator access"
    ESCALATION = "privilege escalation"
    IAM_WRITE = "IAM write"
    SECRETS = "reads every secret"
    DATA = "reaches every bucket or table"
    FUNCTIONS = "invokes or updates every function"


@dataclass(frozen=True, slots=True)
class Reach:
    """One category the role reaches: the actions that grant it, in words, and the line granting it."""

    kind: ReachKind
    actions: tuple[str, ...]
    evidence: str  #: ``iam:PassRole + lambda:CreateFunction``, ``s3:GetObject on Resource "*"``
    location: Location


@dataclass(frozen=True, slots=True)
class Doubt:
    """A value that leaves a side of the exposure undecided: where it is, and why."""

    location: Location
    reason: str


#: The actions each data category counts (canonical spelling, as the catalogue expands them).
CATEGORY_ACTIONS: dict[ReachKind, tuple[str, ...]] = {
    ReachKind.SECRETS: (
        "secretsmanager:GetSecretValue",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
        "kms:Decrypt",
    ),
    ReachKind.DATA: (
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    ),
    ReachKind.FUNCTIONS: ("lambda:InvokeFunction", "lambda:UpdateFunctionCode"),
}
_NOT_IAM_WRITE = frozenset({"iam:PassRole", "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole"})


def _scope(stmt: Statement) -> str:
    if stmt.not_resources:
        return "every resource outside NotResource"
    if any(isinstance(r, str) and r.strip() == "*" for r in stmt.resources):
        return 'Resource "*"'
    return ", ".join(str(r) for r in stmt.resources if isinstance(r, str) and wide_types(r))


def _wide(resources: Sequence[str | Unknown], action: str) -> bool | Unknown:
    """Whether one of ``resources`` names every resource ``action`` acts on."""
    info = action_info(action)
    types = {(info.service, t) for t in info.resource_types} if info is not None else set()
    unknown: Unknown | None = None
    for resource in resources:
        if isinstance(resource, Unknown):
            unknown = unknown if unknown is not None else resource
        elif resource.strip() == "*" or types & wide_types(resource):
            return True
    return unknown if unknown is not None else False


def _every(stmt: Statement, action: str) -> bool | Unknown:
    """Whether ``stmt`` grants ``action`` on every resource of the action's type."""
    return True if stmt.not_resources else _wide(stmt.resources, action)


def _confined(statements: Sequence[tuple[Policy, Statement]], action: str) -> bool:
    """Whether an unconditional ``Deny`` with ``NotResource`` keeps ``action`` to the resources it names.

    The guard rail "deny everything but our table" turns an ``Allow`` on
    ``"*"`` into an allow on that table.
    """
    for _, stmt in statements:
        if isinstance(stmt.effect, Unknown) or stmt.effect != "Deny" or stmt.conditions != {}:
            continue
        if (
            stmt.not_resources
            and covers(stmt, action) is True
            and _wide(stmt.not_resources, action) is not True
        ):
            return True
    return False


def _named(policy: Policy, text: str) -> str:
    return f"{policy.name}: {text}" if policy.source == AWS_MANAGED else text


def _admin(statements: Sequence[tuple[Policy, Statement]]) -> Reach | None:
    if any(is_unconditional_deny(stmt) for _, stmt in statements):
        return None  # a Deny takes something away: the categories below say what is left
    for policy, stmt in statements:
        every_action = any(isinstance(a, str) and a.strip() in ("*", "*:*") for a in stmt.actions)
        on_all = bool(stmt.not_resources) or any(
            isinstance(r, str) and r.strip() == "*" for r in stmt.resources
        )
        if stmt.allows and every_action and stmt.conditions == {} and on_all:
            text = 'Action "*" on Resource "*"' if not stmt.not_resources else 'Action "*" with NotResource'
            return Reach(ReachKind.ADMIN, ("*",), _named(policy, text), line_of(stmt, "Action"))
    return None


def _maybe_every(stmt: Statement) -> bool:
    """Whether some action could be granted on every resource by ``stmt`` (``*``, unknown, wide ARN)."""
    return bool(stmt.not_resources) or any(
        isinstance(r, Unknown) or r.strip() == "*" or bool(wide_types(r)) for r in stmt.resources
    )


def _scoped(stmt: Statement, kind: ReachKind) -> bool | Unknown:
    """Whether a condition limits ``stmt`` to some resources; for IAM write, an ``iam:`` key too
    (``iam:AWSServiceName``, ``iam:PolicyARN``, ``iam:PermissionsBoundary`` pin what may be written)."""
    scoped = scopes_resource(stmt)
    if scoped is not False or kind is not ReachKind.IAM_WRITE:
        return scoped
    keys = narrowing_keys(stmt)
    return not isinstance(keys, Unknown) and any(k.startswith("iam:") for k in keys)


def _category(
    kind: ReachKind, actions: frozenset[str], statements: Sequence[tuple[Policy, Statement]]
) -> tuple[Reach | None, list[Doubt]]:
    """The first statement granting some of ``actions`` on every resource, or why that is undecided."""
    others = [stmt for _, stmt in statements]
    doubts: list[Doubt] = []
    for policy, stmt in statements:
        granted = granted_actions(stmt, others)
        hit = sorted(granted.actions & actions)
        where = line_of(stmt, "Resource")
        maybe: Unknown | None = None
        if hit:
            scoped = _scoped(stmt, kind)
            if scoped is True:
                continue
            every = [(action, _every(stmt, action)) for action in hit if not _confined(statements, action)]
            reaches = [action for action, on_all in every if on_all is True]
            if reaches and isinstance(stmt.effect, Unknown):
                maybe = stmt.effect
            elif reaches and isinstance(scoped, Unknown):
                maybe = scoped
            elif reaches:
                evidence = _named(policy, f"{listed(reaches)} on {_scope(stmt)}")
                return Reach(kind, tuple(reaches), evidence, where), doubts
            else:
                maybe = next((on_all for _, on_all in every if isinstance(on_all, Unknown)), None)
        if maybe is None and granted.unknown is not None and _maybe_every(stmt):
            maybe = granted.unknown  # an unresolved action (or effect) may be one of these, everywhere
        if maybe is not None:
            at = unknown_at(statements, maybe) or where
            doubts.append(Doubt(at, f"policy {policy.name}: {maybe.reason}"))
    return None, doubts


def _iam_write(statements: Sequence[tuple[Policy, Statement]]) -> tuple[Reach | None, list[Doubt]]:
    # Write and Permissions management IAM actions, on every IAM resource.  iam:PassRole alone
    # changes nothing in IAM (it completes escalation paths, counted there); service-linked roles
    # are trusted by one AWS service only and carry the policy AWS wrote for it
    iam = frozenset(a for _, s in statements for a in granted_actions(s).actions if a.startswith("iam:"))
    writes = (at_level(iam, "Write") | at_level(iam, "Permissions management")) - _NOT_IAM_WRITE
    return _category(ReachKind.IAM_WRITE, writes, statements)


def _escalation(
    statements: Sequence[tuple[Policy, Statement]], role: Role
) -> tuple[Reach | None, list[Doubt]]:
    doubts: list[Doubt] = []
    for found in escalations(statements, role):
        if found.unknown is None:
            names = tuple(s.action for s in found.steps)
            evidence = f"{' + '.join(names)}: {found.path.effect}"
            return Reach(ReachKind.ESCALATION, names, evidence, escalation_at(found, role)), doubts
        where = unknown_at(statements, found.unknown) or escalation_at(found, role)
        doubts.append(Doubt(where, f"{found.path.name}: {found.unknown.reason}"))
    return None, doubts


def _unread(role: Role, workload: Workload) -> list[Doubt]:
    """Policies of the role whose statements faasguard cannot read."""
    doubts = [
        Doubt(p.location, f"policy {p.name}: {p.statements.reason}")
        for p in unresolved_policies(role)
        if isinstance(p.statements, Unknown)
    ]
    source = managed_policy_source().get("source", "the offline copy")
    for known, at in unknown_managed_policies(role):
        doubts.append(Doubt(at, f"AWS-managed policy {known}: its document is not in {source}"))
    for arn, at in role.managed_policy_arns:
        if isinstance(arn, Unknown):
            doubts.append(Doubt(at, f"managed policy ARN: {arn.reason}"))
        elif managed_policy_key(arn) is None:
            # a customer-managed policy made elsewhere: its statements are not in this source
            doubts.append(Doubt(at, f"managed policy {arn} is not declared in {workload.source}"))
    return doubts


def _repeats(reach: Reach, found: Sequence[Reach]) -> bool:
    """IAM write that only repeats an escalation's own actions (``iam:PutRolePolicy``) adds nothing."""
    steps = {a for r in found if r.kind is ReachKind.ESCALATION for a in r.actions}
    return reach.kind is ReachKind.IAM_WRITE and set(reach.actions) <= steps


def missing_role(workload: Workload, fn: Function) -> Doubt:
    """Why the reach of ``fn`` is undecided when its role is not in the workload."""
    where = fn.line_of("Role")
    if isinstance(fn.role, Unknown):
        return Doubt(where, f"execution role: {fn.role.reason}")
    named = f"role {fn.role}" if fn.role is not None else "the execution role"
    return Doubt(where, f"{named} is not declared in {workload.source}")


def reach_of(workload: Workload, role: Role) -> tuple[tuple[Reach, ...], tuple[Doubt, ...]]:
    """The categories ``role`` reaches (most dangerous first), and what leaves that undecided.

    Administrator access stands alone (it is every other category).  A
    permissions boundary may cap any of them: what the role reaches then
    becomes a doubt, since boundaries are not evaluated.
    """
    statements = tuple(role_statements(role))
    doubts = _unread(role, workload)
    found: list[Reach] = []
    admin = _admin(statements)
    if admin is not None:
        found.append(admin)
    else:
        for reach, more in (
            _escalation(statements, role),
            _iam_write(statements),
            *(_category(kind, frozenset(acts), statements) for kind, acts in CATEGORY_ACTIONS.items()),
        ):
            if reach is not None and not _repeats(reach, found):
                found.append(reach)
            doubts.extend(more)
    if found and role.permissions_boundary is not None:
        boundary = role.permissions_boundary
        named = boundary.reason if isinstance(boundary, Unknown) else str(boundary)
        capped = [
            Doubt(r.location, f"{r.kind} may be capped by the permissions boundary ({named}), not evaluated")
            for r in found
        ]
        return (), tuple(dict.fromkeys(capped + doubts))
    return tuple(found), tuple(dict.fromkeys(doubts))
