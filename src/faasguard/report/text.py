"""The text report: findings grouped by layer, severity colours, a summary table.

Rendered with rich.  Everything taken from a scanned file (resource names,
messages) goes in as ``Text`` objects, never as markup, so a template cannot
inject styles or hide lines.  Colours are off unless the CLI asks for them
(a terminal, no ``--no-color``, no ``NO_COLOR``).

Suppressed findings get a short "Suppressed (n)" section, one line each;
those accepted by the baseline are only counted there unless
``show_suppressed``.  ``quiet`` renders the summary line alone.
"""

from __future__ import annotations

import io
import shutil
from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from faasguard.result import Finding, Layer, ScanResult, Severity, SuppressionKind

__all__ = ["TextReporter", "make_reporter"]

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_INDENT = " " * 11
_LIST_LIMIT = 20  # not-assessed items and notes shown in full up to this many


def _where(file: str, line: int) -> str:
    return f"{file}:{line}" if line else file


class TextReporter:
    """Renders the human report."""

    def __init__(self, *, color: bool, show_suppressed: bool = False, quiet: bool = False) -> None:
        self.color = color
        self.show_suppressed = show_suppressed
        self.quiet = quiet

    def render(self, result: ScanResult) -> str:
        """The report as text (with ANSI colours when enabled)."""
        buffer = io.StringIO()
        width = shutil.get_terminal_size((100, 24)).columns if self.color else 100
        console = Console(
            file=buffer,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="standard" if self.color else None,
            width=max(width, 60),
            highlight=False,
            emoji=False,
            markup=False,
            soft_wrap=True,
        )
        if self.quiet:
            console.print(self._summary_line(result))
            return buffer.getvalue()
        self._header(console, result)
        self._findings(console, result)
        self._suppressed(console, result)
        self._secondary(console, result)
        self._summary(console, result)
        return buffer.getvalue()

    @staticmethod
    def _header(console: Console, result: ScanResult) -> None:
        files = len(result.files_scanned)
        console.print(
            Text(
                f"faasguard {result.version} · {files} file{'s' if files != 1 else ''} scanned · "
                f"{result.rules_run} rules · {result.duration_s:.2f} s",
                style="bold",
            )
        )
        if result.advisories:
            console.print(Text(f"packages: {'; '.join(result.advisories)}", style="dim"))

    @staticmethod
    def _finding(console: Console, f: Finding) -> None:
        console.print(
            Text.assemble(
                (f" {f.severity.label.upper():<9}", _STYLE[f.severity]),
                (f"{f.rule_id:<11}", "bold"),
                f.title,
            )
        )
        console.print(
            Text.assemble(
                _INDENT,
                (_where(f.location.file, f.location.line), "underline"),
                "  ",
                (f.resource, "bold"),
                (f" ({f.resource_type})" if f.resource_type else "", "dim"),
            )
        )
        console.print(Text(_INDENT + f.message))
        console.print(Text.assemble(_INDENT, ("Fix: ", "green"), f.fix.replace("``", "`")))

    def _findings(self, console: Console, result: ScanResult) -> None:
        by_layer: dict[Layer, list[Finding]] = {}
        for f in result.active:
            by_layer.setdefault(f.layer, []).append(f)
        for layer in Layer:
            items = by_layer.get(layer)
            if not items:
                continue
            console.print()
            console.rule(Text(f"{layer.title} ({len(items)})", style="bold"), align="left")
            for f in sorted(items, key=lambda x: (-x.severity, x.sort_key())):
                self._finding(console, f)

    def _suppressed(self, console: Console, result: ScanResult) -> None:
        suppressed = result.suppressed
        if not suppressed:
            return
        console.print()
        console.rule(Text(f"Suppressed ({len(suppressed)})", style="bold"), align="left")
        baseline = [f for f in suppressed if f.suppression and f.suppression.kind is SuppressionKind.BASELINE]
        for f in suppressed:
            s = f.suppression
            if s is None or (s.kind is SuppressionKind.BASELINE and not self.show_suppressed):
                continue
            until = f" (until {s.until.isoformat()})" if s.until else ""
            console.print(
                Text.assemble(
                    f" {f.rule_id:<11}",
                    (_where(f.location.file, f.location.line), "underline"),
                    "  ",
                    (f.resource, "bold"),
                    (f"  [{s.kind.value}] ", "dim"),
                    s.reason + until,
                )
            )
        if baseline and not self.show_suppressed:
            where = baseline[0].suppression.location.file if baseline[0].suppression else ""
            console.print(
                Text(
                    f" {len(baseline)} accepted by the baseline {where} (--show-suppressed lists them)",
                    style="dim",
                )
            )

    @staticmethod
    def _secondary(console: Console, result: ScanResult) -> None:
        if result.warnings:
            console.print()
            console.rule(Text(f"Warnings ({len(result.warnings)})", style="bold yellow"), align="left")
            for warning in result.warnings:
                console.print(Text(" " + warning.one_line(), style="yellow"))
        if result.not_assessed:
            console.print()
            console.rule(Text(f"Not assessed ({len(result.not_assessed)})", style="bold"), align="left")
            console.print(
                Text(" A value could not be resolved, so the rule neither fired nor passed:", style="dim")
            )
            for n in result.not_assessed[:_LIST_LIMIT]:
                console.print(
                    Text.assemble(
                        f" {n.rule_id:<11}",
                        (_where(n.location.file, n.location.line), "underline"),
                        "  ",
                        (n.resource, "bold"),
                        f"  {n.reason}",
                    )
                )
            if len(result.not_assessed) > _LIST_LIMIT:
                more = len(result.not_assessed) - _LIST_LIMIT
                console.print(Text(f" … and {more} more (see --format json)", style="dim"))
        if result.notes:
            console.print()
            console.rule(Text(f"Not analysed ({len(result.notes)})", style="bold"), align="left")
            for location, message in result.notes[:_LIST_LIMIT]:
                console.print(
                    Text.assemble(" ", (_where(location.file, location.line), "underline"), f"  {message}")
                )
            if len(result.notes) > _LIST_LIMIT:
                console.print(Text(f" … and {len(result.notes) - _LIST_LIMIT} more", style="dim"))
        if result.errors:
            console.print()
            console.rule(Text(f"Errors ({len(result.errors)})", style="bold red"), align="left")
            for error in result.errors:
                console.print(Text(" " + error.one_line(), style="red"))

    @classmethod
    def _summary(cls, console: Console, result: ScanResult) -> None:
        console.print()
        active = result.active
        counts = Counter((f.layer, f.severity) for f in active)
        severities = list(reversed(Severity))
        if active:
            table = Table(title=None, show_edge=False, box=None, pad_edge=False, header_style="bold")
            table.add_column("layer")
            for s in severities:
                table.add_column(s.label, justify="right", style=_STYLE[s] if counts else None)
            table.add_column("total", justify="right", style="bold")
            for layer in Layer:
                row = [counts.get((layer, s), 0) for s in severities]
                table.add_row(layer.title, *(str(n) if n else "·" for n in row), str(sum(row)))
            totals = [sum(counts.get((layer, s), 0) for layer in Layer) for s in severities]
            table.add_row(Text("total", style="bold"), *(str(n) for n in totals), str(sum(totals)))
            console.print(table)
            console.print()
        console.print(cls._summary_line(result))

    @staticmethod
    def _summary_line(result: ScanResult) -> Text:
        active = result.active
        by_sev = Counter(f.severity for f in active)
        parts = [f"{by_sev[s]} {s.label}" for s in reversed(Severity) if by_sev.get(s)]
        line = f"{len(active)} finding{'s' if len(active) != 1 else ''}"
        if parts:
            line += f" ({', '.join(parts)})"
        extras = []
        if result.suppressed:
            extras.append(f"{len(result.suppressed)} suppressed")
        if result.warnings:
            extras.append(f"{len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}")
        if result.not_assessed:
            extras.append(f"{len(result.not_assessed)} not assessed")
        if result.errors:
            extras.append(f"{len(result.errors)} error{'s' if len(result.errors) != 1 else ''}")
        if extras:
            line += ", " + ", ".join(extras)
        style = "bold red" if result.errors or active else "bold green"
        return Text(line + ".", style=style)


def make_reporter(*, color: bool = False, show_suppressed: bool = False, quiet: bool = False) -> TextReporter:
    """The text reporter; ``show_suppressed`` lists baseline-accepted findings, ``quiet`` only the summary."""
    return TextReporter(color=color, show_suppressed=show_suppressed, quiet=quiet)
