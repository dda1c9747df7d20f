"""Inline OpenAPI definitions: operations, effective security, integrations, validators, lines."""

from __future__ import annotations

from typing import Any

import pytest

from faasguard.engine import ScanOptions, scan
from faasguard.loaders._openapi import Definition, Operation, integration_refs, read_definition
from faasguard.loaders._yaml import parse_yaml
from faasguard.model import Derived, Unknown


def _read(text: str, **kwargs: Any) -> Definition:
    found = read_definition(parse_yaml(text, "spec.yaml"), **kwargs)
    assert isinstance(found, Definition), found
    return found


def _ops(definition: Definition) -> dict[str, Operation]:
    return {f"{op.method} {op.path}": op for op in definition.operations}


SWAGGER = """\
swagger: "2.0"
info: {title: shop}
securityDefinitions:
  Token:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: TOKEN
  Pool:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: cognito_user_pools
    x-amazon-apigateway-authorizer:
      type: cognito_user_pools
  Sig:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: awsSigv4
  api_key:
    type: apiKey
    name: x-api-key
    in: header
  Bearer:
    type: oauth2
x-amazon-apigateway-request-validators:
  all:
    validateRequestBody: true
    validateRequestParameters: true
  nothing:
    validateRequestBody: false
    validateRequestParameters: false
x-amazon-apigateway-request-validator: all
security:
  - Token: []
paths:
  /inherit:
    get:
      x-amazon-apigateway-integration:
        uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/functions/${ShopFunction.Arn}/invocations
  /open:
    post:
      security: []
      x-amazon-apigateway-request-validator: nothing
  /pool:
    put:
      security:
        - Pool: []
  /signed:
    x-amazon-apigateway-any-method:
      security:
        - Sig: []
  /keyed:
    patch:
      security:
        - api_key: []
  /keyed-auth:
    delete:
      security:
        - api_key: []
        - Token: []
  /bearer:
    get:
      security:
        - Bearer: []
  /missing:
    get:
      security:
        - Nowhere: []
  /mixed:
    get:
      security:
        - Token: []
          Sig: []
  /preflight:
    options:
      security: []
"""


def test_effective_security_of_each_operation() -> None:
    ops = _ops(_read(SWAGGER))
    assert ops["GET /inherit"].authorization == "CUSTOM"  # the document's security
    assert ops["POST /open"].authorization == "NONE"  # [] clears it
    assert ops["PUT /pool"].authorization == "COGNITO_USER_POOLS"
    assert ops["ANY /signed"].authorization == "AWS_IAM"
    assert ops["OPTIONS /preflight"].authorization == "NONE"
    keyed = ops["PATCH /keyed"]
    assert (keyed.authorization, keyed.api_key_required) == ("NONE", True)
    both = ops["DELETE /keyed-auth"]
    assert (both.authorization, both.api_key_required) == ("CUSTOM", True)
    assert isinstance(ops["GET /bearer"].authorization, Unknown)  # not an API Gateway authorizer
    assert isinstance(ops["GET /missing"].authorization, Unknown)  # scheme not defined
    assert isinstance(ops["GET /mixed"].authorization, Unknown)  # two kinds of authorizer at once


def test_lines_integrations_and_validators() -> None:
    text = SWAGGER
    definition = _read(text, functions=lambda ref: ref if ref == "ShopFunction" else None)
    ops = _ops(definition)
    lines = text.splitlines()
    inherit = ops["GET /inherit"]
    assert lines[inherit.line - 1].strip() == "get:"
    assert inherit.function_refs == {"ShopFunction"}
    assert inherit.function_id == "ShopFunction"
    assert inherit.has_integration
    assert inherit.request_validator == "all"  # the document's default validator
    assert ops["POST /open"].request_validator is None  # a validator that validates nothing
    assert ops["POST /open"].function_id is None
    assert definition.version == 2
    assert definition.policy is None


def test_openapi3_schemes_and_policy() -> None:
    definition = _read(
        """\
openapi: "3.0.1"
info: {title: members}
x-amazon-apigateway-policy:
  Version: "2012-10-17"
  Statement: []
components:
  securitySchemes:
    Jwt:
      type: oauth2
      x-amazon-apigateway-authorizer:
        type: jwt
    Lambda:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: request
security:
  - Jwt: []
paths:
  /a:
    get: {}
  /b:
    post:
      security:
        - Lambda: []
"""
    )
    ops = _ops(definition)
    assert definition.version == 3
    assert ops["GET /a"].authorization == "JWT"
    assert ops["POST /b"].authorization == "CUSTOM"
    assert definition.policy is not None and definition.policy_line == 3


