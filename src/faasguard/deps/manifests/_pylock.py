"""Python lockfiles in TOML: ``poetry.lock`` and ``uv.lock``."""

from __future__ import annotations

import re
from typing import Any

from packaging.utils import canonicalize_name

from faasguard.deps.manifests._graph import dev_only
from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._text import mask_url, table_lines
from faasguard.deps.manifests._toml import load_toml, table

__all__ = ["parse_poetry_lock", "parse_uv_lock"]

# Sources that are code inside the project rather than something fetched.
_LOCAL_SOURCES = frozenset({"directory", "file", "editable", "virtual", "path"})
# The per-platform file and wheel lists, one inline table a line as both tools write them: most of a
# real lockfile, and nothing we read.  Emptied before parsing, newlines kept so lines stay true.
_FILE_LIST = re.compile(r"^(files|wheels) = \[\n(?:[ \t]+\{[^\n]*\},?\n)+\]$", re.MULTILINE)


def _without_file_lists(text: str) -> str:
    return _FILE_LIST.sub(lambda m: f"{m.group(1)} = []" + "\n" * m.group(0).count("\n"), text)


def _packages(text: str, out: Collector, what: str) -> tuple[dict[str, Any], list[Any], list[int]] | None:
    if not text.strip():
        out.problem(1, f"empty file, expected a {what}")
        return None
    doc, problem = load_toml(_without_file_lists(text))
    if doc is None:
        if problem:
            out.problem(*problem)
        return None
    packages = doc.get("package", [])
    if not isinstance(packages, list) or (not packages and "metadata" not in doc and "version" not in doc):
        out.problem(1, f"not a {what}: no [[package]] tables")
        return None
    lines = table_lines(text, "[[package]]")
    # Tables and header lines pair up in order; if a header hides in a string, give up on lines.
    return doc, packages, lines if len(lines) == len(packages) else [0] * len(packages)


def parse_poetry_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Every locked package; ``groups`` (Poetry 2) or ``category`` (Poetry 1) without main marks dev."""
    found = _packages(text, out, "poetry.lock")
    if found is None:
        return "poetry.lock", False
    doc, packages, lines = found
    index_of: dict[str, list[int]] = {}
    depends: list[tuple[int, Any]] = []
    for entry, line in zip(packages, lines, strict=True):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            out.problem(line, "[[package]] without a name")
            continue
        name = canonicalize_name(entry["name"])
        source = table(entry, "source")
        kind = str(source.get("type", ""))
        if kind in _LOCAL_SOURCES:
            continue
        groups = entry.get("groups")
        # Poetry 2 lists groups ("main" ships); Poetry 1 wrote a category.
        dev = "main" not in groups if isinstance(groups, list) else entry.get("category") == "dev"
        version = entry.get("version")
        if kind in ("git", "url"):
            where = str(source.get("url", ""))
            ref = source.get("resolved_reference") or source.get("reference")
            spec = mask_url(f"git+{where}@{ref}" if kind == "git" and ref else where)
            index = out.add(name, None, spec, line, Pin.URL, dev=dev, direct=False)
        elif isinstance(version, str) and version:
            index = out.add(name, version, None, line, Pin.EXACT, dev=dev, direct=False)
        else:
            out.problem(line, f"package {name} has no version")
            continue
        index_of.setdefault(name, []).append(index)
        depends.append((index, entry.get("dependencies")))
    for index, deps in depends:
        if isinstance(deps, dict):
            for dep in deps:
                for target in index_of.get(canonicalize_name(dep), ()):
                    out.edge(index, target)
    version = table(doc, "metadata").get("lock-version")
    return (f"poetry.lock {version}" if version else "poetry.lock"), True


def _refs(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _grouped(value: object) -> list[dict[str, Any]]:
    return [ref for refs in value.values() for ref in _refs(refs)] if isinstance(value, dict) else []


def parse_uv_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Every locked package; dev-only ones found by walking from the workspace members' groups."""
    found = _packages(text, out, "uv.lock")
    if found is None:
        return "uv.lock", False
    doc, packages, lines = found
    pairs = [
        (entry, line)
        for entry, line in zip(packages, lines, strict=True)
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    ]
    entries = [entry for entry, _ in pairs]
    if len(entries) < len(packages):
        out.problem(0, f"{len(packages) - len(entries)} [[package]] tables without a name")
    by_name: dict[str, list[int]] = {}
    for position, entry in enumerate(entries):
        by_name.setdefault(canonicalize_name(entry["name"]), []).append(position)

    def targets(ref: dict[str, Any]) -> list[int]:
        found = by_name.get(canonicalize_name(str(ref.get("name", ""))), [])
        if "version" in ref:
            found = [p for p in found if entries[p].get("version") == ref["version"]] or found
        return found

    members = [p for p, e in enumerate(entries) if _source_kind(e) in ("editable", "virtual")]
    prod_roots: list[int] = []
    dev_roots: list[int] = []
    edges: list[tuple[int, int]] = []
    for position, entry in enumerate(entries):
        shipped = _refs(entry.get("dependencies")) + _grouped(entry.get("optional-dependencies"))
        for ref in shipped:
            edges += [(position, target) for target in targets(ref)]
        if position in members:
            prod_roots += [t for ref in shipped for t in targets(ref)]
            dev_roots += [t for ref in _grouped(entry.get("dev-dependencies")) for t in targets(ref)]
    dev_set = dev_only(prod_roots, dev_roots, edges)
    direct = set(prod_roots) | set(dev_roots)
    emitted: dict[int, int] = {}
    for position, (entry, line) in enumerate(pairs):
        kind = _source_kind(entry)
        if kind in _LOCAL_SOURCES:
            continue
        name = canonicalize_name(entry["name"])
        dev, is_direct = position in dev_set, position in direct
        if kind in ("git", "url"):
            spec = mask_url(str(entry["source"][kind]))
            emitted[position] = out.add(name, None, spec, line, Pin.URL, dev=dev, direct=is_direct)
        elif isinstance(entry.get("version"), str):
            version = entry["version"]
            emitted[position] = out.add(name, version, None, line, Pin.EXACT, dev=dev, direct=is_direct)
        else:
            out.problem(line, f"package {name} has no version")
    for dependent, dependency in edges:
        if dependent in emitted and dependency in emitted:
            out.edge(emitted[dependent], emitted[dependency])
    version = doc.get("version")
    return (f"uv.lock v{version}" if version is not None else "uv.lock"), True


def _source_kind(entry: dict[str, Any]) -> str:
    source = entry.get("source")
    if isinstance(source, dict):
        for kind in ("registry", "git", "url", "editable", "virtual", "directory", "path"):
            if kind in source:
                return kind
    return "registry"
