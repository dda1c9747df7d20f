"""A function's code folder as one set of packages: manifests merged with their lockfiles."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from faasguard.deps.manifests._formats import Format, Role, find_manifests, format_for, parse_manifest
from faasguard.deps.manifests._go import go_version_key
from faasguard.deps.manifests._graph import dev_only
from faasguard.deps.manifests._model import Parsed, Pin
from faasguard.deps.manifests._pyspec import is_dev_name
from faasguard.deps.manifests._results import (
    FolderDeps,
    ManifestFile,
    Problem,
    Unpinned,
    unique_packages,
    unique_problems,
    unique_unpinned,
)
from faasguard.deps.manifests._text import DEFAULT_MAX_BYTES
from faasguard.deps.packages import Package

__all__ = ["read_folder"]

# The lockfiles each manifest's tool writes beside it, in the order the tool prefers them.
_LOCKS_FOR: dict[str, tuple[str, ...]] = {
    "package.json": ("npm-shrinkwrap.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock"),
    "pyproject.toml": ("poetry.lock", "uv.lock"),
    "Pipfile": ("Pipfile.lock",),
    "Gemfile": ("Gemfile.lock",),
    "gems.rb": ("gems.locked",),
    "Cargo.toml": ("Cargo.lock",),
    "go.mod": ("go.sum",),
}
# Pins worth a finding: the installed version may change, or cannot be known from the files.
_REPORTED = frozenset({Pin.RANGE, Pin.URL, Pin.UNRESOLVED})


@dataclass(frozen=True, slots=True)
class _Read:
    name: str
    display: str
    fmt: Format
    parsed: Parsed


def _join(root: str, name: str) -> str:
    return name if root in ("", ".") else root.rstrip("/\\") + "/" + name


def _merge(manifest: Parsed, lock: _Read) -> tuple[list[Package], set[int]]:
    """The lock's packages with the manifest's flags, and the declarations the lock covers."""
    packages = lock.parsed.packages
    by_name: dict[str, list[int]] = {}
    for index, package in enumerate(packages):
        by_name.setdefault(package.name, []).append(index)
    flagged: dict[int, bool] = {}  # lock index -> dev, for packages the manifest names
    matched: set[int] = set()
    for number, declared in enumerate(manifest.packages):
        candidates = by_name.get(declared.name, [])
        if not candidates:
            continue
        matched.add(number)
        # Several versions of one name: take the direct one, else the one this range resolved to.
        pick = [c for c in candidates if packages[c].direct] or [
            c for c in candidates if declared.spec and declared.spec in (packages[c].spec or "").split(", ")
        ]
        # Else the first entry: lockfiles that nest copies (npm v1) list the top-level one first.
        for index in pick or candidates[:1]:
            flagged[index] = flagged.get(index, True) and declared.dev  # shipped wins over dev
    dev_set: set[int] | None = None
    if not lock.fmt.marks_dev and lock.parsed.edges:
        prod = [i for i, dev in flagged.items() if not dev]
        dev_set = dev_only(prod, [i for i, dev in flagged.items() if dev], lock.parsed.edges)
    merged = []
    for index, package in enumerate(packages):
        if index in flagged:
            package = replace(package, direct=True, dev=flagged[index])
        else:
            # Direct means named by this manifest; workspace members' own dependencies are not.
            dev = index in dev_set if dev_set is not None else package.dev
            package = replace(package, direct=False, dev=dev)
        merged.append(package)
    return merged, matched


def _go_merge(mod: Parsed, sums: Parsed | None) -> list[Package]:
    """go.mod's selected versions; before go 1.17 go.mod omits indirect modules, so go.sum adds them."""
    packages = list(mod.packages)
    if sums is None or mod.locked:
        return packages
    named = {p.name for p in packages}
    best: dict[str, Package] = {}
    for package in sums.packages:
        if package.name in named or package.version is None:
            continue
        held = best.get(package.name)
        if held is None or go_version_key(package.version) > go_version_key(held.version or ""):
            best[package.name] = package
    return packages + list(best.values())


