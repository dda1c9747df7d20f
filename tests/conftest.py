"""Shared pytest options and fixtures."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

OSV_FIXTURES = Path(__file__).parent / "data" / "deps" / "osv"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture(autouse=True)
def _no_user_advisory_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Scans in tests never read the developer's own advisory database (results must not depend on it)."""
    missing = tmp_path_factory.getbasetemp() / "no-advisory-database.sqlite3"
    monkeypatch.setenv("FAASGUARD_DB_PATH", str(missing))


@pytest.fixture(scope="session")
def advisory_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An offline advisory database built from the fixture advisories in tests/data/deps/osv."""
    from faasguard.deps.advisories import update_database
    from faasguard.deps.packages import Ecosystem

    exports: dict[str, io.BytesIO] = {}
    for path in sorted(OSV_FIXTURES.glob("*.json")):
        try:
            names = {
                a["package"]["ecosystem"].split(":")[0] for a in json.loads(path.read_text())["affected"]
            }
        except (ValueError, KeyError, TypeError):
            continue  # the malformed fixture has its own tests
        for name in names:
            buffer = exports.setdefault(name, io.BytesIO())
            with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as bundle:
                bundle.write(path, path.name)

    def fetch(url: str, dest: Path) -> datetime | None:
        name = url.rsplit("/", 2)[-2].replace("%2E", ".")
        dest.write_bytes(exports[name].getvalue() if name in exports else _empty_zip())
        return datetime(2099, 4, 1, tzinfo=UTC)

    path = tmp_path_factory.mktemp("advisories") / "osv.sqlite3"
    update_database(path, list(Ecosystem), fetch, base_url="https://osv.example.invalid")
    return path


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    return buffer.getvalue()
