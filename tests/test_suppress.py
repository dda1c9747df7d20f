"""Suppressions: inline markers, CloudFormation Metadata, warnings, reports and exit codes."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from faasguard._comments import yaml_comments
from faasguard.cli import main
from faasguard.engine import ScanOptions, scan
from faasguard.report.json_report import to_data
from faasguard.report.text import make_reporter
from faasguard.result import ScanResult, SuppressionKind
from faasguard.suppress import parse_marker

README = Path(__file__).parent.parent / "README.md"
TODAY = date(2026, 6, 1)

SAM = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:  # faasguard:ignore FG-MON-001 tracing comes from the platform layer
    Type: AWS::Serverless::Function
    Metadata:
      faasguard:
        ignore:
          - id: FG-AC-006
            reason: public webhook, signature checked in code
    Properties:
      Runtime: python3.13
      Handler: a.b
      CodeUri: src/
      Description: "not # faasguard:ignore FG-RT-002 a comment"
      FunctionUrlConfig:
        AuthType: NONE
      Policies:
        - Statement:
            - Effect: Allow
              # faasguard:ignore FG-AC-001 scratch bucket only
              Action: s3:*
              Resource: "*"  # faasguard:ignore FG-AC-002,FG-MON-002 reviewed with security (SEC-7)
      InlineCode: |
        # faasguard:ignore FG-RT-002 this is code, not a comment
"""

CFN_ROLE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: a.b
      Role: !GetAtt Role.Arn
      Code: {ZipFile: "x"}
  Role:
    Type: AWS::IAM::Role
    Metadata:
      faasguard:
        ignore:
          - {id: [FG-AC-001, FG-AC-002], reason: break-glass role, until: 2099-01-01}
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: "s3:*", Resource: "*"}
"""


def _scan(tmp_path: Path, files: dict[str, str], **kw: object) -> ScanResult:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return scan(ScanOptions(paths=[str(tmp_path)], today=TODAY, **kw))  # type: ignore[arg-type]


def _kinds(result: ScanResult) -> dict[tuple[str, str], str | None]:
    return {
        (f.rule_id, f.resource): (f.suppression.kind.value if f.suppression else None)
        for f in result.findings
    }


# -- the comment lexer ----------------------------------------------------------------------------


def test_comments_ignore_quotes_block_scalars_and_plain_hashes() -> None:
    text = (
        'A: "a#b" # one\n'
        "B: a#b\n"
        "C: 'it''s # not' # two\n"
        "D: |\n  # data\n  code # data\n"
        "E: x # three\n"
        "F:\n  - key: |-\n      # data\n    other: 1 # four\n"
        '  - "multi\n    # inside\n    line" # five\n'
        "# six\n"
        "G: it's # seven\n"
        'H: !Sub "a # b" # eight\n'
    )
    found = [(c.line, c.text, c.own_line) for c in yaml_comments(text)]
    assert found == [
        (1, "one", False),
        (3, "two", False),
        (7, "three", False),
        (11, "four", False),
        (14, "five", False),
        (15, "six", True),
        (16, "seven", False),
        (17, "eight", False),
    ]


def test_own_line_comment_points_at_the_next_line_of_code() -> None:
    comments = yaml_comments("a: 1\n# above\n\n# stacked\nb: 2\n# at the end\n")
    assert [(c.line, c.next_code) for c in comments] == [(2, 5), (4, 5), (6, 0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("faasguard:ignore FG-AC-001 legacy", (("FG-AC-001",), "", "legacy")),
        (
            "faasguard:ignore fg-ac-001, FG-AC-002 -- two reasons",
            (("FG-AC-001", "FG-AC-002"), "", "two reasons"),
        ),
        ("faasguard:ignore FG-AC-001 until=2027-03-31 soon", (("FG-AC-001",), "2027-03-31", "soon")),
        ("faasguard:ignore FG-AC-001", (("FG-AC-001",), "", "")),
        ("just a comment", None),
    ],
)
def test_parse_marker(text: str, expected: object) -> None:
    assert parse_marker(text) == expected


@pytest.mark.parametrize("text", ["faasguard:ignore", "faasguard:ignore because reasons", "faasguard:skip X"])
def test_parse_marker_problems(text: str) -> None:
    assert isinstance(parse_marker(text), str)


# -- inline markers and Metadata ------------------------------------------------------------------


def test_sam_inline_and_metadata(tmp_path: Path) -> None:
    result = _scan(tmp_path, {"template.yaml": SAM})
    kinds = _kinds(result)
    assert kinds[("FG-MON-001", "Fn")] == "inline"  # marker on the logical-id line: the whole resource
    assert kinds[("FG-AC-006", "Fn")] == "metadata"  # on the URL SAM generates from Fn
    assert kinds[("FG-AC-001", "Fn")] == "inline"  # own-line marker above the statement
    assert kinds[("FG-AC-002", "Fn")] == "inline"  # trailing marker
    assert kinds[("FG-RT-002", "Fn")] is None  # markers in a quoted string and a block scalar are data
    assert [(w.kind, w.location.line) for w in result.warnings] == [("unused", 23)]  # FG-MON-002 on line 23
    assert "FG-MON-002" in result.warnings[0].message


def test_cfn_yaml_metadata_on_a_role(tmp_path: Path) -> None:
    result = _scan(tmp_path, {"template.yaml": CFN_ROLE})
    role = [f for f in result.findings if f.resource == "Role"]
    assert {f.rule_id for f in role} == {"FG-AC-001", "FG-AC-002"}
    assert all(f.suppression and f.suppression.until == date(2099, 1, 1) for f in role)
    assert result.warnings == ()


def test_cfn_json_metadata(tmp_path: Path) -> None:
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Metadata": {
                    "faasguard": {"ignore": [{"id": "FG-RT-002", "reason": "batch job"}, "FG-MON-001"]}
                },
                "Properties": {"Runtime": "python3.13", "Handler": "a.b", "Role": "arn:aws:iam::1:role/r"},
            }
        },
    }
    result = _scan(tmp_path, {"stack.template.json": json.dumps(template, indent=2)})
    kinds = _kinds(result)
    assert kinds[("FG-RT-002", "Fn")] == "metadata"
    assert kinds[("FG-MON-001", "Fn")] is None  # a plain string entry has no reason
    assert [w.kind for w in result.warnings] == ["no-reason"]
    assert result.warnings[0].location.line == 13  # the string entry


def test_serverless_function_marker_and_resources_metadata(tmp_path: Path) -> None:
    service = """\
