"""Several reports in one run (--format F=PATH, --output-dir) and the progress line on a terminal."""

from __future__ import annotations

import io
import itertools
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from faasguard import cli
from faasguard.cli import main
from faasguard.engine import ScanOptions, scan
from faasguard.report import FORMATS

URL_NONE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
      FunctionUrlConfig:
        AuthType: NONE
"""


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one template and a second one, the working directory."""
    (tmp_path / "stack").mkdir()
    (tmp_path / "stack" / "template.yaml").write_text(URL_NONE)
    (tmp_path / "stack" / "other.yaml").write_text(URL_NONE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _scan(*args: str) -> int:
    return main(["scan", "stack", "--rule", "FG-AC-006", *args])


def test_every_format_has_an_extension() -> None:
    assert set(cli._EXTENSIONS) == set(FORMATS) == set(cli._SCAN_FORMATS)
    assert len(set(cli._EXTENSIONS.values())) == len(FORMATS)


def test_several_formats_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _scan("--format", "sarif=out.sarif", "--format", "html=report.html", "--format", "text")
    out, err = capsys.readouterr()
    assert code == 1  # the exit code does not depend on the formats
    assert "FG-AC-006" in out and "Fix:" in out  # the text report on stdout
    sarif = json.loads((project / "out.sarif").read_text("utf-8"))
    assert len(sarif["runs"][0]["results"]) == 2
    page = (project / "report.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<article ") == 2
    assert "AuthType: NONE" in page  # the excerpt, read from the scanned file
    assert "scanning" not in out + err + page


def test_output_dir_gets_one_file_per_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _scan(
        "--output-dir", "reports/faasguard", "-f", "json", "-f", "junit", "-f", "markdown", "-f", "html"
    )
    out, _ = capsys.readouterr()
    assert code == 1 and out == ""
    folder = project / "reports" / "faasguard"  # created, parents included
    assert sorted(p.name for p in folder.iterdir()) == [
        "faasguard.html",
        "faasguard.json",
        "faasguard.md",
        "faasguard.xml",
    ]
    assert json.loads((folder / "faasguard.json").read_text("utf-8"))["summary"]["findings"] == 2
    assert ET.fromstring((folder / "faasguard.xml").read_text("utf-8")).tag == "testsuites"
    assert "FG-AC-006" in (folder / "faasguard.md").read_text("utf-8")


def test_output_dir_alone_writes_the_text_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("--output-dir", "out") == 1
    text = (project / "out" / "faasguard.txt").read_text("utf-8")
    assert "FG-AC-006" in text and "\x1b[" not in text
    assert capsys.readouterr().out == ""


def test_output_dir_and_explicit_paths_together(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("--output-dir", "out", "--format", "sarif", "--format", "json=data.json") == 1
    assert (project / "out" / "faasguard.sarif").exists() and (project / "data.json").exists()
    assert not (project / "out" / "faasguard.json").exists()  # a PATH given wins over the folder


def test_single_format_and_output_still_work(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("--format", "json", "--output", "one.json") == 1
    assert json.loads((project / "one.json").read_text("utf-8"))["summary"]["findings"] == 2
    assert _scan("--format", "html", "-o", "one.html") == 1
    assert (project / "one.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert _scan("-f", "markdown") == 1
    assert capsys.readouterr().out.startswith("**faasguard")
    assert _scan("--format", "sarif=two.sarif", "-f", "text", "--output", "main.txt") == 1
    assert "FG-AC-006" in (project / "main.txt").read_text("utf-8")
    assert (project / "two.sarif").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "-f", "sarif"], "only one report can go to stdout"),
        (["-f", "json=a.out", "-f", "sarif=a.out"], "would both write a.out"),
        (["-f", "json", "-f", "sarif", "--output", "a.out"], "would both write a.out"),
        (["--output", "a.out", "--output-dir", "d"], "--output and --output-dir cannot be used together"),
        (
            ["-f", "json=a.json", "--output", "a.out"],
            "--output is not used: every --format names its own PATH",
        ),
        (["-f", "json=a.json", "--output-dir", "d"], "--output-dir is not used"),
    ],
)
def test_conflicting_targets_are_usage_errors(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = sorted(p.name for p in project.iterdir())
    assert _scan(*args) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in project.iterdir()) == before  # nothing written


