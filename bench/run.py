#!/usr/bin/env python3
"""Side-by-side benchmark: faasguard against Checkov on the same folders, in one run.

For each target folder the two tools run alternately (A B A B ...), each run
in a fresh process, and the script reports medians of wall time, CPU time
(user + system of the child) and peak RSS, the number of files each parsed
and the number of findings, plus the ratios.  Checkov is installed into its
own virtual environment (``bench/.venv-checkov``) on first use; its
frameworks are restricted to CloudFormation, Serverless and Terraform, JSON
output, quiet.

Targets: the large real collection of serverless patterns, the whole
corpus, and generated trees of N and 10*N templates (made by this script)
that show how cost grows with size.

Usage::

    python bench/run.py [--runs 3] [--corpus ../shared/corpus] [--generated 1000]
                        [--no-checkov] [--output docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKOV_VENV = ROOT / "bench" / ".venv-checkov"
CHECKOV_VERSION = "checkov>=3.2"


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    files: int
    findings: int
    timed_out: bool = False


TIMEOUT = 600.0  # seconds; set by --timeout


def _run(cmd: list[str], out_file: Path) -> tuple[float, float, float, bool]:
    """Wall s, child CPU s, peak RSS (MB) of one command, and whether it hit the timeout."""
    start = time.perf_counter()
    with out_file.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, start_new_session=True)
        timed_out = False
        while True:
            pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > TIMEOUT:
                os.killpg(proc.pid, 9)
                timed_out = True
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, timed_out


def _faasguard(target: Path, tmp: Path) -> Sample:
    out = tmp / "faasguard.json"
    exe = ROOT / ".venv" / "bin" / "faasguard"
    wall, cpu, rss, timed_out = _run(
        [str(exe), "scan", str(target), "--format", "json", "--fail-on", "critical"], out
    )
    if timed_out:
        return Sample(wall, cpu, rss, 0, 0, True)
    data = json.loads(out.read_text())
    return Sample(wall, cpu, rss, len(data["files_scanned"]), len(data["findings"]))


def _checkov(target: Path, tmp: Path) -> Sample:
    out = tmp / "checkov.json"
    exe = CHECKOV_VENV / "bin" / "checkov"
    cmd = [
        str(exe),
        "-d",
        str(target),
        "--framework",
        "cloudformation",
        "serverless",
        "terraform",
        "-o",
        "json",
        "--quiet",
        "--compact",
        "--skip-download",
    ]
    wall, cpu, rss, timed_out = _run(cmd, out)
    if timed_out:
        return Sample(wall, cpu, rss, 0, 0, True)
    text = out.read_text() or "[]"
    data = json.loads(text)
    reports = data if isinstance(data, list) else [data]
    files: set[str] = set()
    findings = 0
    for report in reports:
        if not isinstance(report, dict):
            continue
        findings += int(report.get("summary", {}).get("failed", 0))
        results = report.get("results", {})
        checks = results.get("failed_checks", []) + results.get("passed_checks", [])
        files.update(str(c.get("file_path")) for c in checks)
    return Sample(wall, cpu, rss, len(files), findings)


def _ensure_checkov() -> bool:
    exe = CHECKOV_VENV / "bin" / "checkov"
    if exe.exists():
        return True
    print("installing Checkov into", CHECKOV_VENV, file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(CHECKOV_VENV)], check=True)
    pip = CHECKOV_VENV / "bin" / "pip"
    result = subprocess.run([str(pip), "install", "--quiet", CHECKOV_VERSION])
    return result.returncode == 0 and exe.exists()


def _checkov_version() -> str:
    exe = CHECKOV_VENV / "bin" / "checkov"
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {{Type: String, Default: dev}}
Resources:
  Fn{n}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.{minor}
      Handler: app.handler
      CodeUri: src/
      Timeout: {timeout}
      Environment:
        Variables:
          TABLE: !Ref Table{n}
          STAGE: !Ref Stage
      Policies:
        - DynamoDBCrudPolicy: {{TableName: !Ref Table{n}}}
        - Statement:
            - Effect: Allow
              Action: ["s3:GetObject", "s3:PutObject"]
              Resource: !Sub "arn:aws:s3:::bucket-{n}/*"
      Events:
        Api:
          Type: Api
          Properties: {{Path: /items/{n}, Method: get}}
  Table{n}:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{{AttributeName: id, AttributeType: S}}]
      KeySchema: [{{AttributeName: id, KeyType: HASH}}]
"""


