"""FG-MON-005: REST API stage without X-Ray tracing."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import ApiKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import stage_line, stage_name, stage_target
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool


@rule(
    "FG-MON-005",
    Layer.MONITORING,
    Severity.LOW,
    rows=("MON7",),
    references=("https://docs.aws.amazon.com/xray/latest/devguide/xray-services-apigateway.html",),
)
def api_tracing(workload: Workload) -> Iterator[Hit | Undecided]:
    """REST API stage tracing is off.

    Why: without X-Ray tracing on the stage a request cannot be followed from
    the API into the functions behind it.  Only REST APIs support X-Ray
    (HTTP and WebSocket APIs do not), so only REST stages are checked.
    Fix: enable tracing on the stage.
    SAM: ``TracingEnabled: true`` on the ``AWS::Serverless::Api`` (or ``Globals.Api``).
    CloudFormation: ``TracingEnabled: true`` on the ``AWS::ApiGateway::Stage``.
    Terraform: ``xray_tracing_enabled = true`` on the ``aws_api_gateway_stage``.
    """
    for api in workload.apis:
        if api.kind is not ApiKind.REST:
            continue
        for stage in api.stages:
            resource, rtype, detail = stage_target(api, stage)
            where = stage_line(stage, "TracingEnabled")
            enabled = as_bool(stage.tracing)
            if isinstance(enabled, Unknown):
                yield Undecided(resource, where, f"TracingEnabled: {enabled.reason}")
            elif enabled is not True:
                message = f"stage {stage_name(stage)} of REST API {api.id} has X-Ray tracing off"
                yield Hit(resource, rtype, where, message, detail)
