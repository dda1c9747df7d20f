"""``pnpm-lock.yaml``, lockfile versions 5.x, 6.x and 9.x.

The three shapes differ in how a package is keyed (``/name/1.0.0_peer``,
``/name@1.0.0(peer)``, ``name@1.0.0(peer)``) and in where dev flags live:
5.x and 6.x mark each package ``dev: true/false``; 9.x drops the flag, so
dev-only packages are found by walking ``snapshots`` from the importers'
``dependencies`` and ``devDependencies``.
"""

from __future__ import annotations

import re
from typing import Any

from faasguard.deps.manifests._graph import dev_only
from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._npm import split_descriptor
from faasguard.deps.manifests._text import mask_url, quote
from faasguard.deps.manifests._yaml import YMap, load_yaml

__all__ = ["parse_pnpm_lock"]

_REGISTRY_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_SHIPPED = ("dependencies", "optionalDependencies")
_ALL = (*_SHIPPED, "devDependencies")


def _key(key: str, major: int) -> tuple[str, str]:
    """A package key as ``(name, version)``, peer suffixes dropped."""
    bare = key.removeprefix("/")
    if major >= 6:
        return split_descriptor(bare.split("(", 1)[0])
    parts = bare.split("/")
    cut = 2 if bare.startswith("@") else 1
    return "/".join(parts[:cut]), "/".join(parts[cut:]).split("_", 1)[0]


def _ref(name: str, ref: object, major: int) -> str | None:
    """The packages/snapshots key a dependency reference points at (``None`` for links)."""
    if isinstance(ref, YMap):
        ref = ref.get("version")
    if not isinstance(ref, str) or ref.startswith("link:"):
        return None
    if major < 9:
        if not ref[:1].isdigit():
            return ref  # an alias (`/real/1.0.0`) or a non-registry package: the full key
        return f"/{name}@{ref}" if major >= 6 else f"/{name}/{ref}"
    alias, version = split_descriptor(ref)
    if version and not ref[:1].isdigit() and ":" not in alias:
        return ref  # an alias: `real@1.0.0`
    return f"{name}@{ref}"


def _base(key: str) -> str:
    """A key without its peer suffix, as ``packages`` keys it in version 9."""
    return key.split("(", 1)[0]


def _importers(doc: YMap) -> list[YMap]:
    importers = doc.get("importers")
    if isinstance(importers, YMap):
        return [value for value in importers.values() if isinstance(value, YMap)]
    return [doc]  # a single project keeps its dependencies at the top level


def _roots(doc: YMap, major: int) -> tuple[set[str], set[str]]:
    prod: set[str] = set()
    dev: set[str] = set()
    for importer in _importers(doc):
        for section in _ALL:
            deps = importer.get(section)
            if isinstance(deps, YMap):
                for name, ref in deps.items():
                    key = _ref(name, ref, major)
                    if key:
                        (dev if section == "devDependencies" else prod).add(key)
    return prod, dev


def _v9_dev(doc: YMap, prod: set[str], dev: set[str]) -> set[str]:
    """Base keys of packages only development pulls in, from the snapshot graph."""
    snapshots = doc.get("snapshots")
    if not isinstance(snapshots, YMap):
        return set()
    keys = list(snapshots)
    number = {key: n for n, key in enumerate(keys)}
    edges: list[tuple[int, int]] = []
    for key, snap in snapshots.items():
        if isinstance(snap, YMap):
            for section in _SHIPPED:
                deps = snap.get(section)
                if isinstance(deps, YMap):
                    for name, ref in deps.items():
                        target = _ref(name, ref, 9)
                        if target in number:
                            edges.append((number[key], number[target]))
    only = dev_only([number[k] for k in prod if k in number], [number[k] for k in dev if k in number], edges)
    shipped = {_base(keys[n]) for n in range(len(keys)) if n not in only}
    return {_base(keys[n]) for n in only} - shipped


def parse_pnpm_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Every locked package with dev and direct flags."""
    if not text.strip():
        out.problem(1, "empty file, expected a pnpm-lock.yaml")
        return "pnpm-lock.yaml", False
    doc, problem = load_yaml(text)
    if problem or not isinstance(doc, YMap) or "lockfileVersion" not in doc:
        out.problem(*(problem or (1, "not a pnpm-lock.yaml: no lockfileVersion")))
        return "pnpm-lock.yaml", False
    version = str(doc["lockfileVersion"]).strip("'\"")
    match = re.match(r"^(\d+)", version)
    major = int(match.group(1)) if match else 0
    if major < 5:
        out.problem(doc.lines.get("lockfileVersion", 1), f"unsupported lockfileVersion {quote(version)}")
        return f"pnpm-lock.yaml v{version}", False
    packages = doc.get("packages")
    packages = packages if isinstance(packages, YMap) else YMap(0)
    prod, dev = _roots(doc, major)
    dev_bases = _v9_dev(doc, prod, dev) if major >= 9 else set()
    direct = {_base(k) for k in prod | dev}
    for key, entry in packages.items():
        line = packages.lines.get(key, 0)
        if not isinstance(entry, YMap):
            out.problem(line, f"package {quote(key)} must be a mapping")
            continue
        name, version_text = _key(key, major)
        resolution: Any = entry.get("resolution")
        is_dev = entry.get("dev") == "true" if major < 9 else _base(key) in dev_bases
        is_direct = _base(key) in direct
        # Registry packages are keyed by name and version (from a leading "/" before version 9).
        registry = _REGISTRY_VERSION.match(version_text) and (major >= 9 or key.startswith("/"))
        if registry:
            out.add(name, version_text, None, line, Pin.EXACT, dev=is_dev, direct=is_direct)
            continue
        if (isinstance(resolution, YMap) and "directory" in resolution) or version_text.startswith(
            ("file:", "link:")
        ):
            continue  # a local folder: code in the repository
        name = entry["name"] if isinstance(entry.get("name"), str) else name
        where = version_text
        if isinstance(resolution, YMap):
            where = str(resolution.get("tarball") or resolution.get("repo") or version_text)
            if resolution.get("commit"):
                where += f"#{resolution['commit']}"
        out.add(name, None, mask_url(where), line, Pin.URL, dev=is_dev, direct=is_direct)
    return f"pnpm-lock.yaml v{version}", True
