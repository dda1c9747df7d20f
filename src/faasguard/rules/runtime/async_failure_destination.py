"""FG-RT-003: asynchronously invoked function without a failure destination."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import ASYNC_TRIGGERS, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule


@rule(
    "FG-RT-003",
    Layer.RUNTIME,
    Severity.MEDIUM,
    rows=("RT3",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",),
)
def async_failure_destination(workload: Workload) -> Iterator[Hit | Undecided]:
    """Asynchronous trigger without a failure destination.

    Why: for asynchronous invocations (S3, SNS, EventBridge, schedules,
    CloudWatch Logs, IoT) Lambda retries twice and then drops the event.
    Without a dead-letter queue or an on-failure destination, failed events,
    including the ones an attacker made fail on purpose, disappear without a
    trace and cannot be replayed.
    Fix: add an on-failure destination (SQS, SNS, EventBridge, S3 or another
    function) or a dead-letter queue, and alarm on it.
    SAM: ``EventInvokeConfig: {DestinationConfig: {OnFailure: {Type: SQS, Destination: ...}}}``
    or ``DeadLetterQueue``.
    CloudFormation: ``AWS::Lambda::EventInvokeConfig`` with ``DestinationConfig.OnFailure``,
    or ``DeadLetterConfig``.
    Terraform: an ``aws_lambda_function_event_invoke_config`` with
    ``destination_config { on_failure { destination = aws_sqs_queue.failed.arn } }``, or
    ``dead_letter_config { target_arn = aws_sqs_queue.failed.arn }`` on the ``aws_lambda_function``.
    """
    for fn in workload.functions:
        kinds = sorted(
            {t.kind.value for t in workload.triggers if t.function_id == fn.id and t.kind in ASYNC_TRIGGERS}
        )
        if not kinds:
            continue
        targets = (fn.dead_letter_target, fn.on_failure_destination)
        if any(t is not None and not isinstance(t, Unknown) for t in targets):
            continue
        unknown = next((t for t in targets if isinstance(t, Unknown)), None)
        if unknown is not None:
            yield Undecided(fn.id, fn.location, f"failure destination: {unknown.reason}")
            continue
        message = (
            f"{fn.id} is invoked asynchronously ({', '.join(kinds)}) but has no dead-letter queue "
            "or on-failure destination: failed events are dropped"
        )
        yield Hit(fn.id, fn.resource_type, fn.location, message)
