"""The YAML and JSON parsers: values as the standard parsers give them, plus lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faasguard.engine import ScanOptions, scan
from faasguard.errors import InputError
from faasguard.loaders._json import parse_json
from faasguard.loaders._yaml import parse_yaml

YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Defaults: &defaults
  Runtime: python3.12
  Timeout: 10
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      <<: *defaults
      Role: !GetAtt Role.Arn
      Handler: !Sub "${Prefix}.handler"
      Layers: [!Ref Layer, "arn:aws:lambda:us-east-1:123456789012:layer:x:1"]
"""


def test_yaml_lines_short_forms_and_merge_keys() -> None:
    doc = parse_yaml(YAML, "t.yaml")
    props = doc["Resources"]["Fn"]["Properties"]
    assert props["Role"] == {"Fn::GetAtt": ["Role", "Arn"]}
    assert props["Handler"] == {"Fn::Sub": "${Prefix}.handler"}
    assert props["Runtime"] == "python3.12" and props["Timeout"] == 10
    assert props.lines["Role"] == 10 and props.lines["Handler"] == 11
    assert props["Layers"].lines == [12, 12]
    assert doc["Resources"].lines["Fn"] == 6


def test_json_values_equal_the_standard_parser_and_carry_lines() -> None:
    text = json.dumps(
        {
            "Resources": {
                "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 1e3, "M": [1, -2.5, None]}}
            }
        },
        indent=2,
    )
    doc = parse_json(text, "t.json")
    assert doc == json.loads(text)
    assert doc["Resources"]["Fn"].lines["Type"] == 4
    assert isinstance(doc["Resources"]["Fn"]["Properties"]["Timeout"], float)


@pytest.mark.parametrize(
    ("text", "parse"),
    [
        ("A: 1\nB: 2\nA: 3\n", lambda t, p: parse_yaml(t, "f", problems=p)),
        ('{\n "A": 1,\n "B": 2,\n "A": 3\n}\n', lambda t, p: parse_json(t, "f", p)),
    ],
    ids=["yaml", "json"],
)
def test_duplicate_keys_strict_or_reported(text: str, parse: object) -> None:
    assert callable(parse)
    with pytest.raises(InputError, match="duplicate key 'A'"):
        parse(text, None)
    problems: list[tuple[int, str]] = []
    doc = parse(text, problems)
    assert doc["A"] == 3  # the last value wins, as in the tools that deploy templates
    assert len(problems) == 1 and problems[0][0] in (3, 4) and "first at line" in problems[0][1]


def test_duplicate_key_and_broken_resource_are_errors_but_the_file_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Resources:\n"
        "  NoType:\n"
        "    Properties: {}\n"
        "  Url:\n"
        "    Type: AWS::Lambda::Url\n"
        "    Properties:\n"
        "      TargetFunctionArn: !GetAtt Fn.Arn\n"
        "      AuthType: AWS_IAM\n"
        "      AuthType: NONE\n"
        "  Fn:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties: {Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::123456789012:role/r}\n"
    )
    result = scan(ScanOptions(paths=[str(tmp_path)], rules=["FG-AC-006"]))
    assert [e.one_line().split(": ", 1)[1] for e in result.errors] == [
        "duplicate key 'AuthType' (first at line 9); the last value is used",
        "resource NoType has no Type; skipped",
    ]
    assert [e.location.line for e in result.errors] == [10, 3]
    assert [(f.rule_id, f.location.line) for f in result.findings] == [("FG-AC-006", 10)]
