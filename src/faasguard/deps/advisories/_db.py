"""The offline vulnerability database: OSV's exports in one SQLite file.

``faasguard db update`` builds the file (see :mod:`._dbbuild`); a scan
reads it without any network.  Advisories are indexed by ecosystem and
normalised package name, so a batch of packages costs one indexed query per
few hundred names, and only the packages that have advisories are matched
version by version.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from faasguard.deps.advisories._interface import Advisory, DatabaseError, Lookup, Severity
from faasguard.deps.advisories._osv import Affected, Event, Range, fixes_if_affected
from faasguard.deps.advisories._versions import VersionCache, normalize_name
from faasguard.deps.packages import Ecosystem, PackageRef

if TYPE_CHECKING:
    import sqlite3

__all__ = [
    "DB_PATH_ENV",
    "SCHEMA_VERSION",
    "STALE_AFTER",
    "DatabaseInfo",
    "DatabaseState",
    "DatabaseStatus",
    "OfflineDatabase",
    "SourceInfo",
    "database_status",
    "default_db_path",
]

SCHEMA_VERSION = "1"
#: A database whose data is older than this is reported as stale.
STALE_AFTER = timedelta(days=7)
DB_PATH_ENV = "FAASGUARD_DB_PATH"
_UPDATE = "run 'faasguard db update'"
_CHUNK = 500  # names per query, well under SQLite's limit on bound parameters
_KNOWN = frozenset(e.value for e in Ecosystem)


def default_db_path(*, env: Mapping[str, str] | None = None, platform: str = sys.platform) -> Path:
    """Where the database lives unless told otherwise: the user's cache folder.

    ``$FAASGUARD_DB_PATH`` wins; else ``$XDG_CACHE_HOME`` or ``~/.cache`` on
    Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows.
    """
    environ = os.environ if env is None else env
    if environ.get(DB_PATH_ENV):
        return Path(environ[DB_PATH_ENV])
    home = Path(environ.get("HOME") or environ.get("USERPROFILE") or Path.home())
    if platform == "win32":
        base = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "faasguard" / "Cache"
    elif platform == "darwin":
        base = home / "Library" / "Caches" / "faasguard"
    else:
        base = Path(environ.get("XDG_CACHE_HOME") or home / ".cache") / "faasguard"
    return base / "osv.sqlite3"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One ecosystem's export in the database."""

    ecosystem: Ecosystem
    url: str
    exported_at: datetime | None  # the export's Last-Modified, else its newest record
    fetched_at: datetime
    advisories: int
    unreadable: int  # records left out because they were malformed

    @property
    def as_of(self) -> datetime:
        """How current the data is: the export time, else the download time."""
        return self.exported_at or self.fetched_at


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """What a database holds and how old it is."""

    path: Path
    built_at: datetime
    sources: tuple[SourceInfo, ...]

    @property
    def ecosystems(self) -> tuple[Ecosystem, ...]:
        """The ecosystems the database has advisories for."""
        return tuple(source.ecosystem for source in self.sources)

    @property
    def as_of(self) -> datetime:
        """How current the oldest export in the database is."""
        return min((s.as_of for s in self.sources), default=self.built_at)

    def age(self, now: datetime | None = None) -> timedelta:
        """How long ago the oldest export was current."""
        return (now or datetime.now(UTC)) - self.as_of

    def is_stale(self, now: datetime | None = None, max_age: timedelta = STALE_AFTER) -> bool:
        """Whether the data is older than ``max_age``."""
        return self.age(now) > max_age


class DatabaseState(StrEnum):
    """Whether a scan can rely on the offline database."""

    MISSING = "missing"
    UNREADABLE = "unreadable"
    STALE = "stale"
    CURRENT = "current"


@dataclass(frozen=True, slots=True)
class DatabaseStatus:
    """The database's state, its details when readable, and a one-line message."""

    state: DatabaseState
    path: Path
    info: DatabaseInfo | None
    message: str


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    import sqlite3

    if not path.is_file():
        raise DatabaseError(f"no offline vulnerability database at {path}", advice=_UPDATE)
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open the vulnerability database {path}: {exc}", advice=_UPDATE) from None
    try:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.Error:
            row = None
        if row is None:
            raise DatabaseError(f"{path} is not a faasguard vulnerability database", advice=_UPDATE)
        if row[0] != SCHEMA_VERSION:
            raise DatabaseError(f"{path} was built by another version of faasguard", advice=_UPDATE)
        yield conn
    except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
        # ValueError and friends: a row that does not decode, i.e. a damaged file
        raise DatabaseError(
            f"reading the vulnerability database {path} failed: {exc}", advice=_UPDATE
        ) from None
    finally:
        conn.close()


def _info(conn: sqlite3.Connection, path: Path) -> DatabaseInfo:
    built = conn.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()
    columns = "ecosystem, url, exported_at, fetched_at, advisories, unreadable"
    rows = conn.execute(f"SELECT {columns} FROM sources ORDER BY ecosystem").fetchall()
    sources = tuple(
        SourceInfo(Ecosystem(eco), url, _when(exported), datetime.fromisoformat(fetched), count, bad)
        for eco, url, exported, fetched, count, bad in rows
        if eco in _KNOWN
    )
    return DatabaseInfo(path, datetime.fromisoformat(built[0]), sources)


