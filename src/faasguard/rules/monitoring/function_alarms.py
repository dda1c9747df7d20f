"""FG-MON-012: function without an alarm on its errors or throttles."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Function, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.monitoring._alarms import any_true, watches_function

#: the metrics every function needs an alarm on, in the order they are reported
_METRICS = ("Errors", "Throttles")


def _watched(workload: Workload, fn: Function, metric: str) -> bool | Unknown:
    names = frozenset({metric})
    return any_true(watches_function(alarm, fn, names) for alarm in workload.alarms)


@rule(
    "FG-MON-012",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON5",),
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best-Practice-Alarms.html",
    ),
)
def function_alarms(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function without an alarm on errors or throttles.

    Why: a function that starts failing or being throttled - a broken
    deployment, an exhausted concurrency pool, a flood of malicious calls -
    does so silently until a user complains.  Only templates that declare at
    least one CloudWatch alarm are checked: they are where the team keeps its
    alarms, so a function left out is an oversight, while a template without
    any alarm usually relies on a monitoring stack or service elsewhere.
    An alarm counts when it watches the ``AWS/Lambda`` metric of the function
    (``FunctionName`` or ``Resource`` dimension), directly or inside metric
    math, or the metric across all functions (no dimensions).
    Fix: add a CloudWatch alarm on ``Errors`` and one on ``Throttles`` (Sum,
    1-5 minute period, threshold above 0) with the function's name as the
    ``FunctionName`` dimension, and an action that reaches a person.
    CloudFormation: an ``AWS::CloudWatch::Alarm`` with ``Namespace: AWS/Lambda``, ``MetricName:
    Errors`` and ``Dimensions: [{Name: FunctionName, Value: !Ref MyFunction}]``; the same for
    ``Throttles``.
    SAM: the same alarms next to the ``AWS::Serverless::Function`` (``!Ref`` gives its name).
    Serverless: the same alarms under ``resources.Resources`` (the function's logical id is
    ``<Name>LambdaFunction``), or the ``serverless-plugin-aws-alerts`` plugin.
    Terraform: an ``aws_cloudwatch_metric_alarm`` with ``namespace = "AWS/Lambda"``,
    ``metric_name = "Errors"`` and ``dimensions = { FunctionName = aws_lambda_function.fn.function_name }``;
    the same for ``Throttles`` (``for_each = toset(["Errors", "Throttles"])``).
    """
    if not workload.alarms:
        return
    for fn in workload.functions:
        state = {metric: _watched(workload, fn, metric) for metric in _METRICS}
        missing = [metric for metric, seen in state.items() if seen is False]
        unsure = {metric: seen for metric, seen in state.items() if isinstance(seen, Unknown)}
        if missing:
            detail = "; ".join(f"{m}: not assessed ({u.reason})" for m, u in unsure.items())
            yield Hit(
                fn.id,
                fn.resource_type,
                fn.location,
                f"function {fn.id} has no CloudWatch alarm on its {' or '.join(missing)}",
                detail,
            )
        elif unsure:
            metric, why = next(iter(unsure.items()))
            yield Undecided(
                fn.id, fn.location, f"whether an alarm watches the {metric} of {fn.id}: {why.reason}"
            )
