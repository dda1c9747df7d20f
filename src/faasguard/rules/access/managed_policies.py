"""FG-AC-008: broad AWS-managed policy attached to a function role."""

from __future__ import annotations

import re
from collections.abc import Iterator

from faasguard.iam import (
    at_level,
    function_roles,
    granted_actions,
    scopes_resource,
    star_only_among,
    star_resource_exception,
)
from faasguard.iam import (
    managed_policies as attached_documents,
)
from faasguard.iam.catalog import action_info
from faasguard.iam.resources import wide_types
from faasguard.model import Policy, Statement, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._roles import owner, users

#: AWS-managed policies too broad for a function, besides every ``*FullAccess`` one.
BROAD_POLICIES = frozenset(
    {
        "AdministratorAccess",
        "PowerUserAccess",
        "SecretsManagerReadWrite",
        "AWSLambdaExecute",  # s3:GetObject/PutObject on every bucket
        "SystemAdministrator",
        "DatabaseAdministrator",
        "NetworkAdministrator",
    }
)
_AWS_MANAGED = re.compile(r"^arn:[^:]*:iam::aws:policy/(?:.*/)?(?P<name>[^/]+)$")


#: Lambda's own execution-role actions, granted on "*" by the policies AWS documents for
#: Lambda features (AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole): the
#: function's log streams and the event-source mapping's queue polling.  Write actions, but
#: not breadth worth a finding; the network-interface actions are in STAR_RESOURCE_EXCEPTIONS.
EXECUTION_ACTIONS = frozenset(
    {
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        # durable functions checkpoint their own execution (AWSLambdaBasicDurableExecutionRolePolicy)
        "lambda:CheckpointDurableExecution",
    }
)
_COUNTED = ("Permissions management", "Write")
#: Names that read: the catalogue files a few under Permissions management or Write
#: (``quicksight:DescribeDataSetPermissions``, ``billing:GetResourcePolicy``); not counted.
_READS = re.compile(r"^[^:]+:(?:Get|List|Describe|View|Search|Check|Validate)[A-Z]")
_SHOWN = 3


def broad_policy_name(arn: str) -> str | None:
    """The policy name when ``arn`` is an AWS-managed policy broad by its name (no document shipped)."""
    match = _AWS_MANAGED.match(arn.strip())
    if match is None:
        return None
    name = match.group("name")
    if name in BROAD_POLICIES or name.endswith("FullAccess") or name.startswith("AdministratorAccess-"):
        return name
    return None


def _every_resource(stmt: Statement, actions: frozenset[str]) -> frozenset[str]:
    """Those of ``actions`` that ``stmt`` grants on every resource (of their type)."""
    if stmt.not_resources or any(isinstance(r, str) and r.strip() == "*" for r in stmt.resources):
        # resource-scopable ones: on "*" a star-only action is no breadth; Permissions management always is
        return (actions - star_only_among(actions)) | at_level(actions, "Permissions management")
    found: set[str] = set()
    for resource in stmt.resources:
        if isinstance(resource, Unknown):
            continue
        wide = wide_types(resource)
        services = {service for service, _ in wide}
        for action in actions:
            service = action.partition(":")[0]
            info = action_info(action) if service in services else None
            if info is not None and {(service, t) for t in info.resource_types} & wide:
                found.add(action)
    return frozenset(found)


