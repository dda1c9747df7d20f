"""FG-RT-007: REST API method that takes a body without request validation."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import ApiKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool

#: Methods whose request carries a body the function parses.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
#: API properties that hold an OpenAPI definition (it may name a validator for every method).
DEFINITION_KEYS = ("DefinitionBody", "DefinitionUri", "Body", "BodyS3Location")


def _greedy(path: str) -> bool:
    """A ``{proxy+}`` path hands every request to the function's own router."""
    return "+}" in path


@rule(
    "FG-RT-007",
    Layer.RUNTIME,
    Severity.LOW,
    rows=("RT4",),
    references=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html",
        "https://owasp.org/www-project-serverless-top-10/",
    ),
)
def request_validation(workload: Workload) -> Iterator[Hit | Undecided]:
    """REST API method that takes a body without request validation.

    Why: without a request validator API Gateway forwards any payload to the
    function, so malformed, oversized-field or injection-shaped input (OWASP
    Serverless Top 10: injection) reaches code and is billed as invocations;
    a validator rejects it at the edge with a 400.  Only ``POST``, ``PUT``
    and ``PATCH`` methods of REST APIs are checked: ``GET``/``DELETE`` carry
    no body, ``ANY`` and greedy ``{proxy+}`` routes hand requests to a router
    in the function that validates them itself, and HTTP APIs have no
    request validators.  A validator named in the API's OpenAPI definition
    is not read, so those methods are undecided.
    Fix: attach a request validator that validates the body (and required
    parameters) against a model for the method's content type.
    SAM: ``RequestModel: {Model: OrderInput, Required: true, ValidateBody: true}`` on the ``Api`` event
    (with the model under the API's ``Models``).
    CloudFormation: an ``AWS::ApiGateway::RequestValidator`` with ``ValidateRequestBody: true``,
    then ``RequestValidatorId: !Ref BodyValidator`` and ``RequestModels`` on the ``AWS::ApiGateway::Method``.
    Serverless: ``request: {schemas: {application/json: ${file(schemas/order.json)}}}`` on the ``http`` event.
    Terraform: an ``aws_api_gateway_request_validator`` with ``validate_request_body = true``, then
    ``request_validator_id = aws_api_gateway_request_validator.body.id`` and ``request_models`` on the
    ``aws_api_gateway_method``.
    """
    for api in workload.apis:
        if api.kind is not ApiKind.REST:
            continue
        definition = next((key for key in DEFINITION_KEYS if key in api.field_lines), None)
        for route in api.routes:
            method = str(route.method).strip().upper()
            if method not in BODY_METHODS or _greedy(str(route.path)):
                continue
            label = f"{method} {route.path}"
            validator = route.request_validator
            if isinstance(validator, str):
                if validator.strip():
                    continue
                validator = None  # an empty id (a parameter left at "") names no validator
            flag = as_bool(validator) if isinstance(validator, bool | Unknown) or validator is None else True
            if flag is True:
                continue
            if isinstance(flag, Unknown):
                yield Undecided(api.id, route.location, f"request validator of {label}: {flag.reason}")
            elif definition is not None:
                reason = f"{label} may be validated by the API's OpenAPI definition ({definition}), not read"
                yield Undecided(api.id, route.location, reason)
            else:
                message = f"{label} of REST API {api.id} accepts a request body without a request validator"
                rtype = api.resource_type or "AWS::ApiGateway::RestApi"
                yield Hit(api.id, rtype, route.location, message, detail=label)