@pytest.mark.parametrize("value", ["pdf", "pdf=x.pdf", "json="])
def test_bad_format_values_exit_2(project: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        _scan("--format", value)
    assert exc.value.code == 2
    assert "--format" in capsys.readouterr().err


def test_no_report_overwrites_a_scanned_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = project / "stack" / "template.yaml"
    code = _scan("--format", "sarif=first.sarif", "--format", f"html={template}")
    assert code == 2
    assert template.read_text() == URL_NONE
    assert f"--format html {template} is one of the scanned files; not overwritten" in capsys.readouterr().err
    assert not (project / "first.sarif").exists()  # checked before anything is written
    assert _scan("--output-dir", "stack", "--format", "text") == 1  # stack/faasguard.txt is no input
    (project / "stack" / "faasguard.txt").unlink()
    (project / "stack" / "faasguard.yaml").write_text(URL_NONE)
    # a report written into a scanned folder must not replace a template there either
    assert main(["scan", "stack/faasguard.yaml", "--format", "json=stack/faasguard.yaml"]) == 2
    assert (project / "stack" / "faasguard.yaml").read_text() == URL_NONE


def test_missing_folder_fails_before_writing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _scan("--format", "json=ok.json", "--format", "html=nowhere/x.html") == 2
    assert "--format html nowhere/x.html: no such folder" in capsys.readouterr().err
    assert not (project / "ok.json").exists()


# --- progress -----------------------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[], _Terminal]:
    """Makes stderr a terminal (call it in the test: capturing resets stderr after the fixtures).

    Outside CI, and the progress line drawn from the first file on.
    """
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(cli._Progress, "DELAY", 0.0)
    monkeypatch.setattr(cli._Progress, "INTERVAL", 0.0)

    def attach() -> _Terminal:
        stream = _Terminal()
        monkeypatch.setattr(sys, "stderr", stream)
        return stream

    return attach


def test_engine_reports_progress_per_file(project: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = scan(ScanOptions(paths=["stack"]), progress=lambda n, total: calls.append((n, total)))
    assert len(result.files_scanned) == 2
    assert calls == [(1, 2), (2, 2)]


def test_progress_on_a_terminal(
    project: Path, terminal: Callable[[], _Terminal], capsys: pytest.CaptureFixture[str]
) -> None:
    stderr = terminal()
    assert _scan("--format", "json=r.json") == 1
    drawn = stderr.getvalue()
    assert "\rfaasguard: scanning 1/2 files" in drawn and "\rfaasguard: scanning 2/2 files" in drawn
    assert drawn.endswith("\r" + " " * len("faasguard: scanning 2/2 files") + "\r")  # erased at the end
    assert "scanning" not in (project / "r.json").read_text("utf-8")
    assert "scanning" not in capsys.readouterr().out


def test_progress_with_the_text_report_on_stdout(
    project: Path, terminal: Callable[[], _Terminal], capsys: pytest.CaptureFixture[str]
) -> None:
    stderr = terminal()
    assert _scan() == 1
    assert "scanning 2/2" in stderr.getvalue()
    assert "scanning" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["--quiet"],
        ["--format", "json"],  # a machine format on stdout: a pipe reads it
        ["--format", "sarif", "--format", "html=r.html"],
        ["--format", "html"],
    ],
)
def test_no_progress_when_quiet_or_machine_output(
    project: Path, terminal: Callable[[], _Terminal], capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    stderr = terminal()
    _scan(*args)
    assert "scanning" not in stderr.getvalue()
    assert "scanning" not in capsys.readouterr().out


def test_no_progress_in_ci_or_without_a_terminal(
    project: Path, terminal: Callable[[], _Terminal], monkeypatch: pytest.MonkeyPatch
) -> None:
    stderr = terminal()
    monkeypatch.setenv("CI", "true")
    _scan("--format", "json=r.json")
    assert "scanning" not in stderr.getvalue()
    monkeypatch.delenv("CI")
    monkeypatch.setattr(_Terminal, "isatty", lambda self: False)
    _scan("--format", "json=r.json")
    assert "scanning" not in stderr.getvalue()


def test_progress_waits_before_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Terminal()
    clock = itertools.chain([100.0, 100.1, 100.7, 100.75, 100.9], itertools.count(200.0))
    monkeypatch.setattr(cli.time, "monotonic", lambda: next(clock))
    progress = cli._Progress(stream)  # starts at 100.0
    progress(1, 9)  # 0.1 s: a short scan shows nothing
    assert stream.getvalue() == ""
    progress(2, 9)  # 0.7 s: drawn
    progress(3, 9)  # 0.05 s later: not redrawn
    progress(4, 9)  # 0.2 s later: redrawn
    assert stream.getvalue() == "\rfaasguard: scanning 2/9 files\rfaasguard: scanning 4/9 files"
    progress.close()
    assert stream.getvalue().endswith("\r" + " " * 29 + "\r")
    silent = _Terminal()
    cli._Progress(silent).close()  # nothing drawn, nothing to erase
    assert silent.getvalue() == ""


def test_baseline_create_shows_progress_too(project: Path, terminal: Callable[[], _Terminal]) -> None:
    stderr = terminal()
    assert main(["baseline", "create", "stack", "-o", "base.json"]) == 0
    assert "scanning 2/2" in stderr.getvalue()
