"""The Markdown report, short enough for a pull-request comment.

A one-line summary and a table of the active findings (most severe first,
capped), then collapsed ``<details>`` for the suppressed findings (kind and
reason; those the baseline accepted only counted, unless ``show_suppressed``),
the suppression warnings, the not-assessed items, unanalysed constructs and
errors.

Every value taken from a scanned file is escaped: in code spans (rule,
location, resource) it cannot leave the span, and in plain cells (messages)
Markdown punctuation is backslash-escaped, ``&``, ``<`` and ``>`` become
entities, and ``@`` and ``#`` get a zero-width space after them, so a hostile
template cannot add markup, HTML, links, mentions or issue references to the
comment.  Newlines become spaces and pipes are escaped, so it cannot break out
of its table row either.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from faasguard.result import Finding, ScanResult, Severity, SuppressionKind

__all__ = ["ROW_LIMIT", "MarkdownReporter", "make_reporter"]

ROW_LIMIT = 50  # table rows shown per section
CELL_LIMIT = 300  # characters of one message shown
_ZWSP = "\u200b"
# controls, line breaks and bidirectional overrides (which can disguise text) become spaces
_SPACE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\s]+")
# CommonMark/GFM punctuation with a meaning ($ is GitHub's inline math, : and . make autolinks)
_ESCAPED = set("\\`*_{}[]()#+-.!|~:$")


def _flat(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` on one line (controls and newlines become spaces), cut at ``limit``."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def text_cell(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` as inert Markdown: no markup, HTML, link, mention or line break survives."""
    out = []
    for ch in _flat(text, limit):
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch in "@#":
            out.append(f"\\{ch}{_ZWSP}")
        elif ch in _ESCAPED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def code_cell(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` as an inline code span that its content cannot close, safe in a table."""
    flat = _flat(text, limit).replace("|", "\\|")
    if not flat:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat[0] in "` " or flat[-1] in "` " else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _where(file: str, line: int) -> str:
    return f"{file}:{line}" if line else file


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], total: int, what: str) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    if total > len(rows):
        lines += ["", f"…and {total - len(rows)} more {what} (see the JSON or SARIF report)."]
    return lines


def _details(title: str, body: Iterable[str]) -> list[str]:
    return ["", "<details>", f"<summary>{title}</summary>", "", *body, "", "</details>"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: ScanResult) -> str:
    """``faasguard: N findings (x critical, ...)`` of the active findings, and the other counts."""
    active = result.active
    by_sev = Counter(f.severity for f in active)
    counts = ", ".join(f"{by_sev.get(s, 0)} {s.label}" for s in reversed(Severity))
    parts = [f"{_plural(len(active), 'finding')} ({counts})"]
    if result.suppressed:
        parts.append(f"{len(result.suppressed)} suppressed")
    if result.warnings:
        parts.append(_plural(len(result.warnings), "warning"))
    if result.errors:
        parts.append(_plural(len(result.errors), "error"))
    if result.not_assessed:
        parts.append(f"{len(result.not_assessed)} not assessed")
    parts.append(f"{_plural(len(result.files_scanned), 'file')} scanned")
    version = f" {text_cell(result.version, 40)}" if result.version else ""
    checked = f" (packages: {text_cell('; '.join(result.advisories), 200)})" if result.advisories else ""
    return f"**faasguard{version}**: " + ", ".join(parts) + checked


class MarkdownReporter:
    """Renders the pull-request comment."""

    def __init__(self, *, limit: int = ROW_LIMIT, show_suppressed: bool = False) -> None:
        self.limit = limit
        self.show_suppressed = show_suppressed

    def _suppressed(self, result: ScanResult) -> list[str]:
        suppressed = result.suppressed
        if not suppressed:
            return []

        def baseline(f: Finding) -> bool:
            return f.suppression is not None and f.suppression.kind is SuppressionKind.BASELINE

        listed = sorted(
            (f for f in suppressed if self.show_suppressed or not baseline(f)),
            key=lambda f: (-f.severity, f.sort_key()),
        )
        body: list[str] = []
        if listed:
            rows = []
            for f in listed[: self.limit]:
                s = f.suppression
                assert s is not None
                reason = s.reason + (f" (until {s.until.isoformat()})" if s.until else "")
                rows.append(
                    [
                        f.severity.label,
                        code_cell(f.rule_id),
                        code_cell(_where(f.location.file, f.location.line)),
                        code_cell(f.resource),
                        s.kind.value,
                        text_cell(reason),
                    ]
                )
            header = ("Severity", "Rule", "Location", "Resource", "Kind", "Reason")
            body += _table(header, rows, len(listed), "suppressed findings")
        counted = [f for f in suppressed if not self.show_suppressed and baseline(f)]
        if counted:
            first = counted[0].suppression
            where = f" {code_cell(first.location.file)}" if first is not None and first.location.file else ""
            if body:
                body.append("")
            body.append(f"{_plural(len(counted), 'finding')} accepted by the baseline{where}.")
        return _details(f"Suppressed ({len(suppressed)})", body)

    def render(self, result: ScanResult) -> str:
        """The report as GitHub-flavoured Markdown."""
        lines = [summary_line(result)]
        findings = sorted(result.active, key=lambda f: (-f.severity, f.sort_key()))
        if findings:
            rows = [
                [
                    f.severity.label,
                    code_cell(f.rule_id),
                    code_cell(_where(f.location.file, f.location.line)),
                    code_cell(f.resource),
                    text_cell(f.message),
                ]
                for f in findings[: self.limit]
            ]
            header = ("Severity", "Rule", "Location", "Resource", "Message")
            lines += ["", *_table(header, rows, len(findings), "findings")]
        lines += self._suppressed(result)
        if result.warnings:
            rows = [
                [code_cell(_where(w.location.file, w.location.line)), text_cell(w.kind), text_cell(w.message)]
                for w in result.warnings[: self.limit]
            ]
            table = _table(("Location", "Kind", "Warning"), rows, len(result.warnings), "warnings")
            lines += _details(f"Warnings ({len(result.warnings)})", table)
        if result.not_assessed:
            items = sorted(result.not_assessed, key=lambda n: (n.location.file, n.location.line, n.rule_id))
            rows = [
                [
                    code_cell(n.rule_id),
                    code_cell(_where(n.location.file, n.location.line)),
                    code_cell(n.resource),
                    text_cell(n.reason),
                ]
                for n in items[: self.limit]
            ]
            table = _table(("Rule", "Location", "Resource", "Reason"), rows, len(items), "items")
            lines += _details(f"Not assessed ({len(items)})", table)
        if result.notes:
            notes = sorted(result.notes, key=lambda n: (n[0].file, n[0].line, n[1]))
            rows = [
                [code_cell(_where(loc.file, loc.line)), text_cell(text)] for loc, text in notes[: self.limit]
            ]
            lines += _details(
                f"Not analysed ({len(notes)})", _table(("Location", "Construct"), rows, len(notes), "items")
            )
        if result.errors:
            errors = sorted(result.errors, key=lambda e: (e.location.file, e.location.line, e.message))
            rows = [
                [code_cell(_where(e.location.file, e.location.line)), text_cell(e.kind), text_cell(e.message)]
                for e in errors[: self.limit]
            ]
            table = _table(("Location", "Kind", "Error"), rows, len(errors), "errors")
            lines += _details(f"Errors ({len(errors)})", table)
        return "\n".join(lines) + "\n"


def make_reporter(
    *, color: bool = False, show_suppressed: bool = False, quiet: bool = False
) -> MarkdownReporter:
    """The Markdown reporter; ``show_suppressed`` lists the baseline-accepted findings too.

    Colour and ``quiet`` do not apply: a pull-request comment is whole.
    """
    del color, quiet
    return MarkdownReporter(show_suppressed=show_suppressed)
