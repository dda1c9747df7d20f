"""FG-DP-009: S3 bucket whose policy does not deny requests over plain HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import Bucket, Statement, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

__all__ = ["bucket_secure_transport"]

_REFERENCES = (
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
    "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://owasp.org/www-project-serverless-top-10/",
)

Decision = bool | Unknown


def _all_of(parts: list[Decision]) -> Decision:
    """False when one part is False, else the first unknown, else True."""
    if any(p is False for p in parts):
        return False
    return next((p for p in parts if isinstance(p, Unknown)), True)


def _any_of(values: tuple[Any, ...], test: Any) -> Decision:
    """True when one value passes ``test``, else the first unknown, else False."""
    if any(isinstance(v, str) and test(v) for v in values):
        return True
    return next((v for v in values if isinstance(v, Unknown)), False)


def _tls_condition(conditions: dict[str, dict[str, tuple[Any, ...]]]) -> Decision:
    """Whether the condition block matches plain-HTTP requests (or TLS below 1.2)."""
    found: list[Decision] = [False]
    for operator, keys in conditions.items():
        op = operator.lower()
        if op in ("bool", "boolifexists") and "aws:securetransport" in keys:
            values = keys["aws:securetransport"]
            found.append(_any_of(tuple(str(v) if isinstance(v, bool) else v for v in values), _is_false))
        elif op in ("numericlessthan", "numericlessthanifexists") and "s3:tlsversion" in keys:
            found.append(
                _any_of(
                    tuple(str(v) if isinstance(v, float | int) else v for v in keys["s3:tlsversion"]),
                    _at_least_12,
                )
            )
    if any(f is True for f in found):
        return True
    return next((f for f in found if isinstance(f, Unknown)), False)


def _is_false(value: str) -> bool:
    return value.strip().lower() == "false"


def _at_least_12(value: str) -> bool:
    try:
        return float(value.strip()) >= 1.2
    except ValueError:
        return False


def denies_plain_http(st: Statement) -> Decision:
    """Whether ``st`` denies every S3 action to everyone over plain HTTP (or TLS below 1.2).

    Extra conditions beside the transport one are not judged.
    """
    if isinstance(st.effect, Unknown):
        return st.effect
    if st.effect != "Deny":
        return False
    if isinstance(st.conditions, Unknown):
        return st.conditions
    principals = tuple(p.value for p in st.principals)
    return _all_of(
        [
            _tls_condition(st.conditions),
            _any_of(st.actions, lambda a: a.strip().lower() in ("*", "s3:*")),
            _any_of(principals, lambda p: p.strip() == "*"),
            # the objects must be covered: "*", "<bucket ARN>/*" (or a prefix of it ending in *)
            _any_of(st.resources, lambda r: r.strip().endswith("*")),
        ]
    )


def _website(bucket: Bucket) -> bool:
    return "WebsiteConfiguration" in bucket.field_lines


@rule("FG-DP-009", Layer.DATA, Severity.MEDIUM, rows=("DP3",), references=_REFERENCES)
def bucket_secure_transport(workload: Workload) -> Iterator[Hit | Undecided]:
    """S3 bucket does not deny requests over plain HTTP.

    Why: S3 accepts both HTTP and HTTPS; unless the bucket policy denies
    requests where ``aws:SecureTransport`` is false, a misconfigured client,
    SDK or proxy can read or write the workload's objects in clear text, open
    to interception and tampering.  An ``Allow`` limited to HTTPS does not
    help: other grants (IAM policies, ACLs) still work over HTTP.  Every bucket
    of the template is checked (a serverless workload's buckets hold its
    uploads, exports and artefacts), except static-website buckets, whose
    website endpoint only speaks HTTP and would break.  A statement counts
    when it is a ``Deny`` of ``s3:*`` (or ``*``) to ``Principal: "*"`` on the
    objects (``<bucket ARN>/*`` or ``*``) under ``Bool aws:SecureTransport
    false`` or ``NumericLessThan s3:TlsVersion 1.2``; further conditions on
    that statement are not judged (CIS AWS Foundations 2.1.1, Security Hub S3.5).
    Fix: add to the bucket policy a statement ``Effect: Deny``, ``Principal:
    "*"``, ``Action: "s3:*"``, ``Resource: [<bucket ARN>, <bucket ARN>/*]``,
    ``Condition: {Bool: {aws:SecureTransport: false}}`` (create an
    ``AWS::S3::BucketPolicy`` when the bucket has none).
    SAM: an ``AWS::S3::BucketPolicy`` with ``Bucket: !Ref DataBucket`` and that
    statement, with ``Resource: [!GetAtt DataBucket.Arn, !Sub "${DataBucket.Arn}/*"]``.
    CloudFormation: the same ``AWS::S3::BucketPolicy`` statement.
    Serverless: declare the policy under ``resources.Resources``; for a bucket
    the framework creates for an ``s3`` event, ``Bucket: !Ref S3Bucket<Name>``.
    Terraform: an ``aws_s3_bucket_policy`` from an ``aws_iam_policy_document`` with a ``statement``
    of ``effect = "Deny"``, ``actions = ["s3:*"]``, ``principals`` ``type = "*"``/``identifiers = ["*"]``,
    ``resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]`` and a ``condition`` with
    ``test = "Bool"``, ``variable = "aws:SecureTransport"``, ``values = ["false"]``.
    """
    for bucket in workload.buckets:
        if _website(bucket):
            continue
        policy = bucket.policy
        if policy is None:
            message = f"bucket {bucket.id} has no bucket policy, so nothing denies requests over plain HTTP"
            yield Hit(bucket.id, "AWS::S3::Bucket", bucket.location, message)
            continue
        if isinstance(policy.statements, Unknown):
            reason = f"bucket policy {policy.name}: {policy.statements.reason}"
            yield Undecided(bucket.id, policy.location, reason)
            continue
        verdict = _any_of_statements(policy.statements)
        if isinstance(verdict, Unknown):
            yield Undecided(bucket.id, policy.location, f"bucket policy {policy.name}: {verdict.reason}")
        elif verdict is False:
            message = (
                f"bucket policy {policy.name} of bucket {bucket.id} does not deny s3:* to everyone "
                "when aws:SecureTransport is false, so requests over plain HTTP are accepted"
            )
            yield Hit(bucket.id, "AWS::S3::Bucket", policy.location, message, detail=policy.name)


def _any_of_statements(statements: tuple[Statement, ...]) -> Decision:
    verdicts = [denies_plain_http(st) for st in statements]
    if any(v is True for v in verdicts):
        return True
    return next((v for v in verdicts if isinstance(v, Unknown)), False)
