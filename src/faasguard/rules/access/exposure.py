"""FG-AC-014: publicly invocable function whose role can escalate privileges or reach all data."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.exposure import FunctionExposure, Verdict, exposure
from faasguard.model import Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._escalation import listed


def _others(item: FunctionExposure) -> str:
    """``; the role also reads all secrets; also open: route GET /x of API Api`` (empty when none)."""
    text = ""
    if len(item.reach) > 1:
        text += f"; the role also: {', '.join(str(r.kind) for r in item.reach[1:])}"
    more = item.open_entry_points[1:]
    if more:
        text += f"; also open: {listed([e.via for e in more])}"
    return text


def _role(item: FunctionExposure) -> str:
    return f"role {item.role}" if item.role is not None else "its role"


def _undecided(item: FunctionExposure) -> Undecided:
    """Why exposure is undecided, at the line of the value that decides it."""
    role = _role(item)
    if item.public is True:
        entry = item.open_entry_points[0]
        doubt = item.reach_doubts[0]
        more = len(item.reach_doubts) - 1
        also = f" (and {more} more unknown value{'s' if more > 1 else ''})" if more else ""
        reason = (
            f"{entry.who} can invoke it through {entry.via}; what {role} reaches is undecided: "
            f"{doubt.reason}{also}"
        )
        return Undecided(item.function_id, doubt.location, reason)
    entry = item.entry_points[0]
    if item.privileged is True:
        first = item.reach[0]
        reason = f"{role} has {first.kind} ({first.evidence}); {entry.via} may be open: {entry.undecided}"
        return Undecided(item.function_id, entry.location, reason)
    doubt = item.reach_doubts[0]
    reason = (
        f"{entry.via} may be open ({entry.undecided}) and what {role} reaches is undecided ({doubt.reason})"
    )
    return Undecided(item.function_id, entry.location, reason)


@rule(
    "FG-AC-014",
    Layer.ACCESS,
    Severity.CRITICAL,
    rows=("AC7", "AC8", "AC9"),
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/permissions-granting-access.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        "https://owasp.org/www-project-serverless-top-10/",
    ),
)
def public_privileged_function(workload: Workload) -> Iterator[Hit | Undecided]:
    """Publicly invocable function whose role can escalate privileges or reach all data.

    Why: a public entry point and a broad role are each a weakness; together
    they are an attack path.  Anyone who finds one injection bug in a function
    they can call - through a function URL with ``AuthType: NONE``, an API
    route without authorization, a permission open to ``"*"`` or to a
    service for any account, or a bucket whose policy lets anyone write
    objects (unless ``RestrictPublicBuckets`` is on) - runs code with the
    function's role.  When that role has administrator access, a
    privilege-escalation path (``iam:PassRole`` with ``lambda:CreateFunction``,
    ``iam:PutRolePolicy``...), IAM write, or reads every secret, bucket or
    table, or invokes or updates every function, the bug becomes an account
    takeover or a data breach.  The finding names the whole path (who, entry
    point, function, role, what it reaches) and points at the entry point.
    It is reported only when both halves are decided; a value faasguard
    cannot resolve on either side is reported as not assessed.  A public
    function with a narrowly scoped role is not this finding (FG-AC-005,
    FG-AC-006 and FG-AC-007 report the entry point), nor is a broad role on
    a function only authenticated callers reach (FG-AC-002, FG-AC-008,
    FG-AC-010 report the role).  SNS topic policies and load balancers are
    not read, so a public topic or an internet-facing ALB is not seen as a
    way in.
    Fix: break the path at either end.  Require authentication on the entry
    point (``AuthType: AWS_IAM``, an authorizer on the route, ``SourceArn``
    and ``SourceAccount`` on the permission), and give the function its own
    role naming only the actions and resources it uses.
    SAM: ``FunctionUrlConfig: {AuthType: AWS_IAM}`` or ``Auth: {DefaultAuthorizer: ...}``
    on the API, and policy templates (``DynamoDBReadPolicy: {TableName: !Ref Table}``)
    instead of ``AdministratorAccess`` or ``"*"`` resources in ``Policies``.
    CloudFormation: ``AuthType: AWS_IAM`` on the ``AWS::Lambda::Url``, ``AuthorizationType``
    on the method, and a role whose statements name the table, bucket or secret ARNs.
    Serverless: an ``authorizer`` on the ``http``/``httpApi`` event or ``url: {authorizer: aws_iam}``,
    and ``iam.role.statements`` naming the resources instead of ``"*"``.
    Terraform: ``authorization_type = "AWS_IAM"`` on the ``aws_lambda_function_url``,
    ``authorization`` with an ``authorizer_id`` on the route, and ``resources`` naming
    the ARNs in the role's policy.
    """
    for item in exposure(workload):
        if item.verdict is Verdict.NOT_EXPOSED:
            continue
        if item.verdict is Verdict.UNDECIDED:
            yield _undecided(item)
            continue
        entry = item.open_entry_points[0]
        first = item.reach[0]
        message = (
            f"{entry.who} → {entry.via} → {item.function_id} → {_role(item)} → "
            f"{first.evidence} ({first.kind}){_others(item)}"
        )
        yield Hit(item.function_id, item.resource_type, entry.location, message)
