"""The SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.

Written as plain dicts and ``json.dumps``; the tests validate it against the
vendored OASIS schema.  One run holds every rule of the catalogue (so a
viewer can explain a rule that did not fire), one result per finding, and
the input errors, suppression warnings, not-assessed items and unanalysed
constructs as notifications of the invocation.

A suppressed finding is still a result, with a ``suppressions`` entry
(SARIF 2.1.0 §3.35): ``kind`` ``inSource`` for an inline marker or a
template's ``Metadata``, ``external`` for the config file or the baseline;
``status`` ``accepted``; the reason as ``justification``; the declaring
marker, entry or baseline file as its ``location``.  Viewers that honour
suppressions show it as accepted, not as an open alert.

Artifact URIs are relative to ``%SRCROOT%``, the directory the relative paths
given to the scanner are relative to (the working directory, which in CI is
the checkout, so GitHub maps results onto the repository's files); a file
outside it gets an absolute ``file:`` URI and no base id.  The output holds no
clock time: the same result renders to the same text.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from faasguard.model import Location
from faasguard.result import Finding, ScanResult, Severity, Suppression, SuppressionKind
from faasguard.rules import Rule, catalogue

__all__ = ["SARIF_SCHEMA", "SECURITY_SEVERITY", "SarifReporter", "make_reporter", "to_sarif"]

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "faasguard/v1"

#: CVSS-like scores GitHub turns back into its critical/high/medium/low bands
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


_SUPPRESSION_KIND = {
    SuppressionKind.INLINE: "inSource",
    SuppressionKind.METADATA: "inSource",
    SuppressionKind.CONFIG: "external",
    SuppressionKind.BASELINE: "external",
}


def _plain(text: str) -> str:
    """Rule docs use reStructuredText literals (````x````); SARIF wants Markdown."""
    return text.replace("``", "`")


def _name(title: str) -> str:
    """A PascalCase identifier made of the title's words (``reportingDescriptor.name``)."""
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title)) or "Rule"


def _rule(r: Rule) -> dict[str, Any]:
    text = _plain(r.fix)
    markdown = f"**Fix:** {_plain(r.fix)}"
    for fmt, how in r.remediation:
        text += f"\n{fmt}: {_plain(how)}"
        markdown += f"\n\n**{fmt}:** {_plain(how)}"
    links = [ref for ref in r.references if ref.startswith(("https://", "http://"))]
    others = [ref for ref in r.references if ref not in links]
    if r.references:
        markdown += "\n\n**References:**\n" + "".join(f"\n- <{ref}>" for ref in links)
        markdown += "".join(f"\n- {ref}" for ref in others)
    descriptor: dict[str, Any] = {
        "id": r.id,
        "name": _name(r.title),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": _plain(r.why)},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVEL[r.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[r.severity],
            "tags": [r.layer.value, "security"],
        },
    }
    if links:
        descriptor["helpUri"] = links[0]
    return descriptor


def _adhoc_rule(f: Finding) -> Rule:
    """A descriptor for a finding whose rule is not in the catalogue (a plug-in, a test)."""
    return Rule(f.rule_id, f.layer, f.severity, f.title, f.title, f.fix, (), check=lambda _w: ())


class _Uris:
    """Turns the paths given to the scanner into SARIF artifact locations."""

    def __init__(self, base: str) -> None:
        self.base = os.path.abspath(base)

    def root_uri(self) -> str:
        uri = Path(self.base).as_uri()
        return uri if uri.endswith("/") else uri + "/"

    def artifact(self, file: str) -> dict[str, Any]:
        path = os.path.abspath(os.path.join(self.base, file))
        rel = os.path.relpath(path, self.base) if _same_drive(path, self.base) else os.pardir
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return {"uri": Path(path).as_uri()}
        # quote() encodes space, %, #, ?, ":" (no scheme lookalike) and non-ASCII as UTF-8
        return {"uri": quote(rel.replace(os.sep, "/"), safe="/"), "uriBaseId": SRCROOT}

    def location(self, where: Location) -> dict[str, Any] | None:
        if not where.file:
            return None
        physical: dict[str, Any] = {"artifactLocation": self.artifact(where.file)}
        if where.line > 0:
            physical["region"] = {"startLine": where.line}
        return {"physicalLocation": physical}


