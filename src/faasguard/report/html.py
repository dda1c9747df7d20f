"""The HTML report: one self-contained page to read, filter and share.

Rendered with Jinja2 (imported when a page is rendered, never on the CLI's
start-up path) from ``templates/report.html.j2`` with autoescaping on, so
every value taken from a scanned file (resource names, messages, reasons,
source lines) is escaped wherever it lands, attributes included.  Control
characters and bidirectional overrides, which could disguise text, are
replaced as well.

The page fetches nothing: the stylesheet, the filter script and the chart
(an SVG drawn here) are inline, and a Content-Security-Policy allows only
that stylesheet and that script, by hash, so markup that ever slipped
through could not run code or load anything.  Without JavaScript the page
lists everything; the script only adds the filters (layer, severity, rule,
text) and marks ``<body data-filters="ready">`` once it is set up.

Each finding shows a few lines of its source around the flagged line, read
when the report is rendered from files the scan covered (a scanned file, or
a file under a scanned folder); anything else is "source not available".
Secrets never appear in full there either: secret-like words (known token
formats, values of keys that name a secret) and private key blocks are
masked as findings mask them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from faasguard.result import Finding, Layer, ScanResult, Severity

if TYPE_CHECKING:
    import jinja2

__all__ = ["CONTEXT_LINES", "Excerpt", "HtmlReporter", "SourceReader", "make_reporter"]

CONTEXT_LINES = 3  # source lines shown above and below the flagged one
MAX_SOURCE_BYTES = 5 * 1024 * 1024  # larger files get no excerpt
MAX_LINE_CHARS = 400  # longer source lines are cut
UNAVAILABLE = "source not available"
# C0/C1 controls (but tab and newline), line/paragraph separators, bidirectional controls
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CODE = re.compile(r"``(.+?)``|`([^`]+)`")
# a word of source text that could be a secret, and the key before a value (`NAME:`, `name =`, `"Name":`)
_WORD = re.compile(r"[^\s\"'`,;()\[\]{}<>|]{8,}")
_KEY = re.compile(r"([A-Za-z_][\w.-]*)[\"']?\s*[:=]")
_PEM = re.compile(r"-----(BEGIN|END) [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_SEVERITIES = tuple(reversed(Severity))  # most severe first


def clean(text: str) -> str:
    """``text`` without controls and direction overrides (each becomes U+FFFD)."""
    return _UNSAFE.sub("\ufffd", text)


@functools.lru_cache(maxsize=4096)
def redact(line: str) -> str:
    """``line`` of source with every secret-like word masked, as findings mask secrets.

    Each word is checked as the value of the key written before it on the line
    (``DB_PASSWORD: ...``, ``password = "..."``), or of the key inside it
    (``password=...``): known token formats whatever the key, other values by
    what the key says they hold.
    """
    from faasguard.secrets import find_secret

    keys = [(m.end(), m.group(1)) for m in _KEY.finditer(line)]
    out: list[str] = []
    done = 0
    for word in _WORD.finditer(line):
        text = word.group(0)
        name = next((key for end, key in reversed(keys) if end <= word.start()), "")
        inner, sep, value = text.partition("=")
        found = find_secret(name, text) or (find_secret(inner, value) if sep and inner else None)
        if found is not None:
            masked = f"{inner}={found.masked}" if sep and found.masked[:4] != text[:4] else found.masked
            out += [line[done : word.start()], masked]
            done = word.end()
    return "".join(out) + line[done:]


@dataclass(frozen=True, slots=True)
class ExcerptLine:
    """One source line of an excerpt."""

    number: int
    text: str
    flagged: bool


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The lines around a finding, or why there are none (``note``)."""

    lines: tuple[ExcerptLine, ...] = ()
    note: str = ""


