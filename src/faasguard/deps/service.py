"""Choosing the vulnerability service for a scan, and asking it once per batch.

Offline (the default) the local OSV database answers when it exists; a
missing database makes the packages *unchecked* (said in the report),
never clean.  With ``--online`` OSV's API answers; where the network
reaches only the package registries, the registries' own advisory data
answers for PyPI and npm packages.  Registry addresses come from the
user's pip and npm configuration (files and environment), or, when those
name none, from the installed pip and npm themselves — never from faasguard.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from faasguard.deps.packages import Ecosystem, PackageRef
from faasguard.model import Vulnerability

__all__ = ["lookup", "npm_default_registry", "pip_default_index"]


Found = dict[PackageRef, tuple[Vulnerability, ...]]


def lookup(refs: Sequence[PackageRef], options: Any) -> tuple[Found, dict[PackageRef, str], str]:
    """Advisories per exact version, the versions no service could check (with why), and who answered."""
    found, skipped, label = _online(refs, options) if options.online else _offline(refs, options)
    return found, {r: why for r, why in skipped.items() if r not in found}, label


def _offline(refs: Sequence[PackageRef], options: Any) -> tuple[Found, dict[PackageRef, str], str]:
    from pathlib import Path

    from faasguard.deps.advisories import DatabaseState, OfflineDatabase, ServiceError, database_status

    path = Path(options.db_path) if options.db_path else None
    if options._service is None:
        status = database_status(path)
        if status.state in (DatabaseState.MISSING, DatabaseState.UNREADABLE):
            options._service = f"{status.message}, or scan with --online"
        else:
            options._service = (OfflineDatabase(path), _database_label(status))
    if isinstance(options._service, str):
        return {}, dict.fromkeys(refs, options._service), ""
    service, label = options._service
    try:
        result = service.query(list(refs))
    except ServiceError as exc:
        return {}, dict.fromkeys(refs, f"advisory database: {exc}"), ""
    return _convert(result.found), dict(result.skipped), label


def _database_label(status: Any) -> str:
    info = status.info
    day = info.as_of.date().isoformat() if info is not None else "unknown date"
    stale = " — stale, run `faasguard db update`" if status.state.value == "stale" else ""
    return f"OSV database exported {day}{stale}"


def _online(refs: Sequence[PackageRef], options: Any) -> tuple[Found, dict[PackageRef, str], str]:
    from faasguard.deps.advisories import NetworkError, OsvApi, ServiceError

    try:
        result = OsvApi(options.osv_url).query(list(refs))
        return _convert(result.found), dict(result.skipped), "OSV API"
    except NetworkError as osv_failure:
        reason = f"OSV API unreachable: {osv_failure}"
    except ServiceError as exc:
        return {}, dict.fromkeys(refs, f"OSV API: {exc}"), ""
    # OSV is out of reach: the package registries' own advisories, per ecosystem
    found: Found = {}
    skipped: dict[PackageRef, str] = {}
    answered: list[str] = []
    for ecosystem, make in ((Ecosystem.NPM, _npm_service), (Ecosystem.PYPI, _pypi_service)):
        mine = [r for r in refs if r.ecosystem == ecosystem]
        if not mine:
            continue
        try:
            service = make(options)
            result = service.query(mine)
        except ServiceError as exc:
            skipped.update(dict.fromkeys(mine, f"{reason}; {exc}"))
            continue
        found.update(_convert(result.found))
        skipped.update(result.skipped)
        if len(result.skipped) < len(mine):
            answered.append(service.name)
    for ref in refs:
        if ref.ecosystem not in (Ecosystem.NPM, Ecosystem.PYPI):
            skipped[ref] = f"{reason}; only OSV has advisories for {ref.ecosystem.value}"
    return found, skipped, ", ".join(answered) + f" ({reason})" if answered else ""


def _npm_service(options: Any) -> Any:
    from faasguard.deps.advisories import NpmBulk

    return NpmBulk.from_config(explicit=options.npm_registry or npm_default_registry())


def _pypi_service(options: Any) -> Any:
    from faasguard.deps.advisories import PypiJson

    return PypiJson.from_config(options.pypi_url or _pypi_api(pip_default_index()))


def _pypi_api(index: str | None) -> str | None:
    """pip's index (``…/simple``) as the JSON API root the index serves beside it."""
    if not index:
        return None
    return index.rstrip("/").removesuffix("/simple") + "/pypi"


def npm_default_registry() -> str | None:
    """The registry the installed npm uses when the user's configuration names none."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    try:
        done = subprocess.run(
            [npm, "config", "get", "registry"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value.startswith(("http://", "https://")) else None


def pip_default_index() -> str | None:
    """The index the installed pip uses when the user's configuration names none."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from pip._internal.models.index import PyPI; print(PyPI.simple_url)"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value.startswith(("http://", "https://")) else None


def _convert(found: Any) -> dict[PackageRef, tuple[Vulnerability, ...]]:
    out: dict[PackageRef, tuple[Vulnerability, ...]] = {}
    for ref, advisories in found.items():
        items = []
        for a in advisories:
            level = a.severity.level if a.severity is not None else None
            score = a.severity.score if a.severity is not None else None
            items.append(
                Vulnerability(a.id, tuple(a.aliases), a.summary, level, score, tuple(a.fixed), a.source)
            )
        if items:
            out[ref] = tuple(items)
    return out
