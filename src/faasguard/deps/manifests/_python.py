"""Python manifests: ``pyproject.toml`` and ``Pipfile``, and the ``Pipfile.lock`` lockfile."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from packaging.utils import canonicalize_name

from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._pyspec import Declared, is_dev_name, pep508, pip_style, poetry_constraint
from faasguard.deps.manifests._text import json_key_lines, load_json, mask_url
from faasguard.deps.manifests._toml import TomlLines, load_toml, string_line, table

__all__ = ["parse_pipfile", "parse_pipfile_lock", "parse_pyproject"]

# Pipfile tables that are not package categories.
_PIPFILE_OTHER = frozenset({"source", "requires", "scripts", "pipenv"})


def _add(out: Collector, declared: Declared | str, line: int, dev: bool) -> None:
    if isinstance(declared, str):
        out.problem(line, declared)
    else:
        out.add(declared.name, declared.version, declared.spec, line, declared.pin, dev=dev)


def _pep508_list(
    out: Collector, text: str, lines: TomlLines, items: object, where: tuple[str, ...], dev: bool
) -> None:
    anchor = lines.get(*where)
    if not isinstance(items, list):
        out.problem(anchor, f"{'.'.join(where)} must be a list of requirement strings")
        return
    for item in items:
        if isinstance(item, dict) and "include-group" in item:
            continue  # the included group is read on its own
        if not isinstance(item, str):
            out.problem(
                anchor, f"{'.'.join(where)}: expected a requirement string, got {type(item).__name__}"
            )
            continue
        line = string_line(text, item, anchor)
        _add(out, pep508(item), line, dev)


def _poetry_table(out: Collector, lines: TomlLines, table: object, where: tuple[str, ...], dev: bool) -> None:
    if not isinstance(table, dict):
        return
    for name, value in table.items():
        if name.lower() == "python":
            continue  # the interpreter constraint, not a package
        _add(out, poetry_constraint(name, value), lines.get(*where, name), dev)


def parse_pyproject(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """PEP 621 ``[project]`` dependencies and extras, PEP 735 groups, Poetry, uv and PDM dev tables."""
    doc, problem = load_toml(text)
    if doc is None:
        if problem:
            out.problem(*problem)
        return "pyproject.toml", False
    lines = TomlLines(text)
    flavours: list[str] = []
    project = doc.get("project")
    if isinstance(project, dict):
        if "dependencies" in project:
            _pep508_list(out, text, lines, project["dependencies"], ("project", "dependencies"), False)
        extras = project.get("optional-dependencies")
        if isinstance(extras, dict):
            for extra, items in extras.items():
                where = ("project", "optional-dependencies", extra)
                _pep508_list(out, text, lines, items, where, is_dev_name(extra))
        flavours.append("PEP 621")
    groups = doc.get("dependency-groups")
    if isinstance(groups, dict):
        # Dependency groups never reach the built package: they are development environments.
        for group, items in groups.items():
            _pep508_list(out, text, lines, items, ("dependency-groups", group), True)
    tool = table(doc, "tool")
    poetry = tool.get("poetry")
    if isinstance(poetry, dict):
        _poetry_table(out, lines, poetry.get("dependencies"), ("tool", "poetry", "dependencies"), False)
        old_dev = ("tool", "poetry", "dev-dependencies")
        _poetry_table(out, lines, poetry.get("dev-dependencies"), old_dev, True)
        poetry_groups = poetry.get("group")
        if isinstance(poetry_groups, dict):
            for group, body in poetry_groups.items():
                if isinstance(body, dict):
                    in_group = ("tool", "poetry", "group", group, "dependencies")
                    _poetry_table(out, lines, body.get("dependencies"), in_group, group != "main")
        flavours.append("Poetry")
    uv = tool.get("uv")
    if isinstance(uv, dict) and "dev-dependencies" in uv:
        _pep508_list(out, text, lines, uv["dev-dependencies"], ("tool", "uv", "dev-dependencies"), True)
    pdm = tool.get("pdm")
    if isinstance(pdm, dict) and isinstance(pdm.get("dev-dependencies"), dict):
        for group, items in pdm["dev-dependencies"].items():
            _pep508_list(out, text, lines, items, ("tool", "pdm", "dev-dependencies", group), True)
    kind = f"pyproject.toml ({', '.join(flavours)})" if flavours else "pyproject.toml"
    return kind, False


def parse_pipfile(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """``[packages]`` (shipped), ``[dev-packages]`` and any custom category tables."""
    doc, problem = load_toml(text)
    if doc is None:
        if problem:
            out.problem(*problem)
        return "Pipfile", False
    lines = TomlLines(text)
    for category, entries in doc.items():
        if category in _PIPFILE_OTHER or not isinstance(entries, dict):
            continue
        # Custom categories are installed only on request; treated as shipped unless named like tooling.
        dev = category == "dev-packages" or (category != "packages" and is_dev_name(category))
        for name, value in entries.items():
            _add(out, pip_style(name, value), lines.get(category, name), dev)
    return "Pipfile", False


def _sections(doc: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    for section, entries in doc.items():
        if section != "_meta" and isinstance(entries, dict):
            yield section, entries


def parse_pipfile_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """``default`` (shipped) and ``develop`` (dev) entries with their exact versions."""
    doc, problem = load_json(text, "Pipfile.lock")
    if problem:
        out.problem(*problem)
        return "Pipfile.lock", False
    if not isinstance(doc, dict) or "_meta" not in doc:
        out.problem(1, "not a Pipfile.lock: no _meta section")
        return "Pipfile.lock", False
    key_lines = json_key_lines(text, lambda path: len(path) == 2, objects_only=False)
    fallback = 1 if text.count("\n") <= 1 else 0
    for section, entries in _sections(doc):
        dev = section == "develop" or (section != "default" and is_dev_name(section))
        for raw_name, entry in entries.items():
            line = key_lines.get((section, raw_name), fallback)
            name = canonicalize_name(raw_name)
            if not isinstance(entry, dict):
                out.problem(line, f"{section}.{raw_name}: entry must be an object")
                continue
            if "path" in entry or ("file" in entry and "://" not in str(entry["file"])):
                continue  # the project itself or code kept in the repository
            if "git" in entry or "file" in entry:
                where = f"git+{entry['git']}@{entry.get('ref', '')}" if "git" in entry else str(entry["file"])
                out.add(name, None, mask_url(where.rstrip("@")), line, Pin.URL, dev=dev, direct=False)
                continue
            version = entry.get("version")
            if not isinstance(version, str) or not version.startswith("=="):
                out.problem(line, f"{section}.{raw_name}: no exact version")
                continue
            out.add(name, version.lstrip("="), None, line, Pin.EXACT, dev=dev, direct=False)
    spec = doc["_meta"].get("pipfile-spec") if isinstance(doc["_meta"], dict) else None
    return (f"Pipfile.lock (spec {spec})" if spec else "Pipfile.lock"), True
