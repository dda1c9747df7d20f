"""Baselines: accept today's findings, fail only on new ones.

A baseline file lists the fingerprints of a scan's active findings, with
the rule, resource and file for the humans reviewing it, sorted so it is
stable under version control::

    {"faasguard_baseline": 1,
     "findings": [{"fingerprint": "3f9c...", "rule_id": "FG-AC-001",
                   "resource": "OrdersFunction", "file": "template.yaml", "count": 1}]}

Fingerprints hold no line numbers and a file path relative to the scanned
root, so they survive reformatting, lines inserted above, and the way the
path was written on the command line.  ``count`` handles several findings
with one fingerprint (the same wildcard twice in one role): a later scan
with one more such finding reports exactly one new finding.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faasguard.errors import UsageError
from faasguard.model import Location
from faasguard.result import Finding, Suppression, SuppressionKind

__all__ = [
    "DEFAULT_BASELINE",
    "FORMAT_VERSION",
    "Baseline",
    "apply_baseline",
    "load_baseline",
    "render_baseline",
]

DEFAULT_BASELINE = ".faasguard-baseline.json"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Baseline:
    """Accepted fingerprints and how many findings each may cover; ``path`` as the user gave it."""

    path: str
    counts: Mapping[str, int]


def render_baseline(findings: Iterable[Finding]) -> str:
    """The baseline file for the active findings among ``findings`` (stable: sorted, no dates)."""
    active = [f for f in findings if f.suppression is None]
    counts = Counter(f.fingerprint for f in active)
    first: dict[str, Finding] = {}
    for f in active:
        first.setdefault(f.fingerprint, f)
    entries = [
        {
            "fingerprint": fp,
            "rule_id": f.rule_id,
            "resource": f.resource,
            "file": f.relative_file,
            "count": counts[fp],
        }
        for fp, f in first.items()
    ]
    entries.sort(key=lambda e: (str(e["file"]), str(e["rule_id"]), str(e["resource"]), str(e["fingerprint"])))
    data = {"faasguard_baseline": FORMAT_VERSION, "findings": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _fail(path: str, message: str) -> UsageError:
    return UsageError(f"{path}: {message}", advice="create one with `faasguard baseline create`")


def load_baseline(path: str) -> Baseline:
    """The baseline in ``path``; :class:`UsageError` with one clear line when missing or corrupt."""
    try:
        text = Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise _fail(path, "baseline file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot read baseline: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, f"not a baseline: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("faasguard_baseline") != FORMAT_VERSION:
        raise _fail(path, f'not a faasguard baseline (expected "faasguard_baseline": {FORMAT_VERSION})')
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise _fail(path, "not a baseline: `findings` must be a list")
    counts: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        count = entry.get("count", 1) if isinstance(entry, dict) else None
        if not isinstance(fp, str) or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise _fail(path, f"not a baseline: findings[{index}] needs a fingerprint and a positive count")
        counts[fp] += count
    return Baseline(path, dict(counts))


def apply_baseline(findings: Iterable[Finding], baseline: Baseline) -> list[Finding]:
    """Findings with active ones known to the baseline marked suppressed (kind ``baseline``).

    Findings are taken in report order, so when a fingerprint occurs more often
    than the baseline allows, the later occurrences are the new ones.
    """
    left = Counter(baseline.counts)
    suppression = Suppression(SuppressionKind.BASELINE, "accepted in the baseline", Location(baseline.path))
    out = []
    for finding in findings:
        if finding.suppression is None and left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
            finding = dataclasses.replace(finding, suppression=suppression)
        out.append(finding)
    return out
