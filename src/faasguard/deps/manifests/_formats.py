"""Which file names are manifests or lockfiles, and reading one into a :class:`Parsed`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from faasguard.deps.manifests._go import parse_go_mod, parse_go_sum
from faasguard.deps.manifests._jvm import parse_pom
from faasguard.deps.manifests._model import Collector, Context, Parsed, Parser
from faasguard.deps.manifests._npm import parse_package_json, parse_package_lock
from faasguard.deps.manifests._pnpm import parse_pnpm_lock
from faasguard.deps.manifests._pylock import parse_poetry_lock, parse_uv_lock
from faasguard.deps.manifests._python import parse_pipfile, parse_pipfile_lock, parse_pyproject
from faasguard.deps.manifests._requirements import parse_requirements
from faasguard.deps.manifests._ruby import parse_gemfile, parse_gemfile_lock
from faasguard.deps.manifests._rust import parse_cargo_lock, parse_cargo_toml
from faasguard.deps.manifests._text import DEFAULT_MAX_BYTES, quote, read_source
from faasguard.deps.manifests._yarn import parse_yarn_lock
from faasguard.deps.packages import Ecosystem

__all__ = ["Format", "Role", "find_manifests", "format_for", "parse_manifest"]


class Role(StrEnum):
    """What a file is to its ecosystem's tool."""

    MANIFEST = "manifest"  # what the project asks for
    LOCKFILE = "lockfile"  # what the tool resolved and installs


@dataclass(frozen=True, slots=True)
class Format:
    """One file format: its name, ecosystem, role and parser."""

    label: str
    ecosystem: Ecosystem
    role: Role
    parse: Parser
    marks_dev: bool = True  # False: the file cannot tell dev packages, its manifest must
    utf16_ok: bool = False  # the tool itself reads UTF-16 files with a byte order mark


_M, _L = Role.MANIFEST, Role.LOCKFILE
_REQUIREMENTS = Format("requirements.txt", Ecosystem.PYPI, _M, parse_requirements, utf16_ok=True)
_BY_NAME: dict[str, Format] = {
    "pyproject.toml": Format("pyproject.toml", Ecosystem.PYPI, _M, parse_pyproject),
    "Pipfile": Format("Pipfile", Ecosystem.PYPI, _M, parse_pipfile),
    "Pipfile.lock": Format("Pipfile.lock", Ecosystem.PYPI, _L, parse_pipfile_lock),
    "poetry.lock": Format("poetry.lock", Ecosystem.PYPI, _L, parse_poetry_lock),
    "uv.lock": Format("uv.lock", Ecosystem.PYPI, _L, parse_uv_lock),
    "package.json": Format("package.json", Ecosystem.NPM, _M, parse_package_json),
    "package-lock.json": Format("package-lock.json", Ecosystem.NPM, _L, parse_package_lock),
    "npm-shrinkwrap.json": Format("npm-shrinkwrap.json", Ecosystem.NPM, _L, parse_package_lock),
    "yarn.lock": Format("yarn.lock", Ecosystem.NPM, _L, parse_yarn_lock, marks_dev=False),
    "pnpm-lock.yaml": Format("pnpm-lock.yaml", Ecosystem.NPM, _L, parse_pnpm_lock),
    "pom.xml": Format("pom.xml", Ecosystem.MAVEN, _M, parse_pom),
    "go.mod": Format("go.mod", Ecosystem.GO, _M, parse_go_mod),
    "go.sum": Format("go.sum", Ecosystem.GO, _L, parse_go_sum, marks_dev=False),
    "Gemfile": Format("Gemfile", Ecosystem.RUBYGEMS, _M, parse_gemfile),
    "gems.rb": Format("gems.rb", Ecosystem.RUBYGEMS, _M, parse_gemfile),
    "Gemfile.lock": Format("Gemfile.lock", Ecosystem.RUBYGEMS, _L, parse_gemfile_lock, marks_dev=False),
    "gems.locked": Format("gems.locked", Ecosystem.RUBYGEMS, _L, parse_gemfile_lock, marks_dev=False),
    "Cargo.toml": Format("Cargo.toml", Ecosystem.CRATES, _M, parse_cargo_toml),
    "Cargo.lock": Format("Cargo.lock", Ecosystem.CRATES, _L, parse_cargo_lock, marks_dev=False),
}
# requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements_prod.txt ...
_REQUIREMENTS_NAME = re.compile(r"^[\w.-]*requirements[\w.-]*\.txt$", re.IGNORECASE)


def format_for(name: str) -> Format | None:
    """The format a file name stands for, or ``None``."""
    found = _BY_NAME.get(name)
    if found is None and _REQUIREMENTS_NAME.match(name):
        return _REQUIREMENTS
    return found


def find_manifests(folder: Path) -> list[Path]:
    """The manifests and lockfiles directly in ``folder``, sorted by name.

    Nothing below the folder is listed, so ``node_modules``, ``.git``,
    virtual environments and build output are never entered; files that a
    requirements file includes with ``-r`` are read by :func:`parse_manifest`.
    An unreadable folder yields an empty list.
    """
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        try:
            is_file = entry.is_file()
        except OSError:
            continue
        if is_file and format_for(entry.name) is not None:
            found.append(entry)
    return sorted(found, key=lambda path: path.name)


def _outside(path: Path, root: Path) -> bool:
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return True


def parse_manifest(
    path: Path,
    display: str | None = None,
    *,
    root: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Parsed:
    """Read one manifest or lockfile; never raises on bad input.

    The format comes from the file name (see :func:`find_manifests`).
    ``display`` is the path written into each ``Package.file`` (default
    ``str(path)``).  ``root`` bounds what may be read: the file itself and
    any ``-r`` include must resolve inside it (default: the file's folder),
    so a symbolic link cannot pull in a file from elsewhere on the machine.
    Files over ``max_bytes`` are not read.  Whatever goes wrong (size,
    encoding, syntax, shape) is a ``(line, message)`` entry in ``problems``.
    """
    shown = display if display is not None else str(path)
    fmt = format_for(path.name)
    if fmt is None:
        return Parsed((), ((0, f"{path.name} is not a known manifest or lockfile name"),), "unknown", False)
    out = Collector(fmt.ecosystem, shown)
    bound = root if root is not None else path.parent
    if _outside(path, bound):
        out.problem(0, "symbolic link to a file outside the scanned folder; not read")
        return out.result(fmt.label, False)
    source = read_source(path, max_bytes, utf16_ok=fmt.utf16_ok)
    for line, message in source.problems:
        out.problem(line, message)
    if source.text is None:
        return out.result(fmt.label, False)
    try:
        kind, locked = fmt.parse(source.text, out, Context(path, shown, bound, max_bytes))
    except RecursionError:
        out.problem(0, "nested too deeply to read")
        kind, locked = fmt.label, False
    except Exception as exc:  # a parser bug must cost one file, not the scan
        what = f"{type(exc).__name__}: {quote(str(exc))}"
        out.problem(0, f"could not be read ({what}); please report this as a faasguard bug")
        kind, locked = fmt.label, False
    return out.result(kind, locked)
