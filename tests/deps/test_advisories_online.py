"""Online sources against fake servers on 127.0.0.1: OSV's API, a package index's
JSON API, an npm registry's bulk advisory endpoint, and the export download."""

from __future__ import annotations

import gzip
import io
import json
import socket
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import faasguard
from faasguard.deps.advisories import (
    Endpoint,
    HTTPStatusError,
    NetworkError,
    NotConfiguredError,
    NpmBulk,
    NpmRegistries,
    OfflineDatabase,
    OsvApi,
    PypiJson,
    ResponseError,
    Severity,
    update_database,
)
from faasguard.deps.packages import Ecosystem, PackageRef

OSV = Path(__file__).parent.parent / "data" / "deps" / "osv"
Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


@dataclass
class Fake:
    url: str
    seen: list[Seen] = field(default_factory=list)


def reply(data: object, status: int = 200, **headers: str) -> Answer:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(data).encode()


@contextmanager
def serve(app: Callable[[Seen], Answer]) -> Iterator[Fake]:
    """An HTTP server on 127.0.0.1 answering with ``app``; stopped on exit."""
    fake = Fake("")

    class Handler(BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(self.command, self.path, dict(self.headers), self.rfile.read(length))
            fake.seen.append(seen)
            status, headers, body = app(seen)
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except ConnectionError:
                pass  # the client gave up (the timeout test)

        do_GET = do_POST = handle_one

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def osv_record(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((OSV / f"{name}.json").read_text(encoding="utf-8"))
    return data


WEB = PackageRef(Ecosystem.PYPI, "demo-web", "1.6")
PAD = PackageRef(Ecosystem.NPM, "left-padder", "1.0.0")
CORE = PackageRef(Ecosystem.MAVEN, "org.example:demo-core", "1.0")
CLEAN = PackageRef(Ecosystem.GO, "example.com/clean", "v1.0.0")


# --- OSV API -----------------------------------------------------------------


Pages = dict[tuple[str, str | None], tuple[list[str], str | None]]


def osv_app(pages: Pages) -> Callable[[Seen], Answer]:
    def app(seen: Seen) -> Answer:
        if seen.method == "POST" and seen.path == "/v1/querybatch":
            results = []
            for query in seen.json()["queries"]:  # type: ignore[index]
                ids, token = pages.get((query["package"]["name"], query.get("page_token")), ([], None))
                result: dict[str, object] = {
                    "vulns": [{"id": i, "modified": "2099-01-01T00:00:00Z"} for i in ids]
                }
                if token:
                    result["next_page_token"] = token
                results.append(result if ids or token else {})
            return reply({"results": results})
        if seen.path.startswith("/v1/vulns/"):
            name = seen.path.rsplit("/", 1)[1]
            if name == "BROKEN-2":
                return reply({"id": "BROKEN-2", "affected": 7})
            return reply(osv_record(name))
        return reply({"code": 5, "message": "Not Found"}, 404)

    return app


def test_osv_batches_pages_and_fetches_each_record_once() -> None:
    pages: Pages = {
        ("demo-web", None): (["PYSEC-2099-1"], "page-2"),
        ("demo-web", "page-2"): (["PYSEC-2099-2", "PYSEC-2099-3"], None),
        ("left-padder", None): (["GHSA-8888-9999-cccc"], None),
        ("org.example:demo-core", None): (["GHSA-hhhh-jjjj-mmmm", "BROKEN-2"], None),
    }
    bad = PackageRef(Ecosystem.NPM, "left-padder", "latest")
    with serve(osv_app(pages)) as fake:
        api = OsvApi(fake.url, batch_size=2, timeout=5)
        lookup = api.query([WEB, PAD, CORE, CLEAN, bad, WEB])
        again = api.query([PAD])

    assert [a.id for a in lookup.found[WEB]] == ["PYSEC-2099-1", "PYSEC-2099-2"]  # -3 is withdrawn
    assert lookup.found[WEB][0].fixed == ("2.0.1", "3.0.5")
    assert lookup.found[WEB][0].source == "OSV API"
    assert [a.id for a in lookup.found[PAD]] == ["GHSA-8888-9999-cccc"]
    assert lookup.found[PAD][0].severity == Severity(
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", None, "medium"
    )
    broken = lookup.found[CORE][1]
    assert (broken.id, broken.summary) == ("BROKEN-2", "(the advisory's record could not be read)")
    assert lookup.found[CLEAN] == ()
    assert lookup.skipped == {bad: "'latest' is not a SemVer 2.0 version"}
    assert again.found[PAD][0].id == "GHSA-8888-9999-cccc"

    batches = [s.json()["queries"] for s in fake.seen if s.path == "/v1/querybatch"]  # type: ignore[index]
    assert [len(b) for b in batches] == [2, 1, 2, 1]  # two batches of <= 2, then the second page of demo-web
    assert batches[1] == [
        {"package": {"ecosystem": "PyPI", "name": "demo-web"}, "version": "1.6", "page_token": "page-2"}
    ]
    fetched = [s.path for s in fake.seen if s.method == "GET"]
    assert sorted(fetched) == sorted(set(fetched))  # each record once, across both queries
    assert len(fetched) == 6
    assert all(s.headers["User-Agent"].startswith(f"faasguard/{faasguard.__version__}") for s in fake.seen)
    assert all("gzip" in s.headers["Accept-Encoding"] for s in fake.seen)


def test_osv_endless_paging_is_reported_as_skipped() -> None:
    pages: Pages = {("demo-web", None): ([], "again"), ("demo-web", "again"): ([], "again")}
    with serve(osv_app(pages)) as fake:
        lookup = OsvApi(fake.url, max_pages=3, timeout=5).query([WEB])
    assert lookup.skipped == {WEB: "OSV API returned more than 3 pages of advisories"}
    assert len(fake.seen) == 3


def test_osv_gzip_answers_are_decoded() -> None:
    def app(seen: Seen) -> Answer:
        return 200, {"Content-Encoding": "gzip"}, gzip.compress(json.dumps({"results": [{}]}).encode())

    with serve(app) as fake:
        assert OsvApi(fake.url, timeout=5).query([PAD]).found == {PAD: ()}


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        (
            reply({"code": 13, "message": "internal\nerror"}, 500),
            HTTPStatusError,
            "HTTP 500 .* internal error$",
        ),
        ((200, {}, b'{"results": ['), ResponseError, "is not JSON"),
        (reply({"results": []}), ResponseError, "one result per query"),
        (reply({"results": [{"vulns": [{"no": "id"}]}]}), ResponseError, "not a list of ids"),
        ((200, {"Content-Encoding": "gzip"}, b"not gzip"), ResponseError, "gzip answer .* is corrupt"),
    ],
)
def test_osv_error_answers_become_one_line_service_errors(answer: Answer, error: type, message: str) -> None:
    with serve(lambda seen: answer) as fake, pytest.raises(error, match=message) as caught:
        OsvApi(fake.url, timeout=5).query([PAD])
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("OSV API: ")


