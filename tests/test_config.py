"""The configuration file: discovery, keys, errors, and the CLI winning over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faasguard._glob import path_matches
from faasguard.cli import main
from faasguard.config import find_config, load_config
from faasguard.errors import UsageError
from faasguard.result import Severity

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  LegacyFn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: a.b
      Role: arn:aws:iam::111122223333:role/r
      Code: {ZipFile: "x"}
"""


def _json_scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    code = main(["scan", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else {}, err


def test_found_up_to_the_git_root_only(tmp_path: Path) -> None:
    (tmp_path / ".faasguard.toml").write_text('fail-on = "high"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "stacks").mkdir()
    assert find_config([str(repo / "stacks")]) is None  # the parent above the git root is not looked at
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config([str(repo / "stacks")]) is None  # no [tool.faasguard]
    (repo / "pyproject.toml").write_text('[tool.faasguard]\nfail-on = "low"\n')
    assert find_config([str(repo / "stacks")]) == repo / "pyproject.toml"
    (repo / ".faasguard.toml").write_text("")
    assert find_config([str(repo / "stacks")]) == repo / ".faasguard.toml"  # preferred in one folder
    assert find_config([str(tmp_path)]) == tmp_path / ".faasguard.toml"  # no repository: the folder itself


def test_all_keys(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        "[tool.faasguard]\n"
        'rules = ["fg-ac-001"]\nskip-rules = ["FG-RT-002"]\nfail-on = "HIGH"\nexclude = ["tests/**"]\n'
        '[tool.faasguard.severity]\n"FG-RT-002" = "info"\n'
        '[[tool.faasguard.ignore]]\nrule = "FG-AC-003"\nresource = "LegacyFn"\nfile = "stacks/*.yaml"\n'
        'reason = "split planned"\nuntil = 2027-03-31\n'
    )
    config = load_config(path)
    assert config.rules == ("FG-AC-001",) and config.skip_rules == ("FG-RT-002",)
    assert config.fail_on is Severity.HIGH and config.severity == (("FG-RT-002", Severity.INFO),)
    (ignore,) = config.ignores
    assert (ignore.rule, ignore.resource, ignore.file, ignore.until.isoformat() if ignore.until else "") == (
        "FG-AC-003",
        "LegacyFn",
        "stacks/*.yaml",
        "2027-03-31",
    )
    assert ignore.location.line == 8


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('fail-on = "loud"\n', "fail-on"),
        ('rules = "FG-AC-001"\n', "rules"),
        ("colour = true\n", "colour"),
        ('[[ignore]]\nrule = "FG-AC-001"\nreason = "x"\nuntil = "soon"\n', "ignore[1].until"),
        ('[[ignore]]\nrule = "FG-AC-001"\nwhy = "x"\n', "ignore[1].why"),
        ("[[ignore]]\nreason = 'x'\n", "ignore[1].rule"),
        ("fail-on = \n", "invalid TOML"),
    ],
)
def test_invalid_config_exits_2_naming_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, key: str
) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / ".faasguard.toml").write_text(text)
    code = main(["scan", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and ".faasguard.toml" in err and key in err, err
    with pytest.raises(UsageError):
        load_config(tmp_path / ".faasguard.toml")


def test_config_applies_and_cli_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / ".faasguard.toml").write_text(
        'fail-on = "medium"\nskip-rules = ["FG-MON-001", "FG-XX-001"]\n[severity]\n"FG-RT-002" = "info"\n'
    )
    code, data, _ = _json_scan(capsys, str(tmp_path))
    findings = data["findings"]
    assert isinstance(findings, list)
    assert code == 0  # only low/info findings under fail-on = medium
    assert "FG-MON-001" not in {f["rule_id"] for f in findings}
    assert {f["severity"] for f in findings if f["rule_id"] == "FG-RT-002"} == {"info"}
    assert [w["kind"] for w in data["warnings"]] == ["unknown-rule"]  # type: ignore[union-attr]
    code, data, _ = _json_scan(capsys, str(tmp_path), "--fail-on", "low", "--skip-rule", "FG-DEP-002")
    assert code == 1
    assert "FG-MON-001" in {f["rule_id"] for f in data["findings"]}  # type: ignore[union-attr]
    code, data, _ = _json_scan(capsys, str(tmp_path), "--rule", "FG-MON-001")
    assert {f["rule_id"] for f in data["findings"]} == {"FG-MON-001"}  # type: ignore[union-attr]


def test_explicit_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    other = tmp_path / "ci.toml"
    other.write_text('rules = ["FG-RT-002"]\n')
    code, data, _ = _json_scan(capsys, str(tmp_path), "--config", str(other))
    assert code == 1
    assert {f["rule_id"] for f in data["findings"]} == {"FG-RT-002"}  # type: ignore[union-attr]
    assert main(["scan", str(tmp_path), "--config", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_exclude_and_ignore_globs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    (tmp_path / "stacks" / "a.yaml").write_text(TEMPLATE)
    (tmp_path / "stacks" / "b.yaml").write_text(TEMPLATE.replace("LegacyFn", "NewFn"))
    (tmp_path / "tests" / "fixtures" / "template.yaml").write_text("not: [valid")
    (tmp_path / ".faasguard.toml").write_text(
        'exclude = ["tests/**"]\nrules = ["FG-RT-002"]\n'
        '[[ignore]]\nrule = "FG-RT-002"\nresource = "Legacy*"\nfile = "stacks/*.yaml"\nreason = "old"\n'
        '[[ignore]]\nrule = "FG-RT-002"\nfile = "other/**"\nreason = "nothing there"\n'
        '[[ignore]]\nrule = "FG-RT-002"\nreason = "expired"\nuntil = 2001-01-01\n'
    )
    code, data, _ = _json_scan(
        capsys, str(tmp_path / "stacks"), "--config", str(tmp_path / ".faasguard.toml")
    )
    assert data["errors"] == []  # tests/** not even read
    kinds = {f["resource"]: (f["suppression"] or {}).get("kind") for f in data["findings"]}  # type: ignore[union-attr]
    assert kinds == {"LegacyFn": "config", "NewFn": None}
    warnings = sorted((w["kind"], w["line"]) for w in data["warnings"])  # type: ignore[union-attr]
    assert warnings == [("expired", 12), ("unused", 8)]  # the lines of their [[ignore]] headers
    assert code == 1


@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("tests/a/b.yaml", "tests/**", True),
        ("src/tests/a.yaml", "tests/**", False),
        ("cdk.out/x.template.json", "cdk.out/**", True),
        ("stacks/a.yaml", "stacks/*.yaml", True),
        ("stacks/deep/a.yaml", "stacks/*.yaml", False),
        ("deep/down/a.test.yaml", "*.test.yaml", True),
        ("a/b/c.yaml", "**/c.yaml", True),
        ("tests/", "tests", True),
    ],
)
def test_globs(path: str, pattern: str, expected: bool) -> None:
    assert path_matches(path, pattern) is expected