class SourceReader:
    """Reads excerpts of the files a scan covered, each file at most once.

    Only a file the scan read, or one under a scanned folder, is opened
    (a location never makes the report read anything else); symbolic links
    are resolved before that check.
    """

    def __init__(self, result: ScanResult, context: int = CONTEXT_LINES) -> None:
        self.context = context
        self._files = {os.path.realpath(f) for f in result.files_scanned}
        self._folders = tuple(os.path.realpath(r) for r in result.roots if os.path.isdir(r))
        self._cache: dict[str, list[str] | None] = {}

    def _allowed(self, real: str) -> bool:
        if real in self._files:
            return True
        for folder in self._folders:
            try:
                if os.path.commonpath((real, folder)) == folder:
                    return True
            except ValueError:  # another drive
                continue
        return False

    def _lines(self, file: str) -> list[str] | None:
        if file not in self._cache:
            self._cache[file] = self._read(file)
        return self._cache[file]

    def _read(self, file: str) -> list[str] | None:
        real = os.path.realpath(file)
        if not self._allowed(real) or not os.path.isfile(real):
            return None
        try:
            with open(real, "rb") as fh:
                data = fh.read(MAX_SOURCE_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_SOURCE_BYTES or b"\x00" in data[:8192]:
            return None
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff").removesuffix("\n")
        # split on "\n" only, as the loaders count lines (str.splitlines also splits on \x0c, \x1c...)
        lines = [line.removesuffix("\r") for line in text.split("\n")]
        inside = False  # the body of a private key block is masked whole
        for number, line in enumerate(lines):
            marker = _PEM.search(line)
            if inside and not (marker and marker.group(1) == "END"):
                lines[number] = re.sub(r"\S", "*", line)
            if marker:
                inside = marker.group(1) == "BEGIN" and not _PEM.search(line, marker.end())
        return lines

    def excerpt(self, file: str, line: int) -> Excerpt:
        """The lines around ``line`` of ``file``; a note when it cannot be shown."""
        if not file:
            return Excerpt(note=UNAVAILABLE)
        lines = self._lines(file)
        if lines is None:
            return Excerpt(note=UNAVAILABLE)
        if line <= 0:
            return Excerpt(note="no line recorded for this finding")
        if line > len(lines):
            return Excerpt(note=f"{UNAVAILABLE} (the file has fewer than {line} lines now)")
        first, last = max(1, line - self.context), min(len(lines), line + self.context)
        shown = []
        for number in range(first, last + 1):
            text = redact(lines[number - 1].expandtabs(4))
            if len(text) > MAX_LINE_CHARS:
                text = text[: MAX_LINE_CHARS - 1] + "…"
            shown.append(ExcerptLine(number, text, number == line))
        return Excerpt(tuple(shown))


@dataclass(frozen=True, slots=True)
class _Card:
    """A finding as the template shows it."""

    anchor: str
    finding: Finding
    where: str
    excerpt: Excerpt


@dataclass(frozen=True, slots=True)
class _Segment:
    severity: str
    x: float
    width: float
    count: int


@dataclass(frozen=True, slots=True)
class _Bar:
    layer: Layer
    y: int
    total: int
    segments: tuple[_Segment, ...]


CHART_LABEL_WIDTH = 150  # px left of the bars (layer names)
CHART_BAR_WIDTH = 380  # px of the longest bar
CHART_ROW = 34  # px per layer


def chart(findings: tuple[Finding, ...]) -> tuple[_Bar, ...]:
    """One bar per layer, stacked by severity (most severe first), scaled to the longest."""
    counts = Counter((f.layer, f.severity) for f in findings)
    totals = {layer: sum(counts[layer, s] for s in Severity) for layer in Layer}
    scale = CHART_BAR_WIDTH / max(max(totals.values()), 1)
    bars = []
    for row, layer in enumerate(Layer):
        x = float(CHART_LABEL_WIDTH)
        segments = []
        for severity in _SEVERITIES:
            count = counts[layer, severity]
            if count:
                width = round(count * scale, 1)
                segments.append(_Segment(severity.label, round(x, 1), width, count))
                x += width
        bars.append(_Bar(layer, row * CHART_ROW, totals[layer], tuple(segments)))
    return tuple(bars)


def _where(file: str, line: int) -> str:
    return f"{file}:{line}" if line else file


def _order(f: Finding) -> tuple[int, int, tuple[str, int, str, str, str]]:
    return (-f.severity, list(Layer).index(f.layer), f.sort_key())


def _code(text: str) -> Any:
    """Escaped ``text`` with its ````literal```` and ```literal``` spans as ``<code>``."""
    from markupsafe import Markup, escape

    escaped = str(escape(clean(text)))
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1) or m.group(2)}</code>", escaped))


def _finalize(value: Any) -> Any:
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("faasguard.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["code"] = _code
    return env


@functools.cache
def _asset(name: str) -> tuple[str, str]:
    """A static file of the page and its CSP source expression (``'sha256-...'``)."""
    text = (resources.files("faasguard.report") / "templates" / name).read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


class HtmlReporter:
    """Renders the HTML page; ``now`` fixes the generation time (tests)."""

    def __init__(self, *, now: datetime | None = None, context: int = CONTEXT_LINES) -> None:
        self.now = now
        self.context = context

    def render(self, result: ScanResult) -> str:
        """The report as one HTML document."""
        template = _environment().get_template("report.html.j2")
        return template.render(self._context(result))

    def _context(self, result: ScanResult) -> dict[str, Any]:
        from markupsafe import Markup

        reader = SourceReader(result, self.context)

        def cards(findings: tuple[Finding, ...], prefix: str) -> list[_Card]:
            return [
                _Card(
                    f"{prefix}-{n}",
                    f,
                    _where(f.location.file, f.location.line),
                    reader.excerpt(f.location.file, f.location.line),
                )
                for n, f in enumerate(sorted(findings, key=_order), 1)
            ]

        active = result.active
        by_severity = Counter(f.severity for f in active)
        css, css_hash = _asset("report.css")
        js, js_hash = _asset("report.js")
        now = (self.now or datetime.now(UTC)).astimezone(UTC)
        return {
            "result": result,
            "active": cards(active, "f"),
            "suppressed": cards(result.suppressed, "s"),
            "severities": [(s.label, s.label.capitalize(), by_severity[s]) for s in _SEVERITIES],
            "worst": next((s.label for s in _SEVERITIES if by_severity[s]), ""),
            "layers": list(Layer),
            "bars": chart(active),
            "chart": {
                "label": CHART_LABEL_WIDTH,
                "bar": CHART_BAR_WIDTH,
                "row": CHART_ROW,
                "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 50,
                "height": CHART_ROW * len(Layer),
            },
            "rules": sorted({(f.rule_id, f.title) for f in result.findings}),
            "not_assessed": sorted(result.not_assessed, key=lambda n: (n.location, n.rule_id)),
            "notes": sorted(result.notes),
            "errors": sorted(result.errors, key=lambda e: (e.location, e.message)),
            "where": _where,
            "generated": now.strftime("%Y-%m-%d %H:%M UTC"),
            "generated_iso": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "css": Markup(css),
            "js": Markup(js),
            # hashes and keywords only, nothing to escape
            "csp": Markup(
                f"default-src 'none'; style-src {css_hash}; script-src {js_hash}; img-src data:; "
                "base-uri 'none'; form-action 'none'"
            ),
        }


def make_reporter(*, color: bool = False, show_suppressed: bool = False, quiet: bool = False) -> HtmlReporter:
    """The HTML reporter; it lists every finding, suppressed ones included, whatever the options."""
    del color, show_suppressed, quiet
    return HtmlReporter()
