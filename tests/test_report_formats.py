"""SARIF, JUnit and Markdown reports: valid, complete, deterministic, and safe with hostile values."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from faasguard.engine import ScanOptions, scan
from faasguard.model import Location
from faasguard.report import FORMATS, get_reporter
from faasguard.report.markdown import MarkdownReporter, code_cell, text_cell
from faasguard.report.sarif import SECURITY_SEVERITY, SarifReporter, to_sarif
from faasguard.result import (
    Finding,
    Layer,
    NotAssessed,
    ScanError,
    ScanResult,
    ScanWarning,
    Severity,
    Suppression,
    SuppressionKind,
)
from faasguard.rules import catalogue

EXAMPLES = Path(__file__).parent.parent / "examples"
SCHEMA = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"
HOSTILE = (
    "<img src=x onerror=alert(1)> [click](https://evil.example/x) **bold** @octocat #1 "
    "www.evil.example a|b `tick` \x01\x1b[31m ]]> &amp; line\nbreak\r\u202eright-to-left $x$"
)


def _finding(rule_id: str, severity: Severity, layer: Layer, where: Location, **kw: str) -> Finding:
    return Finding(
        rule_id,
        severity,
        layer,
        kw.get("title", "Function URL open to anyone"),
        kw.get("message", "url is open"),
        kw.get("resource", "Fn"),
        "AWS::Lambda::Url",
        where,
        "set ``AuthType`` to AWS_IAM",
        kw.get("detail", ""),
    )


def _result(message: str = "url of Evil is open", resource: str = "Evil") -> ScanResult:
    return ScanResult(
        findings=(
            _finding("FG-MON-001", Severity.LOW, Layer.MONITORING, Location("stack/template.yaml", 40)),
            _finding(
                "FG-AC-006",
                Severity.HIGH,
                Layer.ACCESS,
                Location("stack/template.yaml", 12),
                message=message,
                resource=resource,
            ),
            _finding("FG-AC-006", Severity.HIGH, Layer.ACCESS, Location("my dir/t#1.yaml", 0)),
        ),
        errors=(ScanError(Location("broken.yaml", 3), "invalid YAML: mapping values are not allowed here"),),
        not_assessed=(
            NotAssessed("FG-MON-002", "Fn", Location("stack/template.yaml", 30), "Tracing is unknown"),
        ),
        notes=((Location("stack/template.yaml", 2), "Fn::ForEach loop not expanded"),),
        files_scanned=("stack/template.yaml", "my dir/t#1.yaml", "broken.yaml"),
        roots=(".",),
        rules_run=37,
        duration_s=0.25,
        version="0.0.test",
    )


def _suppressed_result(reason: str = "public webhook; signature checked in code") -> ScanResult:
    """One active finding, one suppressed of each kind (one beside an active one), two warnings."""
    t = "stack/template.yaml"

    def accepted(
        f: Finding, kind: SuppressionKind, why: str, where: Location, until: date | None = None
    ) -> Finding:
        return dataclasses.replace(f, suppression=Suppression(kind, why, where, until))

    url = _finding("FG-AC-006", Severity.HIGH, Layer.ACCESS, Location(t, 12), resource="Hook")
    tracing = _finding("FG-MON-002", Severity.LOW, Layer.MONITORING, Location(t, 20), resource="Hook")
    logs = _finding("FG-MON-001", Severity.LOW, Layer.MONITORING, Location(t, 20), resource="Hook")
    legacy = _finding("FG-RT-002", Severity.MEDIUM, Layer.RUNTIME, Location("legacy.json", 7), resource="Old")
    wild = _finding("FG-AC-001", Severity.HIGH, Layer.ACCESS, Location(t, 30), resource="Role", detail="s3:*")
    other = _finding("FG-AC-001", Severity.HIGH, Layer.ACCESS, Location(t, 31), resource="Role", detail="*")
    return ScanResult(
        findings=(
            accepted(url, SuppressionKind.INLINE, reason, Location(t, 11), date(2099, 12, 31)),
            accepted(tracing, SuppressionKind.METADATA, "platform stack traces it", Location(t, 16)),
            logs,  # active
            accepted(legacy, SuppressionKind.CONFIG, "retired in Q3", Location(".faasguard.toml", 9)),
            accepted(wild, SuppressionKind.BASELINE, "accepted in the baseline", Location("base.json")),
            other,  # active, same rule, resource and file as the baseline-accepted one
        ),
        warnings=(
            ScanWarning(Location(t, 40), "FG-XX-001 matched no finding", "unused"),
            ScanWarning(Location(".faasguard.toml", 3), "until=2020-01-01 has passed", "expired"),
        ),
        files_scanned=(t, "legacy.json"),
        version="0.0.test",
    )


def _validate_sarif(log: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # draft-04, as the schema declares
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def demo() -> ScanResult:
    return scan(ScanOptions(paths=[str(EXAMPLES)]))


def test_registry_has_the_new_formats() -> None:
    assert {"sarif", "junit", "markdown"} <= set(FORMATS)
    for name in FORMATS:
        assert callable(get_reporter(name, color=True).render)


# --- SARIF -------------------------------------------------------------------------------------------


def test_vendored_schema_is_the_oasis_one() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert len(schema["definitions"]) == 52


def test_sarif_of_a_hand_built_result(tmp_path: Path) -> None:
    log = to_sarif(_result(), base=str(tmp_path))
    _validate_sarif(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "faasguard" and driver["version"] == "0.0.test"
    assert "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == [r.id for r in catalogue()]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("FG-AC-006", "error"),  # "my dir/..." sorts first
        ("FG-AC-006", "error"),
        ("FG-MON-001", "note"),
    ]
    first, second = results[0], results[1]
    assert first["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "my%20dir/t%231.yaml", "uriBaseId": "%SRCROOT%"}}}
    ]  # line 0: no region
    assert second == {
        "ruleId": "FG-AC-006",
        "ruleIndex": [r.id for r in catalogue()].index("FG-AC-006"),
        "level": "error",
        "message": {"text": "url of Evil is open"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "stack/template.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 12},
                }
            }
        ],
        "partialFingerprints": {"faasguard/v1": _result().findings[1].fingerprint},
        "properties": {"resource": "Evil", "resource_type": "AWS::Lambda::Url"},
    }
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_sarif_rule_descriptors_follow_github_conventions() -> None:
    rules = {r["id"]: r for r in to_sarif(_result())["runs"][0]["tool"]["driver"]["rules"]}
    for r in catalogue():
        d = rules[r.id]
        assert d["shortDescription"]["text"] == r.title
        assert d["properties"]["security-severity"] == SECURITY_SEVERITY[r.severity]
        assert d["properties"]["tags"] == [r.layer.value, "security"]
        assert "``" not in d["help"]["markdown"] and d["help"]["text"]
        assert re.fullmatch(r"[A-Za-z0-9]+", d["name"])
    level = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
    for r in catalogue():
        assert rules[r.id]["defaultConfiguration"]["level"] == level[r.severity.label]
    assert {float(v) for v in SECURITY_SEVERITY.values()} == {9.5, 8.0, 5.5, 3.0, 0.0}


def test_sarif_notifications_for_errors_and_not_assessed(tmp_path: Path) -> None:
    invocation = to_sarif(_result(), base=str(tmp_path))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert notes[0] == {
        "level": "error",
        "message": {"text": "invalid YAML: mapping values are not allowed here"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "broken.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 3},
                }
            }
        ],
    }
    assert notes[1]["level"] == "note" and "Tracing is unknown" in notes[1]["message"]["text"]
    assert notes[1]["associatedRule"]["id"] == "FG-MON-002"
    assert notes[2]["level"] == "note" and "Fn::ForEach" in notes[2]["message"]["text"]
    clean = to_sarif(ScanResult(findings=()))["runs"][0]
    assert clean["invocations"] == [{"executionSuccessful": True}] and clean["results"] == []
    _validate_sarif(to_sarif(ScanResult(findings=())))


def test_sarif_paths_outside_the_base_and_unknown_rules(tmp_path: Path) -> None:
    outside = tmp_path.parent / "elsewhere é" / "t.yaml"
    result = ScanResult(
        findings=(_finding("FG-XX-999", Severity.INFO, Layer.RUNTIME, Location(str(outside), 5)),),
    )
    log = to_sarif(result, base=str(tmp_path / "repo"))
    _validate_sarif(log)
    run = log["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": outside.as_uri()} and "%C3%A9" in location["uri"]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "FG-XX-999"


def test_sarif_of_the_demo_is_valid_and_complete(demo: ScanResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)  # %SRCROOT% is the working directory, as in CI
    log = json.loads(get_reporter("sarif").render(demo))
    _validate_sarif(log)
    run = log["runs"][0]
    assert len(run["results"]) == len(demo.findings) > 0
    for r in run["results"]:
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("examples/orders-api")
        assert physical["region"]["startLine"] >= 1
        assert len(r["partialFingerprints"]["faasguard/v1"]) == 16
    assert {r["partialFingerprints"]["faasguard/v1"] for r in run["results"]} == {
        f.fingerprint for f in demo.findings
    }


# --- JUnit -------------------------------------------------------------------------------------------


def _junit(result: ScanResult) -> ET.Element:
    text = get_reporter("junit").render(result)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def _counts(element: ET.Element) -> tuple[int, int, int, int]:
    cases = element.iter("testcase")
    tally = [0, 0, 0, 0]
    for case in cases:
        tally[0] += 1
        tally[1] += case.find("failure") is not None
        tally[2] += case.find("error") is not None
        tally[3] += case.find("skipped") is not None
    return tally[0], tally[1], tally[2], tally[3]


def _declared(element: ET.Element) -> tuple[int, int, int, int]:
    tests, failures, errors, skipped = (
        int(element.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped")
    )
    return tests, failures, errors, skipped


def test_junit_of_a_hand_built_result() -> None:
    root = _junit(_result())
    assert [s.get("name") for s in root] == ["access-control", "monitoring", "inputs"]
    for suite in [root, *root]:
        assert _declared(suite) == _counts(suite)
    assert _declared(root) == (7, 3, 1, 1)  # 3 failing cases, 1 skipped, 2 clean files, 1 error
    case = root.find("testsuite[@name='access-control']/testcase[@name='Evil (stack/template.yaml:12)']")
    assert case is not None and case.get("classname") == "FG-AC-006"
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "high"
    assert failure.get("message") == "url of Evil is open"
    assert "stack/template.yaml:12" in (failure.text or "") and "Fix: set `AuthType` to AWS_IAM" in (
        failure.text or ""
    )
    skipped = root.find("testsuite[@name='monitoring']/testcase[@classname='FG-MON-002']/skipped")
    assert skipped is not None and "Tracing is unknown" in (skipped.get("message") or "")
    error = root.find("testsuite[@name='inputs']/testcase/error")
    assert error is not None and error.get("message", "").startswith("broken.yaml:3: invalid YAML")
    assert root.get("time") == "0.250"


def test_junit_cannot_be_broken_by_hostile_values() -> None:
    root = _junit(_result(message=HOSTILE, resource="R]]><x/>\x00"))
    assert _declared(root) == _counts(root) == (7, 3, 1, 1)
    case = root.find("testsuite[@name='access-control']/testcase[@classname='FG-AC-006']")
    failure = [c for c in root.iter("failure") if "]]>" in (c.get("message") or "")]
    assert case is not None and len(failure) == 1
    assert "<img src=x" in (failure[0].get("message") or "")  # escaped, so it round-trips as text
    assert any(c.get("name", "").startswith("R]]><x/>\ufffd") for c in root.iter("testcase"))


def test_junit_groups_findings_per_rule_and_resource(demo: ScanResult) -> None:
    root = _junit(demo)
    assert _declared(root) == _counts(root)
    groups = {(f.rule_id, f.resource, f.location.file) for f in demo.active}
    assert _declared(root)[1] == len(groups)
    inputs = root.find("testsuite[@name='inputs']")
    assert inputs is not None and _declared(inputs)[0] == len(demo.files_scanned)


# --- Markdown ----------------------------------------------------------------------------------------


def test_markdown_of_a_hand_built_result() -> None:
    text = get_reporter("markdown").render(_result())
    lines = text.splitlines()
    assert lines[0] == (
        "**faasguard 0\\.0\\.test**: 3 findings (0 critical, 2 high, 0 medium, 1 low, 0 info), "
        "1 error, 1 not assessed, 3 files scanned"
    )
    assert lines[2] == "| Severity | Rule | Location | Resource | Message |"
    assert lines[4] == "| high | `FG-AC-006` | `my dir/t#1.yaml` | `Fn` | url is open |"
    assert lines[5] == "| high | `FG-AC-006` | `stack/template.yaml:12` | `Evil` | url of Evil is open |"
    assert lines[6].startswith("| low | `FG-MON-001` |")
    assert "<summary>Not assessed (1)</summary>" in text and "<summary>Errors (1)</summary>" in text
    assert "<summary>Not analysed (1)</summary>" in text


def test_markdown_escapes_hostile_values() -> None:
    text = get_reporter("markdown").render(_result(message=HOSTILE, resource="a|b`c`<b>"))
    row = next(line for line in text.splitlines() if "Evil" not in line and "onerror" in line)
    assert "\n" not in row and "\r" not in row and "\x1b" not in row and "\u202e" not in row
    assert "<img" not in text and "](" not in text  # (the resource's <b> is inside a code span)
    assert "@\u200b" in row and "#\u200b" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five cells, nothing more
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    body_row = next(r for r in html.split("<tr>") if "onerror" in r)
    assert body_row.count("<td>") == 5
    tables = html[html.index("<table>") :]  # everything after our own bold summary line
    for tag in ("<img", "<a ", "<strong", "<em", "<b>", "<s>", "<del", "<br"):
        assert tag not in tables
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_markdown_cells() -> None:
    assert text_cell("a|b\nc") == "a\\|b c"
    assert text_cell("<x> & [y](z)") == "&lt;x&gt; &amp; \\[y\\]\\(z\\)"
    assert code_cell("a``b") == "```a``b```"
    assert code_cell("`x") == "`` `x ``"
    assert code_cell("a|b") == "`a\\|b`"
    assert text_cell("x" * 400).endswith("…") and len(text_cell("x" * 400)) == 300


def test_markdown_caps_the_table() -> None:
    findings = tuple(
        _finding("FG-AC-006", Severity.HIGH, Layer.ACCESS, Location("t.yaml", n), resource=f"R{n}")
        for n in range(1, 61)
    )
    text = MarkdownReporter().render(ScanResult(findings=findings))
    rows = [line for line in text.splitlines() if line.startswith("| high |")]
    assert len(rows) == 50 and rows[0].startswith("| high | `FG-AC-006` | `t.yaml:1` |")
    assert "…and 10 more findings" in text
    assert len(text) < 10_000


def test_markdown_of_the_demo_is_sorted_by_severity(demo: ScanResult) -> None:
    text = get_reporter("markdown").render(demo)
    order = [s.label for s in reversed(Severity)]
    severities = [line.split(" | ")[0][2:] for line in text.splitlines() if line.startswith("| ")][1:]
    severities = [s for s in severities if s in order]
    assert severities == sorted(severities, key=order.index) and severities


# --- all three ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sarif", "junit", "markdown"])
def test_output_is_deterministic(name: str, demo: ScanResult) -> None:
    reporter = get_reporter(name)
    shuffled = ScanResult(
        findings=tuple(reversed(demo.findings)),
        errors=demo.errors,
        not_assessed=tuple(reversed(demo.not_assessed)),
        notes=demo.notes,
        files_scanned=tuple(reversed(demo.files_scanned)),
        roots=demo.roots,
        rules_run=demo.rules_run,
        duration_s=demo.duration_s,
        version=demo.version,
        advisories=demo.advisories,
    )
    first = reporter.render(demo)
    assert first == reporter.render(demo) == reporter.render(shuffled)
    assert first.endswith("\n")


def test_sarif_reporter_takes_a_base(tmp_path: Path) -> None:
    text = SarifReporter(base=str(tmp_path)).render(_result())
    assert tmp_path.as_uri() + "/" in text


def test_cli_offers_every_report_format() -> None:
    from faasguard import cli
    from faasguard.report import FORMATS

    assert set(cli._SCAN_FORMATS) == set(FORMATS)


# --- suppressions and warnings -----------------------------------------------------------------------


def test_sarif_marks_suppressed_results(tmp_path: Path) -> None:
    result = _suppressed_result()
    log = to_sarif(result, base=str(tmp_path))
    _validate_sarif(log)
    run = log["runs"][0]
    results = {
        (
            r["ruleId"],
            r["properties"]["resource"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        ): r
        for r in run["results"]
    }
    assert len(run["results"]) == len(result.findings)  # suppressed findings stay results
    inline = results[("FG-AC-006", "Hook", 12)]["suppressions"]
    assert inline == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "public webhook; signature checked in code",
            "location": {
                "physicalLocation": {
                    "artifactLocation": {"uri": "stack/template.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 11},
                }
            },
            "properties": {"faasguard-kind": "inline", "until": "2099-12-31"},
        }
    ]
    metadata = results[("FG-MON-002", "Hook", 20)]["suppressions"][0]
    assert metadata["kind"] == "inSource" and metadata["properties"] == {"faasguard-kind": "metadata"}
    config = results[("FG-RT-002", "Old", 7)]["suppressions"][0]
    assert config["kind"] == "external" and config["justification"] == "retired in Q3"
    assert config["location"]["physicalLocation"]["region"] == {"startLine": 9}
    baseline = results[("FG-AC-001", "Role", 30)]["suppressions"][0]
    assert baseline["kind"] == "external" and baseline["status"] == "accepted"
    assert baseline["location"] == {
        "physicalLocation": {"artifactLocation": {"uri": "base.json", "uriBaseId": "%SRCROOT%"}}
    }  # the baseline file, no line
    assert "suppressions" not in results[("FG-MON-001", "Hook", 20)]
    assert "suppressions" not in results[("FG-AC-001", "Role", 31)]
    assert sum("suppressions" in r for r in run["results"]) == len(result.suppressed) == 4


def test_sarif_suppression_without_a_location(tmp_path: Path) -> None:
    f = dataclasses.replace(
        _finding("FG-AC-006", Severity.HIGH, Layer.ACCESS, Location("t.yaml", 3)),
        suppression=Suppression(SuppressionKind.CONFIG, "ok", Location("")),
    )
    log = to_sarif(ScanResult(findings=(f,)), base=str(tmp_path))
    _validate_sarif(log)
    assert log["runs"][0]["results"][0]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "ok",
            "properties": {"faasguard-kind": "config"},
        }
    ]


def test_sarif_warnings_are_notifications(tmp_path: Path) -> None:
    log = to_sarif(_suppressed_result(), base=str(tmp_path))
    _validate_sarif(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True  # warnings are not failures
    notes = invocation["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"], n["properties"]) for n in notes] == [
        ("warning", "FG-XX-001 matched no finding", {"kind": "unused"}),
        ("warning", "until=2020-01-01 has passed", {"kind": "expired"}),
    ]
    assert notes[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 40}
    # with errors too: errors first, then warnings, then the not-assessed items and notes
    mixed = dataclasses.replace(_result(), warnings=_suppressed_result().warnings)
    log = to_sarif(mixed, base=str(tmp_path))
    _validate_sarif(log)
    levels = [n["level"] for n in log["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert levels == ["error", "warning", "warning", "note", "note"]


def test_junit_suppressed_findings_are_skipped_never_failures() -> None:
    root = _junit(_suppressed_result())
    for suite in [root, *root]:
        assert _declared(suite) == _counts(suite)
    assert [s.get("name") for s in root] == ["access-control", "monitoring", "runtime", "inputs"]
    # access: Hook (inline, skipped), Role (active + baseline: one failing case);
    # monitoring: Hook FG-MON-001 (active), FG-MON-002 (metadata, skipped); runtime: Old (config); 2 files
    assert _declared(root) == (7, 2, 0, 3)
    hook = root.find("testsuite[@name='access-control']/testcase[@classname='FG-AC-006']")
    assert hook is not None and hook.find("failure") is None
    skipped = hook.find("skipped")
    assert skipped is not None
    assert skipped.get("message") == (
        "suppressed (inline): public webhook; signature checked in code (until 2099-12-31)"
    )
    assert "stack/template.yaml:12: [high] url is open" in (skipped.text or "")
    config = root.find("testsuite[@name='runtime']/testcase/skipped")
    assert config is not None and config.get("message") == "suppressed (config): retired in Q3"
    metadata = root.find("testsuite[@name='monitoring']/testcase[@classname='FG-MON-002']/skipped")
    assert (
        metadata is not None and metadata.get("message") == "suppressed (metadata): platform stack traces it"
    )
    role = root.find("testsuite[@name='access-control']/testcase[@classname='FG-AC-001']")
    assert role is not None and role.find("skipped") is None
    failure = role.find("failure")
    assert failure is not None and failure.get("message") == "url is open"  # the active one only
    assert "suppressed (baseline): accepted in the baseline" in (failure.text or "")
    failures = " ".join(f.get("message", "") + (f.text or "") for f in root.iter("failure"))
    assert "public webhook" not in failures and "retired" not in failures


def test_junit_warnings_in_system_err_of_the_inputs_suite() -> None:
    root = _junit(_suppressed_result())
    inputs = root.find("testsuite[@name='inputs']")
    assert inputs is not None and _declared(inputs) == (2, 0, 0, 0)
    err = inputs.find("system-err")
    assert err is not None and list(inputs)[-1] is err  # after the test cases, as the XSD wants
    assert (err.text or "").splitlines() == [
        "warning (unused): stack/template.yaml:40: FG-XX-001 matched no finding",
        "warning (expired): .faasguard.toml:3: until=2020-01-01 has passed",
    ]
    assert len(list(root.iter("system-err"))) == 1
    # warnings alone still make an inputs suite; no warnings, no system-err
    only = _junit(ScanResult(findings=(), warnings=_suppressed_result().warnings))
    assert [s.get("name") for s in only] == ["inputs"] and only.find("testsuite/system-err") is not None
    assert _declared(only) == (0, 0, 0, 0)
    assert _junit(_result()).find(".//system-err") is None


def test_junit_hostile_suppression_reason() -> None:
    root = _junit(_suppressed_result(reason=HOSTILE))
    assert _declared(root) == _counts(root)
    messages = [s.get("message", "") for s in root.iter("skipped")]
    assert any("<img src=x" in m and "\ufffd" in m for m in messages)


def test_markdown_summarises_active_findings_and_collapses_the_rest() -> None:
    text = get_reporter("markdown").render(_suppressed_result())
    lines = text.splitlines()
    assert lines[0] == (
        "**faasguard 0\\.0\\.test**: 2 findings (0 critical, 1 high, 0 medium, 1 low, 0 info), "
        "4 suppressed, 2 warnings, 2 files scanned"
    )
    table = lines[2 : lines.index("<details>") - 1]
    assert table == [
        "| Severity | Rule | Location | Resource | Message |",
        "|---|---|---|---|---|",
        "| high | `FG-AC-001` | `stack/template.yaml:31` | `Role` | url is open |",
        "| low | `FG-MON-001` | `stack/template.yaml:20` | `Hook` | url is open |",
    ]
    assert "<summary>Suppressed (4)</summary>" in text and "<summary>Warnings (2)</summary>" in text
    section = text[text.index("<summary>Suppressed") : text.index("<summary>Warnings")]
    assert "| Severity | Rule | Location | Resource | Kind | Reason |" in section
    assert (
        "| high | `FG-AC-006` | `stack/template.yaml:12` | `Hook` | inline | "
        "public webhook; signature checked in code \\(until 2099\\-12\\-31\\) |"
    ) in section
    assert "| metadata | platform stack traces it |" in section and "| config | retired in Q3 |" in section
    assert "`stack/template.yaml:30`" not in section  # the baseline-accepted one is only counted
    assert "1 finding accepted by the baseline `base.json`." in section
    warnings = text[text.index("<summary>Warnings") :]
    assert "| `stack/template.yaml:40` | unused | FG\\-XX\\-001 matched no finding |" in warnings
    assert "| `.faasguard.toml:3` | expired |" in warnings


def test_markdown_show_suppressed_lists_the_baseline() -> None:
    text = get_reporter("markdown", show_suppressed=True).render(_suppressed_result())
    section = text[text.index("<summary>Suppressed") : text.index("<summary>Warnings")]
    assert (
        "| high | `FG-AC-001` | `stack/template.yaml:30` | `Role` | baseline | accepted in the baseline |"
        in section
    )
    assert "accepted by the baseline `" not in section
    only_baseline = ScanResult(
        findings=tuple(f for f in _suppressed_result().findings if f.resource == "Role")
    )
    text = MarkdownReporter().render(only_baseline)
    section = text[text.index("<details>") :]
    assert "| Kind |" not in section and "1 finding accepted by the baseline `base.json`." in section


def test_markdown_escapes_suppression_reasons_and_warnings() -> None:
    hostile = dataclasses.replace(
        _suppressed_result(reason=HOSTILE),
        warnings=(ScanWarning(Location("t.yaml", 1), HOSTILE, "malformed"),),
    )
    text = get_reporter("markdown").render(hostile)
    assert "<img" not in text and "](" not in text and "\x1b" not in text and "\u202e" not in text
    for row in (line for line in text.splitlines() if "onerror" in line):
        assert "@\u200b" in row and len(re.findall(r"(?<!\\)\|", row)) in (4, 7)  # 3 or 6 cells
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    tables = html[html.index("<table>") :]
    for tag in ("<img", "<a ", "<strong", "<em", "<b>", "<s>", "<del", "<br"):
        assert tag not in tables


def test_markdown_without_suppressions_has_no_such_section() -> None:
    text = get_reporter("markdown").render(_result())
    assert "Suppressed" not in text and "Warnings" not in text and "suppressed" not in text.splitlines()[0]


def test_get_reporter_passes_the_options() -> None:
    result = _suppressed_result()
    for name in FORMATS:  # every reporter takes every option
        assert get_reporter(name, color=False, show_suppressed=True, quiet=True).render(result)
    quiet = get_reporter("text", quiet=True).render(result)
    assert quiet == "2 findings (1 high, 1 low), 4 suppressed, 2 warnings.\n"
    full = get_reporter("text").render(result)
    assert "Suppressed (4)" in full and "1 accepted by the baseline base.json" in full
    shown = get_reporter("text", show_suppressed=True).render(result)
    assert (
        "accepted by the baseline base.json" not in shown and "[baseline] accepted in the baseline" in shown
    )
    for name in ("json", "sarif", "junit"):  # machine formats hold everything whatever the options
        assert get_reporter(name, quiet=True, show_suppressed=False).render(result) == get_reporter(
            name
        ).render(result)
    assert get_reporter("markdown", quiet=True).render(result) == get_reporter("markdown").render(result)


@pytest.mark.parametrize("name", ["sarif", "junit", "markdown"])
def test_suppressed_output_is_deterministic(name: str) -> None:
    result = _suppressed_result()
    shuffled = dataclasses.replace(result, findings=tuple(reversed(result.findings)))
    reporter = get_reporter(name)
    assert reporter.render(result) == reporter.render(shuffled)


def test_readme_documents_every_output_format() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for name in FORMATS:
        assert f"--format {name}" in readme
    assert "github/codeql-action/upload-sarif" in readme and "security-severity" in readme
    for severity, score in SECURITY_SEVERITY.items():
        assert f"| {severity.label} | `{_LEVELS[severity]}` | {score} |" in readme


_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
