"""FG-RT-006: recursive loop detection turned off."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text


@rule(
    "FG-RT-006",
    Layer.RUNTIME,
    Severity.MEDIUM,
    rows=("RT3",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html",),
)
def recursive_loop(workload: Workload) -> Iterator[Hit | Undecided]:
    """Recursive loop detection disabled.

    Why: by default Lambda stops a function caught in a recursive loop (a
    function writing to the queue, topic or bucket that invokes it).  With
    ``RecursiveLoop: Allow`` such a loop, whether a bug or triggered on
    purpose with a crafted event, runs until someone notices the bill.
    Fix: remove the setting (the default is ``Terminate``); if the design
    really loops, keep ``Allow`` only with a hop counter in the events and a
    concurrency limit.
    SAM: ``RecursiveLoop: Terminate``.
    CloudFormation: ``RecursiveLoop: Terminate``.
    Terraform: ``recursive_loop = "Terminate"`` on the ``aws_lambda_function_recursion_config`` (or remove
    the resource).
    """
    for fn in workload.functions:
        where = fn.line_of("RecursiveLoop")
        value = text(fn.recursive_loop)
        if isinstance(value, Unknown):
            yield Undecided(fn.id, where, f"RecursiveLoop: {value.reason}")
        elif value is not None and value.strip().lower() == "allow":
            yield Hit(
                fn.id, fn.resource_type, where, f"{fn.id} allows recursive loops (RecursiveLoop: Allow)"
            )
