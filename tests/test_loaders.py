"""Loader golden models: template in, normalised workload out.

A mapping bug fails here, a rule bug in the rule tests.  Rewrite the goldens
with ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faasguard._modeljson import to_jsonable
from faasguard.discover import Candidate
from faasguard.engine import ScanOptions, load_file
from faasguard.model import Unknown, Workload

DATA = Path(__file__).parent / "data" / "loaders"
GOLDEN = Path(__file__).parent / "golden" / "loaders"
CASES = sorted(
    p.name
    for p in DATA.iterdir()
    if p.suffix in (".yaml", ".json") or (p / "serverless.yml").exists() or any(p.glob("*.tf"))
)


def _load(name: str) -> Workload:
    path = DATA / name
    if path.is_dir() and any(path.glob("*.tf")):  # a Terraform configuration
        candidate = Candidate(path, name, True, "terraform", path.resolve())
        workload = load_file(candidate, ScanOptions())
        assert workload is not None
        return workload
    if path.is_dir():  # a Serverless service: its folder is the project root
        candidate = Candidate(
            path / "serverless.yml", f"{name}/serverless.yml", True, "serverless", path.resolve()
        )
        workload = load_file(candidate, ScanOptions())
        assert workload is not None
        return workload
    workload = load_file(Candidate(path, name, forced=True), ScanOptions())
    assert workload is not None
    return workload


@pytest.mark.parametrize("name", CASES)
def test_golden_model(name: str, request: pytest.FixtureRequest) -> None:
    workload = _load(name)
    got = json.dumps(to_jsonable(workload, workload.source), indent=1, sort_keys=True) + "\n"
    golden = GOLDEN / f"{name}.workload.json"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden for {name}: run pytest --update-golden"
    assert got == golden.read_text(encoding="utf-8")


def test_sam_globals_merge_and_lines() -> None:
    w = _load("sam_full.yaml")
    worker = w.function("Worker")
    assert worker is not None
    assert worker.runtime == "nodejs20.x" and worker.line_of("Runtime").line == 30
    assert worker.timeout == 30 and worker.line_of("Timeout").line == 14
    assert str(worker.layers[0]).startswith("arn:aws:lambda:us-east-1")
    assert len(worker.layers) == 2  # lists concatenate, globals first
    env = {e.name: e for e in worker.environment} if not isinstance(worker.environment, Unknown) else {}
    assert set(env) == {"STAGE", "TABLE", "TOKEN"}
    assert isinstance(env["TABLE"].value, Unknown)  # parameter without default
    assert env["STAGE"].location.line == 19
    assert isinstance(worker.tracing, Unknown) is False and worker.tracing == "PassThrough"
    assert worker.tags[0][:2] == ("team", "orders")
    assert w.function("ProdOnly") is None  # its condition is false


def test_sam_implicit_role_points_at_policies() -> None:
    w = _load("sam_full.yaml")
    role = w.role("WorkerRole")
    assert role is not None and role.implicit and role.location.line == 41
    arns = [a for a, _ in role.managed_policy_arns]
    assert "arn:aws:iam::aws:policy/AWSLambdaExecute" in arns
    assert "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" in arns
    sources = {p.source for p in role.policies}
    assert sources == {"inline", "sam-template"}
    template = next(p for p in role.policies if p.source == "sam-template")
    assert not isinstance(template.statements, Unknown)
    assert template.location.line == 44
    assert any("dynamodb:PutItem" in s.actions for s in template.statements)


def test_sam_events_routes_and_permissions() -> None:
    w = _load("sam_full.yaml")
    kinds = sorted(t.kind.value for t in w.triggers if t.function_id == "Worker")
    assert kinds == ["api", "api", "http_api", "kinesis", "schedule", "sqs"]
    stream = next(t for t in w.triggers if t.kind.value == "kinesis")
    assert stream.has_failure_destination is True
    rest = next(a for a in w.apis if a.id == "ServerlessRestApi")
    auth = {r.path: r.authorization for r in rest.routes}
    assert auth == {"/items": "NONE", "/health": "NONE"}
    assert rest.stages[0].tracing is True  # Globals.Api
    http = next(a for a in w.apis if a.id == "Http")
    assert http.routes[0].authorization == "JWT"
    worker = w.function("Worker")
    assert worker is not None and worker.url is not None and worker.url.auth_type == "AWS_IAM"
    assert worker.on_failure_destination is not None
    assert {n for _, n in w.notes} >= {
        "Machine (AWS::Serverless::StateMachine): SAM StateMachine resources are not analysed",
        "Nested (AWS::Serverless::Application): SAM Application resources are not analysed",
    }


def test_cloudformation_policies_permissions_api() -> None:
    w = _load("cfn_plain.yaml")
    fn = w.function("Fn")
    assert fn is not None and fn.role == "Role" and fn.timeout == "60" and fn.memory == 128
    role = w.role("Role")
    assert role is not None
    names = sorted(p.name for p in role.policies)
    assert names == ["Managed", "extra"]
    managed = next(p for p in role.policies if p.name == "Managed")
    assert not isinstance(managed.statements, Unknown)
    assert managed.statements[0].not_actions == ("iam:*",)
    assert managed.statements[0].conditions == {"StringEquals": {"aws:requestedregion": ("eu-west-1",)}}
    assert isinstance(role.managed_policy_arns[0][0], Unknown)  # ImportValue
    assert fn.url is not None and fn.url.auth_type == "NONE"
    perm = w.permissions[0]
    assert perm.target == "Fn" and perm.principal == "*"
    api = w.apis[0]
    assert [(r.method, r.path, r.authorization, r.function_id) for r in api.routes] == [
        ("GET", "/items", "NONE", "Fn")
    ]
    assert api.stages[0].name == "v1"
    assert any("Fn::ForEach" in n for _, n in w.notes)


def test_json_template_lines() -> None:
    w = _load("cfn_plain.json")
    fn = w.function("Fn")
    assert fn is not None and fn.line_of("Runtime").line == 14 and fn.timeout == 100.0
    assert fn.role == "arn:aws:iam::111122223333:role/existing" and w.role(fn.role) is None
    assert w.keys[0].rotation is False and w.keys[0].field_lines["PendingWindowInDays"] == 8


NOT_ANALYSED = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Topics:
    - Name
    - [A, B]
    - Topic${Name}:
        Type: AWS::SNS::Topic
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: {ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x, SemanticVersion: 1.0.0}
  Inc:
    Fn::Transform:
      Name: AWS::Include
      Parameters: {Location: s3://bucket/x.yaml}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.b
      CodeUri: src/
      Environment:
        Variables:
          DB_PASSWORD: "{{resolve:secretsmanager:db:SecretString:password}}"
          API_KEY: !ImportValue shared-key
"""


