"""The public surface of faasguard.deps.advisories and its one interface."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

import faasguard.deps.advisories as advisories
from faasguard.deps.advisories import (
    Advisory,
    DatabaseError,
    Lookup,
    NpmBulk,
    NpmRegistries,
    OfflineDatabase,
    OsvApi,
    PypiJson,
    ServiceError,
    Severity,
    VulnerabilityService,
)
from faasguard.deps.packages import Ecosystem, PackageRef
from faasguard.errors import FaasguardError

PUBLIC = {
    "DB_PATH_ENV",
    "OSV_API_ENV",
    "OSV_EXPORT_ENV",
    "STALE_AFTER",
    "Advisory",
    "DatabaseError",
    "DatabaseInfo",
    "DatabaseState",
    "DatabaseStatus",
    "Endpoint",
    "Fetch",
    "HTTPStatusError",
    "InvalidVersionError",
    "Lookup",
    "NetworkError",
    "NotConfiguredError",
    "NpmBulk",
    "NpmRegistries",
    "OfflineDatabase",
    "OsvApi",
    "OsvRecord",
    "PypiJson",
    "RecordError",
    "ResponseError",
    "ServiceError",
    "Severity",
    "SourceInfo",
    "VulnerabilityService",
    "canonical_version",
    "compare_versions",
    "database_status",
    "default_db_path",
    "normalize_name",
    "npm_registries",
    "osv_api_url",
    "osv_export_url",
    "parse_record",
    "pypi_json_endpoint",
    "update_database",
    "version_key",
}

A = PackageRef(Ecosystem.NPM, "a", "1.0.0")
B = PackageRef(Ecosystem.NPM, "b", "1.0.0")
C = PackageRef(Ecosystem.PYPI, "c", "1.0")


def advisory(advisory_id: str, source: str = "fake") -> Advisory:
    return Advisory(advisory_id, (), "summary", Severity(None, 7.5, "high"), ("2.0.0",), (), source)


@dataclass(frozen=True, slots=True)
class FakeService:
    """A service answering from a table: what scan code uses in tests instead of the network."""

    table: dict[PackageRef, tuple[Advisory, ...]] = field(default_factory=dict)
    name: str = "fake"

    def query(self, refs: Sequence[PackageRef]) -> Lookup:
        found = {ref: self.table[ref] for ref in refs if ref in self.table}
        return Lookup(found, {ref: "not in the table" for ref in refs if ref not in self.table})


def test_all_is_the_public_surface() -> None:
    assert set(advisories.__all__) == PUBLIC
    assert all(hasattr(advisories, name) for name in advisories.__all__)


def test_every_service_implements_the_protocol() -> None:
    services = [
        FakeService(),
        OfflineDatabase(),
        OsvApi("http://127.0.0.1:9"),
        PypiJson("http://127.0.0.1:9/pypi"),
        NpmBulk(NpmRegistries(advisories.Endpoint("http://127.0.0.1:9"))),
    ]
    for service in services:
        assert isinstance(service, VulnerabilityService)
        assert service.name


def test_values_are_frozen() -> None:
    value = advisory("X-1")
    with pytest.raises(FrozenInstanceError):
        value.id = "X-2"  # type: ignore[misc]
    assert value.ids == ("X-1",)


def test_lookup_merge_fills_gaps_without_repeating_ids() -> None:
    offline = FakeService({A: (advisory("GHSA-1"),), C: ()}).query([A, B, C])
    online = FakeService({A: (advisory("GHSA-1", "online"), advisory("GHSA-2")), B: ()}).query([A, B])
    merged = offline.merged(online)
    assert [a.id for a in merged.found[A]] == ["GHSA-1", "GHSA-2"]
    assert merged.found[A][0].source == "fake"
    assert merged.found[B] == ()
    assert merged.skipped == {}
    assert set(merged.vulnerable) == {A}
    assert offline.skipped == {B: "not in the table"}
    both = FakeService({}).query([A]).merged(FakeService({}, "other").query([A]))
    assert both.skipped == {A: "not in the table"}
    different = Lookup({}, {A: "offline: no npm data"}).merged(Lookup({}, {A: "online: unreachable"}))
    assert different.skipped == {A: "offline: no npm data; online: unreachable"}


def test_service_errors_are_faasguard_errors_with_one_line() -> None:
    error = DatabaseError("first line\nsecond   line", advice="run it")
    assert isinstance(error, ServiceError)
    assert isinstance(error, FaasguardError)
    assert (str(error), error.advice) == ("first line second line", "run it")


def test_importing_loads_no_sqlite_zip_or_http() -> None:
    code = (
        "import sys, faasguard.deps.advisories\n"
        "heavy = {'sqlite3', 'zipfile', 'urllib.request', 'http.client', 'concurrent.futures'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
