"""The values every parser returns, and the collector parsers fill."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from faasguard.deps.packages import Ecosystem, Package

__all__ = ["Collector", "Context", "Parsed", "Parser", "Pin"]


class Pin(StrEnum):
    """How firmly a declaration fixes what gets installed."""

    EXACT = "exact"  # one version of a registry package
    RANGE = "range"  # a range, a tag or "any": the installed version can change tomorrow
    URL = "url"  # a VCS or archive URL: reproducible only if it names a commit or a hash
    LOCAL = "local"  # a path inside the project (workspace member, editable install, path dependency)
    UNRESOLVED = "unresolved"  # decided somewhere the file does not show (a ${property}, a BOM, a parent)


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one manifest or lockfile declares.

    ``packages`` in file order; ``problems`` are ``(line, message)`` pairs
    (line 0 when no line applies) for input that could not be read in full;
    ``kind`` names the format and version (``"package-lock.json v3"``);
    ``locked`` is true when the file pins exact versions of the whole tree.

    ``pins`` is aligned with ``packages`` and says how each one is fixed.
    ``edges`` are ``(dependent, dependency)`` index pairs into ``packages``,
    given by the lockfiles that record who pulls in whom; they let
    :func:`~faasguard.deps.manifests.read_folder` work out dev-only packages
    for lockfiles that do not mark them (yarn, Cargo, Bundler).
    """

    packages: tuple[Package, ...]
    problems: tuple[tuple[int, str], ...]
    kind: str
    locked: bool
    pins: tuple[Pin, ...] = ()
    edges: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.pins and len(self.pins) != len(self.packages):
            raise ValueError("pins must be aligned with packages")

    def pin(self, index: int) -> Pin:
        """How ``packages[index]`` is fixed (EXACT/RANGE from its version when no pins were given)."""
        if self.pins:
            return self.pins[index]
        return Pin.EXACT if self.packages[index].version else Pin.RANGE


class Collector:
    """Accumulates one file's packages, pins, edges and problems, then freezes them."""

    __slots__ = ("_edges", "_hidden", "_packages", "_pins", "_problems", "ecosystem", "file")

    #: Problems kept per file; a garbage file would otherwise yield one per line.
    MAX_PROBLEMS = 50

    def __init__(self, ecosystem: Ecosystem, file: str) -> None:
        self.ecosystem = ecosystem
        self.file = file
        self._packages: list[Package] = []
        self._pins: list[Pin] = []
        self._problems: list[tuple[int, str]] = []
        self._edges: list[tuple[int, int]] = []
        self._hidden = 0

    def add(
        self,
        name: str,
        version: str | None,
        spec: str | None,
        line: int,
        pin: Pin,
        *,
        dev: bool = False,
        direct: bool = True,
        file: str | None = None,
    ) -> int:
        """Record one package; returns its index (for :meth:`edge`)."""
        self._packages.append(
            Package(self.ecosystem, name, version, spec, file or self.file, line, dev=dev, direct=direct)
        )
        self._pins.append(pin)
        return len(self._packages) - 1

    def problem(self, line: int, message: str) -> None:
        """Record a problem: input that could not be read in full."""
        if len(self._problems) < self.MAX_PROBLEMS:
            self._problems.append((line, message))
        else:
            self._hidden += 1

    def edge(self, dependent: int, dependency: int) -> None:
        """Record that package ``dependent`` pulls in package ``dependency``."""
        if dependent != dependency:
            self._edges.append((dependent, dependency))

    def mark_direct(self, indices: Iterable[int]) -> None:
        """Mark packages the project names itself, once the file has said which."""
        for index in indices:
            self._packages[index] = replace(self._packages[index], direct=True)

    def __len__(self) -> int:
        return len(self._packages)

    def result(self, kind: str, locked: bool) -> Parsed:
        """The frozen :class:`Parsed` value."""
        problems = list(self._problems)
        if self._hidden:
            problems.append((0, f"{self._hidden} more problems not shown"))
        return Parsed(
            tuple(self._packages),
            tuple(problems),
            kind,
            locked,
            tuple(self._pins),
            tuple(sorted(set(self._edges))),
        )


@dataclass(frozen=True, slots=True)
class Context:
    """Where the text being parsed came from: for includes and messages."""

    path: Path
    display: str
    root: Path  # includes must resolve inside this folder
    max_bytes: int


#: A parser reads ``text`` into the collector and returns ``(kind, locked)``.
Parser = Callable[[str, Collector, Context], tuple[str, bool]]
