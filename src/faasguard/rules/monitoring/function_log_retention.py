"""FG-MON-002: function whose log group Lambda creates, without retention."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import LAMBDA_LOG_PREFIX, log_group_of
from faasguard.rules._rule import Hit, Undecided, rule


@rule(
    "FG-MON-002",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON4",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",),
)
def function_log_retention(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function log group without retention (none declared).

    Why: when the workload declares no log group for a function, Lambda
    creates ``/aws/lambda/<function name>`` on the first invocation with no
    retention, so its logs (and whatever personal or secret data they hold)
    are kept forever and outlive the stack.  Declared log groups are judged
    by FG-MON-003 instead.
    Fix: declare the function's log group with a retention period, or point
    the function at a declared group with ``LoggingConfig.LogGroup``.
    SAM: an ``AWS::Logs::LogGroup`` with ``LogGroupName: !Sub /aws/lambda/${MyFunction}``
    and ``RetentionInDays``.
    CloudFormation: an ``AWS::Logs::LogGroup`` named ``/aws/lambda/<FunctionName>`` with ``RetentionInDays``.
    Terraform: an ``aws_cloudwatch_log_group`` with
    ``name = "/aws/lambda/${aws_lambda_function.fn.function_name}"`` and ``retention_in_days = 90``, or
    ``logging_config { log_group = aws_cloudwatch_log_group.fn.name }`` on the function.
    """
    for fn in workload.functions:
        group = log_group_of(workload, fn)
        if isinstance(group, Unknown):
            yield Undecided(fn.id, fn.location, f"cannot tell which log group holds the logs: {group.reason}")
        elif group is None:
            name = LAMBDA_LOG_PREFIX + (str(fn.name) if isinstance(fn.name, str) else "<generated name>")
            message = (
                f"logs of {fn.id} are kept forever: the log group Lambda creates ({name}) has no retention"
            )
            yield Hit(fn.id, fn.resource_type, fn.location, message)
