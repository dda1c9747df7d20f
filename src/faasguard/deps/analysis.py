"""What each function ships: its code folder, the packages there, and their advisories.

This runs between loading and the rules: it finds each function's code
folder from the model (SAM ``CodeUri``, a Serverless service's folder and
handler, Terraform ``filename``/``archive_file`` source), reads the folder's
manifests and lockfiles once however many functions share it, looks the
exact versions up in one batch, and attaches the result to the workload as
:class:`~faasguard.model.FunctionCode` values for the dependency rules.
Nothing in the folder is run or imported.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faasguard.model import (
    Function,
    FunctionCode,
    Location,
    LooseDependency,
    ShippedPackage,
    Unknown,
    Workload,
)

__all__ = ["DependencyOptions", "analyse_dependencies"]


@dataclass(slots=True)
class DependencyOptions:
    """How the dependency layer looks packages up (picklable; services are made where they run)."""

    online: bool = False
    db_path: str | None = None  # the offline database (default: the platform cache folder)
    osv_url: str | None = None
    pypi_url: str | None = None
    npm_registry: str | None = None
    max_bytes: int = 64 * 1024 * 1024
    _service: Any = field(default=None, repr=False, compare=False)
    _folders: dict[Path, Any] = field(default_factory=dict, repr=False, compare=False)
    _facts: dict[Path, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:  # workers build their own service and caches
        return {
            k: getattr(self, k)
            for k in ("online", "db_path", "osv_url", "pypi_url", "npm_registry", "max_bytes")
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            setattr(self, k, v)
        self._service, self._folders, self._facts = None, {}, {}


def analyse_dependencies(
    workload: Workload, source: Path, root: Path, options: DependencyOptions
) -> Workload:
    """``workload`` with what each of its functions ships (unchanged when no function has local code)."""
    folders: dict[Path, list[tuple[Function, Location]]] = {}
    for fn in workload.functions:
        found = _code_folder(fn, workload, source, root)
        if found is not None:
            folders.setdefault(found[0], []).append((fn, found[1]))
    if not folders:
        return workload
    from faasguard.deps.manifests import read_folder

    read: dict[Path, Any] = {}
    for folder in folders:
        if folder not in options._folders:
            options._folders[folder] = read_folder(
                folder, _display(folder, source, workload), root=root, max_bytes=options.max_bytes
            )
        read[folder] = options._folders[folder]
    refs = sorted({p.ref for deps in read.values() for p in deps.packages if p.ref is not None and not p.dev})
    found_advisories, skipped, status = _lookup(refs, options)
    code: list[FunctionCode] = []
    problems: list[tuple[Location, str]] = []
    notes: list[tuple[Location, str]] = []
    for folder, users in folders.items():
        deps = read[folder]
        for p in deps.problems:  # what was left unread is a note; a broken file an error
            (notes if "not read" in p.message else problems).append((Location(p.file, p.line), p.message))
        shipped = tuple(
            ShippedPackage(
                p.ecosystem.value,
                p.name,
                p.version,
                Location(p.file, p.line),
                p.direct,
                found_advisories.get(p.ref, ()) if p.ref is not None else (),
                _unchecked(p, skipped),
            )
            for p in deps.packages
            if not p.dev
        )
        loose = tuple(
            LooseDependency(
                u.package.name, u.package.spec or "", Location(u.package.file, u.package.line), str(u.pin)
            )
            for u in deps.unpinned
            if not u.package.dev
        )
        unlocked = tuple(Location(f.file, 0) for f in deps.unlocked)
        facts = options._facts.get(folder)
        if facts is None:
            from faasguard.deps.inspect import inspect_folder

            facts = options._facts[folder] = inspect_folder(folder)
        unused = _unused(deps, facts, folder, root)
        ids = [fn.id for fn, _ in users]
        for fn, where in users:
            code.append(
                FunctionCode(
                    fn.id,
                    _display(folder, source, workload),
                    where,
                    shipped,
                    loose,
                    unlocked,
                    status,
                    tuple(i for i in ids if i != fn.id),
                    facts.python_imports if facts.python_sources else None,
                    facts.js_imports if facts.js_sources else None,
                    facts.dynamic_imports or not facts.complete,
                    facts.size if facts.complete else None,
                    () if fn.build else facts.dev_files,  # a sam build method decides what ships
                    unused,
                )
            )
    return dataclasses.replace(
        workload,
        code=tuple(code),
        problems=workload.problems + tuple(problems),
        notes=workload.notes + tuple(notes),
    )


def _display(folder: Path, source: Path, workload: Workload) -> str:
    """The folder as reports show it: beside the source, the way the source itself is shown."""
    base_real = source if source.is_dir() else source.parent
    base_shown = workload.source if source.is_dir() else os.path.dirname(workload.source)
    rel = os.path.relpath(folder, base_real)
    return os.path.normpath(os.path.join(base_shown, rel)) if base_shown else os.path.normpath(rel)


def _code_folder(fn: Function, workload: Workload, source: Path, root: Path) -> tuple[Path, Location] | None:
    """The local folder a function's code comes from, and where the source says so."""
    if fn.package_type == "Image" or fn.image_uri is not None:
        return None
    base = source if source.is_dir() else source.parent
    where = fn.location.at(fn.field_lines.get("CodeUri") or fn.field_lines.get("Code"))
    code = fn.code_uri
    if workload.format == "serverless":
        return _serverless_folder(fn, base, root), fn.location.at(fn.field_lines.get("Handler"))
    if not isinstance(code, str) or isinstance(code, Unknown) or not code.strip() or code == "<inline>":
        return None
    text = str(code).strip()
    if "://" in text or text.startswith("${") or "{{" in text:
        return None  # in S3 or computed: nothing local to read
    path = (base / text).resolve()
    if path.suffix.lower() in (".zip", ".jar"):
        path = path.parent  # a local archive built from this folder: its manifests sit beside it or above
        if not _has_manifest(path):
            return None
    if not path.is_dir() or not path.is_relative_to(root):
        return None
    return path, where