def breadth(policy: Policy) -> str | None:
    """Why the AWS-managed ``policy`` is too broad for a function, from its document; None if it is not.

    The measure: an ``Allow`` (its conditions not limiting resources) that
    grants, on every resource of a type (``"*"``, ``NotResource``,
    ``arn:aws:s3:::*``...), an action of access level Write or Permissions
    management that could have been limited to named resources - or any
    Permissions management action.  Actions named as reads (``Get*``,
    ``List*``, ``Describe*``...) never count, whatever the catalogue files
    them under.  Lambda's own execution actions
    (:data:`EXECUTION_ACTIONS`) and the documented ``"*"`` exceptions (VPC
    network interfaces, ``ec2:Describe*``) are left out, so the service-role
    policies AWS documents for Lambda stay quiet while ``AWSLambdaRole``
    (invoke every function), ``*FullAccess``, ``PowerUserAccess`` and
    ``AdministratorAccess`` do not.
    """
    if isinstance(policy.statements, Unknown):
        return None
    statements = policy.statements
    found: set[str] = set()
    admin = False
    for stmt in statements:
        if isinstance(stmt.effect, Unknown) or not stmt.allows or scopes_resource(stmt) is not False:
            continue
        granted = granted_actions(stmt, statements)
        if not granted.actions:
            continue
        on_all = any(isinstance(r, str) and r.strip() == "*" for r in stmt.resources)
        every_action = any(isinstance(a, str) and a.strip() in ("*", "*:*") for a in stmt.actions)
        admin = admin or (every_action and (on_all or bool(stmt.not_resources)) and stmt.conditions == {})
        counted = at_level(granted.actions, _COUNTED[0]) | at_level(granted.actions, _COUNTED[1])
        counted = frozenset(
            a
            for a in counted
            if a not in EXECUTION_ACTIONS and star_resource_exception(a) is None and not _READS.match(a)
        )
        found |= _every_resource(stmt, counted)
    if admin:
        return "administrator access: every action on every resource"
    if not found:
        return None
    admin_count = len(at_level(frozenset(found), "Permissions management"))
    examples = sorted(found, key=lambda a: (a not in at_level(frozenset(found), "Permissions management"), a))
    shown = ", ".join(examples[:_SHOWN])
    more = f" and {len(found) - _SHOWN:,} more" if len(found) > _SHOWN else ""
    pm = f", {admin_count:,} of them permissions management" if admin_count else ""
    plural = "s" if len(found) > 1 else ""
    return f"{len(found):,} write action{plural} on every resource of their type{pm} ({shown}{more})"


@rule("FG-AC-008", Layer.ACCESS, Severity.HIGH, rows=("AC2",))
def managed_policies(workload: Workload) -> Iterator[Hit | Undecided]:
    """Broad AWS-managed policy (AdministratorAccess, *FullAccess, AWSLambdaRole...) on a function role.

    Why: AWS-managed policies are written for people and whole teams, not
    for one function: ``AmazonS3FullAccess`` reaches every bucket of the
    account, ``AWSLambdaRole`` invokes every function, ``AdministratorAccess``
    does everything.  A function holding one turns any code-injection bug
    into an account-wide incident.  Breadth is measured on the policy's
    document (shipped offline), not its name: a policy is broad when it
    grants a Write or Permissions management action on every resource of a
    type (``"*"``, ``arn:aws:s3:::*``) where the action could be limited to
    named resources, or any Permissions management action (actions named
    as reads - ``Get*``, ``Describe*`` - excepted).  Lambda's own
    execution actions (log streams, SQS polling, VPC network interfaces) do
    not count, so ``AWSLambdaBasicExecutionRole``,
    ``AWSLambdaVPCAccessExecutionRole``, ``AWSLambdaSQSQueueExecutionRole``,
    ``AWSXRayDaemonWriteAccess`` and read-only policies stay quiet.  A policy
    whose document is not shipped is judged by its name (``*FullAccess``,
    ``AdministratorAccess``, ``PowerUserAccess``...).
    Fix: replace the managed policy with statements naming the function's
    own resources.
    SAM: use policy templates (``S3CrudPolicy: {BucketName: !Ref Bucket}``) instead
    of ``AmazonS3FullAccess`` in ``Policies``.
    CloudFormation: remove the ARN from ``ManagedPolicyArns`` and add a scoped
    inline policy.
    Terraform: drop the ``aws_iam_role_policy_attachment`` (or the entry of
    ``managed_policy_arns``) and add an ``aws_iam_role_policy`` naming the resources.
    """
    for role, fns in function_roles(workload):
        resource, rtype = owner(role, fns)
        documents = {(p.location, p.arn): p for p in attached_documents(role)}
        run = "run" if len(fns) > 1 else "runs"
        for arn, where in role.managed_policy_arns:
            if isinstance(arn, Unknown):
                yield Undecided(resource, where, f"managed policy ARN: {arn.reason}")
                continue
            document = documents.get((where, arn))
            if document is not None:
                why = breadth(document)
                if why is not None:
                    message = f"{users(fns)} {run} with the AWS-managed policy {document.name}: {why}"
                    yield Hit(resource, rtype, where, message, detail=document.name)
                continue
            name = broad_policy_name(arn)
            if name is not None:
                message = f"{users(fns)} {run} with the AWS-managed policy {name} (judged by its name)"
                yield Hit(resource, rtype, where, message, detail=name)