def _generate(folder: Path, count: int) -> Path:
    if folder.exists() and len(list(folder.glob("*/template.yaml"))) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for n in range(count):
        sub = folder / f"svc{n:05d}"
        sub.mkdir(parents=True)
        text = _TEMPLATE.format(n=n, minor=9 + n % 4, timeout=10 + n % 50)
        (sub / "template.yaml").write_text(text)
    return folder


def _median(samples: list[Sample]) -> Sample:
    if samples[-1].timed_out:
        return samples[-1]
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.rss_mb for s in samples),
        samples[-1].files,
        samples[-1].findings,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--generated", type=int, default=1000, help="size N of the small generated tree (and 10*N)"
    )
    parser.add_argument("--no-checkov", action="store_true", help="measure faasguard only")
    parser.add_argument(
        "--checkov-max", type=int, default=2000, help="skip Checkov on generated trees larger than this"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is stopped")
    args = parser.parse_args()
    global TIMEOUT
    TIMEOUT = args.timeout
    with_checkov = not args.no_checkov and _ensure_checkov()
    gen_root = Path(tempfile.gettempdir()) / "faasguard-bench"
    targets = [
        ("serverless-patterns", args.corpus / "aws-samples__serverless-patterns", True),
        ("whole corpus", args.corpus, True),
        (f"generated {args.generated}", _generate(gen_root / f"gen{args.generated}", args.generated), True),
        (
            f"generated {10 * args.generated}",
            _generate(gen_root / f"gen{10 * args.generated}", 10 * args.generated),
            10 * args.generated <= args.checkov_max,
        ),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for label, target, checkov_here in targets:
            fg: list[Sample] = []
            ck: list[Sample] = []
            for _ in range(args.runs):
                fg.append(_faasguard(target, tmp))
                if with_checkov and checkov_here and not (ck and ck[-1].timed_out):
                    ck.append(_checkov(target, tmp))  # a run that timed out is not repeated
            rows.append((label, _median(fg), _median(ck) if ck else None))
            print(label, rows[-1], file=sys.stderr)
    text = _report(rows, args, with_checkov)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text)
    return 0


def _report(
    rows: list[tuple[str, Sample, Sample | None]], args: argparse.Namespace, with_checkov: bool
) -> str:
    from faasguard import __version__

    python = platform.python_version()
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {python}, {platform.system()}"
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` (`bench/run.py`) on {time.strftime('%Y-%m-%d')}: {machine}.",
        f"faasguard {__version__}" + (f", Checkov {_checkov_version()}" if with_checkov else "") + ".",
        f"Medians of {args.runs} runs per tool, alternating; each run is a fresh process.",
        "Checkov: `--framework cloudformation serverless terraform -o json --quiet --compact`",
        "`--skip-download`.",
        "",
        "| target | tool | wall s | CPU s | peak RSS MB | files | findings | wall ratio | RSS ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, fg, ck in rows:
        lines.append(
            f"| {label} | faasguard | {fg.wall:.2f} | {fg.cpu:.2f} | {fg.rss_mb:.0f} | {fg.files} "
            f"| {fg.findings} | | |"
        )
        if ck is not None and ck.timed_out:
            lines.append(
                f"| {label} | Checkov | > {ck.wall:.0f} (stopped) | {ck.cpu:.0f} | {ck.rss_mb:.0f} | – | – "
                f"| > {ck.wall / fg.wall:.0f}× | |"
            )
        elif ck is not None:
            lines.append(
                f"| {label} | Checkov | {ck.wall:.2f} | {ck.cpu:.2f} | {ck.rss_mb:.0f} | {ck.files} "
                f"| {ck.findings} | {ck.wall / fg.wall:.1f}× | {ck.rss_mb / fg.rss_mb:.1f}× |"
            )
    small = next((fg for label, fg, _ in rows if label.startswith("generated") and "0" in label), None)
    gens = [(label, fg) for label, fg, _ in rows if label.startswith("generated")]
    if len(gens) == 2 and small is not None:
        growth = gens[1][1].wall / gens[0][1].wall
        lines += [
            "",
            f"Growth: {gens[1][0]} takes {growth:.1f}× the wall time of {gens[0][0]} (10× the templates).",
        ]
    lines += [
        "",
        "Ratios are Checkov / faasguard (higher is better for faasguard). Findings are not comparable one",
        "to one: the tools check different things; files counts what each tool reports having parsed.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
