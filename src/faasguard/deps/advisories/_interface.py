"""The one interface every source of vulnerability data implements.

A :class:`VulnerabilityService` takes many exact package versions at once
and answers with a :class:`Lookup`: the advisories that affect each version
it could check, and a reason for each version it could not.  A version that
could not be checked is data for the report ("could not be assessed"), never
an empty answer that reads as "no known vulnerability".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from faasguard.deps.packages import PackageRef
from faasguard.errors import FaasguardError

__all__ = [
    "Advisory",
    "DatabaseError",
    "HTTPStatusError",
    "Lookup",
    "NetworkError",
    "NotConfiguredError",
    "ResponseError",
    "ServiceError",
    "Severity",
    "VulnerabilityService",
]

#: CVSS qualitative ratings, lowest first (CVSS v3.1 specification, table 14).
LEVELS = ("none", "low", "medium", "high", "critical")


@dataclass(frozen=True, slots=True)
class Severity:
    """How serious an advisory says the vulnerability is.

    ``vector`` is the CVSS vector as published (``None`` when the source
    gave only a rating), ``score`` the CVSS base score when it is known (given
    by the source, or computed from a CVSS v2 or v3 vector), and ``level`` one
    of :data:`LEVELS`, taken from the source's own rating when it gives one,
    else from the score.
    """

    vector: str | None
    score: float | None
    level: str | None


@dataclass(frozen=True, slots=True)
class Advisory:
    """One published vulnerability that affects one package version.

    ``fixed`` lists the versions that fix it for the version that was looked
    up (above it, lowest first; empty when no fix is published or the source
    does not say).  ``source`` names the service that answered, e.g.
    ``"OSV database 2026-12-01"`` or ``"OSV API"``.
    """

    id: str
    aliases: tuple[str, ...]
    summary: str
    severity: Severity | None
    fixed: tuple[str, ...]
    references: tuple[str, ...]
    source: str

    @property
    def ids(self) -> tuple[str, ...]:
        """The id followed by its aliases: every name the vulnerability goes by."""
        return (self.id, *self.aliases)


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a service answered for a batch of package versions.

    Every version asked about is in exactly one of the two mappings:
    ``found`` maps each version that was checked to the advisories that
    affect it (an empty tuple when none does), and ``skipped`` maps each
    version that could not be checked to a one-line reason.
    """

    found: Mapping[PackageRef, tuple[Advisory, ...]] = field(default_factory=dict)
    skipped: Mapping[PackageRef, str] = field(default_factory=dict)

    @property
    def vulnerable(self) -> Mapping[PackageRef, tuple[Advisory, ...]]:
        """The checked versions that at least one advisory affects."""
        return {ref: advisories for ref, advisories in self.found.items() if advisories}

    def merged(self, other: Lookup) -> Lookup:
        """Combine two answers: a version checked by either counts as checked.

        Advisories for the same version are joined without repeating an id,
        so asking a second source about what the first skipped fills the gaps;
        a version both skipped keeps both reasons.
        """
        found: dict[PackageRef, tuple[Advisory, ...]] = dict(self.found)
        for ref, advisories in other.found.items():
            known = {advisory.id for advisory in found.get(ref, ())}
            found[ref] = (*found.get(ref, ()), *(a for a in advisories if a.id not in known))
        skipped: dict[PackageRef, str] = {}
        for ref, why in (*self.skipped.items(), *other.skipped.items()):
            if ref not in found:
                skipped[ref] = why if skipped.get(ref, why) == why else f"{skipped[ref]}; {why}"
        return Lookup(found, skipped)


@runtime_checkable
class VulnerabilityService(Protocol):
    """A source of vulnerability data for exact package versions."""

    @property
    def name(self) -> str:
        """A short name for messages, e.g. ``"OSV API"``."""
        ...

    def query(self, refs: Sequence[PackageRef]) -> Lookup:
        """Look up many package versions at once.

        Raises :class:`ServiceError` when the service as a whole fails (the
        network is down, the database is missing); a version the service
        cannot judge goes to :attr:`Lookup.skipped` instead.
        """
        ...


class ServiceError(FaasguardError):
    """A vulnerability service failed; the message is one line."""

    def __init__(self, message: str, *, advice: str = "") -> None:
        super().__init__(" ".join(message.split()), advice=advice)


class NetworkError(ServiceError):
    """The service could not be reached (refused, timed out, name not found)."""


class HTTPStatusError(ServiceError):
    """The service answered with an HTTP error status."""

    def __init__(self, message: str, status: int, *, advice: str = "") -> None:
        super().__init__(message, advice=advice)
        self.status = status


class ResponseError(ServiceError):
    """The service answered with something that is not what it promises."""


class DatabaseError(ServiceError):
    """The offline vulnerability database is missing, unreadable or outdated."""


class NotConfiguredError(ServiceError):
    """A source needs an address that nothing configures."""
