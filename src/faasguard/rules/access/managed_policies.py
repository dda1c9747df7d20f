"""FG-AC-008: broad AWS-managed policy attached to a function role."""

from __future__ import annotations

import re
from collections.abc import Iterator

from faasguard.iam import function_roles
from faasguard.model import Unknown, Workload
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


def broad_policy_name(arn: str) -> str | None:
    """The policy name when ``arn`` is a broad AWS-managed policy, else ``None``."""
    match = _AWS_MANAGED.match(arn.strip())
    if match is None:
        return None
    name = match.group("name")
    if name in BROAD_POLICIES or name.endswith("FullAccess") or name.startswith("AdministratorAccess-"):
        return name
    return None


@rule("FG-AC-008", Layer.ACCESS, Severity.HIGH, rows=("AC2",))
def managed_policies(workload: Workload) -> Iterator[Hit | Undecided]:
    """Broad AWS-managed policy (AdministratorAccess, *FullAccess...) on a function role.

    Why: AWS-managed policies are written for people and whole teams, not
    for one function: ``AmazonS3FullAccess`` reaches every bucket of the
    account, ``AdministratorAccess`` everything.  A function holding one turns
    any code-injection bug into an account-wide incident.
    Fix: replace the managed policy with statements naming the function's
    own resources.
    SAM: use policy templates (``S3CrudPolicy: {BucketName: !Ref Bucket}``) instead
    of ``AmazonS3FullAccess`` in ``Policies``.
    CloudFormation: remove the ARN from ``ManagedPolicyArns`` and add a scoped
    inline policy.
    """
    for role, fns in function_roles(workload):
        resource, rtype = owner(role, fns)
        for arn, where in role.managed_policy_arns:
            if isinstance(arn, Unknown):
                yield Undecided(resource, where, f"managed policy ARN: {arn.reason}")
                continue
            name = broad_policy_name(arn)
            if name is not None:
                message = (
                    f"{users(fns)} {'run' if len(fns) > 1 else 'runs'} with the AWS-managed policy {name}"
                )
                yield Hit(resource, rtype, where, message, detail=name)
