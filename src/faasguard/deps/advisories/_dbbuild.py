"""Building the offline database from OSV's per-ecosystem exports.

Each ecosystem's export is ``<base>/<Ecosystem>/all.zip``, one JSON record
per advisory.  The new database is written next to the old one and renamed
over it only when complete, so a failed or interrupted update leaves the
previous database as it was.  Ecosystems not part of an update keep the
data the previous database had for them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from faasguard.deps.advisories._db import SCHEMA_VERSION, DatabaseInfo, OfflineDatabase, default_db_path
from faasguard.deps.advisories._endpoints import osv_export_url
from faasguard.deps.advisories._http import redact
from faasguard.deps.advisories._interface import DatabaseError, ResponseError
from faasguard.deps.advisories._osv import OsvRecord, RecordError, ecosystem_of, parse_record
from faasguard.deps.advisories._versions import VersionCache, normalize_name
from faasguard.deps.packages import Ecosystem

if TYPE_CHECKING:
    import sqlite3

__all__ = ["Fetch", "update_database"]

#: Saves what a URL serves into a file and returns its Last-Modified time.
Fetch = Callable[[str, Path], datetime | None]

_MAX_RECORD_BYTES = 16 * 1024 * 1024  # far above any real advisory; a guard against zip bombs
_MAX_MEMBERS = 5_000_000
_BATCH = 2000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources (
    ecosystem TEXT PRIMARY KEY, url TEXT NOT NULL, exported_at TEXT, fetched_at TEXT NOT NULL,
    advisories INTEGER NOT NULL, unreadable INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE advisories (
    ecosystem TEXT NOT NULL, id TEXT NOT NULL, aliases TEXT NOT NULL, summary TEXT NOT NULL,
    severity TEXT, refs TEXT NOT NULL, PRIMARY KEY (ecosystem, id)
) WITHOUT ROWID;
CREATE TABLE affected (ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, entry TEXT NOT NULL);
"""


def _records(archive: Path, url: str) -> Iterator[OsvRecord | None]:
    """The records of an export; ``None`` for each one that cannot be read."""
    import zipfile

    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ResponseError(f"OSV export {url} is not a zip archive ({exc})") from None
    with bundle:
        members = [m for m in bundle.infolist() if not m.is_dir() and m.filename.endswith(".json")]
        if len(members) > _MAX_MEMBERS:
            raise ResponseError(f"OSV export {url} has more than {_MAX_MEMBERS} files")
        for member in members:
            if member.file_size > _MAX_RECORD_BYTES:
                yield None
                continue
            try:
                with bundle.open(member) as stream:
                    data = stream.read(_MAX_RECORD_BYTES + 1)
                yield None if len(data) > _MAX_RECORD_BYTES else parse_record(json.loads(data))
            except (RecordError, ValueError, zipfile.BadZipFile, OSError, EOFError):
                yield None


def _rows(
    record: OsvRecord, ecosystem: Ecosystem, cache: VersionCache
) -> tuple[tuple[object, ...], list[tuple[str, str, str, str]]]:
    severity = record.severity
    advisory = (
        ecosystem.value,
        record.id,
        json.dumps(record.aliases),
        record.summary,
        json.dumps([severity.vector, severity.score, severity.level]) if severity else None,
        json.dumps(record.references),
    )
    affected = []
    for entry in record.affected:
        if ecosystem_of(entry.ecosystem) is not ecosystem:
            continue  # other ecosystems' exports carry them
        compact = {
            "n": entry.name,
            "r": [[r.type, [[e.kind, e.version] for e in r.events]] for r in entry.ranges if r.type != "GIT"],
            "c": sorted({cache.canonical(v) for v in entry.versions}),
        }
        affected.append(
            (ecosystem.value, normalize_name(ecosystem, entry.name), record.id, json.dumps(compact))
        )
    return advisory, affected


