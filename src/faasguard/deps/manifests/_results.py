"""What :func:`~faasguard.deps.manifests.read_folder` returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from faasguard.deps.manifests._formats import Role
from faasguard.deps.manifests._model import Pin
from faasguard.deps.packages import Ecosystem, Package

__all__ = [
    "FolderDeps",
    "ManifestFile",
    "Problem",
    "Unpinned",
    "unique_packages",
    "unique_problems",
    "unique_unpinned",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """A file, or a line of it, that could not be read in full."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True, slots=True)
class ManifestFile:
    """One file read from the folder.

    ``locked``: the file pins the whole tree itself; ``lockfiles``: for a
    manifest, the lockfiles beside it that pin it (empty: none does);
    ``declared``: how many packages the file lists.
    """

    file: str
    kind: str
    ecosystem: Ecosystem
    role: Role
    locked: bool
    declared: int
    lockfiles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unpinned:
    """A declaration whose installed version no file fixes.

    ``pin`` says why (a range, a URL, or unresolved); ``lockfile`` is the
    lockfile that should have listed it, ``None`` when none pins its manifest.
    """

    package: Package
    pin: Pin
    lockfile: str | None


@dataclass(frozen=True, slots=True)
class FolderDeps:
    """Everything the manifests and lockfiles of one folder say.

    ``packages``: lockfile entries where a lockfile exists (exact versions,
    with direct/dev flags taken from the manifest), else the manifest's own
    declarations.  ``unpinned``: declarations nothing pins.  ``files``: each
    file read.  ``problems``: what could not be read.
    """

    packages: tuple[Package, ...]
    unpinned: tuple[Unpinned, ...]
    files: tuple[ManifestFile, ...]
    problems: tuple[Problem, ...]

    @property
    def unlocked(self) -> tuple[ManifestFile, ...]:
        """Manifests that declare packages but have no lockfile and do not pin the tree themselves."""
        return tuple(
            f
            for f in self.files
            if f.role is Role.MANIFEST and f.declared and not f.locked and not f.lockfiles
        )


# Requirements files include one another (requirements-dev.txt: `-r requirements.txt`), so the
# same declaration, and the same problem in a shared include, can arrive through several files.


def unique_packages(packages: list[Package]) -> tuple[Package, ...]:
    """One package per declaration; shipped if any file that reaches it ships it."""
    seen: dict[tuple[str, str | None, str, int], int] = {}
    result: list[Package] = []
    for package in packages:
        key = (package.name, package.version, package.file, package.line)
        if key not in seen:
            seen[key] = len(result)
            result.append(package)
            continue
        held = result[seen[key]]
        result[seen[key]] = replace(held, dev=held.dev and package.dev, direct=held.direct or package.direct)
    return tuple(result)


def unique_unpinned(unpinned: list[Unpinned]) -> tuple[Unpinned, ...]:
    """One entry per declaration."""
    seen: set[tuple[str, str, int]] = set()
    result: list[Unpinned] = []
    for item in unpinned:
        key = (item.package.name, item.package.file, item.package.line)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return tuple(result)


# Problems met in an included file read their `file:line: ` first.
_INCLUDED = re.compile(r"^\S+:\d+: ")


def unique_problems(problems: list[Problem]) -> tuple[Problem, ...]:
    """Each problem once: at its own file when that file was read too, else at the first include."""
    own = {f"{p.file}:{p.line}: {p.message}" for p in problems if not _INCLUDED.match(p.message)}
    seen: set[str] = set()
    result: list[Problem] = []
    for problem in problems:
        included = bool(_INCLUDED.match(problem.message))
        key = problem.message if included else f"{problem.file}:{problem.line}: {problem.message}"
        if key in seen or (included and key in own):
            continue
        seen.add(key)
        result.append(problem)
    return tuple(result)