def test_osv_unreachable_and_slow_servers() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError, match=r"cannot reach POST http://127\.0\.0\.1:\d+/v1/querybatch"):
        OsvApi(f"http://127.0.0.1:{port}", timeout=2).query([PAD])

    def slow(seen: Seen) -> Answer:
        time.sleep(1.0)
        return reply({"results": [{}]})

    with serve(slow) as fake, pytest.raises(NetworkError, match=r"within 0\.2 s|timed out"):
        OsvApi(fake.url, timeout=0.2).query([PAD])


def test_credentials_in_urls_are_neither_sent_nor_shown() -> None:
    with serve(lambda seen: reply({}, 401)) as fake:
        url = fake.url.replace("http://", "http://user:s3cret@")
        with pytest.raises(HTTPStatusError, match="HTTP 401") as caught:
            OsvApi(url, timeout=5).query([PAD])
    assert "s3cret" not in str(caught.value)
    assert "Authorization" not in fake.seen[0].headers


@pytest.mark.parametrize("base", ["http://[broken", "http://host:port", "ftp://127.0.0.1"])
def test_bad_addresses_are_configuration_errors(base: str) -> None:
    with pytest.raises(NotConfiguredError, match=r"^OSV API: "):
        OsvApi(base).query([PAD])


def test_osv_api_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAASGUARD_OSV_API_URL", "http://127.0.0.1:9/")
    assert OsvApi().base_url == "http://127.0.0.1:9"
    assert OsvApi("http://127.0.0.1:8").base_url == "http://127.0.0.1:8"