def test_sam_default_authorizer_is_added_to_integrated_operations() -> None:
    text = """\
swagger: "2.0"
info: {title: t}
paths:
  /a:
    get:
      x-amazon-apigateway-integration: {type: mock}
  /b:
    get:
      security:
        - NONE: []
      x-amazon-apigateway-integration: {type: mock}
  /c:
    get:
      security:
        - Iam: []
      x-amazon-apigateway-integration: {type: mock}
  /d:
    get: {}
"""
    sam = {"Pool": "COGNITO_USER_POOLS", "Iam": "AWS_IAM"}
    ops = _ops(_read(text, authorizers=sam, default_authorizer="Pool"))
    assert ops["GET /a"].authorization == "COGNITO_USER_POOLS"
    assert ops["GET /b"].authorization == "NONE"  # SAM's NONE opts out of the default
    assert ops["GET /c"].authorization == "AWS_IAM"
    assert ops["GET /d"].authorization == "NONE"  # no integration: SAM leaves it alone
    unknown = _ops(_read(text, authorizers=sam, default_authorizer=Unknown("computed")))
    assert isinstance(unknown["GET /a"].authorization, Unknown)


@pytest.mark.parametrize(
    ("uri", "refs"),
    [
        (
            {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/functions/${Fn.Arn}/invocations"},
            {"Fn"},
        ),
        ({"Fn::Sub": ["arn:${Part}/invocations", {"Part": {"Fn::GetAtt": ["Other", "Arn"]}}]}, {"Other"}),
        ({"Fn::GetAtt": "Fn.Arn"}, {"Fn"}),
        ({"Fn::Join": ["", ["arn:", {"Ref": "Alias"}, "/invocations"]]}, {"Alias"}),
        (Derived("arn:aws:lambda:x", "sub", frozenset({"Fn"})), {"Fn"}),
        ("arn:aws:apigateway:eu-west-1:lambda:path/functions/arn:aws:lambda:x/invocations", set()),
        (None, set()),
    ],
)
def test_integration_refs(uri: Any, refs: set[str]) -> None:
    assert integration_refs(uri) == refs


@pytest.mark.parametrize(
    "body",
    [Unknown("a macro (Fn::Transform) is not analysed"), "not json", ["a"], {"paths": Unknown("computed")}],
)
def test_unreadable_definitions_are_unknown(body: Any) -> None:
    assert isinstance(read_definition(body), Unknown)


def test_json_string_body_and_unreadable_path_item() -> None:
    found = read_definition('{"openapi": "3.0.1", "paths": {"/x": {"get": {}}, "/y": "oops"}}')
    assert isinstance(found, Definition)
    ops = _ops(found)
    assert ops["GET /x"].authorization == "NONE"
    assert isinstance(ops["ANY /y"].authorization, Unknown)


def _scan(tmp_path: Any, text: str) -> tuple[set[str], list[str]]:
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    result = scan(ScanOptions(paths=[str(path)], rules=["FG-AC-007"]))
    assert not result.errors
    return {f.detail for f in result.findings}, [u.reason for u in result.not_assessed]


POLICY_API = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
      Policy:
        Statement:
%s
      Body:
        swagger: "2.0"
        paths:
          /admin:
            post: {}
          /public:
            get: {}
"""


@pytest.mark.parametrize(
    ("statements", "details", "undecided"),
    [
        # a public allow restricts nobody
        (
            "- {Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*'}",
            {"POST /admin", "GET /public"},
            0,
        ),
        # only one account may call
        (
            "- {Effect: Allow, Principal: {AWS: '111122223333'}, Action: 'execute-api:*', Resource: '*'}",
            set(),
            0,
        ),
        # deny unless from the corporate range, on /admin only
        (
            "- {Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*'}\n"
            "          - {Effect: Deny, Principal: '*', Action: 'execute-api:Invoke',"
            " Resource: 'execute-api:/*/POST/admin',"
            " Condition: {NotIpAddress: {'aws:SourceIp': '203.0.113.0/24'}}}",
            {"GET /public"},
            0,
        ),
        # a deny on a spoofable header does not restrict
        (
            "- {Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*'}\n"
            "          - {Effect: Deny, Principal: '*', Action: 'execute-api:Invoke',"
            " Resource: 'execute-api:/*', Condition: {StringNotEquals: {'aws:UserAgent': 'partner'}}}",
            {"POST /admin", "GET /public"},
            0,
        ),
        # a principal that cannot be read: undecided, not a finding
        (
            "- {Effect: Allow, Principal: {AWS: !ImportValue partner-account}, Action: 'execute-api:Invoke',"
            " Resource: 'execute-api:/*'}",
            set(),
            2,
        ),
    ],
)
def test_resource_policy_decides_per_route(
    tmp_path: Any, statements: str, details: set[str], undecided: int
) -> None:
    found, reasons = _scan(tmp_path, POLICY_API % f"          {statements}")
    assert found == details
    assert len(reasons) == undecided
