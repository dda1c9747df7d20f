"""Suppressions: findings the team knowingly accepted, kept in the result and never counted.

Four kinds, each with a mandatory reason:

* ``inline`` — a comment in the source::

      # faasguard:ignore FG-AC-001,FG-AC-002 until=2027-03-31 reason text

  On a line with code it covers the findings on that line; on its own line,
  the next line holding code.  When that line is a resource's logical id,
  it covers every finding of the resource (and of what SAM generates from it).
* ``metadata`` — ``Metadata: faasguard: ignore: [{id, reason, until}]`` on
  a resource (:mod:`faasguard.loaders._metadata`).
* ``config`` — ``[[ignore]]`` entries of the configuration file.
* ``baseline`` — fingerprints in a baseline file (:mod:`faasguard.baseline`).

A suppressed finding stays in the result with its :class:`Suppression`;
a marker or entry that cannot be applied (malformed, no reason, unknown
rule, expired) or that matched nothing becomes a :class:`ScanWarning`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase

from faasguard._comments import Comment, yaml_comments
from faasguard._glob import path_matches
from faasguard.config import ConfigIgnore
from faasguard.model import Location, Workload
from faasguard.result import Finding, ScanWarning, Suppression, SuppressionKind

__all__ = [
    "Ignore",
    "apply",
    "config_ignores",
    "for_source",
    "metadata_ignores",
    "parse_marker",
    "source_ignores",
    "unused",
]

_DIRECTIVE = re.compile(r"faasguard:([A-Za-z][\w-]*)(.*)", re.DOTALL)
_IDS = re.compile(r"\s*([^\s,]+(?:\s*,\s*[^\s,]+)*)(.*)", re.DOTALL)
_RULE_ID = re.compile(r"[A-Z]+-[A-Z]+-[0-9]+")
_UNTIL = re.compile(r"\s*until[=:](\S*)(.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Ignore:
    """One applicable suppression: the rules it names, what it matches, and the suppression it gives.

    An inline marker matches findings in ``file`` on ``line`` or of ``resources``;
    a Metadata entry matches findings of ``resources``; a config entry matches
    by ``resource_glob`` and ``path_glob`` (empty: anything).
    """

    suppression: Suppression
    rule_ids: tuple[str, ...]
    file: str = ""
    line: int = 0
    resources: frozenset[str] = frozenset()
    resource_glob: str = ""
    path_glob: str = ""

    def matches(self, finding: Finding, paths: Sequence[str]) -> bool:
        """True when this ignore covers ``finding``; ``paths`` are the finding's file's relative paths."""
        if finding.rule_id not in self.rule_ids:
            return False
        kind = self.suppression.kind
        if kind is SuppressionKind.INLINE:
            same_line = finding.location.file == self.file and finding.location.line == self.line
            return same_line or finding.resource in self.resources
        if kind is SuppressionKind.METADATA:
            return finding.resource in self.resources
        if self.resource_glob and not fnmatchcase(finding.resource, self.resource_glob):
            return False
        return not self.path_glob or any(path_matches(p, self.path_glob) for p in paths)


def parse_marker(text: str) -> tuple[tuple[str, ...], str, str] | str | None:
    """A comment's marker as (rule ids, until, reason); a problem message; ``None`` when not a marker."""
    found = _DIRECTIVE.match(text.strip())
    if found is None:
        return None
    directive, rest = found.groups()
    if directive != "ignore":
        return f"unknown directive faasguard:{directive} (expected faasguard:ignore)"
    ids_match = _IDS.match(rest)
    if ids_match is None:
        return "faasguard:ignore needs rule ids and a reason: # faasguard:ignore FG-AC-001 reason"
    ids = tuple(i.strip().upper() for i in ids_match.group(1).split(","))
    bad = [i for i in ids if not _RULE_ID.fullmatch(i)]
    if bad:
        return f"{bad[0]!r} is not a rule id (expected e.g. # faasguard:ignore FG-AC-001 reason)"
    rest = ids_match.group(2)
    until = ""
    until_match = _UNTIL.match(rest)
    if until_match:
        until, rest = until_match.groups()
    return ids, until, rest.strip().lstrip("-–—:").strip()


def _check(
    ids: Iterable[str],
    reason: str,
    until: str | date | None,
    where: Location,
    known: frozenset[str],
    today: date,
) -> tuple[tuple[str, ...], date | None, list[ScanWarning]]:
    """The known ids and the expiry of a declaration, and warnings; no ids when it cannot be applied."""
    warnings: list[ScanWarning] = []
    good = []
    for rule_id in ids:
        if rule_id in known:
            good.append(rule_id)
        else:
            warnings.append(ScanWarning(where, f"unknown rule id {rule_id} in a suppression", "unknown-rule"))
    expiry: date | None = None
    if isinstance(until, date):
        expiry = until
    elif until:
        try:
            expiry = date.fromisoformat(until)
        except ValueError:
            warnings.append(ScanWarning(where, f"until={until!r} is not a date (YYYY-MM-DD)", "malformed"))
            return (), None, warnings
    if not reason:
        message = f"suppression of {', '.join(ids)} has no reason; not applied (add one after the ids)"
        warnings.append(ScanWarning(where, message, "no-reason"))
        return (), None, warnings
    if expiry is not None and expiry < today:
        message = f"suppression of {', '.join(ids)} expired on {expiry.isoformat()}; not applied"
        warnings.append(ScanWarning(where, message, "expired"))
        return (), None, warnings
    return tuple(good), expiry, warnings