def database_status(
    path: Path | None = None, *, now: datetime | None = None, max_age: timedelta = STALE_AFTER
) -> DatabaseStatus:
    """Say whether the database at ``path`` is missing, unreadable, stale or current."""
    path = path or default_db_path()
    if not path.exists():
        return DatabaseStatus(
            DatabaseState.MISSING, path, None, f"no offline vulnerability database ({_UPDATE})"
        )
    try:
        info = OfflineDatabase(path).info()
    except DatabaseError as exc:
        return DatabaseStatus(DatabaseState.UNREADABLE, path, None, str(exc))
    days = info.age(now).days
    if info.is_stale(now, max_age):
        age = f"{days} day{'' if days == 1 else 's'}"
        message = f"the offline vulnerability database is {age} old ({_UPDATE})"
        return DatabaseStatus(DatabaseState.STALE, path, info, message)
    return DatabaseStatus(
        DatabaseState.CURRENT, path, info, f"offline vulnerability database from {info.as_of:%Y-%m-%d}"
    )


def _affected(data: dict[str, Any], ecosystem: str) -> Affected:
    # The compact form _dbbuild writes, trusted as its own output:
    # {"n": name, "r": [[type, [[kind, version]...]]...], "c": [canonical forms of the listed versions]}
    ranges = tuple(Range(kind, tuple(Event(k, v) for k, v in events)) for kind, events in data["r"])
    return Affected(ecosystem, data["n"], ranges, (), frozenset(data["c"]) if data["c"] else None)


def _severity(text: str | None) -> Severity | None:
    if not text:
        return None
    vector, score, level = json.loads(text)
    return Severity(vector, score, level)


class OfflineDatabase:
    """A :class:`VulnerabilityService` backed by the SQLite file at ``path``."""

    name = "OSV database"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_db_path()

    def info(self) -> DatabaseInfo:
        """What the database holds; raise :class:`DatabaseError` if it cannot be read."""
        with _connect(self.path) as conn:
            return _info(conn, self.path)

    def query(self, refs: Sequence[PackageRef]) -> Lookup:
        """Match package versions against the database (see :class:`VulnerabilityService`)."""
        found: dict[PackageRef, tuple[Advisory, ...]] = {}
        skipped: dict[PackageRef, str] = {}
        by_ecosystem: dict[Ecosystem, list[PackageRef]] = defaultdict(list)
        for ref in dict.fromkeys(refs):
            by_ecosystem[ref.ecosystem].append(ref)
        with _connect(self.path) as conn:
            sources = {s.ecosystem: s for s in _info(conn, self.path).sources}
            for ecosystem, group in by_ecosystem.items():
                source = sources.get(ecosystem)
                if source is None:
                    why = f"the offline database has no {ecosystem.value} advisories ({_UPDATE})"
                    skipped.update((ref, why) for ref in group)
                    continue
                label = f"{self.name} {source.as_of:%Y-%m-%d}"
                self._match(conn, ecosystem, group, label, found, skipped)
        return Lookup(found, skipped)

    def _match(
        self,
        conn: sqlite3.Connection,
        ecosystem: Ecosystem,
        refs: list[PackageRef],
        label: str,
        found: dict[PackageRef, tuple[Advisory, ...]],
        skipped: dict[PackageRef, str],
    ) -> None:
        cache = VersionCache(ecosystem)
        wanted: dict[str, list[PackageRef]] = defaultdict(list)
        for ref in refs:
            problem = cache.problem(ref.version)
            if problem is not None:
                skipped[ref] = problem
            else:
                wanted[normalize_name(ecosystem, ref.name)].append(ref)
                found[ref] = ()
        entries: dict[str, dict[str, list[Affected]]] = defaultdict(lambda: defaultdict(list))
        names = list(wanted)
        for start in range(0, len(names), _CHUNK):
            chunk = names[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT name, id, entry FROM affected WHERE ecosystem = ? AND name IN ({marks})"
            for name, advisory_id, entry in conn.execute(sql, (ecosystem.value, *chunk)):
                entries[name][advisory_id].append(_affected(json.loads(entry), ecosystem.value))
        hits: dict[PackageRef, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for name, by_id in entries.items():
            for ref in wanted[name]:
                for advisory_id, affected in by_id.items():
                    fixes = fixes_if_affected(affected, ref.name, ref.version, cache)
                    if fixes is not None:
                        hits[ref].append((advisory_id, fixes))
        records = self._advisories(conn, ecosystem, {i for pairs in hits.values() for i, _ in pairs}, label)
        for ref, pairs in hits.items():
            found[ref] = tuple(
                Advisory(a.id, a.aliases, a.summary, a.severity, fixes, a.references, a.source)
                for advisory_id, fixes in sorted(pairs)
                if (a := records.get(advisory_id)) is not None
            )

    def _advisories(
        self, conn: sqlite3.Connection, ecosystem: Ecosystem, ids: set[str], label: str
    ) -> dict[str, Advisory]:
        records: dict[str, Advisory] = {}
        ordered = sorted(ids)
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            sql = (
                "SELECT id, aliases, summary, severity, refs FROM advisories "
                f"WHERE ecosystem = ? AND id IN ({','.join('?' * len(chunk))})"
            )
            for advisory_id, aliases, summary, severity, refs in conn.execute(sql, (ecosystem.value, *chunk)):
                records[advisory_id] = Advisory(
                    advisory_id,
                    tuple(json.loads(aliases)),
                    summary,
                    _severity(severity),
                    (),
                    tuple(json.loads(refs)),
                    label,
                )
        return records
