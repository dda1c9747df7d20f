"""The AWS Lambda managed-runtime end-of-support table.

For every runtime identifier AWS has had, the table records the
*deprecation* date (from then on AWS applies no security patches to the
runtime and the function is no longer eligible for technical support), the
dates from which AWS blocks creating and then updating functions that use
it (where AWS published them), and a suggested replacement.

The dates come from the AWS Lambda Developer Guide ("Lambda runtimes", the
per-language pages, and "Runtime deprecation") and, for long-gone runtimes,
AWS deprecation notices; AWS moves block dates now and then, so the table
says how current it is in :data:`TABLE_AS_OF`.  Regenerate or edit it when
AWS announces a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "DEPRECATING_WITHIN_DAYS",
    "TABLE_AS_OF",
    "RuntimeInfo",
    "RuntimeState",
    "RuntimeStatus",
    "known_runtimes",
    "runtime_info",
    "runtime_status",
]

#: The day the table below was last checked against the AWS documentation.
TABLE_AS_OF = date(2026, 12, 4)

#: A runtime whose deprecation is at most this many days away is "deprecating".
DEPRECATING_WITHIN_DAYS = 180


class RuntimeState(StrEnum):
    """Where a runtime stands on a given day."""

    SUPPORTED = "supported"
    DEPRECATING = "deprecating"  # deprecation within DEPRECATING_WITHIN_DAYS
    DEPRECATED = "deprecated"  # no more security patches
    UNKNOWN = "unknown"  # not in the table


@dataclass(frozen=True, slots=True)
class RuntimeInfo:
    """One row of the table; ``None`` dates were not published by AWS."""

    identifier: str
    name: str
    deprecation: date | None
    block_create: date | None
    block_update: date | None
    replacement: str | None


@dataclass(frozen=True, slots=True)
class RuntimeStatus:
    """The state of ``runtime`` on a given day, with the dates behind it."""

    runtime: str
    state: RuntimeState
    deprecation: date | None
    replacement: str | None
    block_create: date | None = None
    block_update: date | None = None


_NODE = "nodejs24.x"
_PYTHON = "python3.14"
_JAVA = "java25"
_DOTNET = "dotnet10"
_RUBY = "ruby3.4"
_OS_ONLY = "provided.al2023"

_D = date
# identifier, name, deprecation, block create, block update, replacement
_ROWS: tuple[tuple[str, str, date | None, date | None, date | None, str | None], ...] = (
    # Node.js
    ("nodejs", "Node.js 0.10", _D(2016, 10, 31), _D(2016, 10, 31), _D(2016, 10, 31), _NODE),
    ("nodejs4.3", "Node.js 4.3", _D(2018, 4, 30), _D(2018, 12, 15), _D(2019, 4, 30), _NODE),
    ("nodejs4.3-edge", "Node.js 4.3 edge", _D(2018, 4, 30), _D(2018, 12, 15), _D(2019, 4, 30), _NODE),
    ("nodejs6.10", "Node.js 6.10", _D(2019, 4, 30), _D(2019, 4, 30), _D(2019, 8, 12), _NODE),
    ("nodejs8.10", "Node.js 8.10", _D(2019, 12, 31), _D(2020, 1, 6), _D(2020, 2, 3), _NODE),
    ("nodejs10.x", "Node.js 10", _D(2021, 7, 30), _D(2021, 7, 30), _D(2022, 2, 14), _NODE),
    ("nodejs12.x", "Node.js 12", _D(2023, 3, 31), _D(2023, 3, 31), _D(2023, 4, 30), _NODE),
    ("nodejs14.x", "Node.js 14", _D(2023, 12, 4), _D(2024, 1, 9), _D(2024, 2, 8), _NODE),
    ("nodejs16.x", "Node.js 16", _D(2024, 6, 12), _D(2025, 10, 1), _D(2026, 3, 9), _NODE),
    ("nodejs18.x", "Node.js 18", _D(2025, 9, 1), _D(2025, 10, 1), _D(2026, 3, 9), _NODE),
    ("nodejs20.x", "Node.js 20", _D(2026, 4, 30), _D(2026, 8, 31), _D(2026, 9, 30), _NODE),
    ("nodejs22.x", "Node.js 22", _D(2027, 4, 30), _D(2027, 6, 1), _D(2027, 7, 1), _NODE),
    ("nodejs24.x", "Node.js 24", _D(2028, 4, 30), _D(2028, 6, 1), _D(2028, 7, 1), None),
    # Python
    ("python2.7", "Python 2.7", _D(2021, 7, 15), _D(2021, 7, 15), _D(2022, 5, 30), _PYTHON),
    ("python3.6", "Python 3.6", _D(2022, 7, 18), _D(2022, 7, 18), _D(2022, 8, 29), _PYTHON),
    ("python3.7", "Python 3.7", _D(2023, 12, 4), _D(2024, 1, 9), _D(2025, 2, 28), _PYTHON),
    ("python3.8", "Python 3.8", _D(2024, 10, 14), _D(2025, 2, 28), _D(2025, 3, 31), _PYTHON),
    ("python3.9", "Python 3.9", _D(2025, 12, 15), _D(2026, 2, 3), _D(2026, 3, 9), _PYTHON),
    ("python3.10", "Python 3.10", _D(2026, 10, 31), _D(2026, 11, 30), _D(2027, 1, 15), _PYTHON),
    ("python3.11", "Python 3.11", _D(2027, 6, 30), _D(2027, 7, 31), _D(2027, 8, 31), _PYTHON),
    ("python3.12", "Python 3.12", _D(2028, 10, 31), _D(2028, 11, 30), _D(2029, 1, 10), _PYTHON),
    ("python3.13", "Python 3.13", _D(2029, 6, 30), _D(2029, 7, 31), _D(2029, 8, 31), _PYTHON),
    ("python3.14", "Python 3.14", _D(2029, 6, 30), _D(2029, 7, 31), _D(2029, 8, 31), None),
    # Java
    ("java8", "Java 8 (Amazon Linux 1)", _D(2024, 1, 8), _D(2024, 2, 8), _D(2025, 2, 28), _JAVA),
    ("java8.al2", "Java 8", _D(2027, 6, 30), _D(2027, 7, 31), _D(2027, 8, 31), _JAVA),
    ("java11", "Java 11", _D(2027, 6, 30), _D(2027, 7, 31), _D(2027, 8, 31), _JAVA),
    ("java17", "Java 17", _D(2027, 6, 30), _D(2027, 7, 31), _D(2027, 8, 31), _JAVA),
    ("java21", "Java 21", _D(2029, 6, 30), _D(2029, 7, 31), _D(2029, 8, 31), _JAVA),
    ("java25", "Java 25", _D(2029, 6, 30), _D(2029, 7, 31), _D(2029, 8, 31), None),
    # .NET (dotnet5.0, dotnet7 and dotnet9 were container-image only: no block dates)
    ("dotnetcore1.0", ".NET Core 1.0", _D(2019, 6, 27), _D(2019, 6, 27), _D(2019, 7, 31), _DOTNET),
    ("dotnetcore2.0", ".NET Core 2.0", _D(2019, 4, 30), _D(2019, 4, 30), _D(2019, 5, 30), _DOTNET),
    ("dotnetcore2.1", ".NET Core 2.1", _D(2022, 1, 5), _D(2022, 1, 5), _D(2022, 4, 13), _DOTNET),
    ("dotnetcore3.1", ".NET Core 3.1", _D(2023, 4, 3), _D(2023, 4, 3), _D(2023, 5, 3), _DOTNET),
    ("dotnet5.0", ".NET 5 (container only)", _D(2022, 5, 10), None, None, _DOTNET),
    ("dotnet6", ".NET 6", _D(2024, 12, 20), _D(2027, 2, 1), _D(2027, 3, 3), _DOTNET),
    ("dotnet7", ".NET 7 (container only)", _D(2024, 5, 14), None, None, _DOTNET),
    ("dotnet8", ".NET 8", _D(2026, 11, 10), _D(2027, 2, 1), _D(2027, 3, 3), _DOTNET),
    ("dotnet9", ".NET 9 (container only)", _D(2026, 11, 10), None, None, _DOTNET),
    ("dotnet10", ".NET 10", _D(2028, 11, 14), _D(2028, 12, 14), _D(2029, 1, 15), None),
    # Go (the go1.x runtime; Go now runs on the OS-only runtimes)
    ("go1.x", "Go 1.x", _D(2024, 1, 8), _D(2024, 2, 8), _D(2025, 2, 28), _OS_ONLY),
    # Ruby
    ("ruby2.5", "Ruby 2.5", _D(2021, 7, 30), _D(2021, 7, 30), _D(2022, 3, 31), _RUBY),
    ("ruby2.7", "Ruby 2.7", _D(2023, 12, 7), _D(2024, 1, 9), _D(2025, 2, 28), _RUBY),
    ("ruby3.2", "Ruby 3.2", _D(2026, 3, 31), _D(2026, 8, 31), _D(2026, 9, 30), _RUBY),
    ("ruby3.3", "Ruby 3.3", _D(2027, 3, 31), _D(2027, 4, 30), _D(2027, 5, 31), _RUBY),
    ("ruby3.4", "Ruby 3.4", _D(2028, 3, 31), _D(2028, 4, 30), _D(2028, 5, 31), None),
    # In the Lambda API's runtime list; AWS had published no dates for it when checked.
    ("ruby4.0", "Ruby 4.0", None, None, None, None),
    # OS-only runtimes
    ("provided", "OS-only (Amazon Linux 1)", _D(2024, 1, 8), _D(2024, 2, 8), _D(2025, 2, 28), _OS_ONLY),
    ("provided.al2", "OS-only (Amazon Linux 2)", _D(2026, 6, 30), _D(2026, 7, 31), _D(2026, 8, 31), _OS_ONLY),
    (
        "provided.al2023",
        "OS-only (Amazon Linux 2023)",
        _D(2029, 6, 30),
        _D(2029, 7, 31),
        _D(2029, 8, 31),
        None,
    ),
)

_TABLE: dict[str, RuntimeInfo] = {row[0]: RuntimeInfo(*row) for row in _ROWS}


def known_runtimes() -> tuple[str, ...]:
    """Every runtime identifier in the table, in table order."""
    return tuple(_TABLE)


def runtime_info(runtime: str) -> RuntimeInfo | None:
    """The table row for ``runtime`` (exact identifier, else trimmed and lower-cased)."""
    return _TABLE.get(runtime) or _TABLE.get(runtime.strip().lower())


def runtime_status(runtime: str, today: date) -> RuntimeStatus:
    """Where ``runtime`` stands on ``today``.

    ``DEPRECATED`` from the deprecation date on; ``DEPRECATING`` when the
    deprecation is at most :data:`DEPRECATING_WITHIN_DAYS` days away;
    ``SUPPORTED`` otherwise (also when AWS has not published a date);
    ``UNKNOWN`` when the identifier is not in the table.
    """
    info = runtime_info(runtime)
    if info is None:
        return RuntimeStatus(runtime, RuntimeState.UNKNOWN, None, None)
    if info.deprecation is None:
        state = RuntimeState.SUPPORTED
    elif today >= info.deprecation:
        state = RuntimeState.DEPRECATED
    elif (info.deprecation - today).days <= DEPRECATING_WITHIN_DAYS:
        state = RuntimeState.DEPRECATING
    else:
        state = RuntimeState.SUPPORTED
    return RuntimeStatus(
        runtime=info.identifier,
        state=state,
        deprecation=info.deprecation,
        replacement=info.replacement,
        block_create=info.block_create,
        block_update=info.block_update,
    )
