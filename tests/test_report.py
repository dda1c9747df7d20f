"""Reporters: the JSON report follows its committed schema; the text report is safe and complete."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from faasguard.engine import ScanOptions, scan
from faasguard.model import Location
from faasguard.report import FORMATS, get_reporter
from faasguard.result import Finding, Layer, NotAssessed, ScanError, ScanResult, Severity

EXAMPLES = Path(__file__).parent.parent / "examples"


def _schema() -> dict[str, object]:
    text = resources.files("faasguard.data").joinpath("scan-result.schema.json").read_text("utf-8")
    schema: dict[str, object] = json.loads(text)
    return schema


def _result() -> ScanResult:
    where = Location("stack/template.yaml", 12)
    finding = Finding(
        "FG-AC-006",
        Severity.HIGH,
        Layer.ACCESS,
        "Function URL open to anyone",
        "url of [bold]Evil[/bold] is open",
        "Evil",
        "AWS::Lambda::Url",
        where,
        "set ``AuthType`` to AWS_IAM",
    )
    return ScanResult(
        findings=(finding,),
        errors=(ScanError(Location("broken.yaml", 3), "invalid YAML: mapping values are not allowed here"),),
        not_assessed=(
            NotAssessed("FG-MON-001", "Fn", Location("stack/template.yaml", 30), "Tracing is unknown"),
        ),
        notes=((Location("stack/template.yaml", 2), "Fn::ForEach loop not expanded"),),
        files_scanned=("stack/template.yaml",),
        rules_run=37,
        version="0.0.test",
    )


def test_json_report_of_the_demo_matches_the_schema() -> None:
    result = scan(ScanOptions(paths=[str(EXAMPLES)]))
    data = json.loads(get_reporter("json").render(result))
    jsonschema.validate(data, _schema())
    assert data["summary"]["findings"] == len(data["findings"]) > 0
    assert sum(data["summary"]["by_layer"].values()) == len(data["findings"])


def test_json_report_with_errors_matches_the_schema() -> None:
    data = json.loads(get_reporter("json").render(_result()))
    jsonschema.validate(data, _schema())
    assert data["errors"] == [
        {
            "file": "broken.yaml",
            "line": 3,
            "message": "invalid YAML: mapping values are not allowed here",
            "kind": "input",
        }
    ]
    assert data["findings"][0]["fix"] == "set ``AuthType`` to AWS_IAM"


def test_text_report_plain_lists_everything() -> None:
    text = get_reporter("text", color=False).render(_result())
    assert "\x1b[" not in text
    assert "Access control (1)" in text
    assert "stack/template.yaml:12" in text and "FG-AC-006" in text
    assert "url of [bold]Evil[/bold] is open" in text  # template text is never taken as markup
    assert "Fix: set `AuthType` to AWS_IAM" in text
    assert "Not assessed (1)" in text and "Tracing is unknown" in text
    assert "Not analysed (1)" in text and "Fn::ForEach" in text
    assert "broken.yaml:3: invalid YAML" in text
    assert text.rstrip().endswith("1 finding (1 high), 1 not assessed, 1 error.")


def test_text_report_colour_only_when_asked() -> None:
    text = get_reporter("text", color=True).render(_result())
    assert "\x1b[" in text


def test_clean_text_report() -> None:
    text = get_reporter("text").render(ScanResult(findings=(), files_scanned=("a.yaml",), rules_run=3))
    assert text.rstrip().endswith("0 findings.")


def test_unknown_format() -> None:
    assert "json" in FORMATS and "text" in FORMATS
    with pytest.raises(ValueError, match="unknown report format"):
        get_reporter("pdf")
