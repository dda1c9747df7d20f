"""FG-MON-004: API stage without access logging."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import stage_line, stage_name, stage_target
from faasguard.rules._rule import Hit, Undecided, rule


@rule(
    "FG-MON-004",
    Layer.MONITORING,
    Severity.MEDIUM,
    rows=("MON8",),
    references=("https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",),
)
def api_access_logging(workload: Workload) -> Iterator[Hit | Undecided]:
    """API stage access logging is off.

    Why: access logs are the record of who called the API, from where, and
    with what result; without them abuse of a public entry point cannot be
    detected or investigated.
    Fix: send the stage's access logs to a CloudWatch Logs group (or Firehose)
    with a format that records the caller, request id and status.
    SAM: ``AccessLogSetting: {DestinationArn: ..., Format: ...}`` on the
    ``AWS::Serverless::Api`` (``AccessLogSettings`` on ``HttpApi``).
    CloudFormation: ``AccessLogSetting`` on ``AWS::ApiGateway::Stage``,
    ``AccessLogSettings`` on ``AWS::ApiGatewayV2::Stage``.
    Terraform: an ``access_log_settings`` block with ``destination_arn = aws_cloudwatch_log_group.api.arn``
    and a ``format`` on the ``aws_api_gateway_stage`` or ``aws_apigatewayv2_stage``.
    """
    for api in workload.apis:
        for stage in api.stages:
            resource, rtype, detail = stage_target(api, stage)
            where = stage_line(stage, "AccessLogSetting", "AccessLogSettings")
            destination = stage.access_log_destination
            if isinstance(destination, Unknown):
                where = stage_line(stage, "DestinationArn", "AccessLogSetting", "AccessLogSettings")
                yield Undecided(resource, where, f"access log destination: {destination.reason}")
            elif destination is None:
                message = f"stage {stage_name(stage)} of API {api.id} does not write access logs"
                yield Hit(resource, rtype, where, message, detail)