def _serverless_folder(fn: Function, service: Path, root: Path) -> Path:
    """A Serverless function ships the service folder; a handler folder with its own manifests wins."""
    handler = fn.handler if isinstance(fn.handler, str) else ""
    folder = (service / os.path.dirname(handler)).resolve() if handler else service
    while folder.is_relative_to(service) and folder != service:
        if _has_manifest(folder) and folder.is_relative_to(root):
            return folder
        folder = folder.parent
    return service


def _has_manifest(folder: Path) -> bool:
    try:
        from faasguard.deps.manifests._formats import format_for

        return any(format_for(e.name) is not None for e in os.scandir(folder))
    except OSError:
        return False


def _unused(deps: Any, facts: Any, folder: Path, root: Path) -> tuple[LooseDependency, ...]:
    """Direct shipped dependencies that no source of the folder imports (with their manifest lines)."""
    from faasguard.deps.imports import never_imported

    if not facts.complete or facts.dynamic_imports:
        return ()
    candidates = never_imported(deps.packages, facts)
    if not candidates:
        return ()
    from faasguard.deps.manifests import Role, parse_manifest

    out: list[LooseDependency] = []
    for manifest in deps.files:
        if manifest.role is not Role.MANIFEST:
            continue
        path = folder / os.path.basename(manifest.file)  # manifests sit directly in the folder
        for p in parse_manifest(path, manifest.file, root=root).packages:
            if not p.dev and p.direct and (p.ecosystem.value, p.name) in candidates:
                out.append(
                    LooseDependency(
                        p.name, p.spec or p.version or "", Location(p.file, p.line), "never imported"
                    )
                )
    return tuple(out)


def _unchecked(package: Any, skipped: dict[Any, str]) -> str:
    if package.ref is None:
        return "no exact version to look up"
    return skipped.get(package.ref, "")


def _lookup(refs: Sequence[Any], options: DependencyOptions) -> tuple[dict[Any, Any], dict[Any, str], str]:
    """Advisories for the exact versions, the versions left unchecked, and which service answered."""
    if not refs:
        return {}, {}, ""
    from faasguard.deps.service import lookup

    return lookup(refs, options)
