"""FG-RT-002: function without reserved concurrency."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_int


@rule(
    "FG-RT-002",
    Layer.RUNTIME,
    Severity.LOW,
    rows=("RT3",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",),
)
def reserved_concurrency(workload: Workload) -> Iterator[Hit | Undecided]:
    """No reserved concurrency.

    Why: without reserved concurrency a function can take the whole
    account's concurrency in the region, so a flood of requests to one
    function (an attack, a retry storm, a loop) throttles every other
    function; reserved concurrency caps the blast radius and guarantees the
    function its share.  It also gives a quick containment switch (set it to
    0 to stop the function).
    Fix: reserve the concurrency the function needs at peak.
    SAM: ``ReservedConcurrentExecutions: 50``.
    CloudFormation: ``ReservedConcurrentExecutions: 50``.
    Terraform: ``reserved_concurrent_executions = 50`` on the ``aws_lambda_function`` (``-1``, the default,
    reserves nothing).
    """
    for fn in workload.functions:
        where = fn.line_of("ReservedConcurrentExecutions")
        value = as_int(fn.reserved_concurrency)
        if isinstance(value, Unknown):
            yield Undecided(fn.id, where, f"ReservedConcurrentExecutions: {value.reason}")
        elif value is None:
            yield Hit(fn.id, fn.resource_type, where, f"{fn.id} has no reserved concurrency")
