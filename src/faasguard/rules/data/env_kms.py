"""FG-DP-001: environment variables without a customer-managed KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

#: The alias of the AWS-managed key Lambda uses when no key is given.
AWS_MANAGED_LAMBDA_KEY = "alias/aws/lambda"


@rule("FG-DP-001", Layer.DATA, Severity.LOW, rows=("DP1",))
def env_kms(workload: Workload) -> Iterator[Hit | Undecided]:
    """Environment variables encrypted with the AWS-managed key only.

    Why: without ``KmsKeyArn`` Lambda encrypts environment variables with the
    AWS-managed ``aws/lambda`` key, which every principal allowed to read the
    function's configuration can use to see them in clear.  A
    customer-managed key lets the key policy decide who may decrypt, and
    logs each use in CloudTrail.  Functions without variables are not
    reported.
    Fix: create a KMS key for the workload and set it as the function's
    ``KmsKeyArn``; keep secrets out of variables altogether (FG-DP-002).
    SAM: ``KmsKeyArn: !GetAtt FunctionKey.Arn`` on the function or in
    ``Globals.Function``.
    CloudFormation: ``KmsKeyArn`` on ``AWS::Lambda::Function``.
    Terraform: ``kms_key_arn = aws_kms_key.env.arn`` on the ``aws_lambda_function``.
    """
    for fn in workload.functions:
        key = fn.kms_key
        where = fn.line_of("Environment")
        if isinstance(fn.environment, Unknown):
            if key is None:
                yield Undecided(fn.id, where, f"environment: {fn.environment.reason}")
            continue
        if not fn.environment:
            continue
        if isinstance(key, Unknown):
            yield Undecided(fn.id, fn.line_of("KmsKeyArn"), f"KmsKeyArn: {key.reason}")
        elif key is None:
            count = len(fn.environment)
            what = (
                f"{count} environment variables of {fn.id} use"
                if count > 1
                else f"the environment variable of {fn.id} uses"
            )
            message = f"{what} the AWS-managed key (no KmsKeyArn)"
            yield Hit(fn.id, fn.resource_type, where, message)
        elif isinstance(key, str) and not key.strip():
            # An empty KmsKeyArn (often a key parameter left at its "" default)
            # makes Lambda fall back to the AWS-managed key.
            message = f"environment variables of {fn.id} use the AWS-managed key (KmsKeyArn is empty)"
            yield Hit(fn.id, fn.resource_type, fn.line_of("KmsKeyArn"), message)
        elif isinstance(key, str) and key.strip().endswith(AWS_MANAGED_LAMBDA_KEY):
            message = f"environment variables of {fn.id} use the AWS-managed key {AWS_MANAGED_LAMBDA_KEY}"
            yield Hit(fn.id, fn.resource_type, fn.line_of("KmsKeyArn"), message)