def _load(conn: sqlite3.Connection, ecosystem: Ecosystem, archive: Path, url: str) -> tuple[int, int, str]:
    """Insert an export's records; return (advisories, unreadable, newest modified)."""
    count = unreadable = 0
    newest = ""
    cache = VersionCache(ecosystem)
    advisories: list[tuple[object, ...]] = []
    affected: list[tuple[str, str, str, str]] = []

    def flush() -> None:
        conn.executemany("INSERT OR REPLACE INTO advisories VALUES (?, ?, ?, ?, ?, ?)", advisories)
        conn.executemany("INSERT INTO affected VALUES (?, ?, ?, ?)", affected)
        advisories.clear()
        affected.clear()

    for record in _records(archive, url):
        if record is None:
            unreadable += 1
            continue
        if record.withdrawn:
            continue
        advisory, rows = _rows(record, ecosystem, cache)
        if not rows:
            continue
        advisories.append(advisory)
        affected.extend(rows)
        count += 1
        newest = max(newest, record.modified)
        if len(advisories) >= _BATCH:
            flush()
    flush()
    return count, unreadable, newest


def _carry_over(conn: sqlite3.Connection, old: Path, replaced: Iterable[Ecosystem]) -> None:
    """Copy the previous database's data for ecosystems this update does not fetch."""
    import sqlite3

    if not old.is_file():
        return
    try:
        conn.execute("ATTACH DATABASE ? AS old", (old.resolve().as_uri() + "?mode=ro",))
    except sqlite3.Error:
        return
    try:
        version = conn.execute("SELECT value FROM old.meta WHERE key = 'schema_version'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            return
        fresh = [e.value for e in replaced]
        keep = f"ecosystem NOT IN ({','.join('?' * len(fresh))})"
        for table in ("sources", "advisories", "affected"):
            conn.execute(f"INSERT INTO {table} SELECT * FROM old.{table} WHERE {keep}", fresh)
    except sqlite3.Error:
        return  # a damaged old database: its other ecosystems are not worth keeping
    finally:
        conn.commit()
        conn.execute("DETACH DATABASE old")


def _timestamp(modified: str) -> str | None:
    try:
        return datetime.fromisoformat(modified.replace("Z", "+00:00")).astimezone(UTC).isoformat()
    except ValueError:
        return None


def update_database(
    path: Path | None = None,
    ecosystems: Iterable[Ecosystem] | None = None,
    fetch: Fetch | None = None,
    *,
    base_url: str | None = None,
    env: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> DatabaseInfo:
    """Download OSV's exports for ``ecosystems`` (default: all) and rebuild the database.

    ``fetch(url, file)`` does the downloading (default: HTTP with faasguard's
    timeouts); ``base_url`` overrides where the exports live (see
    :func:`osv_export_url`).  Raises :class:`ServiceError` subclasses; on any
    failure the previous database stays in place.
    """
    import sqlite3
    import tempfile
    from urllib.parse import quote

    path = path or default_db_path(env=env)
    chosen = tuple(dict.fromkeys(Ecosystem if ecosystems is None else ecosystems))
    base = osv_export_url(base_url, env=env)
    if fetch is None:
        from faasguard.deps.advisories._http import HttpClient

        fetch = HttpClient("OSV export", timeout=120.0, schemes=("http", "https", "file")).download
    built = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        work = tempfile.TemporaryDirectory(prefix=".faasguard-db-", dir=path.parent)
    except OSError as exc:
        raise DatabaseError(f"cannot write the vulnerability database in {path.parent}: {exc}") from None
    with work as folder:
        target = Path(folder) / "osv.sqlite3"
        conn = sqlite3.connect(target)
        try:
            conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
            for index, ecosystem in enumerate(chosen):
                url = f"{base}/{quote(ecosystem.value)}/all.zip"
                archive = Path(folder) / f"export-{index}.zip"
                stamp = fetch(url, archive)
                count, unreadable, newest = _load(conn, ecosystem, archive, url)
                archive.unlink(missing_ok=True)
                exported = stamp.astimezone(UTC).isoformat() if stamp else _timestamp(newest)
                conn.execute(
                    "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                    (ecosystem.value, redact(url), exported, built.isoformat(), count, unreadable),
                )
            conn.commit()
            _carry_over(conn, path, chosen)
            conn.execute("CREATE INDEX affected_package ON affected (ecosystem, name)")
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("built_at", built.isoformat()),
                    ("source", redact(base)),
                ],
            )
            conn.commit()
        except sqlite3.Error as exc:
            raise DatabaseError(f"building the vulnerability database failed: {exc}") from None
        finally:
            conn.close()
        try:
            os.replace(target, path)
        except OSError as exc:
            raise DatabaseError(f"cannot replace {path}: {exc}") from None
    return OfflineDatabase(path).info()
