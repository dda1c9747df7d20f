"""FG-MON-006: CloudTrail trail recording one region only."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool


@rule(
    "FG-MON-006",
    Layer.MONITORING,
    Severity.MEDIUM,
    rows=("MON1",),
    references=(
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    ),
)
def trail_multi_region(workload: Workload) -> Iterator[Hit | Undecided]:
    """CloudTrail trail is not multi-region.

    Why: a single-region trail misses API calls made in every other region,
    including those of an attacker who deploys functions where nobody looks.
    ``IsMultiRegionTrail`` defaults to false.
    Fix: make the trail record all regions.
    CloudFormation: ``IsMultiRegionTrail: true`` on the ``AWS::CloudTrail::Trail``.
    Terraform: ``is_multi_region_trail = true`` on the ``aws_cloudtrail``.
    """
    for trail in workload.trails:
        where = trail.location.at(trail.field_lines.get("IsMultiRegionTrail"))
        value = as_bool(trail.multi_region)
        if isinstance(value, Unknown):
            yield Undecided(trail.id, where, f"IsMultiRegionTrail: {value.reason}")
        elif value is not True:
            yield Hit(trail.id, "AWS::CloudTrail::Trail", where, f"trail {trail.id} records one region only")
