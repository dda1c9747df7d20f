"""FG-MON-008: CloudTrail trail not encrypted with a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule


@rule(
    "FG-MON-008",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON1",),
    references=(
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    ),
)
def trail_kms(workload: Workload) -> Iterator[Hit | Undecided]:
    """CloudTrail trail without a KMS key.

    Why: without ``KMSKeyId`` the log files get S3-managed encryption only,
    so anyone with read access to the bucket reads the account's audit trail;
    a customer-managed key adds a second, separately granted permission.
    Fix: encrypt the trail with a customer-managed KMS key whose policy lets
    CloudTrail encrypt and only the auditors decrypt.
    CloudFormation: ``KMSKeyId`` on the ``AWS::CloudTrail::Trail``.
    Terraform: ``kms_key_id = aws_kms_key.trail.arn`` on the ``aws_cloudtrail``.
    """
    for trail in workload.trails:
        where = trail.location.at(trail.field_lines.get("KMSKeyId"))
        if isinstance(trail.kms_key, Unknown):
            yield Undecided(trail.id, where, f"KMSKeyId: {trail.kms_key.reason}")
        elif trail.kms_key is None:
            yield Hit(
                trail.id, "AWS::CloudTrail::Trail", where, f"trail {trail.id} is not encrypted with a KMS key"
            )
