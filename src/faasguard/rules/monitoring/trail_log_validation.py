"""FG-MON-007: CloudTrail trail without log file validation."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool


@rule(
    "FG-MON-007",
    Layer.MONITORING,
    Severity.MEDIUM,
    rows=("MON1",),
    references=(
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    ),
)
def trail_log_validation(workload: Workload) -> Iterator[Hit | Undecided]:
    """CloudTrail log file validation is off.

    Why: without digest files nobody can prove that a log file was not
    changed or deleted after delivery, so an intruder who reaches the bucket
    can erase their tracks unnoticed.  ``EnableLogFileValidation`` defaults
    to false.
    Fix: turn on log file validation.
    CloudFormation: ``EnableLogFileValidation: true`` on the ``AWS::CloudTrail::Trail``.
    Terraform: ``enable_log_file_validation = true`` on the ``aws_cloudtrail``.
    """
    for trail in workload.trails:
        where = trail.location.at(trail.field_lines.get("EnableLogFileValidation"))
        value = as_bool(trail.log_validation)
        if isinstance(value, Unknown):
            yield Undecided(trail.id, where, f"EnableLogFileValidation: {value.reason}")
        elif value is not True:
            yield Hit(
                trail.id, "AWS::CloudTrail::Trail", where, f"trail {trail.id} has log file validation off"
            )
