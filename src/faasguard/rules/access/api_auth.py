"""FG-AC-007: API route reachable without authorization."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import Api, ApiKind, Route, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool

_REST = "AWS::ApiGateway::RestApi"
_V2 = "AWS::ApiGatewayV2::Api"


def _is_private(endpoint: Any) -> bool | Unknown:
    if isinstance(endpoint, Unknown):
        return endpoint
    values = endpoint if isinstance(endpoint, list | tuple) else [endpoint]
    if any(isinstance(v, Unknown) for v in values):
        return next(v for v in values if isinstance(v, Unknown))
    return any(isinstance(v, str) and v.strip().upper() == "PRIVATE" for v in values)


def _authorization(api: Api, route: Route) -> str | Unknown:
    """The route's authorization type; unset falls back to the API's default authorizer."""
    value = route.authorization
    if value is None:
        if api.default_authorizer is None:
            return "NONE"  # AWS's default for a method or route
        if isinstance(api.default_authorizer, Unknown):
            return api.default_authorizer
        return "DEFAULT"
    if isinstance(value, Unknown):
        return value
    return str(value).strip().upper()


def _applies(api: Api, route: Route) -> bool:
    method = str(route.method).strip().upper()
    if method == "OPTIONS":
        return False  # CORS preflight carries no credentials by design
    if api.kind is ApiKind.WEBSOCKET:
        # Only $connect is authorised on a WebSocket API; the other routes ride on it.
        return "$CONNECT" in (method, str(route.path).strip().upper())
    return True


@rule("FG-AC-007", Layer.ACCESS, Severity.MEDIUM, rows=("AC8",))
def api_auth(workload: Workload) -> Iterator[Hit | Undecided]:
    """API route has no authorization.

    Why: a route with authorization ``NONE`` on a public API lets anyone on
    the internet invoke the function behind it; the function's own code is
    the only check.  An API key is not authentication: keys are for usage
    plans and travel in clear headers.  Private APIs, APIs with a resource
    policy and CORS preflight (``OPTIONS``) routes are not reported.
    Fix: attach an authorizer (IAM, Cognito, JWT or a Lambda authorizer) to
    the route or as the API's default; if the route is meant to be public,
    suppress this finding with the reason.
    SAM: ``Auth: {DefaultAuthorizer: MyAuthorizer}`` on the ``Api``/``HttpApi``, or
    ``Auth: {Authorizer: ...}`` on the event.
    CloudFormation: ``AuthorizationType`` on ``AWS::ApiGateway::Method`` /
    ``AWS::ApiGatewayV2::Route``.
    """
    for api in workload.apis:
        if api.has_resource_policy:
            continue
        private = _is_private(api.endpoint_type)
        if private is True:
            continue
        for route in api.routes:
            if not _applies(api, route):
                continue
            label = f"{str(route.method).upper()} {route.path}"
            auth = _authorization(api, route)
            if isinstance(auth, Unknown):
                yield Undecided(api.id, route.location, f"authorization of {label}: {auth.reason}")
                continue
            if auth != "NONE":
                continue
            if isinstance(private, Unknown):
                yield Undecided(api.id, route.location, f"endpoint type of {api.id}: {private.reason}")
                continue
            message = f"route {label} of API {api.id} has no authorization"
            if as_bool(route.api_key_required) is True:
                message += (
                    " (it requires an API key, but API keys identify callers, they do not authenticate them)"
                )
            rtype = api.resource_type or (_REST if api.kind is ApiKind.REST else _V2)
            yield Hit(api.id, rtype, route.location, message, detail=label)
