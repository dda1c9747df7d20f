"""The HTML report: golden output, escaping, source excerpts, self-containment, and a real browser."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections import Counter
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from faasguard.model import Location
from faasguard.report import get_reporter
from faasguard.report.html import HtmlReporter, SourceReader
from faasguard.result import (
    Finding,
    Layer,
    NotAssessed,
    ScanError,
    ScanResult,
    ScanWarning,
    Severity,
    Suppression,
    SuppressionKind,
)

GOLDEN = Path(__file__).parent / "golden" / "report" / "report.html"
NOW = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)> \"quoted\" 'single' & <b>bold</b>"
TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.8
      Handler: app.handler
      Timeout: 900
      FunctionUrlConfig:
        AuthType: NONE
      Policies:
        - Statement:
            - Effect: Allow
              Action: "*"
              Resource: "*"
      Environment:
        Variables:
          STAGE: prod
"""


def _finding(
    rule_id: str,
    severity: Severity,
    layer: Layer,
    where: Location,
    resource: str = "ApiFunction",
    message: str = "",
    title: str = "",
) -> Finding:
    return Finding(
        rule_id,
        severity,
        layer,
        title or f"title of {rule_id}",
        message or f"{resource} breaks {rule_id}",
        resource,
        "AWS::Serverless::Function",
        where,
        "set ``AuthType`` to `AWS_IAM`",
    )


def _sample(root: Path) -> ScanResult:
    """A result over files written under ``root`` (the working directory) with every kind of item."""
    (root / "stack").mkdir(exist_ok=True)
    (root / "stack" / "template.yaml").write_text(TEMPLATE, encoding="utf-8")
    t = "stack/template.yaml"

    def accepted(
        f: Finding, kind: SuppressionKind, why: str, where: Location, until: date | None = None
    ) -> Finding:
        return dataclasses.replace(f, suppression=Suppression(kind, why, where, until))

    findings = (
        _finding("FG-AC-010", Severity.CRITICAL, Layer.ACCESS, Location(t, 15), title="escalation"),
        _finding("FG-AC-006", Severity.HIGH, Layer.ACCESS, Location(t, 11)),
        _finding("FG-DEP-001", Severity.HIGH, Layer.DEPENDENCIES, Location(t, 7)),
        _finding("FG-RT-002", Severity.MEDIUM, Layer.RUNTIME, Location(t, 9)),
        _finding("FG-MON-002", Severity.LOW, Layer.MONITORING, Location(t, 4)),
        _finding("FG-DP-001", Severity.INFO, Layer.DATA, Location(t, 1)),
        _finding("FG-RT-003", Severity.LOW, Layer.RUNTIME, Location("gone/template.yaml", 3), "Gone"),
        _finding("FG-MON-001", Severity.LOW, Layer.MONITORING, Location(t, 0), "Whole"),
        accepted(
            _finding("FG-AC-001", Severity.HIGH, Layer.ACCESS, Location(t, 15)),
            SuppressionKind.INLINE,
            "scratch bucket only",
            Location(t, 14),
            date(2099, 12, 31),
        ),
        accepted(
            _finding("FG-MON-004", Severity.LOW, Layer.MONITORING, Location(t, 5)),
            SuppressionKind.METADATA,
            "the platform stack traces it",
            Location(t, 5),
        ),
        accepted(
            _finding("FG-RT-001", Severity.MEDIUM, Layer.RUNTIME, Location(t, 10)),
            SuppressionKind.CONFIG,
            "internal only",
            Location(".faasguard.toml", 9),
        ),
        accepted(
            _finding("FG-DP-004", Severity.MEDIUM, Layer.DATA, Location(t, 17)),
            SuppressionKind.BASELINE,
            "accepted in the baseline",
            Location("base.json"),
        ),
    )
    return ScanResult(
        findings=findings,
        errors=(ScanError(Location("broken.yaml", 3), "invalid YAML: mapping values are not allowed here"),),
        not_assessed=(NotAssessed("FG-MON-003", "ApiFunction", Location(t, 4), "Tracing is unknown"),),
        notes=((Location(t, 2), "Fn::ForEach loop not expanded"),),
        warnings=(ScanWarning(Location(t, 18), "FG-XX-001 matched no finding", "unused"),),
        files_scanned=(t,),
        roots=(".",),
        rules_run=53,
        duration_s=0.25,
        version="0.0.test",
    )


