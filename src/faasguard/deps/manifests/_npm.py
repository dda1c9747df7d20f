"""npm: ``package.json``, and ``package-lock.json`` / ``npm-shrinkwrap.json`` versions 1 to 3."""

from __future__ import annotations

import re
from typing import Any

from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._text import json_key_lines, load_json, mask_url

__all__ = ["classify_npm_spec", "parse_package_json", "parse_package_lock", "split_descriptor"]

_SEMVER = re.compile(r"^[=v]*\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$")
_LOCAL_PREFIXES = ("file:", "link:", "workspace:", "portal:", "./", "../", "/", "~/")
_VCS_PREFIXES = ("git+", "git:", "git@", "github:", "gitlab:", "bitbucket:", "gist:")
_URL_PREFIXES = (*_VCS_PREFIXES, "http:", "https:")
# `owner/repo` or `owner/repo#ref`: GitHub shorthand (a scoped name would start with @).
_GITHUB_SHORTHAND = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:#.*)?$")
# Sections of package.json whose packages get installed with the project, and whether they are dev.
_SECTIONS = (
    ("dependencies", False),
    ("optionalDependencies", False),
    ("peerDependencies", False),
    ("devDependencies", True),
)
_NODE_MODULES = "node_modules/"


def split_descriptor(descriptor: str) -> tuple[str, str]:
    """``name@range`` into name and range (a leading ``@`` belongs to a scope)."""
    at = descriptor.find("@", 1)
    return (descriptor, "") if at < 0 else (descriptor[:at], descriptor[at + 1 :])


def classify_npm_spec(name: str, spec: str) -> tuple[str, str | None, str, Pin]:
    """A dependency spec as ``(name, exact version, spec, pin)``; an ``npm:`` alias names the real package."""
    spec = spec.strip()
    if spec.startswith("npm:"):
        real, spec = split_descriptor(spec[4:])
        name = real or name
    if spec.startswith(_LOCAL_PREFIXES):
        return name, None, spec, Pin.LOCAL
    if spec.startswith(_URL_PREFIXES) or _GITHUB_SHORTHAND.match(spec):
        return name, None, mask_url(spec), Pin.URL
    exact = _SEMVER.match(spec)
    if exact:
        return name, exact.group(1), spec, Pin.EXACT
    return name, None, spec or "*", Pin.RANGE


def parse_package_json(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Declared dependencies; ``devDependencies`` are dev, the other sections ship."""
    doc, problem = load_json(text, "package.json")
    if problem:
        out.problem(*problem)
        return "package.json", False
    if not isinstance(doc, dict):
        out.problem(1, "package.json must be a JSON object")
        return "package.json", False
    key_lines = json_key_lines(text, lambda path: len(path) == 2, objects_only=False)
    fallback = 1 if text.count("\n") <= 1 else 0
    declared: set[str] = set()
    for section, dev in _SECTIONS:
        table = doc.get(section)
        if table is None:
            continue
        if not isinstance(table, dict):
            out.problem(key_lines.get((section,), fallback), f"{section} must be an object")
            continue
        for key, value in table.items():
            line = key_lines.get((section, key), fallback)
            if key in declared:
                continue  # npm installs a package named in several sections once, as shipped
            if not isinstance(value, str):
                out.problem(line, f"{section}.{key}: the version must be a string")
                continue
            declared.add(key)
            name, version, spec, pin = classify_npm_spec(key, value)
            out.add(name, version, spec, line, pin, dev=dev)
    return "package.json", False


def _source(version: str, resolved: object) -> tuple[str | None, str | None, Pin] | None:
    """``(version, spec, pin)`` for a locked entry; ``None`` for code inside the project."""
    where = resolved if isinstance(resolved, str) else ""
    for text in (version, where):
        if text.startswith(("file:", "link:")):
            return None
        # A registry tarball URL is how every registry package resolves, so only VCS sources count here.
        if text.startswith(_VCS_PREFIXES) or _GITHUB_SHORTHAND.match(text):
            return None, mask_url(text), Pin.URL
    if _SEMVER.match(version):
        return version, None, Pin.EXACT
    return None, mask_url(where or version), Pin.URL


def _lock_v2(doc: dict[str, Any], text: str, out: Collector) -> None:
    packages = doc["packages"]
    key_lines = json_key_lines(text, lambda path: len(path) == 2 and path[0] == "packages")
    fallback = 1 if text.count("\n") <= 1 else 0
    root = packages.get("") if isinstance(packages.get(""), dict) else {}
    top = {name for section, _ in _SECTIONS if isinstance(root.get(section), dict) for name in root[section]}
    for key, entry in packages.items():
        at = key.rfind(_NODE_MODULES)
        if at < 0:
            continue  # the root project or a workspace member: code in the repository
        line = key_lines.get(("packages", key), fallback)
        if not isinstance(entry, dict):
            out.problem(line, f"packages[{key!r}] must be an object")
            continue
        if entry.get("link"):
            continue  # a symlink to a workspace member, listed again under its own path
        folder = key[at + len(_NODE_MODULES) :]
        name = str(entry.get("name") or folder)
        version = entry.get("version")
        if not isinstance(version, str):
            out.problem(line, f"packages[{key!r}] has no version")
            continue
        source = _source(version, entry.get("resolved"))
        if source is None:
            continue
        # devOptional packages are installed in production when optional dependencies are (the default).
        direct = key == _NODE_MODULES + folder and folder in top
        out.add(name, source[0], source[1], line, source[2], dev=entry.get("dev") is True, direct=direct)


def _lock_v1(doc: dict[str, Any], text: str, out: Collector) -> None:
    key_lines = json_key_lines(
        text, lambda path: len(path) % 2 == 0 and all(p == "dependencies" for p in path[::2])
    )
    fallback = 1 if text.count("\n") <= 1 else 0
    stack: list[tuple[tuple[str, ...], Any]] = [((), doc["dependencies"])]
    while stack:
        prefix, table = stack.pop()
        if not isinstance(table, dict):
            out.problem(key_lines.get(prefix, fallback), "dependencies must be an object")
            continue
        for folder, entry in table.items():
            path = (*prefix, "dependencies", folder)
            line = key_lines.get(path, fallback)
            if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
                out.problem(line, f"dependency {folder!r} has no version")
                continue
            name, version = folder, entry["version"]
            if version.startswith("npm:"):
                name, version = split_descriptor(version[4:])
            source = _source(version, entry.get("resolved"))
            if source is not None:
                # Version 1 does not say which packages the project names itself.
                out.add(
                    name, source[0], source[1], line, source[2], dev=entry.get("dev") is True, direct=False
                )
            if "dependencies" in entry:
                stack.append((path, entry["dependencies"]))


def parse_package_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Every installed package with its ``dev`` flag; versions 2 and 3 also say which are direct."""
    label = ctx.path.name if ctx.path.name == "npm-shrinkwrap.json" else "package-lock.json"
    doc, problem = load_json(text, label)
    if problem:
        out.problem(*problem)
        return label, False
    if not isinstance(doc, dict):
        out.problem(1, f"{label} must be a JSON object")
        return label, False
    version = doc.get("lockfileVersion")
    if isinstance(doc.get("packages"), dict):
        _lock_v2(doc, text, out)
    elif "dependencies" in doc:
        _lock_v1(doc, text, out)
    elif "lockfileVersion" not in doc:
        out.problem(1, f"not a {label}: no lockfileVersion, packages or dependencies")
        return label, False
    return (f"{label} v{version}" if isinstance(version, int) else label), True
