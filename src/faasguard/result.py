"""What a scan produces: findings, things not assessed, and input errors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum

from faasguard.model import Location

__all__ = [
    "Finding",
    "Layer",
    "NotAssessed",
    "ScanError",
    "ScanResult",
    "ScanWarning",
    "Severity",
    "Suppression",
    "SuppressionKind",
    "fingerprint",
]


class Severity(IntEnum):
    """Finding severity; comparable, so ``--fail-on`` is a threshold."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        """Lower-case name used in reports and options."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Severity from its name, case-insensitive; ``ValueError`` otherwise."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of {names})") from None


class Layer(StrEnum):
    """The five layers of the checklist."""

    ACCESS = "access-control"
    DATA = "data-protection"
    MONITORING = "monitoring"
    DEPENDENCIES = "dependencies"
    RUNTIME = "runtime"

    @property
    def prefix(self) -> str:
        """The rule-id infix of this layer."""
        return _PREFIX[self]

    @property
    def title(self) -> str:  # type: ignore[override]
        """Human title of the layer."""
        return self.value.replace("-", " ").capitalize()


_PREFIX = {
    Layer.ACCESS: "AC",
    Layer.DATA: "DP",
    Layer.MONITORING: "MON",
    Layer.DEPENDENCIES: "DEP",
    Layer.RUNTIME: "RT",
}


def fingerprint(rule_id: str, file: str, resource: str, detail: str = "") -> str:
    """A stable id for a finding: no line numbers, so baselines survive edits.

    ``file`` should be the path relative to the scanned root (``Finding.relative_file``),
    so the id does not depend on how the path was written on the command line.
    """
    raw = "\x1f".join((rule_id, file.replace("\\", "/"), resource, detail))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


class SuppressionKind(StrEnum):
    """Where a suppression was declared."""

    INLINE = "inline"  # a `# faasguard:ignore` comment in the source
    METADATA = "metadata"  # CloudFormation `Metadata: faasguard: ignore`
    CONFIG = "config"  # an `[[ignore]]` entry of the configuration file
    BASELINE = "baseline"  # a fingerprint in the `--baseline` file


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is accepted: kind, the reason given, where it was declared, until when."""

    kind: SuppressionKind
    reason: str
    location: Location  # the marker, the Metadata entry, the config entry or the baseline file
    until: date | None = None  # the day after which the suppression no longer applies


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation of one rule by one resource."""

    rule_id: str
    severity: Severity
    layer: Layer
    title: str
    message: str
    resource: str
    resource_type: str
    location: Location
    fix: str
    detail: str = ""  # distinguishes several findings of one rule on one resource
    fingerprint: str = field(default="", compare=False)
    # the file relative to the scanned root, `/`-separated (fingerprints and baselines use it)
    relative_file: str = field(default="", compare=False)
    suppression: Suppression | None = field(default=None, compare=False)  # None: an active finding

    def __post_init__(self) -> None:
        if not self.relative_file:
            object.__setattr__(self, "relative_file", self.location.file.replace("\\", "/"))
        if not self.fingerprint:
            fp = fingerprint(self.rule_id, self.relative_file, self.resource, self.detail)
            object.__setattr__(self, "fingerprint", fp)

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Deterministic report order: file, line, rule, resource, detail."""
        return (self.location.file, self.location.line, self.rule_id, self.resource, self.detail)


@dataclass(frozen=True, slots=True)
class NotAssessed:
    """A rule could not decide for a resource because a value is unknown."""

    rule_id: str
    resource: str
    location: Location
    reason: str


@dataclass(frozen=True, slots=True)
class ScanError:
    """A file that could not be read or parsed, or a rule that failed."""

    location: Location
    message: str
    kind: str = "input"  # input | rule

    def one_line(self) -> str:
        """``file:line: message`` on one line."""
        where = self.location.file + (f":{self.location.line}" if self.location.line else "")
        return f"{where}: {' '.join(self.message.split())}"


@dataclass(frozen=True, slots=True)
class ScanWarning:
    """Something about the suppressions to fix; shown in reports, never changes the exit code.

    ``kind``: ``malformed`` (a marker or entry that cannot be read), ``no-reason``,
    ``unknown-rule``, ``expired`` (its ``until`` date has passed) or ``unused``
    (it matched no finding).
    """

    location: Location
    message: str
    kind: str

    def one_line(self) -> str:
        """``file:line: message`` on one line."""
        where = self.location.file + (f":{self.location.line}" if self.location.line else "")
        return f"{where}: {' '.join(self.message.split())}"


@dataclass(frozen=True, slots=True)
class ScanResult:
    """The outcome of a scan, handed whole to a reporter.

    ``findings`` holds every finding, suppressed ones included (their
    ``suppression`` is set); ``active`` and ``suppressed`` split them.
    """

    findings: tuple[Finding, ...]
    errors: tuple[ScanError, ...] = ()
    not_assessed: tuple[NotAssessed, ...] = ()
    notes: tuple[tuple[Location, str], ...] = ()
    warnings: tuple[ScanWarning, ...] = ()
    files_scanned: tuple[str, ...] = ()
    roots: tuple[str, ...] = ()
    rules_run: int = 0
    duration_s: float = 0.0
    version: str = ""
    # which advisory sources checked the packages functions ship (with their dates), or why none could
    advisories: tuple[str, ...] = ()

    @property
    def active(self) -> tuple[Finding, ...]:
        """Findings not suppressed: the ones a report lists and ``--fail-on`` counts."""
        return tuple(f for f in self.findings if f.suppression is None)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        """Findings accepted by a marker, Metadata, the config file or the baseline."""
        return tuple(f for f in self.findings if f.suppression is not None)

    def failing(self, threshold: Severity) -> tuple[Finding, ...]:
        """Active (not suppressed) findings at or above ``threshold``."""
        return tuple(f for f in self.active if f.severity >= threshold)
