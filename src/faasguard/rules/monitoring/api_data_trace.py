"""FG-MON-009: API stage logging full request and response data."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import ApiKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import stage_line, stage_name, stage_target
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool


@rule(
    "FG-MON-009",
    Layer.MONITORING,
    Severity.MEDIUM,
    rows=("MON8",),
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",),
)
def api_data_trace(workload: Workload) -> Iterator[Hit | Undecided]:
    """API stage logs full request and response data.

    Why: with data tracing on, API Gateway writes whole request and response
    payloads to the execution logs, so passwords, tokens and personal data
    sent through the API end up readable by anyone who can read the logs.
    AWS recommends against it for production APIs.
    Fix: turn data tracing off and use access logs (with chosen, non-sensitive
    fields) or execution logs at ``ERROR``/``INFO`` level instead.
    SAM: ``MethodSettings: [{DataTraceEnabled: false, ...}]`` on the ``AWS::Serverless::Api``.
    CloudFormation: ``DataTraceEnabled: false`` in the stage's ``MethodSettings``.
    Terraform: ``data_trace_enabled = false`` in the ``settings`` of the ``aws_api_gateway_method_settings``
    (in ``default_route_settings`` of a WebSocket ``aws_apigatewayv2_stage``).
    """
    for api in workload.apis:
        if api.kind is ApiKind.HTTP:
            # HTTP APIs have no execution logs: DataTraceEnabled on their stages is
            # accepted but "supported only for WebSocket APIs", so nothing leaks
            continue
        for stage in api.stages:
            resource, rtype, detail = stage_target(api, stage)
            where = stage_line(stage, "DataTraceEnabled", "MethodSettings", "DefaultRouteSettings")
            # the loader folds the logging level in: data_trace is on only for an entry whose
            # execution logging is not OFF (with logging OFF nothing is written, so nothing leaks)
            enabled = as_bool(stage.data_trace)
            if isinstance(enabled, Unknown):
                yield Undecided(resource, where, f"DataTraceEnabled: {enabled.reason}")
            elif enabled is True:
                message = f"stage {stage_name(stage)} of API {api.id} logs full request and response data"
                yield Hit(resource, rtype, where, message, detail)
