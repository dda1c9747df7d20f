"""Serverless Framework services end to end: discovery, variables, compilation, findings and lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from faasguard.cli import main
from faasguard.engine import ScanOptions, scan

SERVICE = """\
service: shop
provider:
  name: aws
  runtime: nodejs12.x
  stage: ${opt:stage, 'dev'}
  environment:
    MODE: ${env:SHOP_MODE, 'safe'}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: "s3:*"
          Resource: arn:aws:s3:::shop-${sls:stage}/*
functions:
  checkout:
    handler: checkout.handler
    runtime: python3.12
    url: true
  cart:
    handler: cart.handler
"""


def _scan(tmp_path: Path, text: str = SERVICE, **options: object) -> list[tuple[str, str, int]]:
    (tmp_path / "serverless.yml").write_text(text)
    result = scan(ScanOptions(paths=[str(tmp_path)], **options))  # type: ignore[arg-type]
    assert not result.errors, [e.one_line() for e in result.errors]
    return sorted((f.rule_id, f.resource, f.location.line) for f in result.findings)


def test_provider_defaults_and_overrides_point_at_their_lines(tmp_path: Path) -> None:
    found = _scan(tmp_path, rules=["FG-DEP-001", "FG-AC-001", "FG-AC-006", "FG-AC-003"])
    assert ("FG-DEP-001", "CartLambdaFunction", 4) in found  # inherited from provider.runtime
    assert not any(f[0] == "FG-DEP-001" and f[1] == "CheckoutLambdaFunction" for f in found)  # own runtime
    assert ("FG-AC-001", "IamRoleLambdaExecution", 12) in found
    assert ("FG-AC-006", "CheckoutLambdaFunction", 18) in found
    assert ("FG-AC-003", "CartLambdaFunction", 19) in found and (
        "FG-AC-003",
        "CheckoutLambdaFunction",
        15,
    ) in found


def test_environment_is_read_only_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk_live_" + "9fQ2mZx7LkPw3RtY8vBn4HcJ"
    monkeypatch.setenv("SHOP_MODE", secret)
    assert _scan(tmp_path, rules=["FG-DP-002"]) == []  # the default 'safe' is used
    found = _scan(tmp_path, rules=["FG-DP-002"], use_env=True)
    assert [f[:2] for f in found] == [
        ("FG-DP-002", "CartLambdaFunction"),
        ("FG-DP-002", "CheckoutLambdaFunction"),
    ]


def test_stage_option_feeds_variables(tmp_path: Path) -> None:
    text = SERVICE.replace("arn:aws:s3:::shop-${sls:stage}/*", "'*'")
    (tmp_path / "serverless.yml").write_text(text)
    result = scan(ScanOptions(paths=[str(tmp_path)], rules=["FG-MON-003"], stage="prod"))
    assert {f.resource for f in result.findings} == {"CartLogGroup", "CheckoutLogGroup"}


def test_code_config_is_noted_not_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "serverless.ts").write_text("throw new Error('never run')\n")
    code = main(["scan", str(tmp_path), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0 and "code-defined Serverless configuration is not analysed" in out


def test_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside.yml").write_text("secret: hunter2\n")
    (project / "serverless.yml").write_text(
        "service: s\nprovider:\n  name: aws\ncustom:\n  x: ${file(../outside.yml):secret}\nfunctions: {}\n"
    )
    result = scan(ScanOptions(paths=[str(project)]))
    assert len(result.errors) == 1 and "outside" in result.errors[0].message
    assert result.errors[0].location.line == 5
    assert result.files_scanned == (str(project / "serverless.yml"),)


def test_variable_cycle_and_deep_chain_are_errors_not_crashes(tmp_path: Path) -> None:
    chain = "".join(f"  v{i}: ${{self:custom.v{i + 1}}}\n" for i in range(10_000)) + "  v10000: end\n"
    (tmp_path / "serverless.yml").write_text(
        "service: s\nprovider:\n  name: aws\n  stage: ${self:custom.a}\ncustom:\n"
        "  a: ${self:custom.b}\n  b: ${self:custom.a}\n" + chain + "functions: {}\n"
    )
    result = scan(ScanOptions(paths=[str(tmp_path)]))
    messages = " ".join(e.message for e in result.errors)
    assert "cycle" in messages and "more than 64 levels" in messages
    assert result.files_scanned


def test_resources_section_is_merged_and_references_resolve(tmp_path: Path) -> None:
    text = SERVICE + (
        "resources:\n"
        "  Resources:\n"
        "    PublicInvoke:\n"
        "      Type: AWS::Lambda::Permission\n"
        "      Properties:\n"
        "        FunctionName: !Ref CartLambdaFunction\n"
        "        Action: lambda:InvokeFunction\n"
        "        Principal: '*'\n"
    )
    assert _scan(tmp_path, text, rules=["FG-AC-005"]) == [("FG-AC-005", "PublicInvoke", 28)]
