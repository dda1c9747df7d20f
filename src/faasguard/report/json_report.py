"""The JSON report: the stable machine format (schema in ``data/scan-result.schema.json``).

``schema_version`` changes its major number when a field is removed or
changes meaning; adding a field bumps the minor number.  Since 1.1 every
finding carries ``suppression`` (``null`` when active) and the report has
``warnings``; the ``summary`` counts (``findings``, ``by_severity``,
``by_layer``) are of active findings, ``suppressed`` of the others.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from faasguard.result import Finding, Layer, ScanResult, Severity, Suppression, SuppressionKind

__all__ = ["SCHEMA_VERSION", "JsonReporter", "make_reporter", "to_data"]

SCHEMA_VERSION = "1.2"


def _suppression(s: Suppression | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "kind": s.kind.value,
        "reason": s.reason,
        "file": s.location.file,
        "line": s.location.line,
        "until": s.until.isoformat() if s.until else None,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "severity": f.severity.label,
        "layer": f.layer.value,
        "title": f.title,
        "message": f.message,
        "resource": f.resource,
        "resource_type": f.resource_type,
        "file": f.location.file,
        "line": f.location.line,
        "fix": f.fix,
        "fingerprint": f.fingerprint,
        "detail": f.detail,
        "suppression": _suppression(f.suppression),
    }


def to_data(result: ScanResult) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    active = result.active
    severities = Counter(f.severity for f in active)
    layers = Counter(f.layer for f in active)
    kinds = Counter(f.suppression.kind for f in result.findings if f.suppression is not None)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "faasguard", "version": result.version},
        "summary": {
            "findings": len(active),
            "suppressed": sum(kinds.values()),
            "by_suppression": {kind.value: kinds.get(kind, 0) for kind in SuppressionKind},
            "warnings": len(result.warnings),
            "by_severity": {s.label: severities.get(s, 0) for s in reversed(Severity)},
            "by_layer": {layer.value: layers.get(layer, 0) for layer in Layer},
            "errors": len(result.errors),
            "not_assessed": len(result.not_assessed),
            "files_scanned": len(result.files_scanned),
            "rules_run": result.rules_run,
            "duration_s": result.duration_s,
        },
        "findings": [_finding(f) for f in result.findings],
        "not_assessed": [
            {
                "rule_id": n.rule_id,
                "resource": n.resource,
                "file": n.location.file,
                "line": n.location.line,
                "reason": n.reason,
            }
            for n in result.not_assessed
        ],
        "errors": [
            {"file": e.location.file, "line": e.location.line, "message": e.message, "kind": e.kind}
            for e in result.errors
        ],
        "warnings": [
            {"file": w.location.file, "line": w.location.line, "message": w.message, "kind": w.kind}
            for w in result.warnings
        ],
        "notes": [{"file": loc.file, "line": loc.line, "message": text} for loc, text in result.notes],
        "files_scanned": list(result.files_scanned),
        "advisories": list(result.advisories),
    }


class JsonReporter:
    """Renders the JSON report (indented, keys in a fixed order)."""

    def render(self, result: ScanResult) -> str:
        """The report as a JSON document."""
        return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"


def make_reporter(*, color: bool = False, show_suppressed: bool = False, quiet: bool = False) -> JsonReporter:
    """The JSON reporter (no option applies: the report always holds everything)."""
    del color, show_suppressed, quiet
    return JsonReporter()
