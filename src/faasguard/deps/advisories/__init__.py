"""Known vulnerabilities of exact package versions, from several sources.

Every source is a :class:`VulnerabilityService`: it takes a batch of
:class:`~faasguard.deps.packages.PackageRef` and returns a :class:`Lookup`
of the :class:`Advisory` values that affect each version, with the versions
it could not check and why.

- :class:`OfflineDatabase` reads OSV's exports from a local SQLite file,
  built by :func:`update_database` (``faasguard db update``); no network.
- :class:`OsvApi` asks OSV's online API (``--online``).
- :class:`PypiJson` and :class:`NpmBulk` ask the package registries the
  user's pip and npm are configured with, for networks that reach only those.

Importing this package is cheap: SQLite, zip and HTTP support load when a
service first needs them.
"""

from faasguard.deps.advisories._db import (
    DB_PATH_ENV,
    STALE_AFTER,
    DatabaseInfo,
    DatabaseState,
    DatabaseStatus,
    OfflineDatabase,
    SourceInfo,
    database_status,
    default_db_path,
)
from faasguard.deps.advisories._dbbuild import Fetch, update_database
from faasguard.deps.advisories._endpoints import (
    OSV_API_ENV,
    OSV_EXPORT_ENV,
    Endpoint,
    NpmRegistries,
    npm_registries,
    osv_api_url,
    osv_export_url,
    pypi_json_endpoint,
)
from faasguard.deps.advisories._interface import (
    Advisory,
    DatabaseError,
    HTTPStatusError,
    Lookup,
    NetworkError,
    NotConfiguredError,
    ResponseError,
    ServiceError,
    Severity,
    VulnerabilityService,
)
from faasguard.deps.advisories._online import OsvApi
from faasguard.deps.advisories._osv import OsvRecord, RecordError, parse_record
from faasguard.deps.advisories._registries import NpmBulk, PypiJson
from faasguard.deps.advisories._versions import (
    InvalidVersionError,
    canonical_version,
    compare_versions,
    normalize_name,
    version_key,
)

__all__ = [
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
]
