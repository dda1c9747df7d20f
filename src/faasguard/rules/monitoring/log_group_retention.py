"""FG-MON-003: declared log group without retention."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import function_log_groups
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_int


@rule(
    "FG-MON-003",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON4",),
    references=(
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html",
    ),
)
def log_group_retention(workload: Workload) -> Iterator[Hit | Undecided]:
    """Log group without retention.

    Why: a log group without ``RetentionInDays`` keeps every event forever;
    logs often carry personal data, tokens or request payloads, and keeping
    them longer than needed widens what a leak exposes (and what you pay for).
    Fix: set ``RetentionInDays`` to the period your policy requires.
    CloudFormation: ``RetentionInDays: 90`` on the ``AWS::Logs::LogGroup``.
    Terraform: ``retention_in_days = 90`` on the ``aws_cloudwatch_log_group`` (``0``, the default, keeps
    logs forever).
    """
    writers = function_log_groups(workload)
    for group in workload.log_groups:
        where = group.location.at(group.field_lines.get("RetentionInDays"))
        days = as_int(group.retention_days)
        if isinstance(days, Unknown):
            yield Undecided(group.id, where, f"RetentionInDays: {days.reason}")
        elif days is None:
            owners = writers.get(group.id, ())
            suffix = f" (logs of {', '.join(owners)})" if owners else ""
            yield Hit(
                group.id,
                "AWS::Logs::LogGroup",
                where,
                f"log group {group.id} keeps its logs forever: no RetentionInDays{suffix}",
            )
