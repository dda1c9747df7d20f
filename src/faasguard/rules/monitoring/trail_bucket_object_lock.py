"""FG-MON-011: the bucket a CloudTrail trail delivers to has no S3 Object Lock."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Bucket, Derived, Trail, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool
from faasguard.rules.monitoring._alarms import same_name


def _bucket_of(trail: Trail, buckets: tuple[Bucket, ...]) -> Bucket | Unknown:
    """The bucket of this workload ``S3BucketName`` designates, or why it cannot be told."""
    target = trail.bucket
    if isinstance(target, Unknown):
        return Unknown(f"S3BucketName of {trail.id}: {target.reason}")
    if not isinstance(target, str):
        return Unknown(f"S3BucketName of {trail.id} is not set or not a name")
    for bucket in buckets:
        if bucket.id == target and not isinstance(target, Derived):
            return bucket
    if isinstance(target, Derived) and target.refs:
        hit = [b for b in buckets if b.id in target.refs]
        if len(hit) == 1:
            return hit[0]
    maybe: Unknown | None = None
    for bucket in buckets:
        if isinstance(bucket.name, Unknown):
            if maybe is None:
                maybe = Unknown(f"BucketName of {bucket.id}: {bucket.name.reason}")
        elif isinstance(bucket.name, str):
            same = same_name(str(target).strip(), str(bucket.name).strip())
            if same is True:
                return bucket
            if maybe is None and isinstance(same, Unknown):
                maybe = same
    if maybe is not None:
        return maybe
    return Unknown(f"trail {trail.id} delivers to bucket {target}, which is not declared in this template")


@rule(
    "FG-MON-011",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON3",),
    references=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html",
    ),
)
def trail_bucket_object_lock(workload: Workload) -> Iterator[Hit | Undecided]:
    """CloudTrail bucket without S3 Object Lock.

    Why: whoever can delete or overwrite objects in the trail's bucket - an
    intruder with a stolen administrator key - can erase the record of what
    they did.  Object Lock makes delivered log files write-once for the
    retention period, even for the account root in compliance mode.  Only
    buckets declared in the same template are checked; a bucket elsewhere is
    reported as not assessed.
    Fix: create the trail bucket with Object Lock enabled and a default
    retention (Object Lock can be enabled on an existing bucket too), and keep
    versioning on, which Object Lock requires.
    CloudFormation: ``ObjectLockEnabled: true`` and ``ObjectLockConfiguration: {ObjectLockEnabled:
    Enabled, Rule: {DefaultRetention: {Mode: GOVERNANCE, Days: 365}}}`` on the ``AWS::S3::Bucket``.
    SAM: the same on the ``AWS::S3::Bucket`` resource.
    Serverless: the same on the bucket under ``resources.Resources``.
    Terraform: ``object_lock_enabled = true`` on the ``aws_s3_bucket`` and an
    ``aws_s3_bucket_object_lock_configuration`` with a ``default_retention`` rule (that resource also
    enables Object Lock on an existing, versioned bucket).
    """
    seen: set[str] = set()
    for trail in workload.trails:
        bucket = _bucket_of(trail, workload.buckets)
        if isinstance(bucket, Unknown):
            where = trail.location.at(trail.field_lines.get("S3BucketName"))
            yield Undecided(trail.id, where, bucket.reason)
            continue
        if bucket.id in seen:
            continue
        seen.add(bucket.id)
        lines = bucket.field_lines
        where = bucket.location.at(lines.get("ObjectLockEnabled") or lines.get("ObjectLockConfiguration"))
        lock = as_bool(bucket.object_lock)
        if isinstance(lock, Unknown):
            yield Undecided(bucket.id, where, f"Object Lock of {bucket.id}: {lock.reason}")
        elif lock is not True:
            yield Hit(
                bucket.id,
                "AWS::S3::Bucket",
                where,
                f"bucket {bucket.id} receives the logs of trail {trail.id} without S3 Object Lock",
            )
