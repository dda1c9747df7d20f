"""OSV records: reading them, and deciding which versions they affect.

The decision follows the evaluation algorithm of the OSV schema: a version
is affected when an ``affected[].versions`` list names it, or when it lies
in one of the ``SEMVER`` or ``ECOSYSTEM`` ranges (``introduced``, ``fixed``,
``last_affected`` and ``limit`` events, in the ecosystem's order).  ``GIT``
ranges need the repository's commit graph and are left out.

A range bound that is not a version of the ecosystem never hides a
vulnerability: when the entry lists its versions, the list decides alone;
otherwise an unreadable ``introduced`` counts as "from the start" and an
unreadable upper bound is dropped, so the range can only grow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from faasguard.deps.advisories._interface import Advisory, Severity
from faasguard.deps.advisories._severity import pick_severity
from faasguard.deps.advisories._versions import VersionCache, VersionKey, normalize_name
from faasguard.deps.packages import Ecosystem

__all__ = [
    "Affected",
    "Event",
    "OsvRecord",
    "Range",
    "RecordError",
    "ecosystem_of",
    "fixes_if_affected",
    "parse_record",
    "to_advisory",
]

_EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")
_ORDERED_TYPES = ("SEMVER", "ECOSYSTEM")
_SUMMARY_MAX = 200


class RecordError(ValueError):
    """An OSV record does not have the shape the schema gives it."""


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a range: ``kind`` is introduced, fixed, last_affected or limit."""

    kind: str
    version: str


@dataclass(frozen=True, slots=True)
class Range:
    """One ``affected[].ranges[]`` entry."""

    type: str
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Affected:
    """One ``affected[]`` entry: a package and the versions of it affected.

    ``canonical``, when given, holds the canonical forms of the listed
    versions (see :func:`canonical_version`), computed once when a database
    is built; ``versions`` may then be left empty.
    """

    ecosystem: str
    name: str
    ranges: tuple[Range, ...]
    versions: tuple[str, ...]
    canonical: frozenset[str] | None = None

    def lists(self, version: str, cache: VersionCache) -> bool:
        """Whether the entry's versions list names ``version`` (in any equal spelling)."""
        canonical = cache.canonical(version)
        if self.canonical is not None:
            return canonical in self.canonical
        return version in self.versions or any(canonical == cache.canonical(v) for v in self.versions)

    @property
    def has_list(self) -> bool:
        """Whether the entry lists versions at all."""
        return bool(self.versions or self.canonical)


