"""Runtime rules FG-RT-007..009 and the loader parts they read (CORS, visibility timeout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from faasguard.engine import ScanOptions, scan
from faasguard.loaders._cfn_api import _header_origins
from faasguard.model import (
    Api,
    ApiKind,
    Derived,
    Function,
    FunctionUrl,
    Location,
    MessageResource,
    Route,
    Trigger,
    TriggerKind,
    Unknown,
    Workload,
)
from faasguard.result import ScanResult
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.runtime.permissive_cors import permissive_cors
from faasguard.rules.runtime.request_validation import request_validation
from faasguard.rules.runtime.sqs_visibility import sqs_visibility

F = "template.yaml"


def at(line: int) -> Location:
    return Location(F, line)


def run(tmp_path: Path, name: str, text: str, rule_id: str) -> ScanResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan(ScanOptions(paths=[str(path)], rules=[rule_id]))


# -- loader: CORS values --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'*'", ("*",)),
        ("'https://a.example.com,https://b.example.com'", ("https://a.example.com", "https://b.example.com")),
        ("*", ("*",)),
        ("method.request.header.Origin", ("method.request.header.Origin",)),
    ],
)
def test_header_origins_known(value: str, expected: tuple[str, ...]) -> None:
    assert _header_origins(value) == expected


@pytest.mark.parametrize("value", ["stageVariables.origin", "'${Origin}'", 42, Unknown("import")])
def test_header_origins_unknown(value: object) -> None:
    assert isinstance(_header_origins(value), Unknown)


def test_sls_cors_per_path_same_origins_is_api_wide(tmp_path: Path) -> None:
    text = """service: s
provider: {name: aws, runtime: python3.12}
functions:
  f:
    handler: a.b
    events:
      - http: {path: a, method: get, authorizer: aws_iam, cors: true}
      - http: {path: b, method: get, cors: {origins: ["*"]}}
"""
    result = run(tmp_path, "serverless.yml", text, "FG-RT-008")
    assert result.findings == ()  # "*" never carries credentials


def test_sls_cors_on_public_path_only_is_undecided_not_a_finding(tmp_path: Path) -> None:
    text = """service: s
provider: {name: aws, runtime: python3.12}
functions:
  f:
    handler: a.b
    events:
      - http: {path: public, method: get, cors: true}
      - http: {path: private, method: post, authorizer: aws_iam}
"""
    result = run(tmp_path, "serverless.yml", text, "FG-RT-008")
    assert not result.findings
    assert [n.resource for n in result.not_assessed] == ["ApiGatewayRestApi"]


def test_cfn_options_on_another_path_is_undecided(tmp_path: Path) -> None:
    text = """Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
  Pub: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: x, PathPart: pub}}
  Priv: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: x, PathPart: priv}}
  Opt:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Pub
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        IntegrationResponses:
          - ResponseParameters: {method.response.header.Access-Control-Allow-Origin: "'*'"}
  Get:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Priv, HttpMethod: GET, AuthorizationType: AWS_IAM}
"""
    result = run(tmp_path, "template.yaml", text, "FG-RT-008")
    assert not result.findings
    assert [n.resource for n in result.not_assessed] == ["Api"]


def test_visibility_timeout_is_read(tmp_path: Path) -> None:
    text = """Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties: {VisibilityTimeout: 45}
  T: {Type: AWS::SNS::Topic}
