"""FG-DP-014: secrets passed in API query-string parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from faasguard.model import Api, ApiKind, Location, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.secrets import secret_kind_of_name

_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
#: words that make a "...token" parameter something other than a credential: pagination
#: cursors, idempotency keys, CSRF and captcha tokens, push-notification device tokens, and the
#: one-time tokens of e-mailed links (a link can carry nothing else)
_NOT_CREDENTIAL = frozenset(
    {
        "page",
        "next",
        "prev",
        "previous",
        "continuation",
        "pagination",
        "cursor",
        "start",
        "resume",
        "sync",
        "marker",
        "last",
        "client",
        "idempotency",
        "csrf",
        "xsrf",
        "captcha",
        "recaptcha",
        "device",
        "push",
        "fcm",
        "apns",
        "registration",
        "reset",
        "verify",
        "verification",
        "confirm",
        "confirmation",
        "invite",
        "invitation",
        "unsubscribe",
        "activation",
    }
)
#: credentials the variable-name heuristic does not know by name
_EXTRA = {"jwt": "token", "signature": "signature", "sig": "signature", "otp": "one-time password"}
_SESSION = ("session", "id")


def _words(name: str) -> list[str]:
    return [w.lower() for part in re.split(r"[^A-Za-z0-9]+", name) for w in _PARTS.findall(part)]


def credential_kind(name: str) -> str | None:
    """What credential a query-string parameter called ``name`` carries, or ``None``."""
    words = _words(name)
    if not words:
        return None
    kind = secret_kind_of_name(name)
    if kind == "token" and _NOT_CREDENTIAL.intersection(words):
        return None
    if kind is not None:
        return kind
    if words[-1] in _EXTRA:
        return _EXTRA[words[-1]]
    if tuple(words[-2:]) == _SESSION or words[-1] in ("sessionid", "jsessionid", "phpsessid"):
        return "session id"
    return None


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiouAEIOU' else 'a'} {kind}"


def _authorizer_resource(api: Api, authorizer_id: str) -> tuple[str, str]:
    """SAM-style authorizers live in the API's ``Auth``; others are resources of their own."""
    if api.resource_type.startswith("AWS::Serverless::"):
        return api.id, api.resource_type
    rtype = "AWS::ApiGateway::Authorizer" if api.kind is ApiKind.REST else "AWS::ApiGatewayV2::Authorizer"
    return authorizer_id, rtype


def _api_type(api: Api) -> str:
    if api.resource_type:
        return api.resource_type
    return "AWS::ApiGateway::RestApi" if api.kind is ApiKind.REST else "AWS::ApiGatewayV2::Api"


@rule(
    "FG-DP-014",
    Layer.DATA,
    Severity.MEDIUM,
    rows=("DP5",),
    references=(
        "https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url",
        "https://cwe.mitre.org/data/definitions/598.html",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-lambda-authorizer-input.html",
    ),
)
def query_string_secrets(workload: Workload) -> Iterator[Hit | Undecided]:
    """Secrets passed in API query-string parameters.

    Why: the query string is part of the URL, and URLs are written down
    everywhere: API Gateway and CloudFront access logs, load balancer and
    proxy logs, browser history, bookmarks and the ``Referer`` header sent to
    other sites.  An API key, token, password or signature sent as
    ``?api_key=...`` leaks through all of them.  Reported: request parameters
    (``method.request.querystring.<name>``, OpenAPI ``in: query``, Serverless
    ``request.parameters.querystrings``) whose name says they carry a
    credential, API-key security schemes read from the query string, and
    authorizers whose identity source is such a query-string parameter.
    Names that are not credentials - ``token_type``, pagination cursors
    (``next_token``, ``page_token``), idempotency and CSRF tokens, device
    tokens, the one-time tokens of e-mailed links - and the same names in
    headers are not reported; neither are WebSocket APIs, whose browser
    clients cannot send headers when they connect.
    Fix: take credentials from a header (``Authorization``, ``x-api-key``) or
    the request body, and have the authorizer read its identity from a header.
    SAM: ``method.request.header.<name>`` in the event's ``RequestParameters``;
    ``Identity: {Headers: [Authorization]}`` on the authorizer.
    CloudFormation: ``method.request.header.<name>`` in ``RequestParameters`` of the
    ``AWS::ApiGateway::Method``; ``IdentitySource: method.request.header.Authorization``.
    Serverless: ``request.parameters.headers`` instead of ``querystrings``;
    ``identitySource: method.request.header.Authorization``.
    Terraform: ``"method.request.header.<name>"`` in ``request_parameters`` of the
    ``aws_api_gateway_method``; ``identity_source`` on the authorizer.
    """
    for api in workload.apis:
        if api.kind is ApiKind.WEBSOCKET:
            continue
        # one finding per declaration: a path-level parameter or an API-key scheme serves many routes
        routes: dict[tuple[str, Location], list[str]] = {}
        for route in api.routes:
            for name, where in route.query_parameters:
                routes.setdefault((name, where), []).append(f"{str(route.method).upper()} {route.path}")
        for (name, where), labels in routes.items():
            kind = credential_kind(name)
            if kind is None:
                continue
            more = f" (and {len(labels) - 1} more)" if len(labels) > 1 else ""
            message = (
                f"route {labels[0]}{more} of API {api.id} takes {_a(kind)} in query-string parameter "
                f"{name}: URLs end up in access logs, browser history and proxies"
            )
            yield Hit(api.id, _api_type(api), where, message, detail=f"{labels[0]} ?{name}")
        for authorizer in api.authorizers:
            for name, where in authorizer.query_sources:
                kind = credential_kind(name)
                if kind is None:
                    continue
                resource, rtype = _authorizer_resource(api, authorizer.id)
                message = (
                    f"authorizer {authorizer.id} of API {api.id} reads the caller's {kind} from "
                    f"query-string parameter {name}: URLs end up in access logs, browser history and proxies"
                )
                yield Hit(resource, rtype, where, message, detail=f"{authorizer.id} ?{name}")