def test_what_is_not_analysed_is_said(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(NOT_ANALYSED)
    workload = load_file(Candidate(path, "template.yaml", forced=True), ScanOptions())
    assert workload is not None and not workload.problems
    notes = sorted((loc.line, text.split(":")[0]) for loc, text in workload.notes)
    assert notes == [(4, "Fn"), (9, "Machine (AWS"), (13, "App (AWS"), (17, "Inc")]
    fn = workload.function("Fn")
    assert fn is not None and not isinstance(fn.environment, Unknown)
    env = {e.name: e.value for e in fn.environment}
    assert type(env["DB_PASSWORD"]).__name__ == "DynamicRef"
    assert isinstance(env["API_KEY"], Unknown)


SAM_EXPANSION = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Layers:
      - arn:aws:lambda:eu-west-1:210987654321:layer:shared:12
    VpcConfig:
      SecurityGroupIds: [sg-global]
      SubnetIds: [subnet-a]
    AssumeRolePolicyDocument:
      Statement:
        - Effect: Allow
          Principal: {Service: lambda.amazonaws.com}
          Action: sts:AssumeRole
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
      CodeUri: .
      AutoPublishAlias: live
      RolePath: /app/
      Layers:
        - arn:aws:lambda:eu-west-1:464622532012:layer:vendor:98
      VpcConfig:
        SecurityGroupIds: [sg-local]
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: states.amazonaws.com}
            Action: sts:AssumeRole
      FunctionUrlConfig:
        AuthType: AWS_IAM
      Events:
        Nightly:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
        OnEvent:
          Type: EventBridgeRule
          Properties:
            Pattern: {source: [aws.ec2]}
        Later:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: rate(1 hour)
        Get:
          Type: Api
          Properties:
            Path: /x
            Method: get
            Auth:
              ApiKeyRequired: true
              Authorizer: NONE
