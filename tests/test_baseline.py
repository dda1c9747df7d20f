"""Baselines: stable files, fingerprints that survive edits and the way the path is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faasguard import baseline, cli
from faasguard.cli import main

TEMPLATE = """\
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
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:*
                Resource: "*"
"""

NEW_STATEMENT = """\
              - Effect: Allow
                Action: sqs:*
                Resource: arn:aws:sqs:us-east-1:111122223333:q
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "template.yaml").write_text(TEMPLATE)
    return tmp_path


def _scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["scan", "--format", "json", *args])
    data = json.loads(capsys.readouterr().out)
    return code, data["findings"]


def test_default_name_matches() -> None:
    assert cli.DEFAULT_BASELINE == baseline.DEFAULT_BASELINE


def test_create_is_sorted_and_stable(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    assert main(["baseline", "create"]) == 0
    assert "wrote 5 findings to .faasguard-baseline.json" in capsys.readouterr().err
    first = (project / ".faasguard-baseline.json").read_text()
    data = json.loads(first)
    entries = data["findings"]
    assert data["faasguard_baseline"] == 1 and len(entries) == 5
    assert entries == sorted(
        entries, key=lambda e: (e["file"], e["rule_id"], e["resource"], e["fingerprint"])
    )
    assert {e["file"] for e in entries} == {"sub/template.yaml"}
    assert set(entries[0]) == {"fingerprint", "rule_id", "resource", "file", "count"}
    assert main(["baseline", "create", str(project), "-o", "again.json"]) == 0
    assert (project / "again.json").read_text() == first  # same bytes from another spelling of the path


def test_only_new_findings_fail(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    assert main(["baseline", "create", ".", "-o", "base.json"]) == 0
    capsys.readouterr()
    base = str(project / "base.json")
    # the same root written three ways
    for where, root in ((project, "."), (project, str(project)), (project / "sub", "..")):
        monkeypatch.chdir(where)
        code, findings = _scan(capsys, root, "--baseline", base)
        assert code == 0 and len(findings) == 5
        assert {(f["suppression"] or {}).get("kind") for f in findings} == {"baseline"}
    # reformat, insert lines above, add a new wildcard statement
    edited = TEMPLATE.replace('"2010-09-09"\n', '"2010-09-09"\nDescription: >-\n  moved\n\n', 1)
    edited = edited.replace('Code: {ZipFile: "x"}', "Code:\n        ZipFile: 'x'") + NEW_STATEMENT
    (project / "sub" / "template.yaml").write_text(edited)
    code, findings = _scan(capsys, "..", "--baseline", base)
    new = [f for f in findings if f["suppression"] is None]
    assert [(f["rule_id"], f["detail"]) for f in new] == [("FG-AC-001", "sqs:*")]
    assert code == 1


def test_counts_cover_repeated_fingerprints(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "sub" / "template.yaml"
    assert main(["baseline", "create", str(project), "-o", str(project / "b.json")]) == 0
    # the same wildcard again, in a second statement: same fingerprint, one more occurrence
    path.write_text(
        TEMPLATE
        + NEW_STATEMENT.replace("sqs:*", "s3:*").replace(
            "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:s3:::b"
        )
    )
    capsys.readouterr()
    code, findings = _scan(capsys, str(project), "--baseline", str(project / "b.json"))
    new = [f for f in findings if f["suppression"] is None]
    assert [(f["rule_id"], f["line"]) for f in new] == [("FG-AC-001", 24)]
    assert code == 1


def test_text_report_counts_then_lists(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["baseline", "create", str(project), "-o", str(project / "b.json")])
    capsys.readouterr()
    assert main(["scan", str(project), "--baseline", str(project / "b.json")]) == 0
    out = capsys.readouterr().out
    assert "5 accepted by the baseline" in out and "[baseline]" not in out
    assert main(["scan", str(project), "--baseline", str(project / "b.json"), "--show-suppressed"]) == 0
    assert capsys.readouterr().out.count("[baseline]") == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found"),
        ("{not json", "invalid JSON at line 1"),
        ('{"findings": []}', "not a faasguard baseline"),
        ('{"faasguard_baseline": 1, "findings": [{"count": 1}]}', "findings[0]"),
    ],
)
def test_bad_baseline_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = project / "b.json"
    if content is not None:
        path.write_text(content)
    assert main(["scan", str(project), "--baseline", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and str(path) in captured.err and message in captured.err
