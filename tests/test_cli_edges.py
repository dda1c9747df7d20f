"""Edge cases a new user hits: link loops, odd encodings, nothing to scan, unsafe output paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faasguard.cli import main

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: arn:aws:lambda:us-east-1:123456789012:function:f
      AuthType: NONE
"""


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    code = main(["scan", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_link_loop_inside_the_tree_is_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    code, data, err = _json(capsys, str(tmp_path), "--rule", "FG-AC-006")
    assert code == 1 and "Traceback" not in err
    assert "symbolic link loop" in json.dumps(data["notes"])


def test_utf16_template_found_by_content_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "stack.yaml").write_bytes(TEMPLATE.encode("utf-16"))
    code, data, _ = _json(capsys, str(tmp_path))
    assert code == 2 and "UTF-16" in json.dumps(data["errors"])


def test_unsupported_iac_and_empty_folder_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.tf.json").write_text('{"resource": {}}\n')
    code, data, err = _json(capsys, str(tmp_path))
    assert code == 0
    assert "1 Terraform JSON (.tf.json) file not analysed yet" in json.dumps(data["notes"])
    assert "nothing was scanned" in err


def test_output_never_overwrites_a_scanned_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE)
    assert main(["scan", str(tmp_path), "--output", str(template)]) == 2
    assert template.read_text() == TEMPLATE
    assert "not overwritten" in capsys.readouterr().err


def test_size_limit_must_be_positive() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["scan", ".", "--max-file-size", "0"])
    assert exc.value.code == 2


def test_hook_and_action_definitions_run_the_scanner() -> None:
    import yaml

    root = Path(__file__).parent.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "faasguard" and hooks[0]["entry"] == "faasguard scan"
    action = yaml.safe_load((root / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert any("faasguard scan" in step.get("run", "") for step in action["runs"]["steps"])


def test_reports_never_replace_files_the_scan_reads(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    src = tmp_path / "src"
    src.mkdir()
    lock = src / "package-lock.json"
    lock.write_text('{"lockfileVersion": 3, "packages": {}}')
    config = tmp_path / ".faasguard.toml"
    config.write_text("fail-on = 'high'\n")
    for option in (["-o", str(lock)], ["-o", str(config)], ["--format", f"sarif={lock}"]):
        assert main(["scan", str(tmp_path), *option]) == 2
    assert main(["baseline", "create", str(tmp_path), "-o", str(src / "package.json")]) == 0
    assert main(["baseline", "create", str(tmp_path), "-o", str(lock)]) == 2
    assert lock.read_text() == '{"lockfileVersion": 3, "packages": {}}'
    assert config.read_text() == "fail-on = 'high'\n"