def source_ignores(
    comments: Iterable[Comment], workload: Workload, known: frozenset[str], today: date, file: str = ""
) -> tuple[list[Ignore], list[ScanWarning]]:
    """The ignores of the ``faasguard:ignore`` markers among one source file's comments."""
    file = file or workload.source
    by_line: dict[int, set[str]] = {}
    for declared in workload.declared:
        if declared.location.file == file:
            by_line.setdefault(declared.location.line, set()).update(declared.covers)
    ignores: list[Ignore] = []
    warnings: list[ScanWarning] = []
    for comment in comments:
        parsed = parse_marker(comment.text)
        if parsed is None:
            continue
        where = Location(file, comment.line)
        if isinstance(parsed, str):
            warnings.append(ScanWarning(where, f"malformed suppression marker: {parsed}", "malformed"))
            continue
        ids, until, reason = parsed
        good, expiry, found = _check(ids, reason, until, where, known, today)
        warnings.extend(found)
        if good:
            target = comment.next_code if comment.own_line else comment.line
            suppression = Suppression(SuppressionKind.INLINE, reason, where, expiry)
            covers = frozenset(by_line.get(target, ()))
            ignores.append(Ignore(suppression, good, file, target, covers))
    return ignores, warnings


def metadata_ignores(
    workload: Workload, known: frozenset[str], today: date
) -> tuple[list[Ignore], list[ScanWarning]]:
    """The ignores of the resources' ``Metadata: faasguard`` sections."""
    ignores: list[Ignore] = []
    warnings: list[ScanWarning] = []
    for declared in workload.declared:
        for entry in declared.ignores:
            if entry.problem:
                message = f"malformed Metadata faasguard: {entry.problem}"
                warnings.append(ScanWarning(entry.location, message, "malformed"))
                continue
            ids = tuple(i.upper() for i in entry.rule_ids)
            good, expiry, found = _check(ids, entry.reason, entry.until, entry.location, known, today)
            warnings.extend(found)
            if good:
                suppression = Suppression(SuppressionKind.METADATA, entry.reason, entry.location, expiry)
                ignores.append(Ignore(suppression, good, resources=frozenset(declared.covers)))
    return ignores, warnings


def config_ignores(
    entries: Iterable[ConfigIgnore], known: frozenset[str], today: date
) -> tuple[list[Ignore], list[ScanWarning]]:
    """The ignores of the configuration file's ``[[ignore]]`` entries."""
    ignores: list[Ignore] = []
    warnings: list[ScanWarning] = []
    for entry in entries:
        good, expiry, found = _check((entry.rule,), entry.reason, entry.until, entry.location, known, today)
        warnings.extend(found)
        if good:
            suppression = Suppression(SuppressionKind.CONFIG, entry.reason, entry.location, expiry)
            ignores.append(Ignore(suppression, good, resource_glob=entry.resource, path_glob=entry.file))
    return ignores, warnings


def for_source(
    findings: list[Finding],
    workload: Workload,
    text: str | Mapping[str, Sequence[Comment]],
    known: frozenset[str],
    ran: frozenset[str],
    day: date,
) -> tuple[list[Finding], list[ScanWarning]]:
    """One source's findings with its inline markers and Metadata applied.

    ``text`` is the source's text (YAML carries markers in comments; JSON has
    none), or for sources of several files (Terraform) each file's comments.
    """
    if isinstance(text, Mapping):
        inline, warnings = [], []
        for file, file_comments in text.items():
            found, more_warnings = source_ignores(file_comments, workload, known, day, file)
            inline.extend(found)
            warnings.extend(more_warnings)
    else:
        # without a marker anywhere in the text no comment can hold one: skip the lexer (most files)
        marked = "faasguard:" in text and not text.lstrip().startswith(("{", "["))
        comments = yaml_comments(text) if marked else []
        inline, warnings = source_ignores(comments, workload, known, day)
    metadata, more = metadata_ignores(workload, known, day)
    ignores = inline + metadata
    out, used = apply(findings, ignores)
    return out, warnings + more + unused(ignores, used, ran)


def apply(
    findings: Iterable[Finding], ignores: Sequence[Ignore], paths: Sequence[str] = ()
) -> tuple[list[Finding], set[tuple[int, str]]]:
    """Findings with the first matching ignore's suppression, and the (ignore index, rule id) pairs used.

    A finding already suppressed keeps its suppression, but still counts as a
    use of every ignore that matches it, so overlapping ignores are not "unused".
    """
    used: set[tuple[int, str]] = set()
    out = []
    for finding in findings:
        for index, ignore in enumerate(ignores):
            if ignore.matches(finding, paths):
                used.add((index, finding.rule_id))
                if finding.suppression is None:
                    finding = dataclasses.replace(finding, suppression=ignore.suppression)
        out.append(finding)
    return out, used


def unused(ignores: Sequence[Ignore], used: set[tuple[int, str]], ran: frozenset[str]) -> list[ScanWarning]:
    """A warning for each rule id of an ignore that matched nothing (rules not run are not judged)."""
    warnings = []
    for index, ignore in enumerate(ignores):
        idle = [r for r in ignore.rule_ids if r in ran and (index, r) not in used]
        if idle:
            what = f"{ignore.suppression.kind.value} suppression of {', '.join(idle)}"
            warnings.append(ScanWarning(ignore.suppression.location, f"{what} matched no finding", "unused"))
    return warnings