def _normalised(page: str) -> str:
    """The page without what changes on its own: version, dates, inline assets and their hashes."""
    page = page.replace("0.0.test", "VERSION")
    page = re.sub(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ| \d\d:\d\d UTC)", "DATE", page)
    page = re.sub(r"'sha256-[A-Za-z0-9+/=]+'", "'sha256-HASH'", page)
    page = re.sub(r"<style>.*?</style>", "<style>CSS</style>", page, flags=re.S)
    return re.sub(r"<script>.*?</script>", "<script>JS</script>", page, flags=re.S)


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScanResult:
    monkeypatch.chdir(tmp_path)
    return _sample(tmp_path)


def test_golden_page(sample: ScanResult, request: pytest.FixtureRequest) -> None:
    got = _normalised(HtmlReporter(now=NOW).render(sample))
    if request.config.getoption("--update-golden"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert GOLDEN.exists(), "no golden HTML report: run pytest --update-golden"
    assert got == GOLDEN.read_text(encoding="utf-8")


def test_page_is_deterministic_and_dated(sample: ScanResult) -> None:
    reporter = HtmlReporter(now=NOW)
    shuffled = dataclasses.replace(sample, findings=tuple(reversed(sample.findings)))
    page = reporter.render(sample)
    assert page == reporter.render(shuffled)
    assert "2030-01-02 03:04 UTC" in page and 'datetime="2030-01-02T03:04:00Z"' in page
    assert get_reporter("html").render(sample).startswith("<!DOCTYPE html>")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <script> and <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_everything_is_listed_without_javascript(sample: ScanResult) -> None:
    page = HtmlReporter(now=NOW).render(sample)
    tags = _parse(page).tags
    cards = [a for t, a in tags if t == "article"]
    assert len(cards) == len(sample.findings) == 12
    assert Counter(a["data-state"] for a in cards) == {"active": 8, "suppressed": 4}
    assert all(a.get("hidden") is None for a in cards)  # nothing hidden before the script runs
    filters = next(a for t, a in tags if a.get("id") == "filters")
    assert "hidden" in filters  # the controls appear only when the script can drive them
    for f in sample.findings:
        assert f'data-rule="{f.rule_id}"' in page
    for text in ("scratch bucket only", "until 2099-12-31", "suppressed · inline", "suppressed · baseline"):
        assert text in page  # suppressed findings are shown with their reason, never dropped
    assert "FG-XX-001 matched no finding" in page and "invalid YAML: mapping values" in page
    assert "Tracing is unknown" in page and "Fn::ForEach loop not expanded" in page
    assert "VERSION" not in page and "faasguard 0.0.test" in page


def test_excerpts_show_the_flagged_line_and_its_context(sample: ScanResult) -> None:
    page = HtmlReporter(now=NOW).render(sample)
    card = page[page.index('data-rule="FG-AC-006"') :]
    card = card[: card.index("</article>")]
    numbers = [int(n) for n in re.findall(r'<span class="ln">(\d+)</span>', card)]
    assert numbers == list(range(8, 15))
    assert '<span class="line hit"><span class="ln">11</span><span class="src">        AuthType: NONE' in card
    gone = page[page.index('data-rule="FG-RT-003"') :]
    assert "source not available" in gone[: gone.index("</article>")]
    whole = page[page.index('data-rule="FG-MON-001"') :]
    assert "no line recorded" in whole[: whole.index("</article>")]


def test_source_reader_reads_only_what_the_scan_covered(tmp_path: Path) -> None:
    inside = tmp_path / "repo"
    inside.mkdir()
    (inside / "t.yaml").write_text("a: 1\r\nb: 2\x0cc\nc: 3\n", encoding="utf-8")
    (inside / "bin.yaml").write_bytes(b"\x00\x01" * 10)
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n")
    (inside / "link.yaml").symlink_to(secret)
    result = ScanResult(findings=(), files_scanned=(str(inside / "t.yaml"),), roots=(str(inside),))
    reader = SourceReader(result, context=1)
    first = reader.excerpt(str(inside / "t.yaml"), 2)
    assert [(x.number, x.text, x.flagged) for x in first.lines] == [
        (1, "a: 1", False),
        (2, "b: 2\x0cc", True),  # a form feed is no line break: numbers match the loaders'
        (3, "c: 3", False),
    ]
    assert reader.excerpt(str(inside / "t.yaml"), 9).note.startswith("source not available")
    for file in (str(secret), str(inside / "link.yaml"), str(inside / "bin.yaml"), "/etc/passwd", ""):
        assert reader.excerpt(file, 1).lines == ()
        assert reader.excerpt(file, 1).note == "source not available"


def test_secrets_in_excerpts_are_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stripe = "sk_live_51HqFakeKeyForTheDemo0nly9x8c7v6b5n4m3"
    body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
    (tmp_path / "t.yaml").write_text(
        "Resources:\n"
        "  Fn:\n"
        "    Properties:\n"
        f"      PAYMENT_API_KEY: {stripe}\n"
        '      DB_PASSWORD: "Zx9kLm2Qw8vB7nTr"\n'
        '      SECRET_ARN: "{{resolve:secretsmanager:orders/db:SecretString:password}}"\n'
        "      KEY: |\n"
        "        -----BEGIN RSA PRIVATE KEY-----\n"
        f"        {body}\n"
        "        -----END RSA PRIVATE KEY-----\n"
        "      Handler: app.handler\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    finding = _finding("FG-DP-002", Severity.HIGH, Layer.DATA, Location("t.yaml", 5), "Fn")
    result = ScanResult(findings=(finding,), files_scanned=("t.yaml",), roots=(".",))
    page = HtmlReporter(now=NOW, context=10).render(result)
    assert stripe not in page and "sk_l****" in page
    assert "Zx9kLm2Qw8vB7nTr" not in page and "Zx**" in page
    assert body not in page and "*" * len(body) in page
    assert "{{resolve:secretsmanager:orders/db:SecretString:password}}" in page  # a reference, no secret
    assert "Handler: app.handler" in page and "-----BEGIN RSA PRIVATE KEY-----" in page


def test_demo_report_shows_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    from faasguard.engine import ScanOptions, scan

    monkeypatch.chdir(Path(__file__).parent.parent)
    result = scan(ScanOptions(paths=["examples/orders-api"]))
    page = HtmlReporter(now=NOW).render(result)
    assert "sk_live_51Hq" not in page and "PAYMENT_API_KEY: sk_l*****" in page
    assert page.count("<article ") == len(result.findings) and "source not available" not in page


def test_hostile_values_are_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    base = _sample(tmp_path)
    hostile_file = f"stack/{HOSTILE.replace('/', '_')}.yaml"
    (tmp_path / hostile_file).write_text(f"Resources:\n  X: {HOSTILE}\n  Y: \u202eevil\x1b[31m\n", "utf-8")
    f = dataclasses.replace(
        _finding(
            "FG-AC-006", Severity.HIGH, Layer.ACCESS, Location(hostile_file, 2), HOSTILE, HOSTILE, HOSTILE
        ),
        fix=HOSTILE,
    )
    g = dataclasses.replace(
        f,
        location=Location(hostile_file, 3),
        suppression=Suppression(SuppressionKind.INLINE, HOSTILE, Location(hostile_file, 2)),
    )
    result = dataclasses.replace(
        base,
        findings=(f, g),
        warnings=(ScanWarning(Location(HOSTILE, 1), HOSTILE, HOSTILE),),
        errors=(ScanError(Location(HOSTILE, 1), HOSTILE),),
        not_assessed=(NotAssessed("FG-MON-003", HOSTILE, Location(HOSTILE, 1), HOSTILE),),
        notes=((Location(HOSTILE), HOSTILE),),
        files_scanned=(*base.files_scanned, hostile_file),
        roots=(".", HOSTILE),
        version=HOSTILE,
    )
    page = HtmlReporter(now=NOW).render(result)
    parsed = _parse(page)
    names = [t for t, _ in parsed.tags]
    assert names.count("script") == 1 and "img" not in names and "b" not in names
    assert page.count("</script>") == 1 and page.count("<script>") == 1
    assert not [(t, k) for t, a in parsed.tags for k in a if k.startswith("on")]
    escaped = html.escape(HOSTILE).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")
    assert page.count(escaped) >= 10  # resource, message, title, fix, reason, excerpt, tables...
    assert "evil" in page and "\u202e" not in page and "\x1b" not in page  # disguising characters replaced
    card = next(a for t, a in parsed.tags if t == "article")
    assert card["data-rule"] == "FG-AC-006"
    excerpt = page[page.index('<span class="ln">2</span>') :]
    assert excerpt.startswith(f'<span class="ln">2</span><span class="src">  X: {escaped}</span>')


def test_the_page_loads_nothing(sample: ScanResult) -> None:
    page = HtmlReporter(now=NOW).render(sample)
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag  # no external script, image or frame
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "data:")), (tag, href)
        assert tag not in ("iframe", "object", "embed", "img", "base")
    css = "".join(parsed.raw["style"])
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    js = "".join(parsed.raw["script"])
    for call in ("fetch(", "XMLHttpRequest", "import(", "WebSocket", "eval(", "innerHTML", "document.write"):
        assert call not in js
    assert "https://" not in css + js and "http://" not in css + js


