"""FG-AC-007: API route reachable without authorization."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import ApiKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool
from faasguard.rules.access._api_access import open_route, route_label

_REST = "AWS::ApiGateway::RestApi"
_V2 = "AWS::ApiGatewayV2::Api"


@rule("FG-AC-007", Layer.ACCESS, Severity.MEDIUM, rows=("AC8",))
def api_auth(workload: Workload) -> Iterator[Hit | Undecided]:
    """API route has no authorization.

    Why: a route with authorization ``NONE`` on a public API lets anyone on
    the internet invoke the function behind it; the function's own code is
    the only check.  An API key is not authentication: keys are for usage
    plans and travel in clear headers.  Private APIs, routes a resource
    policy keeps to a VPC (endpoint), an IP range, an organisation or named
    principals, and CORS preflight (``OPTIONS``) routes are not reported; a
    resource policy that allows ``*`` without such a condition restricts
    nothing.  Routes declared in an inline OpenAPI definition
    (``DefinitionBody``/``Body``) are read with their ``security``; a
    definition kept elsewhere (``DefinitionUri``, ``BodyS3Location``,
    ``AWS::Include``) is not analysed.
    Fix: attach an authorizer (IAM, Cognito, JWT or a Lambda authorizer) to
    the route or as the API's default; if the route is meant to be public,
    suppress this finding with the reason.
    SAM: ``Auth: {DefaultAuthorizer: MyAuthorizer}`` on the ``Api``/``HttpApi``, or
    ``Auth: {Authorizer: ...}`` on the event.
    CloudFormation: ``AuthorizationType`` on ``AWS::ApiGateway::Method`` /
    ``AWS::ApiGatewayV2::Route``.
    OpenAPI: a ``security`` requirement naming a scheme with ``x-amazon-apigateway-authorizer``
    (or ``x-amazon-apigateway-authtype: awsSigv4``) on the operation or the whole document.
    Terraform: ``authorization = "COGNITO_USER_POOLS"`` (or ``"AWS_IAM"``, ``"CUSTOM"``)
    with ``authorizer_id`` on the ``aws_api_gateway_method``; ``authorization_type = "JWT"``
    with ``authorizer_id`` on the ``aws_apigatewayv2_route``.
    """
    for api in workload.apis:
        for route in api.routes:
            verdict = open_route(api, route)
            if isinstance(verdict, Unknown):
                yield Undecided(api.id, route.location, verdict.reason)
                continue
            if not verdict:
                continue
            label = route_label(route)
            message = f"route {label} of API {api.id} has no authorization"
            if as_bool(route.api_key_required) is True:
                message += (
                    " (it requires an API key, but API keys identify callers, they do not authenticate them)"
                )
            rtype = api.resource_type or (_REST if api.kind is ApiKind.REST else _V2)
            yield Hit(api.id, rtype, route.location, message, detail=label)