service: orders
provider:
  name: aws
  runtime: python3.12
functions:
  hello:  # faasguard:ignore FG-RT-002 concurrency is managed per account
    handler: handler.hello
    url: true
resources:
  Resources:
    Keys:
      Type: AWS::KMS::Key
      Metadata:
        faasguard:
          ignore:
            - id: FG-DP-003
              reason: imported key material cannot rotate
      Properties:
        KeyPolicy: {}
"""
    kinds = _kinds(_scan(tmp_path, {"serverless.yml": service}))
    assert kinds[("FG-RT-002", "HelloLambdaFunction")] == "inline"
    assert kinds[("FG-DP-003", "Keys")] == "metadata"
    assert kinds[("FG-AC-006", "HelloLambdaFunction")] is None


def test_warnings_for_bad_markers(tmp_path: Path) -> None:
    template = CFN_ROLE.replace(
        '      Code: {ZipFile: "x"}\n',
        '      Code: {ZipFile: "x"}  # faasguard:ignore FG-XX-999 typo\n',
    ).replace("  Fn:\n", "  Fn:  # faasguard:ignore FG-RT-002 until=2020-01-01 expired long ago\n")
    template = template.replace(
        "    Type: AWS::Lambda::Function\n", "    Type: AWS::Lambda::Function  # faasguard:ignore nope\n"
    )
    result = _scan(tmp_path, {"template.yaml": template})
    assert sorted(w.kind for w in result.warnings) == ["expired", "malformed", "unknown-rule"]
    assert all(w.location.file.endswith("template.yaml") and w.location.line for w in result.warnings)
    assert _kinds(result)[("FG-RT-002", "Fn")] is None


def test_unused_only_judged_for_rules_that_ran(tmp_path: Path) -> None:
    result = _scan(tmp_path, {"template.yaml": SAM}, rules=["FG-AC-001"])
    assert result.warnings == ()


# -- reports and exit codes -----------------------------------------------------------------------


def _schema() -> dict[str, object]:
    text = resources.files("faasguard.data").joinpath("scan-result.schema.json").read_text("utf-8")
    schema: dict[str, object] = json.loads(text)
    return schema


def test_json_report_carries_suppressions_and_warnings(tmp_path: Path) -> None:
    result = _scan(tmp_path, {"template.yaml": SAM})
    data = to_data(result)
    jsonschema.validate(data, _schema())
    assert data["schema_version"] == "1.2"
    assert data["summary"]["findings"] == len(result.active)
    assert data["summary"]["suppressed"] == len(result.suppressed) == 4
    assert data["summary"]["by_suppression"] == {"inline": 3, "metadata": 1, "config": 0, "baseline": 0}
    url = next(f for f in data["findings"] if f["rule_id"] == "FG-AC-006")
    assert url["suppression"]["kind"] == "metadata" and url["suppression"]["line"] == 9
    assert data["warnings"][0]["kind"] == "unused"


def test_text_report_sections(tmp_path: Path) -> None:
    result = _scan(tmp_path, {"template.yaml": SAM})
    text = make_reporter().render(result)
    assert "Suppressed (4)" in text and "[metadata] public webhook" in text and "Warnings (1)" in text
    assert text.rstrip().endswith("4 suppressed, 1 warning.")
    quiet = make_reporter(quiet=True).render(result)
    assert quiet.count("\n") == 1 and "4 suppressed" in quiet


def test_suppressed_findings_never_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = "FG-MON-001,FG-RT-002,FG-AC-014 tracing"
    (tmp_path / "template.yaml").write_text(SAM.replace("FG-MON-001 tracing", marker))
    code = main(["scan", str(tmp_path), "--fail-on", "medium", "-q"])
    out, err = capsys.readouterr()
    assert code == 0, out
    assert out.startswith("1 finding (1 low), 6 suppressed, 1 warning.")
    assert err == ""  # --quiet: warnings are in the summary count only
    code = main(["scan", str(tmp_path), "--fail-on", "medium"])
    assert code == 0 and "warning: " in capsys.readouterr().err


# -- the README's examples stay true --------------------------------------------------------------


def test_readme_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = re.findall(r"<!-- tested: (\S+) -->\n```\w*\n(.*?)```", README.read_text("utf-8"), re.S)
    assert {name for name, _ in blocks} == {
        "template.yaml",
        "legacy.template.json",
        ".faasguard.toml",
        "main.tf",
    }
    for name, body in blocks:
        (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "template.yaml").write_text("Resources: {X: {Type: 'AWS::Nope'}}: [")  # excluded
    monkeypatch.setenv("FAASGUARD_TODAY", "2026-01-01")
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"] == [] and data["errors"] == []
    kinds = {(f["rule_id"], f["resource"]): (f["suppression"] or {}).get("kind") for f in data["findings"]}
    assert kinds == {
        ("FG-AC-001", "WebhookFunction"): "inline",
        ("FG-AC-006", "WebhookFunction"): "metadata",
        ("FG-MON-001", "WebhookFunction"): "inline",
        ("FG-MON-002", "WebhookFunction"): "inline",
        ("FG-MON-001", "LegacyFunction"): "metadata",
        ("FG-MON-002", "LegacyFunction"): "metadata",
        ("FG-RT-002", "LegacyFunction"): "config",
        ("FG-RT-002", "WebhookFunction"): None,
        ("FG-MON-001", "aws_lambda_function.webhook"): "inline",
        ("FG-AC-006", "aws_lambda_function.webhook"): "inline",
        ("FG-MON-002", "aws_lambda_function.webhook"): None,
        ("FG-RT-002", "aws_lambda_function.webhook"): None,
    }
    active = [f for f in data["findings"] if f["suppression"] is None]
    assert sorted(f["severity"] for f in active) == ["info", "info", "low"]  # [severity] override
    assert SuppressionKind.CONFIG.value == "config"