def test_content_security_policy_allows_exactly_the_inline_assets(sample: ScanResult) -> None:
    page = HtmlReporter(now=NOW).render(sample)
    parsed = _parse(page)
    csp = next(a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"

    def source(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    (style,) = parsed.raw["style"]
    (script,) = parsed.raw["script"]
    assert directives["style-src"] == source(style)
    assert directives["script-src"] == source(script)
    assert 'style="' not in page  # style attributes would be blocked by the policy


def test_html_reporter_imports_jinja_only_to_render() -> None:
    code = (
        "import sys\n"
        "from faasguard import cli\n"
        "from faasguard.report import get_reporter\n"
        "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "reporter = get_reporter('html')\n"
        "print('jinja2' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


def test_templates_ship_with_the_package() -> None:
    from importlib import resources

    folder = resources.files("faasguard.report") / "templates"
    assert {"report.html.j2", "report.css", "report.js"} <= {p.name for p in folder.iterdir()}


# --- a real browser -----------------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: the CI run must install it (see .ci/run)")
    pytest.skip("chromium is not installed")


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        _chromium(),
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB pixels of an 8-bit RGB/RGBA, non-interlaced PNG (standard library only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks = 8, []
    width = height = bpp = 0
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            chunks.append(body)
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    prev = bytearray(stride)
    pixels: list[bytes] = []
    for y in range(height):
        start = y * (stride + 1)
        kind_of_filter, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind_of_filter == 2:  # "up", the commonest: no per-byte dependency
            line = bytearray((x + y) & 255 for x, y in zip(line, prev, strict=True))
        for i in range(stride if kind_of_filter in (1, 3, 4) else 0):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if kind_of_filter == 1:
                line[i] = (line[i] + a) & 255
            elif kind_of_filter == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif kind_of_filter == 4:
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels.extend(bytes(line[x : x + 3]) for x in range(0, stride, bpp))
        prev = line
    return width, height, pixels


def test_browser_renders_the_page_and_runs_the_filters(sample: ScanResult, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(HtmlReporter(now=NOW).render(sample), encoding="utf-8")
    dom = _browser(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    body = re.search(r"<body[^>]*>", dom.stdout)
    assert body is not None and 'data-filters="ready"' in body.group(0), "the filter script did not run"
    assert re.search(r'<div class="filters" id="filters">', dom.stdout)  # shown once the script runs
    assert dom.stdout.count("<article ") == len(sample.findings)
    assert "ApiFunction breaks FG-AC-010" in dom.stdout and "scratch bucket only" in dom.stdout

    # a filtered address (#?...) narrows the list: only the critical and high active findings stay
    filtered = _browser(tmp_path, "--dump-dom", page.as_uri() + "#?severity=critical,high")
    assert filtered.returncode == 0, filtered.stderr[-2000:]
    shown = re.findall(r'<article [^>]*data-severity="(\w+)"(?![^>]*hidden)[^>]*>', filtered.stdout)
    assert sorted(shown) == ["critical", "high", "high", "high"]
    assert "showing 4 of 12" in filtered.stdout

    # the policy blocks any script but the page's own: an injected one does not run, and with the
    # page's script blocked too (as with JavaScript off) every finding is still listed
    text = page.read_text("utf-8")
    injected = text.replace("</body>", "<script>document.body.dataset.injected = 'ran'</script></body>")
    blocked = re.sub(r"script-src '[^']+'", "script-src 'none'", injected)
    assert blocked != injected
    for variant, name, ready in ((injected, "injected.html", True), (blocked, "blocked.html", False)):
        (tmp_path / name).write_text(variant, encoding="utf-8")
        got = _browser(tmp_path, "--dump-dom", (tmp_path / name).as_uri())
        assert got.returncode == 0, got.stderr[-2000:]
        body = re.search(r"<body[^>]*>", got.stdout)
        assert body is not None and "data-injected" not in body.group(0), "a script outside the policy ran"
        assert ('data-filters="ready"' in body.group(0)) is ready
    assert 'id="filters" hidden' in got.stdout
    assert got.stdout.count("<article ") == len(sample.findings)
    assert not re.search(r"<article [^>]*hidden", got.stdout)

    shot = tmp_path / "report.png"
    done = _browser(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    width, height, pixels = _png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 2000)
    colours = Counter(pixels[::7])
    most = colours.most_common(1)[0][1]
    assert len(colours) > 100, "the screenshot has almost no colours: a blank page?"
    assert most / sum(colours.values()) < 0.85, "the screenshot is mostly one colour: a blank page?"
    assert sum(n for px, n in colours.items() if px != b"\xff\xff\xff") > 0.1 * sum(colours.values())
    # the stylesheet ran (it is allowed by its hash): the critical badge has the critical colour
    reds = [px for px in colours if px[0] > 150 and px[1] < 80 and px[2] < 80]
    assert reds, "no severity colour on the page: the stylesheet did not apply"
