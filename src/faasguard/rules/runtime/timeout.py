"""FG-RT-001: function timeout longer than its synchronous caller waits."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import ApiKind, Function, TriggerKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import param_note
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_int

#: The Lambda maximum (seconds).
MAX_TIMEOUT = 900

#: How long each synchronous caller waits for the function (default integration timeouts, seconds).
#: ALBs (idle timeout set on the load balancer) and function URLs (up to the Lambda maximum) have no
#: fixed limit below the function's own, so they are not listed.
CALLER_LIMITS: dict[TriggerKind, tuple[str, int]] = {
    TriggerKind.API: ("REST API", 29),
    TriggerKind.HTTP_API: ("HTTP API", 30),
    TriggerKind.WEBSOCKET: ("WebSocket API", 29),
}
_API_TRIGGER = {
    ApiKind.REST: TriggerKind.API,
    ApiKind.HTTP: TriggerKind.HTTP_API,
    ApiKind.WEBSOCKET: TriggerKind.WEBSOCKET,
}


def _callers(workload: Workload, fn: Function) -> set[TriggerKind]:
    kinds = {t.kind for t in workload.triggers if t.function_id == fn.id and t.kind in CALLER_LIMITS}
    for api in workload.apis:
        if any(route.function_id == fn.id and not route.asynchronous for route in api.routes):
            kinds.add(_API_TRIGGER[api.kind])
    return kinds


@rule(
    "FG-RT-001",
    Layer.RUNTIME,
    Severity.LOW,
    rows=("RT2",),
    references=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
    ),
)
def timeout(workload: Workload) -> Iterator[Hit | Undecided]:
    """Timeout longer than the caller can wait, or at the maximum.

    Why: API Gateway stops waiting after its integration timeout (29 s for
    REST and WebSocket APIs, 30 s for HTTP APIs) and answers 504, but the
    function runs on until its own timeout: every slow or hostile request
    then costs the full timeout in duration and concurrency, which makes
    denial of service (and of wallet) cheap.  A timeout at the 900 s maximum
    means no timeout was chosen at all.  Regional and private REST APIs can
    have the 29 s limit raised by a quota increase; suppress with that reason.
    Fix: set the function's timeout just above its real duration and below
    the caller's limit; move long work to an asynchronous path.
    SAM: ``Timeout: 10`` on the function or in ``Globals.Function``.
    CloudFormation: ``Timeout: 10``.
    Terraform: ``timeout = 10`` on the ``aws_lambda_function``.
    """
    for fn in workload.functions:
        where = fn.line_of("Timeout")
        seconds = as_int(fn.timeout)
        if isinstance(seconds, Unknown):
            yield Undecided(fn.id, where, f"Timeout: {seconds.reason}")
            continue
        if seconds is None:
            continue  # the 3 s default
        note = param_note(fn.timeout)
        exceeded = sorted(
            (CALLER_LIMITS[k] for k in _callers(workload, fn) if seconds > CALLER_LIMITS[k][1]),
            key=lambda item: (item[1], item[0]),
        )
        if exceeded:
            callers = ", ".join(f"{label} ({limit} s)" for label, limit in exceeded)
            message = f"timeout of {fn.id} is {seconds} s{note}, longer than its callers wait: {callers}"
            yield Hit(fn.id, fn.resource_type, where, message, "caller")
        elif seconds >= MAX_TIMEOUT:
            message = f"timeout of {fn.id} is the {MAX_TIMEOUT} s maximum{note}"
            yield Hit(fn.id, fn.resource_type, where, message, "maximum")
