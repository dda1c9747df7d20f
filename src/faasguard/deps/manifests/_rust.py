"""Cargo: ``Cargo.toml`` declarations and ``Cargo.lock`` packages."""

from __future__ import annotations

import re
from typing import Any

from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._text import mask_url, table_lines
from faasguard.deps.manifests._toml import TomlLines, load_toml, table

__all__ = ["parse_cargo_lock", "parse_cargo_toml"]

# Dev and build dependencies are compiled for the build machine, not linked into the function.
_TABLES = (("dependencies", False), ("dev-dependencies", True), ("build-dependencies", True))
_EXACT = re.compile(r"^=\s*(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$")


def _declare(
    out: Collector, lines: TomlLines, where: tuple[str, ...], key: str, value: object, dev: bool
) -> None:
    line = lines.get(*where, key)
    if isinstance(value, str):
        value = {"version": value}
    if not isinstance(value, dict):
        out.problem(line, f"dependency {key}: expected a version string or a table")
        return
    name = str(value.get("package") or key)
    if value.get("workspace") is True:
        out.add(name, None, "workspace", line, Pin.UNRESOLVED, dev=dev)
    elif "path" in value:
        out.add(name, None, str(value["path"]), line, Pin.LOCAL, dev=dev)
    elif "git" in value:
        ref = value.get("rev") or value.get("tag") or value.get("branch") or ""
        out.add(name, None, mask_url(f"{value['git']}@{ref}".rstrip("@")), line, Pin.URL, dev=dev)
    else:
        spec = str(value.get("version", "*")).strip()
        exact = _EXACT.match(spec)
        version = exact.group(1) if exact else None
        out.add(name, version, spec, line, Pin.EXACT if version else Pin.RANGE, dev=dev)


def _tables(doc: dict[str, Any]) -> list[tuple[tuple[str, ...], dict[str, Any], bool]]:
    found: list[tuple[tuple[str, ...], dict[str, Any], bool]] = []
    targets = table(doc, "target")
    scopes: list[tuple[tuple[str, ...], dict[str, Any]]] = [((), doc)]
    scopes += [(("target", name), body) for name, body in targets.items() if isinstance(body, dict)]
    for prefix, body in scopes:
        for kind, dev in _TABLES:
            if isinstance(body.get(kind), dict):
                found.append(((*prefix, kind), body[kind], dev))
    workspace = doc.get("workspace")
    if isinstance(workspace, dict) and isinstance(workspace.get("dependencies"), dict):
        # Shared versions for the members; whether a member uses one as dev is not known here.
        found.append((("workspace", "dependencies"), workspace["dependencies"], False))
    return found


def parse_cargo_toml(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """``[dependencies]`` (shipped), dev and build dependencies, per-target tables and workspace versions."""
    doc, problem = load_toml(text)
    if doc is None:
        if problem:
            out.problem(*problem)
        return "Cargo.toml", False
    lines = TomlLines(text)
    for where, declared, dev in _tables(doc):
        for key, value in declared.items():
            _declare(out, lines, where, key, value, dev)
    return "Cargo.toml", False


def parse_cargo_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Registry and git packages with dependency edges; workspace members are the roots, not packages."""
    if not text.strip():
        out.problem(1, "empty file, expected a Cargo.lock")
        return "Cargo.lock", False
    doc, problem = load_toml(text)
    if doc is None:
        if problem:
            out.problem(*problem)
        return "Cargo.lock", False
    packages = doc.get("package")
    if not isinstance(packages, list):
        out.problem(1, "not a Cargo.lock: no [[package]] tables")
        return "Cargo.lock", False
    lines = table_lines(text, "[[package]]")
    lines = lines if len(lines) == len(packages) else [0] * len(packages)
    by_name: dict[str, list[tuple[str, int | None]]] = {}
    members: list[Any] = []
    emitted: list[tuple[int, Any]] = []
    for entry, line in zip(packages, lines, strict=True):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            out.problem(line, "[[package]] without a name")
            continue
        name, version, source = entry["name"], str(entry.get("version", "")), entry.get("source")
        if not isinstance(source, str):
            members.append(entry)
            by_name.setdefault(name, []).append((version, None))
            continue
        if source.startswith(("registry+", "sparse+")):
            index = out.add(name, version, None, line, Pin.EXACT, direct=False)
        else:
            index = out.add(name, None, mask_url(source), line, Pin.URL, direct=False)
        by_name.setdefault(name, []).append((version, index))
        emitted.append((index, entry))

    def targets(reference: object) -> list[int]:
        parts = str(reference).split()
        found = by_name.get(parts[0], []) if parts else []
        if len(parts) > 1:
            found = [item for item in found if item[0] == parts[1]]
        return [index for _, index in found if index is not None]

    for index, entry in emitted:
        for reference in entry.get("dependencies", []) or []:
            for target in targets(reference):
                out.edge(index, target)
    out.mark_direct(
        {t for member in members for ref in member.get("dependencies", []) or [] for t in targets(ref)}
    )
    lock_version = doc.get("version")
    return (f"Cargo.lock v{lock_version}" if lock_version is not None else "Cargo.lock"), True
