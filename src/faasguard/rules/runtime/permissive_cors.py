"""FG-RT-008: CORS allows every origin on an authenticated function URL or API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import Api, ApiKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

#: Allowed origins that admit every website: ``*``, ``null`` (any sandboxed page or local file)
#: and the caller's own ``Origin`` echoed back (a REST integration mapping).
# ``*`` is left out on purpose: browsers never send credentials with a ``*`` answer, and IAM,
# Cognito and JWT authorisation travel in headers a foreign page cannot obtain.  An origin that is
# echoed back (or ``null``, which sandboxed documents send) is what lets any site act as a trusted one.
WIDE = frozenset({"null", "method.request.header.origin"})


def _wide(origins: Any) -> tuple[list[str], Unknown | None]:
    """(the origins that admit every site, the first unknown origin or list)."""
    if isinstance(origins, Unknown):
        return [], origins
    wide = [str(o).strip() for o in origins if isinstance(o, str) and o.strip().lower() in WIDE]
    unknown = next((o for o in origins if isinstance(o, Unknown)), None)
    return wide, unknown


def _label(origin: str) -> str:
    return "the caller's own Origin (echoed back)" if origin.lower().startswith("method.") else origin


def _authenticated(api: Api) -> bool | Unknown:
    """Whether some route of ``api`` (CORS preflight aside) requires an authorizer or IAM."""
    doubt: Unknown | None = None
    default = api.default_authorizer
    for route in api.routes:
        if str(route.method).strip().upper() == "OPTIONS":
            continue
        auth = route.authorization if route.authorization is not None else default
        if isinstance(auth, Unknown):
            doubt = doubt if doubt is not None else auth
        elif auth is not None and str(auth).strip().upper() != "NONE":
            return True
    return doubt if doubt is not None else False


@rule(
    "FG-RT-008",
    Layer.RUNTIME,
    Severity.LOW,
    rows=("RT4",),
    references=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html",
        "https://owasp.org/www-community/attacks/CORS_OriginHeaderScrutiny",
    ),
)
def permissive_cors(workload: Workload) -> Iterator[Hit | Undecided]:
    """CORS trusts any origin (echoed back, or null) on an authenticated function URL or API.

    Why: CORS tells browsers which other websites may call an endpoint and
    read its answers.  An endpoint that echoes the caller's ``Origin`` back
    (or allows ``null``, which sandboxed pages send) trusts every website as
    if it were your own front-end: with credentials allowed, a script on any
    site - an ad, a look-alike page, a compromised partner - can drive the
    API in a signed-in user's browser and read the answers.  Only
    authenticated endpoints are reported, and ``*`` is not: browsers never
    attach credentials to a ``*`` answer, and IAM, Cognito and JWT tokens
    travel in headers another site cannot obtain.  A URL with ``AuthType:
    NONE`` is open anyway (FG-AC-006).  CORS headers written by function code
    are not visible.
    Fix: list the origins of your own front-ends instead of ``*``.
    SAM: ``FunctionUrlConfig: {Cors: {AllowOrigins: [https://app.example.com]}}``;
    ``CorsConfiguration: {AllowOrigins: [https://app.example.com]}`` on ``HttpApi``;
    ``Cors: {AllowOrigin: "'https://app.example.com'"}`` on ``Api``.
    CloudFormation: ``Cors.AllowOrigins`` on ``AWS::Lambda::Url``, ``CorsConfiguration.AllowOrigins``
    on ``AWS::ApiGatewayV2::Api``, the ``Access-Control-Allow-Origin`` response parameter of the
    ``OPTIONS`` method's integration on REST APIs.
    Serverless: ``cors: {origin: https://app.example.com}`` on ``http`` events,
    ``provider.httpApi.cors.allowedOrigins``, ``url.cors.allowedOrigins``.
    Terraform: ``cors { allow_origins = ["https://app.example.com"] }`` on the ``aws_lambda_function_url``,
    ``cors_configuration { allow_origins = [...] }`` on the ``aws_apigatewayv2_api``, the
    ``method.response.header.Access-Control-Allow-Origin`` of the ``response_parameters`` of the ``OPTIONS``
    method's ``aws_api_gateway_integration_response``.
    """
    for url in workload.function_urls:
        if url.cors_origins is None:
            continue
        wide, unknown = _wide(url.cors_origins)
        if not wide and unknown is None:
            continue
        fn = workload.function(url.function_id)
        resource, rtype = (fn.id, fn.resource_type) if fn is not None else (url.id, "AWS::Lambda::Url")
        where = url.location.at(url.field_lines.get("Cors"))
        auth = url.auth_type
        if isinstance(auth, str) and auth.strip().upper() == "NONE":
            continue  # open to anyone already: FG-AC-006
        if isinstance(auth, Unknown) or not wide:
            reason = auth.reason if isinstance(auth, Unknown) else f"allowed origins: {unknown}"
            yield Undecided(resource, where, reason)
            continue
        message = f"function URL of {resource} requires IAM auth but its CORS allows {wide[0]}"
        yield Hit(resource, rtype, where, message, url.id)
    for api in workload.apis:
        if api.kind is ApiKind.WEBSOCKET or api.cors_origins is None:
            continue
        wide, unknown = _wide(api.cors_origins)
        if not wide and unknown is None:
            continue
        where = api.location.at(api.field_lines.get("__cors__"))
        authenticated = _authenticated(api)
        if authenticated is False:
            continue  # a public API: any origin may read what anyone may read
        if isinstance(authenticated, Unknown) or not wide:
            reason = (
                f"authorization of {api.id}: {authenticated.reason}"
                if isinstance(authenticated, Unknown)
                else f"allowed origins of {api.id}: {unknown}"
            )
            yield Undecided(api.id, where, reason)
            continue
        message = f"API {api.id} has authenticated routes but its CORS allows {_label(wide[0])}"
        yield Hit(api.id, api.resource_type or "AWS::ApiGatewayV2::Api", where, message)