"""
    from faasguard.discover import Candidate, discover
    from faasguard.engine import load_file

    (tmp_path / "template.yaml").write_text(text, encoding="utf-8")
    candidate = next(c for c in discover([str(tmp_path / "template.yaml")]) if isinstance(c, Candidate))
    workload = load_file(candidate, ScanOptions(paths=[str(tmp_path)]))
    assert workload is not None
    assert {m.id: m.visibility_timeout for m in workload.message_resources} == {"Q": 45, "T": None}


# -- FG-RT-007 --------------------------------------------------------------------


def rest(*routes: Route, **kw: object) -> Workload:
    return Workload(F, "cloudformation", apis=(Api("Api", ApiKind.REST, at(1), routes=routes, **kw),))  # type: ignore[arg-type]


def test_validation_skips_bodiless_greedy_and_validated_routes() -> None:
    routes = (
        Route("Api", "GET", "/orders", "NONE", at(2)),
        Route("Api", "ANY", "/orders", "NONE", at(3)),
        Route("Api", "POST", "/{proxy+}", "NONE", at(4)),
        Route("Api", "POST", "/orders", "NONE", at(5), request_validator=Derived("${V}", "ref")),
        Route("Api", "PUT", "/orders", "NONE", at(6), request_validator=True),
    )
    assert list(request_validation.check(rest(*routes))) == []


def test_validation_fires_on_post_and_is_undecided_on_unknown() -> None:
    routes = (
        Route("Api", "post", "/orders", "NONE", at(2)),
        Route("Api", "PATCH", "/orders", "NONE", at(3), request_validator=Unknown("no default")),
    )
    found = list(request_validation.check(rest(*routes)))
    assert [type(f) for f in found] == [Hit, Undecided]
    assert found[0].location.line == 2


def test_validation_with_openapi_definition_is_undecided() -> None:
    routes = (Route("Api", "POST", "/orders", "NONE", at(2)),)
    found = list(request_validation.check(rest(*routes, field_lines={"DefinitionBody": 5})))
    assert [type(f) for f in found] == [Undecided]


def test_validation_ignores_http_apis() -> None:
    api = Api("H", ApiKind.HTTP, at(1), routes=(Route("H", "POST", "/x", "NONE", at(2)),))
    assert list(request_validation.check(Workload(F, "sam", apis=(api,)))) == []


# -- FG-RT-008 --------------------------------------------------------------------


def url(auth: object, origins: object) -> Workload:
    u = FunctionUrl("FnUrl", "Fn", auth, at(3), cors_origins=origins, field_lines={"Cors": 4})  # type: ignore[arg-type]
    return Workload(F, "cloudformation", functions=(Function("Fn", at(1)),), function_urls=(u,))


def test_cors_url_iam_null_origin_fires_on_cors_line() -> None:
    found = list(permissive_cors.check(url("AWS_IAM", ("null",))))
    assert [(type(f), f.location.line, f.resource) for f in found] == [(Hit, 4, "Fn")]
    assert list(permissive_cors.check(url("AWS_IAM", ("*",)))) == []


@pytest.mark.parametrize(
    ("auth", "origins"),
    [("NONE", ("*",)), ("AWS_IAM", ("https://app.example.com",)), ("AWS_IAM", None), ("AWS_IAM", ())],
)
def test_cors_url_silent(auth: str, origins: object) -> None:
    assert list(permissive_cors.check(url(auth, origins))) == []


@pytest.mark.parametrize(
    ("auth", "origins"),
    [(Unknown("param"), ("null",)), ("AWS_IAM", (Unknown("param"),)), ("AWS_IAM", Unknown("param"))],
)
def test_cors_url_undecided(auth: object, origins: object) -> None:
    assert [type(f) for f in permissive_cors.check(url(auth, origins))] == [Undecided]


def cors_api(auth: object, origins: object, default: object = None) -> Workload:
    routes = (Route("H", "OPTIONS", "/x", "NONE", at(2)), Route("H", "GET", "/x", auth, at(3)))
    api = Api("H", ApiKind.HTTP, at(1), routes=routes, default_authorizer=default, cors_origins=origins)  # type: ignore[arg-type]
    return Workload(F, "cloudformation", apis=(api,))


def test_cors_api_public_is_silent_authenticated_fires() -> None:
    assert list(permissive_cors.check(cors_api("NONE", ("null",)))) == []
    assert list(permissive_cors.check(cors_api("JWT", ("*",)))) == []  # tokens travel in headers
    assert [type(f) for f in permissive_cors.check(cors_api("JWT", ("null",)))] == [Hit]
    assert [type(f) for f in permissive_cors.check(cors_api(None, ("null",), default="Auth"))] == [Hit]
    assert [type(f) for f in permissive_cors.check(cors_api(Unknown("x"), ("null",)))] == [Undecided]


# -- FG-RT-009 --------------------------------------------------------------------


def queue_workload(timeout: object, visibility: object, fmt: str = "cloudformation") -> Workload:
    fn = Function("Fn", at(1), timeout=timeout)
    queue = MessageResource(
        "Q", "sqs", at(5), visibility_timeout=visibility, field_lines={"VisibilityTimeout": 7}
    )
    source = Derived("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Q}", "getatt", frozenset({"Q"}))
    trigger = Trigger(TriggerKind.SQS, "Fn", at(2), source)
    return Workload(F, fmt, functions=(fn,), message_resources=(queue,), triggers=(trigger, trigger))


@pytest.mark.parametrize(
    ("timeout", "visibility", "fmt", "fires"),
    [
        (None, None, "cloudformation", False),  # 3 s x 6 = 18 <= 30
        (None, None, "serverless", True),  # 6 s x 6 = 36 > 30
        (5, None, "serverless", False),
        (30, 180, "sam", False),
        (30, "179", "sam", True),
        (60, 30, "sam", True),
    ],
)
def test_visibility_thresholds(timeout: object, visibility: object, fmt: str, fires: bool) -> None:
    found = list(sqs_visibility.check(queue_workload(timeout, visibility, fmt)))
    assert [type(f) for f in found] == ([Hit] if fires else [])
    if fires:
        assert found[0].location.line == 7


def test_visibility_unknowns_are_undecided() -> None:
    assert [type(f) for f in sqs_visibility.check(queue_workload(Unknown("p"), 30))] == [Undecided]
    assert [type(f) for f in sqs_visibility.check(queue_workload(10, Unknown("p")))] == [Undecided]
