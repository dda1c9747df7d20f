"""Scans in worker processes: the same result as one process, crashes contained, workers stopped."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from faasguard import _parallel, engine
from faasguard.baseline import load_baseline, render_baseline
from faasguard.cli import main
from faasguard.config import load_config
from faasguard.discover import Candidate
from faasguard.engine import ScanOptions, scan
from faasguard.errors import UsageError
from faasguard.model import Workload
from faasguard.report.json_report import to_data
from faasguard.result import ScanResult

TODAY = date(2026, 6, 1)

SAM = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn{n}:{marker}
    Type: AWS::Serverless::Function
{metadata}    Properties:
      Runtime: python3.{minor}
      Handler: app.handler
      CodeUri: {code}
      Timeout: {timeout}
      Policies:
        - Statement:
            - Effect: Allow
              Action: ["s3:GetObject", "s3:PutObject", "iam:PassRole"]
              Resource: "*"
      Events:
        Api:
          Type: Api
          Properties: {{Path: /items/{n}, Method: get}}
"""
METADATA = """\
    Metadata:
      faasguard:
        ignore:
          - {id: FG-AC-002, reason: reviewed with security (SEC-7)}
"""
CFN = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": "nodejs16.x",
                "Handler": "a.b",
                "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                "Code": {"ZipFile": "x"},
            },
        },
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ]
                },
                "Policies": [
                    {
                        "PolicyName": "p",
                        "PolicyDocument": {
                            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
                        },
                    }
                ],
            },
        },
    },
}
SERVERLESS = """\
service: shop{n}
provider:
  name: aws
  runtime: nodejs{node}.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: "dynamodb:*"
          Resource: "*"
functions:
  checkout:
    handler: checkout.handler
    url: true
"""
TF_MAIN = """\
module "fn" {
  source = "../modules/fn"
  name   = "orders"
}

resource "aws_lambda_function" "direct" {
  function_name = "direct"
  runtime       = "python3.8"
  handler       = "a.b"
  role          = "arn:aws:iam::123456789012:role/r"
}
"""
TF_MODULE = """\
variable "name" {}

resource "aws_iam_role_policy" "p" {
  role   = "r"
  policy = jsonencode({Statement = [{Effect = "Allow", Action = "*", Resource = "*"}]})
}

resource "aws_lambda_function" "fn" {
  function_name = var.name
  runtime       = "nodejs14.x"
  handler       = "a.b"
  role          = "arn:aws:iam::123456789012:role/r"
  timeout       = 900  # faasguard:ignore FG-RT-002 batch job, nobody waits on it
}
"""
CONFIG = """\
exclude = ["skipped/**"]

[severity]
"FG-DEP-001" = "critical"

[[ignore]]
rule = "FG-AC-001"
file = "json1*.template.json"
reason = "legacy stack"

[[ignore]]
rule = "FG-RT-002"
resource = "Nothing*"
reason = "matches nothing: an unused-ignore warning"
"""


def _tree(root: Path) -> Path:
    """Several dozen sources of every kind, some broken, some suppressed, in one folder."""
    for n in range(24):
        marker = "  # faasguard:ignore FG-MON-001 tracing comes from the platform layer" if n % 5 == 0 else ""
        code = "app/" if n % 6 == 0 else "src/"
        text = SAM.format(
            n=n,
            marker=marker,
            metadata=METADATA if n % 7 == 0 else "",
            minor=8 + n % 5,
            timeout=3 + 100 * (n % 3),
            code=code,
        )
        _write(root / f"sam{n:02d}" / "template.yaml", text)
        if code == "app/":
            _write(root / f"sam{n:02d}" / "app" / "requirements.txt", "requests>=2\nboto3==1.34.0\n")
    for n in range(10):
        _write(root / f"json{n}.template.json", json.dumps(CFN, indent=2))
    for n in range(6):
        _write(root / f"sls{n}" / "serverless.yml", SERVERLESS.format(n=n, node=12 + 2 * n))
    _write(root / "tf" / "main.tf", TF_MAIN)
    _write(root / "modules" / "fn" / "main.tf", TF_MODULE)
    _write(root / "tf2" / "main.tf", TF_MAIN.replace("direct", "other"))
    _write(root / "broken1.template.yaml", "Resources:\n  Fn: [unclosed\n")
    _write(root / "broken2.template.json", '{"Resources": ')
    _write(root / "broken3" / "template.yaml", "")
    _write(root / "broken4" / "serverless.yml", "service: [\n")
    _write(root / "tf-broken" / "main.tf", 'resource "aws_lambda_function" "x" {\n')
    _write(root / "skipped" / "template.yaml", (root / "sam01" / "template.yaml").read_text())
    _write(root / ".faasguard.toml", CONFIG)
    return root


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _options(root: Path, **more: Any) -> ScanOptions:
    more.setdefault("paths", [str(root)])
    return ScanOptions(config=load_config(root / ".faasguard.toml"), today=TODAY, **more)


