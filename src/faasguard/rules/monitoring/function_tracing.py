"""FG-MON-001: function without active X-Ray tracing."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text


@rule(
    "FG-MON-001",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON7",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html",),
)
def function_tracing(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function tracing is off.

    Why: without active tracing a request cannot be followed through the
    function and the services it calls, which slows down the investigation of
    an incident.  ``PassThrough`` (the default) traces only requests an
    upstream service already sampled.
    Fix: set the function's tracing mode to ``Active`` and allow the role to
    write traces (``AWSXRayDaemonWriteAccess``).
    SAM: ``Tracing: Active`` on the function or in ``Globals.Function``.
    CloudFormation: ``TracingConfig: {Mode: Active}``.
    Terraform: ``tracing_config { mode = "Active" }`` on the ``aws_lambda_function``.
    """
    for fn in workload.functions:
        where = fn.location.at(fn.field_lines.get("TracingConfig") or fn.field_lines.get("Tracing"))
        mode = text(fn.tracing)
        if isinstance(mode, Unknown):
            yield Undecided(fn.id, where, f"tracing mode: {mode.reason}")
        elif mode is None:
            yield Hit(fn.id, fn.resource_type, where, f"tracing is off for {fn.id} (no tracing mode set)")
        elif mode.strip().lower() != "active":
            yield Hit(fn.id, fn.resource_type, where, f"tracing is off for {fn.id} (mode {mode})")
