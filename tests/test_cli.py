"""The command line: exit codes, hostile inputs, discovery, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from faasguard.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"

GOOD = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: a.b
      Role: arn:aws:iam::111122223333:role/r
      Code: {ZipFile: "x"}
"""

URL_NONE = (
    GOOD
    + """\
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: NONE
"""
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def scan_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    code, out, err = run(capsys, "scan", "--format", "json", *args)
    return code, json.loads(out), err


def test_version_is_fast_and_lazy() -> None:
    code = (
        "import sys, faasguard.cli as c\n"
        "try:\n    c.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('yaml', 'rich', 'faasguard.rules', 'faasguard.loaders.cloudformation')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]")


def test_findings_exit_1_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text(URL_NONE)
    code, data, _ = scan_json(capsys, str(tmp_path), "--rule", "FG-AC-006")
    assert code == 1
    findings = data["findings"]
    assert isinstance(findings, list) and findings[0]["rule_id"] == "FG-AC-006"
    assert findings[0]["line"] == 14 and findings[0]["resource"] == "Fn"
    code, _, _ = scan_json(capsys, str(tmp_path), "--rule", "FG-AC-006", "--fail-on", "critical")
    assert code == 0


def test_clean_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text(GOOD)
    code, data, _ = scan_json(capsys, str(tmp_path), "--rule", "FG-AC-006")
    assert code == 0 and data["findings"] == []


HOSTILE = {
    "invalid.yaml": b"AWSTemplateFormatVersion: x\nResources:\n  A: [\n",
    "empty.template.yaml": b"",
    "comments.template.yaml": b"# AWS:: nothing here\n",
    "bomb.yaml": (
        b"AWSTemplateFormatVersion: x\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        b"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    ),
    "self.yaml": b"AWSTemplateFormatVersion: x\nResources: &r\n  A: *r\n",
    "binary.template": b"AWS::\x00\x01\x02" * 100,
    "utf16.template.json": '\ufeff{"AWSTemplateFormatVersion": "x"}'.encode("utf-16"),
    "latin1.yaml": "AWSTemplateFormatVersion: x\nDescription: caf\xe9\nResources: {}\n".encode("latin-1"),
    "deep.yaml": b"AWSTemplateFormatVersion: x\nResources: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "list.yaml": b"AWSTemplateFormatVersion: x\nResources:\n  - Type: AWS::Lambda::Function\n",
}


def test_hostile_inputs_each_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, content in HOSTILE.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "ok.yaml").write_text(URL_NONE)
    code, data, err = scan_json(capsys, str(tmp_path))
    errors = data["errors"]
    assert isinstance(errors, list)
    named = {Path(str(e["file"])).name for e in errors}
    assert named == set(HOSTILE), named
    assert "Traceback" not in err
    for line in err.splitlines():
        assert line.startswith("faasguard: ")
    assert data["files_scanned"] == [str(tmp_path / "ok.yaml")]
    assert code == 1  # the good file still produced findings


def test_only_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "invalid.yaml").write_bytes(HOSTILE["invalid.yaml"])
    code, data, err = scan_json(capsys, str(tmp_path))
    assert code == 2 and data["files_scanned"] == []
    assert "invalid.yaml:4" in err or "invalid.yaml:3" in err


def test_huge_file_is_an_error_not_a_hang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.template.yaml"
    with big.open("wb") as fh:
        fh.write(b"AWSTemplateFormatVersion: x\n")
        fh.truncate(50 * 1024 * 1024)
    code, data, _ = scan_json(capsys, str(tmp_path))
    assert code == 2 and "MB" in str(data["errors"])


def test_missing_path_and_unknown_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = scan_json(capsys, str(tmp_path / "nope"))
    assert code == 2
    code, _, err = run(capsys, "scan", str(tmp_path), "--rule", "FG-XX-999")
    assert code == 2 and "unknown rule" in err


def test_discovery_skips_build_output_and_non_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in ("node_modules/pkg", ".aws-sam/build", ".git", "venv"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "template.yaml").write_text(URL_NONE)
    (tmp_path / "venv" / "pyvenv.cfg").write_text("")
    (tmp_path / "ci.yml").write_text("on: push\njobs: {}\n")
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "stack.yml").write_text(URL_NONE)
    _, data, _ = scan_json(capsys, str(tmp_path))
    assert data["files_scanned"] == [str(tmp_path / "infra" / "stack.yml")]


def test_symlink_loop_and_escape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "loop").symlink_to(root)
    outside = tmp_path / "outside.yaml"
    outside.write_text(URL_NONE)
    (root / "escape.yaml").symlink_to(outside)
    code, data, _ = scan_json(capsys, str(root))
    assert code == 0 and data["files_scanned"] == []
    assert "symbolic link" in json.dumps(data["notes"])


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "FG-AC-006" in out
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0 and any(r["id"] == "FG-AC-006" for r in json.loads(out))
    code, out, _ = run(capsys, "explain", "fg-ac-006")
    assert code == 0 and "Why:" in out and "Fix:" in out
    code, _, err = run(capsys, "explain", "FG-AC-999")
    assert code == 2 and "unknown rule" in err


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["scan", "--format", "pdf"])
    assert exc.value.code == 2
    assert main([]) == 2


def test_output_file_and_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text(URL_NONE)
    out_file = tmp_path / "report.txt"
    code, out, _ = run(capsys, "scan", str(tmp_path), "--rule", "FG-AC-006", "--output", str(out_file))
    assert code == 1 and out == ""
    text = out_file.read_text()
    assert "FG-AC-006" in text and "\x1b[" not in text


def test_demo_example_covers_all_five_layers(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = scan_json(capsys, str(EXAMPLES / "orders-api"))
    assert code == 1
    findings = data["findings"]
    assert isinstance(findings, list)
    layers = {f["layer"] for f in findings}
    assert layers == {"access-control", "data-protection", "monitoring", "dependencies", "runtime"}


def test_hardened_example_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = scan_json(capsys, str(EXAMPLES / "orders-api-hardened"))
    assert data["findings"] == [] and data["errors"] == [], data["findings"]
    assert code == 0
