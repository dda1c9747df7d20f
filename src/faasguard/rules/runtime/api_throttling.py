"""FG-RT-005: API stage without throttling limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import stage_line, stage_name, stage_target
from faasguard.rules._rule import Hit, Undecided, rule


def _limit(value: Any) -> float | Unknown | None:
    """A throttling limit as a number; ``None`` when unset; negative values mean "no limit"."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return Unknown(f"expected a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return Unknown(f"not a number: {value!r}")
    return None if number < 0 else number


@rule(
    "FG-RT-005",
    Layer.RUNTIME,
    Severity.LOW,
    rows=("RT4",),
    references=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
    ),
)
def api_throttling(workload: Workload) -> Iterator[Hit | Undecided]:
    """API stage without throttling.

    Why: without stage throttling only the account-wide limit (shared by
    every API of the account in the region) applies, so one client can
    exhaust it, starving the other APIs, and drive the functions behind the
    API to their concurrency limit and your bill up.
    Fix: set a rate and burst limit on the stage's default method/route
    settings that matches the expected peak.
    SAM: ``MethodSettings: [{ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 100,
    ThrottlingBurstLimit: 50}]`` (``DefaultRouteSettings`` on ``HttpApi``).
    CloudFormation: ``MethodSettings`` on ``AWS::ApiGateway::Stage``; ``DefaultRouteSettings``
    on ``AWS::ApiGatewayV2::Stage``.
    Terraform: an ``aws_api_gateway_method_settings`` with ``method_path = "*/*"`` and
    ``throttling_rate_limit = 100`` and ``throttling_burst_limit = 50`` in its ``settings``; the same in
    ``default_route_settings`` of the ``aws_apigatewayv2_stage``.
    """
    for api in workload.apis:
        for stage in api.stages:
            resource, rtype, detail = stage_target(api, stage)
            where = stage_line(
                stage, "ThrottlingRateLimit", "ThrottlingBurstLimit", "MethodSettings", "DefaultRouteSettings"
            )
            limits = (_limit(stage.throttling_rate), _limit(stage.throttling_burst))
            if any(isinstance(v, float) for v in limits):
                continue
            unknown = next((v for v in limits if isinstance(v, Unknown)), None)
            if unknown is not None:
                yield Undecided(resource, where, f"throttling limit: {unknown.reason}")
            else:
                message = f"stage {stage_name(stage)} of API {api.id} sets no throttling limits"
                yield Hit(resource, rtype, where, message, detail)