@dataclass(frozen=True, slots=True)
class OsvRecord:
    """The parts of an OSV record faasguard uses."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    severity: Severity | None
    references: tuple[str, ...]
    modified: str
    withdrawn: bool
    affected: tuple[Affected, ...]


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError(f"{where} is not a list of strings")
    return tuple(value)


def _objects(value: object, where: str) -> list[Mapping[str, object]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"{where} is not a list of objects")
    return value


def _range(data: Mapping[str, object]) -> Range:
    events = []
    for event in _objects(data.get("events"), "ranges[].events"):
        for kind in _EVENT_KINDS:
            version = event.get(kind)
            if isinstance(version, str) and version:
                events.append(Event(kind, version))
    return Range(str(data.get("type", "")), tuple(events))


def _affected(data: Mapping[str, object]) -> Affected:
    package = data.get("package")
    if not isinstance(package, dict):
        raise RecordError("affected[].package is not an object")
    ecosystem, name = package.get("ecosystem"), package.get("name")
    if not isinstance(ecosystem, str) or not isinstance(name, str):
        raise RecordError("affected[].package has no ecosystem or name")
    ranges = tuple(_range(item) for item in _objects(data.get("ranges"), "affected[].ranges"))
    return Affected(ecosystem, name, ranges, _strings(data.get("versions"), "affected[].versions"))


def _summary(data: Mapping[str, object]) -> str:
    for key in ("summary", "details"):
        text = data.get(key)
        if isinstance(text, str) and text.strip():
            line = text.strip().splitlines()[0].strip()
            return line if len(line) <= _SUMMARY_MAX else line[: _SUMMARY_MAX - 1] + "…"
    return ""


def _severity(data: Mapping[str, object], affected: list[Mapping[str, object]]) -> Severity | None:
    entries = _objects(data.get("severity"), "severity")
    if not entries:  # fall back to per-package severities
        entries = [e for a in affected for e in _objects(a.get("severity"), "affected[].severity")]
    pairs = [(str(e.get("type", "")), str(e.get("score", ""))) for e in entries]
    specific = data.get("database_specific")
    label = specific.get("severity") if isinstance(specific, dict) else None
    return pick_severity(pairs, label)


def parse_record(data: object) -> OsvRecord:
    """Read one OSV record (a decoded JSON object); raise :class:`RecordError` if malformed."""
    if not isinstance(data, dict):
        raise RecordError("an OSV record is not a JSON object")
    record_id = data.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise RecordError("an OSV record has no id")
    try:
        affected = _objects(data.get("affected"), "affected")
        references = tuple(
            dict.fromkeys(
                url
                for ref in _objects(data.get("references"), "references")
                if isinstance(url := ref.get("url"), str) and url
            )
        )
        return OsvRecord(
            id=record_id,
            aliases=_strings(data.get("aliases"), "aliases"),
            summary=_summary(data),
            severity=_severity(data, affected),
            references=references,
            modified=str(data.get("modified") or ""),
            withdrawn=bool(data.get("withdrawn")),
            affected=tuple(_affected(item) for item in affected),
        )
    except RecordError as exc:
        raise RecordError(f"{record_id}: {exc}") from None


def ecosystem_of(text: str) -> Ecosystem | None:
    """The ecosystem an OSV ``package.ecosystem`` string names, if faasguard knows it.

    ``Maven:<repository URL>`` counts as Maven; other suffixes are not ours.
    """
    base = text.split(":", 1)[0] if text.startswith("Maven:") else text
    try:
        return Ecosystem(base)
    except ValueError:
        return None


def _evaluate(rng: Range, key: VersionKey, cache: VersionCache, has_list: bool) -> tuple[bool, list[str]]:
    """Whether ``key`` lies in ``rng``, and the fixed versions above it.

    ``has_list`` says the entry lists its versions, which then decide alone
    when a bound of this range cannot be read.
    """
    events: list[tuple[int, VersionKey | None, Event]] = []
    limits: list[VersionKey] = []
    unlimited = False
    for event in rng.events:
        bound = None if event.kind == "introduced" and event.version == "0" else cache.key(event.version)
        if event.kind == "limit":
            if "*" in event.version:
                unlimited = True
            elif bound is not None:
                limits.append(bound)
            elif has_list:
                return False, []
            else:
                unlimited = True
            continue
        if bound is None and event.version != "0":
            if has_list:
                return False, []  # the versions list is the better answer
            if event.kind != "introduced":
                continue  # dropping an upper bound only widens the range
        events.append((0 if bound is None else 1, bound, event))
    if limits and not unlimited and not any(key < limit for limit in limits):
        return False, []
    events.sort(key=lambda item: item[:2])
    vulnerable = False
    for _, bound, event in events:
        if event.kind == "introduced" and (bound is None or key >= bound):
            vulnerable = True
        elif (event.kind == "fixed" and bound is not None and key >= bound) or (
            event.kind == "last_affected" and bound is not None and key > bound
        ):
            vulnerable = False
    fixes = [e.version for _, bound, e in events if e.kind == "fixed" and bound is not None and bound > key]
    return vulnerable, fixes


def fixes_if_affected(
    affected: Iterable[Affected], name: str, version: str, cache: VersionCache
) -> tuple[str, ...] | None:
    """Decide whether ``name`` at ``version`` is affected by these entries.

    Returns ``None`` when it is not, else the fixed versions above
    ``version`` (lowest first) from the ranges that matched, or from every
    range of the entry when only its versions list matched.
    """
    key = cache.key(version)
    if key is None:
        return None
    wanted = normalize_name(cache.ecosystem, name)
    hit = False
    fixes: list[str] = []
    for entry in affected:
        if ecosystem_of(entry.ecosystem) is not cache.ecosystem:
            continue
        if normalize_name(cache.ecosystem, entry.name) != wanted:
            continue
        listed = entry.lists(version, cache)
        entry_fixes: list[str] = []
        in_range = False
        for rng in entry.ranges:
            if rng.type not in _ORDERED_TYPES:
                continue
            vulnerable, range_fixes = _evaluate(rng, key, cache, entry.has_list)
            if vulnerable:
                in_range = True
                fixes.extend(range_fixes)
            entry_fixes.extend(range_fixes)
        if listed and not in_range:
            fixes.extend(entry_fixes)
        hit = hit or listed or in_range
    if not hit:
        return None
    keyed = {cache.canonical(f): (k, f) for f in fixes if (k := cache.key(f)) is not None}
    return tuple(f for _, f in sorted(keyed.values(), key=lambda pair: pair[0]))


def to_advisory(record: OsvRecord, fixed: tuple[str, ...], source: str) -> Advisory:
    """The :class:`Advisory` a record gives for one affected version."""
    return Advisory(
        id=record.id,
        aliases=record.aliases,
        summary=record.summary,
        severity=record.severity,
        fixed=fixed,
        references=record.references,
        source=source,
    )
