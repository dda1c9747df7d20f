"""FG-DP-004: KMS key deletion window shorter than 30 days."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_int
from faasguard.rules.data.key_rotation import is_replica

#: The shortest acceptable ``PendingWindowInDays`` (also the AWS default, and its maximum).
MIN_PENDING_WINDOW_DAYS = 30


@rule("FG-DP-004", Layer.DATA, Severity.LOW, rows=("DP2",))
def key_deletion_window(workload: Workload) -> Iterator[Hit | Undecided]:
    """KMS key deletion window shorter than 30 days.

    Why: a key scheduled for deletion is destroyed when the window ends, and
    every piece of data encrypted under it becomes unreadable for good.  A
    short window leaves little time to notice a mistaken or malicious
    deletion (stack removal, a compromised administrator) and cancel it.
    Unset means the AWS default of 30 days and is not reported.  Multi-Region
    replica keys have a window of their own and are judged too.
    Fix: remove ``PendingWindowInDays`` or set it to 30.
    CloudFormation: ``AWS::KMS::Key`` (or ``AWS::KMS::ReplicaKey``) ``PendingWindowInDays: 30``.
    Terraform: remove ``deletion_window_in_days`` from the ``aws_kms_key`` (or ``aws_kms_replica_key``)
    or set it to 30.
    """
    for key in workload.keys:
        days = as_int(key.pending_window_days)
        where = key.location.at(key.field_lines.get("PendingWindowInDays"))
        if isinstance(days, Unknown):
            yield Undecided(key.id, where, f"PendingWindowInDays: {days.reason}")
        elif days is not None and days < MIN_PENDING_WINDOW_DAYS:
            message = f"key {key.id} is destroyed {days} days after deletion is scheduled"
            message += f" (at least {MIN_PENDING_WINDOW_DAYS} recommended)"
            rtype = "AWS::KMS::ReplicaKey" if is_replica(key) else "AWS::KMS::Key"
            yield Hit(key.id, rtype, where, message)