def read_folder(
    folder: Path,
    display_root: str | None = None,
    *,
    root: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FolderDeps:
    """Parse every manifest and lockfile directly in ``folder`` and merge each manifest with its lockfile.

    ``display_root`` prefixes file names in ``Package.file`` and problems
    (default ``str(folder)``); ``root`` is the scan root that includes and
    symbolic links must stay inside (default ``folder``).

    A manifest with a lockfile (package.json with package-lock.json,
    npm-shrinkwrap.json, pnpm-lock.yaml or yarn.lock; pyproject.toml with
    poetry.lock or uv.lock, or else a fully pinned requirements file;
    Pipfile with Pipfile.lock; Gemfile with Gemfile.lock; Cargo.toml with
    Cargo.lock) contributes the lockfile's exact versions, with ``direct``
    and ``dev`` taken from the manifest; for lockfiles that do not mark dev
    packages (yarn, Bundler, Cargo) dev-only packages are found by walking
    the lockfile's edges from the manifest's shipped and dev declarations.
    go.mod is the authority for Go (its versions are exact); go.sum only
    adds modules that go.mod files older than go 1.17 leave out.
    Declarations a lockfile does not cover, and declarations of manifests
    without one, are listed in ``unpinned`` unless they fix one version or
    point into the project.
    """
    shown_root = str(folder) if display_root is None else display_root
    reads: dict[str, _Read] = {}
    for path in find_manifests(folder):
        fmt = format_for(path.name)
        if fmt is None:  # pragma: no cover - find_manifests only lists known names
            continue
        display = _join(shown_root, path.name)
        parsed = parse_manifest(path, display, root=root or folder, max_bytes=max_bytes)
        reads[path.name] = _Read(path.name, display, fmt, parsed)

    def usable(name: str) -> bool:
        read = reads.get(name)
        return read is not None and bool(read.parsed.packages or not read.parsed.problems)

    locks_of: dict[str, list[str]] = {}
    for name, read in reads.items():
        if read.fmt.role is Role.MANIFEST and name in _LOCKS_FOR:
            locks_of[name] = [lock for lock in _LOCKS_FOR[name] if usable(lock)]
    if (
        "pyproject.toml" in locks_of
        and not locks_of["pyproject.toml"]
        and reads["pyproject.toml"].parsed.packages
    ):
        # Lambda builds install requirements.txt; a fully pinned one exported from pyproject is its lockfile.
        locks_of["pyproject.toml"] = [
            name
            for name, read in reads.items()
            if read.fmt.label == "requirements.txt" and read.parsed.locked and not is_dev_name(name[:-4])
        ]
    return _assemble(reads, locks_of)


def _assemble(reads: dict[str, _Read], locks_of: dict[str, list[str]]) -> FolderDeps:
    merged: dict[str, list[Package]] = {}
    covered: dict[str, set[int]] = {}
    for manifest, locks in locks_of.items():
        parsed = reads[manifest].parsed
        covered[manifest] = set()
        if manifest == "go.mod":
            merged[manifest] = _go_merge(parsed, reads["go.sum"].parsed if locks else None)
            covered[manifest] = set(range(len(parsed.packages)))
            merged.update({lock: [] for lock in locks})
            continue
        for lock in locks:
            merged[lock], matched = _merge(parsed, reads[lock])
            covered[manifest] |= matched
    packages: list[Package] = []
    unpinned: list[Unpinned] = []
    files: list[ManifestFile] = []
    problems: list[Problem] = []
    for name, read in reads.items():
        parsed = read.parsed
        locks = locks_of.get(name, [])
        lockfiles = tuple(reads[lock].display for lock in locks)
        files.append(
            ManifestFile(
                read.display,
                parsed.kind,
                read.fmt.ecosystem,
                read.fmt.role,
                parsed.locked,
                len(parsed.packages),
                lockfiles,
            )
        )
        problems += [Problem(read.display, line, message) for line, message in parsed.problems]
        if name in merged:
            packages += merged[name]
        done = covered.get(name, set())
        for index, package in enumerate(parsed.packages):
            if index in done:
                continue
            if name not in merged:
                packages.append(package)
            pin = parsed.pin(index)
            if pin in _REPORTED and read.fmt.role is Role.MANIFEST:
                unpinned.append(Unpinned(package, pin, lockfiles[0] if lockfiles else None))
    return FolderDeps(
        unique_packages(packages), unique_unpinned(unpinned), tuple(files), unique_problems(problems)
    )