"""


def _expand_sam(tmp_path: Path) -> tuple[object, Workload]:
    from faasguard.loaders._yaml import parse_yaml
    from faasguard.loaders.sam import expand

    path = tmp_path / "template.yaml"
    path.write_text(SAM_EXPANSION)
    resources, _ = expand(parse_yaml(SAM_EXPANSION, str(path)))
    workload = load_file(Candidate(path, "template.yaml", forced=True), ScanOptions())
    assert workload is not None and not workload.problems
    return resources, workload


def test_sam_event_rules_resolve_their_permissions(tmp_path: Path) -> None:
    resources, w = _expand_sam(tmp_path)
    assert isinstance(resources, dict)
    assert resources["FnNightly"]["Type"] == "AWS::Events::Rule"
    assert resources["FnNightly"]["Properties"]["ScheduleExpression"] == "rate(1 day)"
    assert resources["FnLater"]["Type"] == "AWS::Scheduler::Schedule"
    rules = {r.id: r for r in w.event_rules}
    assert rules["FnNightly"].location.line == 35 and rules["FnNightly"].schedule == "rate(1 day)"
    assert rules["FnOnEvent"].location.line == 39 and rules["FnOnEvent"].pattern == {"source": ["aws.ec2"]}
    triggers = sorted((t.kind.value, t.location.line) for t in w.triggers if t.function_id == "Fn")
    assert triggers == [("api", 47), ("eventbridge", 39), ("schedule", 35), ("schedule", 43)]
    perms = {p.id: p for p in w.permissions}
    for pid in ("FnNightlyPermission", "FnOnEventPermission"):
        assert not isinstance(perms[pid].source_arn, Unknown)
        assert str(perms[pid].source_arn).startswith("arn:aws:events:")
        assert perms[pid].target == "Fn"  # through the AutoPublishAlias alias


def test_sam_trust_policy_alias_and_merged_list_lines(tmp_path: Path) -> None:
    resources, w = _expand_sam(tmp_path)
    assert isinstance(resources, dict)
    role = w.role("FnRole")
    assert role is not None and role.trust is not None and not isinstance(role.trust.statements, Unknown)
    services = [p.value for s in role.trust.statements for p in s.principals]
    assert services == ["lambda.amazonaws.com", "states.amazonaws.com"]  # Globals first, then local
    assert [s.location.line for s in role.trust.statements] == [12, 29]
    assert role.field_lines["Path"] == 22
    # merged lists keep the line of every item: Globals items their Globals lines
    props = resources["Fn"]["Properties"]
    assert props["Layers"].lines == [6, 24]
    assert props["VpcConfig"]["SecurityGroupIds"].lines == [8, 26]
    # AutoPublishAlias: the URL is on the alias
    assert resources["FnAliaslive"]["Type"] == "AWS::Lambda::Alias"
    assert resources["FnUrl"]["Properties"]["TargetFunctionArn"] == {"Ref": "FnAliaslive"}
    assert [(u.function_id, u.qualifier) for u in w.function_urls] == [("Fn", "FnAliaslive")]
    # the route's authorization points at the event's Authorizer, not at Auth
    route = next(r for a in w.apis for r in a.routes if r.path == "/x")
    assert route.authorization == "NONE" and route.location.line == 54


# -- API stages: method settings, Deployment stages, APIs outside the template -------------


def _load_text(tmp_path: Path, text: str) -> Workload:
    path = tmp_path / "template.yaml"
    path.write_text(text)
    workload = load_file(Candidate(path, "template.yaml", forced=True), ScanOptions())
    assert workload is not None and not workload.problems
    return workload


STAGE_SETTINGS = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      MethodSettings:
        - ResourcePath: /~1login
          HttpMethod: POST
          ThrottlingRateLimit: 5
        - ResourcePath: "/*"
          HttpMethod: "*"
          LoggingLevel: "OFF"
          ThrottlingBurstLimit: 9
        - ResourcePath: /~1pay
          HttpMethod: POST
          LoggingLevel: INFO
          DataTraceEnabled: true
  Unknown:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: unknown
      TracingEnabled: !If [IsProd, true, false]
      AccessLogSetting: !ImportValue shared-log-setting
      MethodSettings: !If [IsProd, [{LoggingLevel: ERROR}], [{LoggingLevel: INFO, DataTraceEnabled: true}]]
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: v1
      StageDescription:
        TracingEnabled: true
        LoggingLevel: INFO
        ThrottlingRateLimit: 100
        AccessLogSetting:
          DestinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:api
        MethodSettings:
          - ResourcePath: "/*"
            HttpMethod: "*"
            ThrottlingRateLimit: 50
  Replaced:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      StageDescription: {TracingEnabled: true}
  Imported:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !ImportValue shared-RestApiId
      StageName: prod
  ImportedV2:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: a1b2c3
      StageName: $default
      DefaultRouteSettings: {LoggingLevel: INFO, DataTraceEnabled: true}
"""


