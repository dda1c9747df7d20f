"""The offline database: built from fixture exports, queried without network."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest

from faasguard.deps.advisories import (
    DatabaseError,
    DatabaseState,
    Lookup,
    OfflineDatabase,
    ResponseError,
    database_status,
    default_db_path,
    update_database,
)
from faasguard.deps.packages import Ecosystem, PackageRef

OSV = Path(__file__).parent.parent / "data" / "deps" / "osv"
STAMP = datetime(2099, 4, 1, 12, 0, tzinfo=UTC)
NOW = datetime(2099, 4, 2, tzinfo=UTC)
ALL = (Ecosystem.PYPI, Ecosystem.NPM, Ecosystem.MAVEN, Ecosystem.GO, Ecosystem.CRATES)


def export_zips() -> dict[str, bytes]:
    """One all.zip per ecosystem, holding the fixtures that name it (as OSV's exports do)."""
    members: dict[str, list[Path]] = {}
    for path in sorted(OSV.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names = {a["package"]["ecosystem"].split(":")[0] for a in data["affected"]}
        except (ValueError, TypeError):
            names = {"PyPI"}  # the malformed fixture travels in the PyPI export
        for name in names:
            members.setdefault(name, []).append(path)
    zips = {}
    for name, paths in members.items():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in paths:
                bundle.write(path, path.name)
        zips[name] = buffer.getvalue()
    return zips


def fake_fetch(
    zips: dict[str, bytes], stamp: datetime | None = STAMP
) -> Callable[[str, Path], datetime | None]:
    def fetch(url: str, dest: Path) -> datetime | None:
        ecosystem = unquote(url.rsplit("/", 2)[-2])
        if ecosystem not in zips:
            raise ResponseError(f"fake export has no {ecosystem}")
        dest.write_bytes(zips[ecosystem])
        return stamp

    return fetch


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cache" / "osv.sqlite3"
    update_database(path, ALL, fake_fetch(export_zips()), base_url="https://osv.example.invalid", now=NOW)
    return path


def ref(ecosystem: Ecosystem, name: str, version: str) -> PackageRef:
    return PackageRef(ecosystem, name, version)


def ids(lookup: Lookup, package: PackageRef) -> list[str]:
    return [advisory.id for advisory in lookup.found[package]]


def test_build_records_sources_counts_and_dates(db: Path) -> None:
    info = OfflineDatabase(db).info()
    assert info.built_at == NOW
    assert set(info.ecosystems) == set(ALL)
    pypi = next(s for s in info.sources if s.ecosystem is Ecosystem.PYPI)
    # PYSEC-2099-1, -2, GHSA-5555…, GHSA-8888… (its PyPI entry) and GHSA-2345…; -3 is withdrawn
    assert (pypi.advisories, pypi.unreadable) == (5, 1)
    assert pypi.url == "https://osv.example.invalid/PyPI/all.zip"
    assert pypi.exported_at == STAMP
    assert info.as_of == STAMP
    assert not info.is_stale(NOW)
    assert info.is_stale(NOW + timedelta(days=8))


def test_export_date_falls_back_to_the_newest_record(tmp_path: Path) -> None:
    path = tmp_path / "osv.sqlite3"
    info = update_database(path, [Ecosystem.GO], fake_fetch(export_zips(), stamp=None), now=NOW)
    assert info.sources[0].exported_at == datetime(2099, 3, 3, tzinfo=UTC)


def test_query_matches_versions_per_ecosystem(db: Path) -> None:
    web_old = ref(Ecosystem.PYPI, "Demo_Web", "1.6")
    web_between = ref(Ecosystem.PYPI, "demo-web", "2.1")
    pad = ref(Ecosystem.NPM, "left-padder", "1.2.3-beta.1")
    core = ref(Ecosystem.MAVEN, "org.example:demo-core", "2.0.0-RC1")
    mod = ref(Ecosystem.GO, "example.com/demo/mod", "v0.3.0")
    crate = ref(Ecosystem.CRATES, "demo-crate", "0.8.0")
    lookup = OfflineDatabase(db).query([web_old, web_between, pad, core, mod, crate, pad])

    assert ids(lookup, web_old) == ["PYSEC-2099-1", "PYSEC-2099-2"]
    assert ids(lookup, web_between) == []  # the withdrawn "all versions" advisory is gone
    assert ids(lookup, pad) == ["GHSA-8888-9999-cccc"]
    assert ids(lookup, core) == ["GHSA-hhhh-jjjj-mmmm"]
    assert ids(lookup, mod) == ["GO-2099-0001"]
    assert ids(lookup, crate) == []
    assert not lookup.skipped
    assert set(lookup.vulnerable) == {web_old, pad, core, mod}

    first = lookup.found[web_old][0]
    assert first.aliases == ("CVE-2099-0001", "GHSA-2222-3333-4444")
    assert first.fixed == ("2.0.1", "3.0.5")
    assert first.severity is not None and first.severity.score == 9.8
    assert first.source == "OSV database 2099-04-01"
    assert first.references[0] == "https://example.invalid/advisories/PYSEC-2099-1"
    assert lookup.found[core][0].fixed == ("2.0.0-RC2",)
    assert lookup.found[mod][0].fixed == ("0.3.1", "2.1.0")


def test_unknown_is_reported_never_a_silent_pass(db: Path) -> None:
    bad_version = ref(Ecosystem.PYPI, "demo-web", "2004d")
    unpinned = ref(Ecosystem.MAVEN, "org.example:demo-core", "${project.version}")
    no_data = ref(Ecosystem.RUBYGEMS, "demo_gem", "6.0.0")
    unknown_package = ref(Ecosystem.NPM, "never-heard-of", "1.0.0")
    lookup = OfflineDatabase(db).query([bad_version, unpinned, no_data, unknown_package])
    assert lookup.skipped[bad_version] == "'2004d' is not a PEP 440 version"
    assert "not a Maven version" in lookup.skipped[unpinned]
    assert lookup.skipped[no_data] == (
        "the offline database has no RubyGems advisories (run 'faasguard db update')"
    )
    assert lookup.found == {unknown_package: ()}


def test_many_names_span_several_sql_chunks(db: Path) -> None:
    refs = [ref(Ecosystem.NPM, f"pkg-{i}", "1.0.0") for i in range(1200)]
    refs.append(ref(Ecosystem.NPM, "left-padder", "1.0.0"))
    lookup = OfflineDatabase(db).query(refs)
    assert len(lookup.found) == 1201
    assert list(lookup.vulnerable) == [refs[-1]]


def test_status_missing_unreadable_stale_current(tmp_path: Path, db: Path) -> None:
    missing = database_status(tmp_path / "none.sqlite3", now=NOW)
    assert missing.state is DatabaseState.MISSING
    assert "faasguard db update" in missing.message
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert database_status(garbage, now=NOW).state is DatabaseState.UNREADABLE
    assert database_status(db, now=NOW).state is DatabaseState.CURRENT
    stale = database_status(db, now=NOW + timedelta(days=30))
    assert stale.state is DatabaseState.STALE
    assert stale.message.startswith("the offline vulnerability database is 30 days old")


def test_missing_or_foreign_database_raises_database_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no offline vulnerability database") as caught:
        OfflineDatabase(tmp_path / "none.sqlite3").query([ref(Ecosystem.NPM, "a", "1.0.0")])
    assert caught.value.advice == "run 'faasguard db update'"
    other = tmp_path / "other.sqlite3"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(DatabaseError, match="is not a faasguard vulnerability database"):
        OfflineDatabase(other).info()


def test_failed_update_leaves_the_old_database(db: Path) -> None:
    before = OfflineDatabase(db).info()
    zips = export_zips()
    del zips["Go"]
    with pytest.raises(ResponseError, match="no Go"):
        update_database(db, [Ecosystem.PYPI, Ecosystem.GO], fake_fetch(zips), now=NOW + timedelta(days=1))
    assert OfflineDatabase(db).info() == before
    assert sorted(os.listdir(db.parent)) == ["osv.sqlite3"]  # no temporary files left behind


def test_partial_update_keeps_other_ecosystems(db: Path) -> None:
    later = NOW + timedelta(days=3)
    info = update_database(db, [Ecosystem.NPM], fake_fetch(export_zips(), stamp=later), now=later)
    assert set(info.ecosystems) == set(ALL)
    npm = next(s for s in info.sources if s.ecosystem is Ecosystem.NPM)
    assert npm.exported_at == later
    lookup = OfflineDatabase(db).query([ref(Ecosystem.PYPI, "demo-web", "1.6")])
    assert len(lookup.found[ref(Ecosystem.PYPI, "demo-web", "1.6")]) == 2


def test_exports_that_are_not_zips_or_hold_bombs(tmp_path: Path) -> None:
    with pytest.raises(ResponseError, match="not a zip archive"):
        update_database(tmp_path / "a.sqlite3", [Ecosystem.NPM], fake_fetch({"npm": b"<html>oops</html>"}))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("BIG-1.json", b" " * (17 * 1024 * 1024))  # compresses to a few KiB
        bundle.write(OSV / "GHSA-8888-9999-cccc.json", "GHSA-8888-9999-cccc.json")
    info = update_database(tmp_path / "b.sqlite3", [Ecosystem.NPM], fake_fetch({"npm": buffer.getvalue()}))
    assert (info.sources[0].advisories, info.sources[0].unreadable) == (1, 1)


def test_default_db_path_per_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"HOME": "/home/u"}
    assert default_db_path(env=env, platform="linux") == Path("/home/u/.cache/faasguard/osv.sqlite3")
    assert default_db_path(env={**env, "XDG_CACHE_HOME": "/xdg"}, platform="linux") == Path(
        "/xdg/faasguard/osv.sqlite3"
    )
    assert default_db_path(env=env, platform="darwin") == Path("/home/u/Library/Caches/faasguard/osv.sqlite3")
    assert default_db_path(env={"LOCALAPPDATA": "C:/Users/u/AppData/Local"}, platform="win32") == Path(
        "C:/Users/u/AppData/Local/faasguard/Cache/osv.sqlite3"
    )
    assert default_db_path(env={"FAASGUARD_DB_PATH": "/data/osv.db"}) == Path("/data/osv.db")
    monkeypatch.setenv("HOME", "/home/other")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("FAASGUARD_DB_PATH", raising=False)
    assert default_db_path(platform="linux") == Path("/home/other/.cache/faasguard/osv.sqlite3")
