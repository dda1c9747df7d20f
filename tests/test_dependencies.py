"""The dependency layer end to end: code folders, manifests, advisory services, the db command."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from faasguard.cli import main
from faasguard.deps.analysis import DependencyOptions
from faasguard.engine import ScanOptions, scan

ADVISORY = json.loads(
    (Path(__file__).parent / "data" / "deps" / "osv" / "GHSA-8888-9999-cccc.json").read_text()
)
TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Formatter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: shared/
  Parser:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: parse.handler
      CodeUri: shared/
"""
LOCK = {
    "name": "shared",
    "lockfileVersion": 3,
    "packages": {
        "": {"dependencies": {"left-padder": "^1.0.0"}},
        "node_modules/left-padder": {"version": "1.0.0"},
    },
}


def _project(tmp_path: Path) -> Path:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "package.json").write_text('{"dependencies": {"left-padder": "^1.0.0"}}')
    (shared / "package-lock.json").write_text(json.dumps(LOCK, indent=2))
    return tmp_path


def test_a_shared_folder_is_read_once_and_reported_per_function(tmp_path: Path, advisory_db: Path) -> None:
    project = _project(tmp_path)
    options = ScanOptions(
        paths=[str(project)], rules=["FG-DEP-006"], dependencies=DependencyOptions(db_path=str(advisory_db))
    )
    result = scan(options)
    got = {
        (f.resource, Path(f.location.file).name, f.location.line, f.severity.label) for f in result.findings
    }
    assert got == {
        ("Formatter", "package-lock.json", 10, "medium"),
        ("Parser", "package-lock.json", 10, "medium"),
    }
    message = result.findings[0].message
    assert "left-padder 1.0.0" in message and "GHSA-8888-9999-cccc (CVE-2099-0004)" in message
    assert "fixed in 1.2.3" in message and "also shipped by" in message


def test_without_a_database_packages_are_unchecked_not_clean(tmp_path: Path) -> None:
    result = scan(ScanOptions(paths=[str(_project(tmp_path))], rules=["FG-DEP-006"]))
    assert not result.findings
    assert {n.resource for n in result.not_assessed} == {"Formatter", "Parser"}
    assert all("faasguard db update" in n.reason for n in result.not_assessed)


def test_no_dependencies_option_reads_no_code_folder(tmp_path: Path) -> None:
    options = ScanOptions(
        paths=[str(_project(tmp_path))], rules=["FG-DEP-006", "FG-DEP-007"], dependencies=None
    )
    result = scan(options)
    assert not result.findings and not result.not_assessed


class _FakeOsv(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        queries = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["queries"]
        results = [
            {"vulns": [{"id": ADVISORY["id"], "modified": ADVISORY["modified"]}]}
            if q["package"]["name"] == "left-padder"
            else {}
            for q in queries
        ]
        self._send({"results": results})

    def do_GET(self) -> None:
        self._send(ADVISORY)


@contextmanager
def _osv_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_online_uses_the_osv_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    with _osv_server() as url:
        code = main(
            ["scan", str(project), "--online", "--osv-url", url, "--rule", "FG-DEP-006", "-f", "json"]
        )
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {f["resource"] for f in data["findings"]} == {"Formatter", "Parser"}
    assert all(f["file"].endswith("shared/package-lock.json") for f in data["findings"])


def test_db_status_and_a_failing_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], advisory_db: Path
) -> None:
    assert main(["db", "status", "--db", str(advisory_db)]) == 0
    assert "2099-04-01" in capsys.readouterr().out
    missing = tmp_path / "none.sqlite3"
    assert main(["db", "status", "--db", str(missing)]) == 2
    code = main(
        ["db", "update", "--db", str(missing), "--ecosystem", "npm", "--source-url", "http://127.0.0.1:9"]
    )
    assert code == 2 and "faasguard: error:" in capsys.readouterr().err
    assert not missing.exists()
    assert main(["db", "update", "--ecosystem", "NoSuchEcosystem", "--db", str(missing)]) == 2