def _same_drive(a: str, b: str) -> bool:
    return os.path.splitdrive(a)[0].lower() == os.path.splitdrive(b)[0].lower()


def _notification(level: str, text: str, where: Location, uris: _Uris) -> dict[str, Any]:
    note: dict[str, Any] = {"level": level, "message": {"text": text}}
    location = uris.location(where)
    if location:
        note["locations"] = [location]
    return note


def _suppression(s: Suppression, uris: _Uris) -> dict[str, Any]:
    item: dict[str, Any] = {"kind": _SUPPRESSION_KIND[s.kind], "status": "accepted"}
    if s.reason:
        item["justification"] = s.reason
    location = uris.location(s.location)
    if location:
        item["location"] = location
    properties: dict[str, Any] = {"faasguard-kind": s.kind.value}
    if s.until is not None:
        properties["until"] = s.until.isoformat()
    item["properties"] = properties
    return item


def to_sarif(result: ScanResult, *, base: str | None = None) -> dict[str, Any]:
    """The report as a SARIF log (a dict ready for ``json.dumps``).

    ``base`` is the directory behind ``%SRCROOT%``; the working directory
    when not given.
    """
    uris = _Uris(base if base is not None else os.getcwd())
    rules = list(catalogue())
    known = {r.id for r in rules}
    for f in sorted(result.findings, key=lambda x: x.rule_id):
        if f.rule_id not in known:
            rules.append(_adhoc_rule(f))
            known.add(f.rule_id)
    index = {r.id: i for i, r in enumerate(rules)}

    results = []
    for f in sorted(result.findings, key=lambda x: (x.sort_key(), x.fingerprint)):
        item: dict[str, Any] = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message or f.title},
        }
        location = uris.location(f.location)
        if location:
            item["locations"] = [location]
        item["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
        if f.suppression is not None:
            item["suppressions"] = [_suppression(f.suppression, uris)]
        item["properties"] = {"resource": f.resource, "resource_type": f.resource_type}
        results.append(item)

    notifications = [_notification("error", e.message, e.location, uris) for e in result.errors]
    for w in result.warnings:
        warning = _notification("warning", w.message, w.location, uris)
        warning["properties"] = {"kind": w.kind}
        notifications.append(warning)
    for n in sorted(result.not_assessed, key=lambda n: (n.rule_id, n.location, n.resource, n.reason)):
        note = _notification(
            "note", f"{n.rule_id} not assessed for {n.resource}: {n.reason}", n.location, uris
        )
        if n.rule_id in index:
            note["associatedRule"] = {"id": n.rule_id, "index": index[n.rule_id]}
        notifications.append(note)
    notifications += [_notification("note", f"not analysed: {text}", loc, uris) for loc, text in result.notes]

    invocation: dict[str, Any] = {"executionSuccessful": not result.errors}
    if result.advisories:
        invocation["properties"] = {"advisories": list(result.advisories)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: dict[str, Any] = {"name": "faasguard"}
    if result.version:
        driver["version"] = result.version
    driver["rules"] = [_rule(r) for r in rules]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": uris.root_uri()}},
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


class SarifReporter:
    """Renders the SARIF log (indented JSON, keys in a fixed order)."""

    def __init__(self, *, base: str | None = None) -> None:
        self.base = base

    def render(self, result: ScanResult) -> str:
        """The report as a SARIF 2.1.0 JSON document."""
        return json.dumps(to_sarif(result, base=self.base), indent=2, ensure_ascii=False) + "\n"


def make_reporter(
    *, color: bool = False, show_suppressed: bool = False, quiet: bool = False
) -> SarifReporter:
    """The SARIF reporter (no option applies: suppressed findings are always results, marked)."""
    del color, show_suppressed, quiet
    return SarifReporter()
