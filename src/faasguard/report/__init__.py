"""Reporters: one module per output format, each renders one ``ScanResult``.

A reporter takes the whole :class:`~faasguard.result.ScanResult`, so new
output data never widens its signature.  Modules are imported on demand:
the JSON path never pays for rich.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from faasguard.result import ScanResult

__all__ = ["FORMATS", "Reporter", "get_reporter"]


class Reporter(Protocol):
    """Turns a scan result into the text of one report."""

    def render(self, result: ScanResult) -> str:
        """The report as a string (the CLI writes it to stdout or a file)."""
        ...


#: format name -> module holding a ``make_reporter(*, color, show_suppressed, quiet)`` function;
#: each accepts every option and ignores those that do not apply to its format
_MODULES = {
    "text": "faasguard.report.text",
    "json": "faasguard.report.json_report",
    "sarif": "faasguard.report.sarif",
    "junit": "faasguard.report.junit",
    "markdown": "faasguard.report.markdown",
    "html": "faasguard.report.html",
}
FORMATS = tuple(_MODULES)


def get_reporter(
    name: str, *, color: bool = False, show_suppressed: bool = False, quiet: bool = False
) -> Reporter:
    """The reporter for format ``name``; ``ValueError`` for an unknown format.

    ``color``: ANSI colours (text).  ``show_suppressed``: list the findings the
    baseline accepted instead of only counting them (text, markdown).
    ``quiet``: only the summary line (text).  Machine formats (json, sarif,
    junit) always hold everything, suppressed findings marked as such.
    """
    try:
        module = importlib.import_module(_MODULES[name])
    except KeyError:
        raise ValueError(f"unknown report format {name!r} (expected one of {', '.join(FORMATS)})") from None
    reporter: Reporter = module.make_reporter(color=color, show_suppressed=show_suppressed, quiet=quiet)
    return reporter
