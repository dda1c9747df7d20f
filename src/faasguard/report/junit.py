"""The JUnit XML report, for CI systems that show test results.

One ``<testsuite>`` per layer with findings or not-assessed items; in it one
``<testcase>`` per rule and resource (``classname`` = rule id): a ``<failure>``
when the rule fired, ``<skipped>`` when it could not decide or every finding
of the case is suppressed (``message="suppressed (kind): reason"``) — an
accepted finding is never a failure.  A suite named ``inputs`` holds one case
per scanned file, an ``<error>`` case per input or rule error (so a clean
scan still reports passing tests), and the suppression warnings in its
``<system-err>``.

Written with ElementTree, which escapes markup; characters XML 1.0 cannot hold
at all (most control characters) are replaced first, so no scanned value can
break the document.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from faasguard.result import Finding, Layer, NotAssessed, ScanError, ScanResult, Suppression

__all__ = ["JunitReporter", "make_reporter"]

INPUTS_SUITE = "inputs"
_OTHER_SUITE = "other"
# everything outside XML 1.0's Char production
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LAYER_BY_PREFIX = {layer.prefix: layer.value for layer in Layer}


def _x(text: str) -> str:
    """``text`` with every character XML cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _where(file: str, line: int) -> str:
    return f"{file}:{line}" if line else file


def _suppressed(s: Suppression) -> str:
    until = f" (until {s.until.isoformat()})" if s.until else ""
    return f"suppressed ({s.kind.value}): {' '.join(s.reason.split())}{until}"


def _suite_of(rule_id: str) -> str:
    parts = rule_id.split("-")
    return _LAYER_BY_PREFIX.get(parts[1], _OTHER_SUITE) if len(parts) > 2 else _OTHER_SUITE


@dataclass
class _Case:
    """One rule on one resource in one file: its findings and undecided items."""

    rule_id: str
    resource: str
    file: str
    findings: list[Finding] = field(default_factory=list)  # active and suppressed
    undecided: list[NotAssessed] = field(default_factory=list)

    @property
    def line(self) -> int:
        lines = [f.location.line for f in self.findings] + [n.location.line for n in self.undecided]
        return min((n for n in lines if n), default=0)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression is not None]


def _group(result: ScanResult) -> dict[str, list[_Case]]:
    cases: dict[tuple[str, str, str], _Case] = {}
    for f in result.findings:
        key = (f.rule_id, f.resource, f.location.file)
        cases.setdefault(key, _Case(*key)).findings.append(f)
    for n in result.not_assessed:
        key = (n.rule_id, n.resource, n.location.file)
        cases.setdefault(key, _Case(*key)).undecided.append(n)
    suites: dict[str, list[_Case]] = {}
    for key in sorted(cases):
        case = cases[key]
        layer = case.findings[0].layer.value if case.findings else _suite_of(case.rule_id)
        suites.setdefault(layer, []).append(case)
    return suites


def _warnings(result: ScanResult) -> str:
    return "\n".join(f"warning ({w.kind}): {w.one_line()}" for w in result.warnings)


def _testcase(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"classname": _x(classname), "name": _x(name)})


def _rule_case(suite: ET.Element, case: _Case) -> str:
    """Adds the case; returns its outcome: ``failure``, ``skipped`` or ``passed``."""
    element = _testcase(suite, case.rule_id, f"{case.resource} ({_where(case.file, case.line)})")
    suppressed = sorted(case.suppressed, key=lambda f: (f.sort_key(), f.message))
    if case.active:
        findings = sorted(case.active, key=lambda f: (f.sort_key(), f.message))
        worst = max(findings, key=lambda f: f.severity)  # the first of the most severe
        message = " ".join(worst.message.split())
        if len(findings) > 1:
            message = f"{len(findings)} findings; first: {message}"
        lines = [
            f"{_where(f.location.file, f.location.line)}: [{f.severity.label}] {f.message}\n"
            f"Fix: {f.fix.replace('``', '`')}"
            for f in findings
        ]
        lines += [
            f"{_where(f.location.file, f.location.line)}: [{f.severity.label}] {f.message}\n"
            f"{_suppressed(f.suppression)}"
            for f in suppressed
            if f.suppression is not None
        ]
        lines += [f"not assessed: {n.reason}" for n in case.undecided]
        failure = ET.SubElement(element, "failure", {"type": worst.severity.label, "message": _x(message)})
        failure.text = _x("\n\n".join(lines))
        return "failure"
    reasons = [_suppressed(f.suppression) for f in suppressed if f.suppression is not None]
    if case.undecided:
        undecided = "; ".join(dict.fromkeys(" ".join(n.reason.split()) for n in case.undecided))
        reasons.append(f"not assessed: {undecided}")
    skipped = ET.SubElement(element, "skipped", {"message": _x("; ".join(dict.fromkeys(reasons)))})
    if suppressed:
        skipped.text = _x(
            "\n\n".join(
                f"{_where(f.location.file, f.location.line)}: [{f.severity.label}] {f.message}"
                for f in suppressed
            )
        )
    return "skipped"


def _error_case(suite: ET.Element, error: ScanError) -> None:
    element = _testcase(suite, f"faasguard.{error.kind}", _where(error.location.file, error.location.line))
    node = ET.SubElement(element, "error", {"type": error.kind, "message": _x(error.one_line())})
    node.text = _x(error.message)


def _set_counts(element: ET.Element, counts: Counter[str]) -> None:
    element.set("tests", str(sum(counts.values())))
    for key in ("failures", "errors", "skipped"):
        element.set(key, str(counts[key]))


class JunitReporter:
    """Renders the JUnit XML report."""

    def render(self, result: ScanResult) -> str:
        """The report as a UTF-8 XML document (with declaration)."""
        root = ET.Element("testsuites", {"name": "faasguard"})
        totals: Counter[str] = Counter()
        grouped = _group(result)
        order = [layer.value for layer in Layer] + sorted(set(grouped) - {layer.value for layer in Layer})
        for name in order:
            if name not in grouped:
                continue
            suite = ET.SubElement(root, "testsuite", {"name": _x(name)})
            counts: Counter[str] = Counter()
            for case in grouped[name]:
                outcome = _rule_case(suite, case)
                counts["failures" if outcome == "failure" else outcome] += 1
            _set_counts(suite, counts)
            totals += counts
        if result.files_scanned or result.errors or result.warnings:
            suite = ET.SubElement(root, "testsuite", {"name": INPUTS_SUITE})
            counts = Counter()
            failed = {e.location.file for e in result.errors}
            for file in sorted(set(result.files_scanned) - failed):
                _testcase(suite, "faasguard.input", file)
                counts["passed"] += 1
            for error in sorted(result.errors, key=lambda e: (e.location.file, e.location.line, e.message)):
                _error_case(suite, error)
                counts["errors"] += 1
            if result.warnings:
                ET.SubElement(suite, "system-err").text = _x(_warnings(result) + "\n")
            _set_counts(suite, counts)
            totals += counts
        _set_counts(root, totals)
        root.set("time", f"{result.duration_s:.3f}")
        if result.advisories:  # test panels show suite properties; the root carries none in the schema
            for suite in root.findall("testsuite"):
                props = ET.Element("properties")
                for value in result.advisories:
                    ET.SubElement(props, "property", name="advisories", value=value)
                suite.insert(0, props)
        ET.indent(root, space="  ")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def make_reporter(
    *, color: bool = False, show_suppressed: bool = False, quiet: bool = False
) -> JunitReporter:
    """The JUnit reporter (no option applies: suppressed findings are always skipped cases)."""
    del color, show_suppressed, quiet
    return JunitReporter()