def test_rest_method_settings_stage_wide_values_and_any_entry_data_trace(tmp_path: Path) -> None:
    w = _load_text(tmp_path, STAGE_SETTINGS)
    api = next(a for a in w.apis if a.id == "Api")
    stages = {s.id: s for s in api.stages}
    stage = stages["Stage"]
    assert stage.throttling_rate is None  # /login only: not the stage-wide default
    assert stage.throttling_burst == 9 and stage.field_lines["ThrottlingBurstLimit"] == 21
    assert stage.logging_level == "OFF" and stage.field_lines["LoggingLevel"] == 20
    assert stage.data_trace is True and stage.field_lines["DataTraceEnabled"] == 25  # /pay logs at INFO


def test_unknown_stage_properties_make_stage_values_unknown(tmp_path: Path) -> None:
    w = _load_text(tmp_path, STAGE_SETTINGS)
    stage = next(s for a in w.apis for s in a.stages if s.id == "Unknown")
    for value in (
        stage.tracing,
        stage.access_log_destination,
        stage.throttling_rate,
        stage.throttling_burst,
        stage.logging_level,
        stage.data_trace,
    ):
        assert isinstance(value, Unknown), value


def test_deployment_stage_from_stage_description(tmp_path: Path) -> None:
    w = _load_text(tmp_path, STAGE_SETTINGS)
    api = next(a for a in w.apis if a.id == "Api")
    by_id = {s.id: s for s in api.stages}
    assert "Replaced" not in by_id  # the explicit Stage named prod wins
    stage = by_id["Deployment"]
    assert stage.name == "v1" and stage.tracing is True and stage.field_lines["TracingEnabled"] == 40
    assert str(stage.access_log_destination).endswith("log-group:api")
    assert stage.field_lines["DestinationArn"] == 44
    assert stage.logging_level == "INFO"
    # the "/*" entry comes after the top-level defaults and wins
    assert stage.throttling_rate == 50 and stage.field_lines["ThrottlingRateLimit"] == 48


def test_stages_of_apis_outside_the_template_are_kept(tmp_path: Path) -> None:
    from faasguard.model import ApiKind

    w = _load_text(tmp_path, STAGE_SETTINGS)
    apis = {a.id: a for a in w.apis}
    rest = apis["import:shared-RestApiId"]
    assert rest.kind is ApiKind.REST and rest.resource_type == "AWS::ApiGateway::RestApi"
    assert isinstance(rest.endpoint_type, Unknown) and rest.routes == ()
    assert [s.id for s in rest.stages] == ["Imported"]
    v2 = apis["a1b2c3"]
    assert v2.resource_type == "AWS::ApiGatewayV2::Api" and [s.id for s in v2.stages] == ["ImportedV2"]
    # HTTP or WebSocket is unknown: data tracing on is undecided, not a leak nor a pass
    assert isinstance(v2.stages[0].data_trace, Unknown)


def test_sam_method_settings_lines_survive_expansion_and_globals_merge(tmp_path: Path) -> None:
    w = _load_text(
        tmp_path,
        """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    MethodSettings:
      - ResourcePath: "/*"
        HttpMethod: "*"
        LoggingLevel: INFO
        DataTraceEnabled: true
Resources:
  Quiet:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          DataTraceEnabled: false
          ThrottlingRateLimit: 10
  Loud:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefaultRouteSettings:
        LoggingLevel: "OFF"
        DataTraceEnabled: true
        ThrottlingBurstLimit: 7
""",
    )
    stages = {a.id: a.stages[0] for a in w.apis}
    quiet, loud, http = stages["Quiet"], stages["Loud"], stages["Http"]
    # the API's own "/*" entry overrides the Globals one
    assert quiet.data_trace is False and quiet.field_lines["DataTraceEnabled"] == 17
    assert quiet.throttling_rate == 10 and quiet.field_lines["ThrottlingRateLimit"] == 18
    assert loud.data_trace is True and loud.field_lines["DataTraceEnabled"] == 8
    assert http.data_trace is False  # execution logging OFF: nothing written
    assert http.throttling_burst == 7 and http.field_lines["ThrottlingBurstLimit"] == 29