# --- a package index's JSON API ---------------------------------------------


def pypi_app(seen: Seen) -> Answer:
    if seen.path == "/pypi/demo-web/1.6/json":
        return reply(
            {
                "info": {"name": "demo-web"},
                "vulnerabilities": [
                    {
                        "id": "PYSEC-2099-1",
                        "aliases": ["CVE-2099-0001"],
                        "summary": None,
                        "details": "Template injection.\nMore.",
                        "fixed_in": ["3.0.5", "1.5", "2.0.1"],
                        "link": "https://example.invalid/PYSEC-2099-1",
                        "source": "osv",
                        "withdrawn": None,
                    },
                    {"id": "PYSEC-2099-3", "withdrawn": "2099-02-03T00:00:00Z"},
                ],
            }
        )
    if seen.path == "/pypi/demo-cli/1.0/json":
        return reply({"info": {"name": "demo-cli"}, "vulnerabilities": []})
    if seen.path == "/pypi/demo-plain/1.0/json":
        return reply({"info": {"name": "demo-plain"}})
    return reply({"message": "Not Found"}, 404)


def test_pypi_json_per_release() -> None:
    cli = PackageRef(Ecosystem.PYPI, "demo-cli", "1.0")
    plain = PackageRef(Ecosystem.PYPI, "demo-plain", "1.0")
    gone = PackageRef(Ecosystem.PYPI, "demo-gone", "1.0")
    bad = PackageRef(Ecosystem.PYPI, "demo-web", "2004d")
    with serve(pypi_app) as fake:
        lookup = PypiJson(fake.url + "/pypi/", timeout=5).query([WEB, cli, plain, gone, bad, PAD])
    advisory = lookup.found[WEB][0]
    assert len(lookup.found[WEB]) == 1
    assert (advisory.id, advisory.aliases, advisory.summary) == (
        "PYSEC-2099-1",
        ("CVE-2099-0001",),
        "Template injection.",
    )
    assert advisory.fixed == ("2.0.1", "3.0.5")  # 1.5 does not fix 1.6
    assert (advisory.references, advisory.source, advisory.severity) == (
        ("https://example.invalid/PYSEC-2099-1",),
        "PyPI",
        None,
    )
    assert lookup.found[cli] == ()
    assert lookup.skipped == {
        plain: "the package index does not publish vulnerabilities",
        gone: "the package index has no release 1.0 of demo-gone",
        bad: "'2004d' is not a PEP 440 version",
        PAD: "PyPI answers for PyPI packages only",
    }


def test_pypi_errors_and_configuration() -> None:
    answer = reply({"vulnerabilities": "nope"})
    with (
        serve(lambda seen: answer) as fake,
        pytest.raises(ResponseError, match="no valid vulnerability list"),
    ):
        PypiJson(fake.url, timeout=5).query([WEB])
    with pytest.raises(NotConfiguredError, match="no Python package index") as caught:
        Endpoint(
            None, problem="no Python package index is configured for pip", advice="set index-url"
        ).require()
    assert caught.value.advice == "set index-url"
    assert PypiJson.from_config("http://127.0.0.1:9/pypi/").api_root == "http://127.0.0.1:9/pypi"


# --- an npm registry's bulk advisory endpoint --------------------------------


