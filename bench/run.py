#!/usr/bin/env python3
"""Side-by-side benchmark: faasguard against Checkov on the same folders, in one run.

For each target folder the tools run alternately (A B A B ...), each run
in a fresh process, and the script reports medians of wall time, CPU time
(user + system of the child and its workers), peak RSS (of the largest
process, and summed over the process and its workers, sampled), the number
of files each parsed and the number of findings, plus the ratios.  faasguard
runs twice per round: in one process (``--jobs 1``) and with its default
(``--jobs auto``: one worker per usable CPU).  Checkov is installed into its
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
    total_mb: float = 0.0  # resident memory of the process and its workers together (sampled peak)


TIMEOUT = 600.0  # seconds; set by --timeout


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants now, in MB (Linux /proc; 0 elsewhere)."""
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as fh:
                total_kb += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children") as fh:
                todo.extend(int(child) for child in fh.read().split())
        except (OSError, ValueError):
            continue
    return total_kb / 1024


def _run(cmd: list[str], out_file: Path) -> tuple[float, float, float, bool, float]:
    """Wall s, child CPU s, peak RSS (MB, largest process) of one command, whether it hit the
    timeout, and the peak of the memory of the command and its workers together (sampled, MB)."""
    start = time.perf_counter()
    total = 0.0
    with out_file.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, start_new_session=True)
        timed_out = False
        while True:
            pid, _, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            total = max(total, _tree_rss_mb(proc.pid))
            if time.perf_counter() - start > TIMEOUT:
                os.killpg(proc.pid, 9)
                timed_out = True
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    wall = time.perf_counter() - start
    rss = usage.ru_maxrss / 1024
    return wall, usage.ru_utime + usage.ru_stime, rss, timed_out, max(total, rss)  # a short peak is missed


def _faasguard(target: Path, tmp: Path, jobs: str) -> Sample:
    out = tmp / "faasguard.json"
    exe = ROOT / ".venv" / "bin" / "faasguard"
    cmd = [str(exe), "scan", str(target), "--format", "json", "--fail-on", "critical", "--jobs", jobs]
    wall, cpu, rss, timed_out, total = _run(cmd, out)
    if timed_out:
        return Sample(wall, cpu, rss, 0, 0, True, total)
    data = json.loads(out.read_text())
    return Sample(wall, cpu, rss, len(data["files_scanned"]), len(data["findings"]), total_mb=total)


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
    wall, cpu, rss, timed_out, total = _run(cmd, out)
    if timed_out:
        return Sample(wall, cpu, rss, 0, 0, True, total)
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
    return Sample(wall, cpu, rss, len(files), findings, total_mb=total)


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


def _usable_cpus() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def _median(samples: list[Sample]) -> Sample:
    if samples[-1].timed_out:
        return samples[-1]
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.rss_mb for s in samples),
        samples[-1].files,
        samples[-1].findings,
        total_mb=statistics.median(s.total_mb for s in samples),
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
            serial: list[Sample] = []
            fg: list[Sample] = []
            ck: list[Sample] = []
            for _ in range(args.runs):
                serial.append(_faasguard(target, tmp, "1"))
                fg.append(_faasguard(target, tmp, "auto"))
                if with_checkov and checkov_here and not (ck and ck[-1].timed_out):
                    ck.append(_checkov(target, tmp))  # a run that timed out is not repeated
            rows.append((label, _median(serial), _median(fg), _median(ck) if ck else None))
            print(label, rows[-1], file=sys.stderr)
    text = _report(rows, args, with_checkov)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text)
    return 0


def _report(
    rows: list[tuple[str, Sample, Sample, Sample | None]], args: argparse.Namespace, with_checkov: bool
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
        "Peak RSS is that of the largest process; all processes is the peak of the sum over the process and",
        "its workers (sampled every 50 ms). faasguard runs once with `--jobs 1` (one process) and once with",
        f"its default `--jobs auto` (a worker per usable CPU: {_usable_cpus()} here).",
        "",
        "| target | tool | wall s | CPU s | peak RSS MB | all processes MB | files | findings | wall ratio "
        "| memory ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, serial, fg, ck in rows:
        for tool, run in (("faasguard --jobs 1", serial), ("faasguard", fg)):
            lines.append(
                f"| {label} | {tool} | {run.wall:.2f} | {run.cpu:.2f} | {run.rss_mb:.0f} "
                f"| {run.total_mb:.0f} | {run.files} | {run.findings} | | |"
            )
        if ck is not None and ck.timed_out:
            lines.append(
                f"| {label} | Checkov | > {ck.wall:.0f} (stopped) | {ck.cpu:.0f} | {ck.rss_mb:.0f} "
                f"| {ck.total_mb:.0f} | – | – | > {ck.wall / fg.wall:.0f}× | |"
            )
        elif ck is not None:
            lines.append(
                f"| {label} | Checkov | {ck.wall:.2f} | {ck.cpu:.2f} | {ck.rss_mb:.0f} | {ck.total_mb:.0f} "
                f"| {ck.files} | {ck.findings} | {ck.wall / fg.wall:.1f}× "
                f"| {ck.total_mb / max(fg.total_mb, 1):.1f}× |"
            )
    speedups = ", ".join(f"{label} {serial.wall / fg.wall:.1f}×" for label, serial, fg, _ in rows)
    lines += ["", f"Workers: `--jobs auto` against `--jobs 1`, wall time: {speedups}."]
    gens = [(label, fg) for label, _, fg, _ in rows if label.startswith("generated")]
    if len(gens) == 2:
        growth = gens[1][1].wall / gens[0][1].wall
        lines += [
            "",
            f"Growth: {gens[1][0]} takes {growth:.1f}× the wall time of {gens[0][0]} (10× the templates).",
        ]
    lines += [
        "",
        "Ratios are Checkov / faasguard with its default (higher is better for faasguard); the memory ratio",
        "compares all processes. Findings are not comparable one to one: the tools check different",
        "things; files counts what each tool reports having parsed.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