def _json(result: ScanResult) -> str:
    data = to_data(result)
    data.pop("duration_s", None)
    data.get("summary", {}).pop("duration_s", None)
    return json.dumps(data, indent=2)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tree(tmp_path_factory.mktemp("tree"))


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools started (to know a scan did use workers)."""
    started: list[int] = []
    original = _parallel._Pool.__init__

    def counting(self: Any, work: Any, shared: bytes, workers: int) -> None:
        started.append(workers)
        original(self, work, shared, workers)

    monkeypatch.setattr(_parallel._Pool, "__init__", counting)
    return started


def test_parallel_result_is_the_serial_result(tree: Path, pools: list[int]) -> None:
    baseline_file = tree.parent / "baseline.json"
    first = scan(_options(tree, paths=[str(tree / "sam00"), str(tree / "json3.template.json")], jobs=1))
    baseline_file.write_text(render_baseline(first.findings))
    baseline = load_baseline(str(baseline_file))
    serial = scan(_options(tree, jobs=1, baseline=baseline))
    calls: list[tuple[int, int]] = []
    parallel = scan(_options(tree, jobs=3, baseline=baseline), lambda n, total: calls.append((n, total)))
    assert pools == [3]
    assert _json(parallel) == _json(serial)
    # the tree holds every case: findings of each format, errors, every kind of suppression, warnings
    kinds = {f.suppression.kind.value for f in serial.findings if f.suppression is not None}
    assert kinds == {"inline", "metadata", "config", "baseline"}
    assert len(serial.errors) >= 5 and serial.warnings and serial.notes and serial.not_assessed
    assert {Path(f.location.file).suffix for f in serial.findings} >= {".yaml", ".json", ".yml", ".tf"}
    assert not any("skipped" in f for f in serial.files_scanned)
    assert calls == [(n, len(calls)) for n in range(1, len(calls) + 1)] and len(calls) >= 45


def test_few_sources_stay_in_one_process(tree: Path, pools: list[int]) -> None:
    scan(_options(tree, paths=[str(tree / f"sam{n:02d}") for n in range(15)]))
    assert pools == []
    assert _parallel.worker_count(0, 15) == 1
    assert _parallel.worker_count(0, 16) == min(2, _parallel.usable_cpus())
    assert _parallel.worker_count(1, 1000) == 1
    assert _parallel.worker_count(4, 3) == 3


def _crashing_load(real: Any, parent: int) -> Any:
    def load(candidate: Candidate, options: ScanOptions) -> tuple[Workload | None, Any]:
        name = candidate.path.name if candidate.kind != "terraform" else ""
        if "json4" in name and os.getpid() != parent:
            os._exit(3)  # a crash in a C library, say
        if "json7" in name and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer
        if "json2" in name:
            raise RuntimeError("loader bug")
        return real(candidate, options)  # type: ignore[no-any-return]

    return load


def test_a_worker_that_dies_costs_its_file_only(
    tree: Path, monkeypatch: pytest.MonkeyPatch, pools: list[int]
) -> None:
    serial = scan(_options(tree, jobs=1))
    monkeypatch.setattr(engine, "_load", _crashing_load(engine._load, os.getpid()))
    result = scan(_options(tree, jobs=2))
    assert pools == [2]
    crashed = {e.location.file: e.message for e in result.errors if "abruptly" in e.message}
    assert sorted(Path(f).name for f in crashed) == ["json4.template.json", "json7.template.json"]
    assert next(e.message for e in result.errors if "json2" in e.location.file).startswith(
        "internal error while loading (RuntimeError: loader bug)"
    )
    lost = {"json2.template.json", "json4.template.json", "json7.template.json"}
    expected = [f for f in serial.findings if Path(f.location.file).name not in lost]
    assert list(result.findings) == expected
    assert not multiprocessing.active_children()


def test_ctrl_c_stops_the_workers(tree: Path, pools: list[int]) -> None:
    def interrupt(n: int, total: int) -> None:
        if n == 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scan(_options(tree, jobs=2), interrupt)
    assert pools == [2]
    assert not multiprocessing.active_children()


def _square(item: int, shared: int) -> int:
    return item * item + shared


def test_ordered_keeps_the_order_and_stops_when_closed() -> None:
    items = list(range(100))
    assert list(_parallel.ordered(_square, items, 1, 2, lambda i: -1)) == [i * i + 1 for i in items]
    results = _parallel.ordered(_square, items, 0, 2, lambda i: -1)
    assert next(results) == 0
    results.close()
    assert not multiprocessing.active_children()


def test_spawned_workers_give_the_same_result(
    tree: Path, monkeypatch: pytest.MonkeyPatch, pools: list[int]
) -> None:
    """Where workers are spawned (macOS, Windows) the plan travels pickled, and must be enough."""
    monkeypatch.setattr(_parallel, "_start_method", lambda: "spawn")
    paths = [str(tree / "sam00"), str(tree / "json1.template.json"), str(tree / "sls1"), str(tree / "tf")]
    serial = scan(_options(tree, paths=paths, jobs=1))
    spawned = scan(_options(tree, paths=paths, jobs=2))
    assert pools == [2]
    assert _json(spawned) == _json(serial)


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["scan", *args, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    data.pop("duration_s", None)
    data["summary"].pop("duration_s", None)
    return code, json.dumps(data)


def test_cli_jobs(tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAASGUARD_TODAY", TODAY.isoformat())
    serial = _cli_json(capsys, str(tree), "--jobs", "1")
    assert serial[0] == 1
    assert _cli_json(capsys, str(tree), "--jobs", "2") == serial
    assert _cli_json(capsys, str(tree), "-j", "auto") == serial
    outputs = []
    for jobs in ("1", "2"):
        out = tree.parent / f"baseline-{jobs}.json"
        assert main(["baseline", "create", str(tree), "--jobs", jobs, "-o", str(out)]) == 2  # broken files
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1] and "FG-AC-001" in outputs[0]
    capsys.readouterr()
    for bad in ("0", "-2", "many"):
        with pytest.raises(SystemExit) as exit_info:
            main(["scan", str(tree), "--jobs", bad])
        assert exit_info.value.code == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ('"auto"', 0), ("1", 1)])
def test_config_jobs(tmp_path: Path, value: str, expected: int) -> None:
    (tmp_path / ".faasguard.toml").write_text(f"jobs = {value}\n")
    assert load_config(tmp_path / ".faasguard.toml").jobs == expected


@pytest.mark.parametrize("value", ["0", "true", '"four"', "1.5"])
def test_config_jobs_must_be_a_count(tmp_path: Path, value: str) -> None:
    (tmp_path / ".faasguard.toml").write_text(f"jobs = {value}\n")
    with pytest.raises(UsageError, match="jobs: expected a number of processes"):
        load_config(tmp_path / ".faasguard.toml")


def test_config_jobs_is_used_unless_given(tree: Path, pools: list[int]) -> None:
    import dataclasses

    options = _options(tree)
    assert options.config is not None
    config = dataclasses.replace(options.config, jobs=1)
    scan(dataclasses.replace(options, config=config))
    assert pools == []
    scan(dataclasses.replace(options, config=config, jobs=2))
    assert pools == [2]
