"""FG-RT-009: SQS queue's visibility timeout too short for the function it triggers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import Derived, MessageResource, TriggerKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import param_note
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_int

#: AWS's advice: the visibility timeout at least this many times the function timeout.
FACTOR = 6
#: Defaults (seconds): SQS visibility timeout; function timeout (the Serverless Framework sets 6).
DEFAULT_VISIBILITY = 30
DEFAULT_TIMEOUT = {"serverless": 6}
LAMBDA_DEFAULT_TIMEOUT = 3


def _queue(workload: Workload, source: Any) -> MessageResource | Unknown:
    """The queue of this workload an event source names (unknown when it is elsewhere)."""
    if isinstance(source, Unknown):
        return Unknown(f"queue ARN: {source.reason}")
    refs = source.refs if isinstance(source, Derived) else frozenset()
    queues = [m for m in workload.message_resources if m.kind == "sqs" and m.id in refs]
    if len(queues) == 1:
        return queues[0]
    return Unknown(f"queue {source} is not declared in this template")


@rule(
    "FG-RT-009",
    Layer.RUNTIME,
    Severity.LOW,
    rows=("RT2",),
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html",
    ),
)
def sqs_visibility(workload: Workload) -> Iterator[Hit | Undecided]:
    """SQS visibility timeout shorter than six times the consuming function's timeout.

    Why: while Lambda processes a batch the messages are only hidden for the
    queue's visibility timeout; when it runs out first (a slow invocation, a
    throttled retry) the same messages are delivered again and processed
    twice - duplicate payments, e-mails or writes, and double the cost under
    load.  AWS asks for a visibility timeout of at least six times the
    function timeout; below one times the event source mapping is rejected
    and the deployment fails.  Defaults count: a visibility timeout of 30 s,
    a function timeout of 3 s (6 s in the Serverless Framework).  Queues
    outside this template are undecided.
    Fix: raise the queue's ``VisibilityTimeout`` to at least six times the
    function's timeout (or lower the timeout to what the work needs).
    SAM: ``VisibilityTimeout: 180`` on the ``AWS::SQS::Queue`` for a function with ``Timeout: 30``.
    CloudFormation: ``VisibilityTimeout: 180`` on the ``AWS::SQS::Queue``.
    Serverless: ``VisibilityTimeout`` on the queue under ``resources.Resources``.
    Terraform: ``visibility_timeout_seconds = 180`` on the ``aws_sqs_queue`` for a function with
    ``timeout = 30``.
    """
    default_timeout = DEFAULT_TIMEOUT.get(workload.format, LAMBDA_DEFAULT_TIMEOUT)
    seen: set[tuple[str, str]] = set()
    for trigger in workload.triggers:
        fn = workload.function(trigger.function_id)
        if trigger.kind is not TriggerKind.SQS or fn is None:
            continue
        queue = _queue(workload, trigger.source)
        if isinstance(queue, Unknown):
            yield Undecided(fn.id, trigger.location, queue.reason)
            continue
        if (fn.id, queue.id) in seen:
            continue
        seen.add((fn.id, queue.id))
        where = queue.location.at(queue.field_lines.get("VisibilityTimeout"))
        timeout, visibility = as_int(fn.timeout), as_int(queue.visibility_timeout)
        if isinstance(timeout, Unknown):
            yield Undecided(queue.id, where, f"Timeout of {fn.id}: {timeout.reason}")
            continue
        if isinstance(visibility, Unknown):
            yield Undecided(queue.id, where, f"VisibilityTimeout: {visibility.reason}")
            continue
        seconds = timeout if timeout is not None else default_timeout
        hidden = visibility if visibility is not None else DEFAULT_VISIBILITY
        if hidden >= FACTOR * seconds:
            continue
        shown = f"{hidden} s" + (
            " (the default)" if visibility is None else param_note(queue.visibility_timeout)
        )
        wait = f"{seconds} s" + (" (the default)" if timeout is None else param_note(fn.timeout))
        effect = (
            "shorter than the timeout itself: Lambda rejects the event source mapping"
            if hidden < seconds
            else f"less than the {FACTOR * seconds} s AWS advises: messages can be processed twice"
        )
        message = (
            f"visibility timeout of queue {queue.id} is {shown}, function {fn.id} may run {wait}; {effect}"
        )
        yield Hit(queue.id, "AWS::SQS::Queue", where, message, fn.id)
