"""FG-MON-013: no alarm on Lambda concurrency."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.monitoring._alarms import any_true, watches

_CONCURRENCY = frozenset(
    {"ConcurrentExecutions", "ClaimedAccountConcurrency", "UnreservedConcurrentExecutions"}
)


@rule(
    "FG-MON-013",
    Layer.MONITORING,
    Severity.INFO,
    rows=("MON5",),
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-concurrency.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best-Practice-Alarms.html",
    ),
)
def concurrency_alarm(workload: Workload) -> Iterator[Hit | Undecided]:
    """No alarm on Lambda concurrency spikes.

    Why: a sudden rise in concurrent executions is how a runaway loop, a
    denial-of-wallet attack or a flood of stolen-credential calls shows up
    first, and once the account's concurrency is used up every function is
    throttled.  Reported once per template, on its first function, and only
    for templates that declare at least one CloudWatch alarm (the others keep
    their alarms elsewhere).  An alarm on ``ConcurrentExecutions`` (of any
    function or the account), ``ClaimedAccountConcurrency`` or
    ``UnreservedConcurrentExecutions`` counts.  Informational: concurrency is
    an account-wide quantity that a central monitoring stack often watches.
    Fix: alarm on ``ClaimedAccountConcurrency`` (Maximum) near the account's
    concurrency quota, or on ``ConcurrentExecutions`` of the functions that
    matter, with an action that reaches a person.
    CloudFormation: an ``AWS::CloudWatch::Alarm`` with ``Namespace: AWS/Lambda``,
    ``MetricName: ClaimedAccountConcurrency``, ``Statistic: Maximum`` and no ``Dimensions``.
    SAM: the same alarm next to the functions.
    Serverless: the same alarm under ``resources.Resources``.
    Terraform: an ``aws_cloudwatch_metric_alarm`` with ``namespace = "AWS/Lambda"``,
    ``metric_name = "ClaimedAccountConcurrency"``, ``statistic = "Maximum"`` and no ``dimensions``.
    """
    if not workload.alarms or not workload.functions:
        return
    found = any_true(watches(alarm, _CONCURRENCY) for alarm in workload.alarms)
    if found is True:
        return
    first = workload.functions[0]
    if isinstance(found, Unknown):
        yield Undecided(
            first.id, first.location, f"whether an alarm watches Lambda concurrency: {found.reason}"
        )
        return
    count = len(workload.functions)
    yield Hit(
        first.id,
        first.resource_type,
        first.location,
        f"no CloudWatch alarm on Lambda concurrency for the {count} function(s) of this template "
        f"({', '.join(fn.id for fn in workload.functions[:5])}{', ...' if count > 5 else ''})",
    )