def npm_app(seen: Seen) -> Answer:
    body = seen.json()
    assert isinstance(body, dict)
    answer: dict[str, list[dict[str, object]]] = {}
    if body.get("left-padder") == ["1.0.0"]:
        answer["left-padder"] = [
            {
                "id": 1099001,
                "url": "https://example.invalid/advisories/GHSA-8888-9999-cccc",
                "title": "Prototype pollution in left-padder",
                "severity": "moderate",
                "vulnerable_versions": "<1.2.3",
                "cwe": ["CWE-1321"],
                "cvss": {"score": 5.3, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N"},
            },
            {"id": 1099002, "title": "Unfixed", "severity": "critical", "vulnerable_versions": "<=9.0.0"},
        ]
    if "@corp/private" in body:
        answer["@corp/private"] = [
            {"id": 7, "title": "Private", "vulnerable_versions": ">=1.0.0 <1.1.0 || <0.5.0"}
        ]
    return reply(answer)


def test_npm_bulk_one_version_per_name_per_request() -> None:
    newer = PackageRef(Ecosystem.NPM, "left-padder", "1.2.3")
    private = PackageRef(Ecosystem.NPM, "@corp/private", "1.0.1")
    with serve(npm_app) as public, serve(npm_app) as corp:
        registries = NpmRegistries(Endpoint(public.url + "/"), {"@corp": Endpoint(corp.url)})
        lookup = NpmBulk(registries, timeout=5).query([PAD, newer, private, WEB])

    first, second = lookup.found[PAD]
    assert (first.id, first.aliases, first.summary) == (
        "GHSA-8888-9999-cccc",
        ("NPM-1099001",),
        "Prototype pollution in left-padder",
    )
    assert first.severity == Severity("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", 5.3, "medium")
    assert first.fixed == ("1.2.3",)
    assert (second.id, second.fixed, second.severity) == ("NPM-1099002", (), Severity(None, None, "critical"))
    assert lookup.found[newer] == ()
    assert lookup.found[private][0].fixed == ("1.1.0",)
    assert lookup.skipped == {WEB: "npm registry answers for npm packages only"}
    assert [s.json() for s in public.seen] == [{"left-padder": ["1.0.0"]}, {"left-padder": ["1.2.3"]}]
    assert [s.path for s in corp.seen] == ["/-/npm/v1/security/advisories/bulk"]
    assert corp.seen[0].json() == {"@corp/private": ["1.0.1"]}


def test_npm_without_a_registry_says_how_to_configure_it() -> None:
    unconfigured = NpmRegistries(
        Endpoint(None, problem="no npm registry is configured", advice="set registry")
    )
    lookup = NpmBulk(unconfigured).query([PAD])
    assert lookup.skipped == {PAD: "no npm registry is configured (set registry)"}
    with pytest.raises(NotConfiguredError, match="no npm registry is configured"):
        NpmBulk.from_config(env={"HOME": "/nonexistent", "PATH": ""})


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (reply({"error": "forbidden"}, 403), HTTPStatusError),
        (reply([1, 2]), ResponseError),
        (reply({"left-padder": {"id": 1}}), ResponseError),
    ],
)
def test_npm_error_answers(answer: Answer, error: type) -> None:
    with serve(lambda seen: answer) as fake, pytest.raises(error, match=r"^npm registry: "):
        NpmBulk(NpmRegistries(Endpoint(fake.url)), timeout=5).query([PAD])


# --- downloading OSV's exports -------------------------------------------------


def test_update_database_downloads_exports_over_http(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in ("GHSA-8888-9999-cccc", "PYSEC-2099-3"):
            bundle.write(OSV / f"{name}.json", f"{name}.json")
    archive = buffer.getvalue()

    def app(seen: Seen) -> Answer:
        if seen.path == "/exports/npm/all.zip":
            return 200, {"Last-Modified": "Wed, 01 Apr 2099 12:00:00 GMT"}, archive
        return 404, {}, b"no such export"

    path = tmp_path / "osv.sqlite3"
    with serve(app) as fake:
        info = update_database(path, [Ecosystem.NPM], base_url=fake.url + "/exports/")
        with pytest.raises(HTTPStatusError, match=r"HTTP 404 .*/exports/Go/all\.zip"):
            update_database(path, [Ecosystem.GO], base_url=fake.url + "/exports")
    assert info.sources[0].exported_at == datetime(2099, 4, 1, 12, tzinfo=UTC)
    assert info.sources[0].advisories == 1
    assert fake.seen[0].headers["User-Agent"].startswith("faasguard/")
    lookup = OfflineDatabase(path).query([PAD])
    assert [a.id for a in lookup.found[PAD]] == ["GHSA-8888-9999-cccc"]
    assert OfflineDatabase(path).info().ecosystems == (Ecosystem.NPM,)  # the failed update changed nothing
