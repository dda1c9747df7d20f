"""FG-DP-011: declared log group without a KMS key."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Derived, LogGroup, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import function_log_groups
from faasguard.rules._rule import Hit, Undecided, rule

__all__ = ["log_group_kms"]

_REFERENCES = (
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html",
    "https://owasp.org/www-project-serverless-top-10/",
)


def _access_log_groups(workload: Workload) -> dict[str, list[str]]:
    """Log group id -> the API stages (by id) that write their access logs to it."""
    out: dict[str, list[str]] = {}
    ids = {g.id for g in workload.log_groups}
    for api in workload.apis:
        for stage in api.stages:
            dest = stage.access_log_destination
            refs = dest.refs if isinstance(dest, Derived) else frozenset()
            for gid in sorted(refs & ids):
                out.setdefault(gid, []).append(f"access logs of {api.id}")
    return out


def _writers(group: LogGroup, functions: dict[str, tuple[str, ...]], apis: dict[str, list[str]]) -> str:
    parts = [f"logs of {', '.join(functions[group.id])}"] if group.id in functions else []
    parts.extend(dict.fromkeys(apis.get(group.id, ())))
    return f" ({'; '.join(parts)})" if parts else ""


@rule("FG-DP-011", Layer.DATA, Severity.LOW, rows=("MON4",), references=_REFERENCES)
def log_group_kms(workload: Workload) -> Iterator[Hit | Undecided]:
    """Log group not encrypted with a KMS key.

    Why: function and API logs often hold personal data, request payloads,
    tokens printed by mistake and stack traces.  CloudWatch Logs encrypts
    every log group at rest with a key it owns, so anyone allowed to read the
    group reads the logs; with a customer-managed KMS key the key policy also
    has to allow the reader, access can be cut off by disabling the key, and
    each use is recorded in CloudTrail.  Every log group the template
    declares is checked (the groups of functions, of API access logs and any
    other); groups that Lambda creates by itself are not (declare them first,
    see FG-MON-002).
    Fix: create a KMS key whose key policy allows
    ``logs.<region>.amazonaws.com`` to use it (``kms:Encrypt*``,
    ``kms:Decrypt*``, ``kms:ReEncrypt*``, ``kms:GenerateDataKey*``,
    ``kms:Describe*``, with an ``kms:EncryptionContext:aws:logs:arn``
    condition) and set it as the log group's ``KmsKeyId``.
    SAM: ``KmsKeyId: !GetAtt LogsKey.Arn`` on the ``AWS::Logs::LogGroup``.
    CloudFormation: ``KmsKeyId: !GetAtt LogsKey.Arn`` on the ``AWS::Logs::LogGroup``.
    Serverless: the framework has no setting for it; add the key with
    ``resources.extensions`` (``<Function>LogGroup: {Properties: {KmsKeyId: ...}}``).
    Terraform: ``kms_key_id = aws_kms_key.logs.arn`` on the ``aws_cloudwatch_log_group``.
    """
    functions = function_log_groups(workload)
    apis = _access_log_groups(workload)
    for group in workload.log_groups:
        key = group.kms_key
        line = group.field_lines.get("KmsKeyId")
        where = group.location.at(line)
        if isinstance(key, Unknown):
            yield Undecided(group.id, where, f"KmsKeyId: {key.reason}")
        elif key is None or (isinstance(key, str) and not key.strip()):
            what = "KmsKeyId is empty" if key is not None else "no KmsKeyId"
            message = (
                f"log group {group.id}{_writers(group, functions, apis)} is not encrypted "
                f"with a KMS key ({what})"
            )
            yield Hit(group.id, "AWS::Logs::LogGroup", where, message)
