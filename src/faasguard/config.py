"""The configuration file: ``.faasguard.toml`` or ``[tool.faasguard]`` in ``pyproject.toml``.

Found in the first scanned folder, or in its parents up to the root of the
git repository holding it (without a repository, only the scanned folder
is looked at); ``--config FILE`` names one explicitly.  In each folder
``.faasguard.toml`` is preferred over ``pyproject.toml``.  Keys::

    rules = ["FG-AC-001"]            # run only these (default: all)
    skip-rules = ["FG-MON-004"]
    fail-on = "high"
    exclude = ["tests/**", "cdk.out/**"]   # globs relative to the config's folder
    jobs = 4                         # worker processes, or "auto" (the default); 1: one process
    [severity]
    "FG-RT-002" = "info"
    [[ignore]]
    rule = "FG-AC-003"
    resource = "LegacyFn"            # optional; a glob
    file = "stacks/*.yaml"           # optional; a glob relative to the config's folder
    reason = "shared by design until the split (JIRA-123)"
    until = 2027-03-31               # optional; after that day: a warning, not applied

A value of the wrong type or an unknown key is a :class:`UsageError`
naming the file and the key.  Unknown rule ids and ignores without a
reason are warnings of the scan (:mod:`faasguard.suppress`), not errors.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from faasguard.errors import UsageError
from faasguard.model import Location
from faasguard.result import Severity

__all__ = ["CONFIG_NAME", "Config", "ConfigIgnore", "find_config", "load_config"]

CONFIG_NAME = ".faasguard.toml"
_KEYS = frozenset({"rules", "skip-rules", "fail-on", "severity", "exclude", "ignore", "jobs"})
_IGNORE_KEYS = frozenset({"rule", "resource", "file", "reason", "until"})


@dataclass(frozen=True, slots=True)
class ConfigIgnore:
    """One ``[[ignore]]`` entry as written (the rule id and reason are checked by the scan)."""

    rule: str
    reason: str
    location: Location  # the config file and the line of this entry's `[[ignore]]` header
    resource: str = ""  # glob on the resource's logical id ("" = any)
    file: str = ""  # glob on the file relative to the config's folder ("" = any)
    until: date | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """A parsed configuration file; ``base`` is its folder (globs are relative to it)."""

    path: str
    base: Path
    rules: tuple[str, ...] = ()
    skip_rules: tuple[str, ...] = ()
    fail_on: Severity | None = None
    severity: tuple[tuple[str, Severity], ...] = ()
    exclude: tuple[str, ...] = ()
    ignores: tuple[ConfigIgnore, ...] = ()
    jobs: int | None = None  # worker processes (0: automatic; None: not set)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _has_tool_section(path: Path) -> bool:
    return "faasguard" in _read(path).get("tool", {})


def find_config(paths: list[str]) -> Path | None:
    """The configuration file for a scan of ``paths`` (searched from the first one), or ``None``."""
    try:
        start = Path(paths[0] if paths else ".").resolve()
    except (RuntimeError, OSError):  # a symbolic link loop: the scan reports the path itself
        return None
    if not start.is_dir():
        start = start.parent
    folders = [start, *start.parents]
    git_root = next((i for i, d in enumerate(folders) if (d / ".git").exists()), None)
    for folder in folders[: git_root + 1] if git_root is not None else folders[:1]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{_display(path)}: cannot read config: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{_display(path)}: invalid TOML: {exc}") from None


class _Checker:
    """Type checks with messages naming the file and the key."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, expected: str, value: Any) -> UsageError:
        return UsageError(f"{self.file}: {key}: expected {expected}, got {value!r}")

    def strings(self, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of strings", value)
        return tuple(value)

    def severity(self, key: str, value: Any) -> Severity:
        try:
            return Severity.parse(value) if isinstance(value, str) else Severity.parse("?")
        except ValueError:
            raise self.fail(key, "one of info, low, medium, high, critical", value) from None

    def jobs(self, key: str, value: Any) -> int | None:
        if value is None or value == "auto":
            return None if value is None else 0
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        raise self.fail(key, 'a number of processes (1 or more) or "auto"', value)

    def until(self, key: str, value: Any) -> date | None:
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, "a date (YYYY-MM-DD)", value)


def _ignore_lines(path: Path, section: str) -> list[int]:
    """The line of each ``[[ignore]]`` header, so warnings can point at the entry."""
    header = re.compile(r"^\s*\[\[\s*" + re.escape(section) + r"\s*\]\]")
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [n for n, line in enumerate(lines, start=1) if header.match(line)]


def _ignores(check: _Checker, raw: Any, path: Path, section: str) -> tuple[ConfigIgnore, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise check.fail(section, "[[ignore]] tables", raw)
    lines = _ignore_lines(path, section)
    out = []
    for index, item in enumerate(raw):
        key = f"{section}[{index + 1}]"
        extra = sorted(set(item) - _IGNORE_KEYS)
        if extra:
            raise UsageError(
                f"{check.file}: {key}.{extra[0]}: unknown key (expected rule, resource, file, reason, until)"
            )
        for name in ("rule", "resource", "file", "reason"):
            if not isinstance(item.get(name, ""), str):
                raise check.fail(f"{key}.{name}", "a string", item[name])
        if not item.get("rule", "").strip():
            raise check.fail(f"{key}.rule", "a rule id", item.get("rule"))
        location = Location(check.file, lines[index] if index < len(lines) else 0)
        out.append(
            ConfigIgnore(
                rule=item["rule"].strip().upper(),
                reason=item.get("reason", "").strip(),
                location=location,
                resource=item.get("resource", ""),
                file=item.get("file", ""),
                until=check.until(f"{key}.until", item.get("until")),
            )
        )
    return tuple(out)


def load_config(path: Path) -> Config:
    """The configuration in ``path``; :class:`UsageError` naming the file and key when it is invalid."""
    data = _read(path)
    section = "ignore"
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("faasguard", {})
        section = "tool.faasguard.ignore"
    shown = _display(path)
    check = _Checker(shown)
    if not isinstance(data, dict):
        raise check.fail("tool.faasguard", "a table", data)
    extra = sorted(set(data) - _KEYS)
    if extra:
        raise UsageError(f"{shown}: {extra[0]}: unknown key (expected {', '.join(sorted(_KEYS))})")
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise check.fail("severity", 'a table of "RULE-ID" = "level"', severity)
    fail_on = data.get("fail-on")
    return Config(
        path=shown,
        base=path.resolve().parent,
        rules=tuple(r.strip().upper() for r in check.strings(data, "rules")),
        skip_rules=tuple(r.strip().upper() for r in check.strings(data, "skip-rules")),
        fail_on=check.severity("fail-on", fail_on) if fail_on is not None else None,
        severity=tuple(
            (str(k).strip().upper(), check.severity(f"severity.{k}", v)) for k, v in severity.items()
        ),
        exclude=check.strings(data, "exclude"),
        ignores=_ignores(check, data.get("ignore", []), path, section),
        jobs=check.jobs("jobs", data.get("jobs")),
    )
