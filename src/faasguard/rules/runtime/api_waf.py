"""FG-RT-004: public REST API stage without a WAF web ACL."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Api, ApiKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import stage_name, stage_target, stage_waf
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text


def _endpoint(api: Api) -> str | Unknown | None:
    """The endpoint type, also when written as a one-item list (``EndpointConfiguration.Types``)."""
    value = api.endpoint_type
    if isinstance(value, list | tuple):
        if len(value) != 1:
            return Unknown(f"endpoint types {value!r}")
        value = value[0]
    return text(value)


@rule(
    "FG-RT-004",
    Layer.RUNTIME,
    Severity.MEDIUM,
    rows=("RT1",),
    references=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html",
    ),
)
def api_waf(workload: Workload) -> Iterator[Hit | Undecided]:
    """Public REST API without a WAF.

    Why: a web ACL in front of a public API blocks injection payloads, known
    bad inputs and request floods (rate-based rules) before they reach, and
    are paid for by, the functions behind it.  Only REST API stages can be
    associated with AWS WAF (HTTP and WebSocket APIs cannot, so they are not
    checked here); private APIs and APIs with a resource policy are skipped.
    A web ACL attached outside this workload (Firewall Manager, a CloudFront
    distribution in front) is not visible: suppress with that reason.
    Fix: associate a WAFv2 web ACL (AWS managed rule groups plus a rate-based
    rule) with the stage.
    CloudFormation: ``AWS::WAFv2::WebACLAssociation`` with
    ``ResourceArn: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${MyApi}/stages/prod``.
    Terraform: an ``aws_wafv2_web_acl_association`` with ``resource_arn = aws_api_gateway_stage.prod.arn``
    and ``web_acl_arn = aws_wafv2_web_acl.api.arn``.
    """
    for api in workload.apis:
        if api.kind is not ApiKind.REST or api.has_resource_policy:
            continue
        endpoint = _endpoint(api)
        if isinstance(endpoint, str) and endpoint.strip().upper() == "PRIVATE":
            continue
        for stage in api.stages:
            resource, rtype, detail = stage_target(api, stage)
            covered = stage_waf(workload, api, stage)
            if covered is True:
                continue
            if isinstance(endpoint, Unknown):
                yield Undecided(resource, stage.location, f"endpoint type of {api.id}: {endpoint.reason}")
            elif isinstance(covered, Unknown):
                yield Undecided(resource, stage.location, covered.reason)
            elif not covered:
                message = f"stage {stage_name(stage)} of public REST API {api.id} has no WAF web ACL"
                yield Hit(resource, rtype, stage.location, message, detail)
