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
CASES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".yaml", ".json"))


def _load(name: str) -> Workload:
    workload = load_file(Candidate(DATA / name, name, forced=True), ScanOptions())
    assert workload is not None
    return workload


@pytest.mark.parametrize("name", CASES)
def test_golden_model(name: str, request: pytest.FixtureRequest) -> None:
    got = json.dumps(to_jsonable(_load(name)), indent=1, sort_keys=True) + "\n"
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
