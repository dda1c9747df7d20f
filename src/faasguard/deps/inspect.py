"""What a code folder holds: the modules its sources import, its size, dev files it would ship.

Sources are read, never run: Python files through :mod:`ast`, JavaScript and
TypeScript files through a scan for ``require("x")`` / ``import ... from
"x"`` / ``import("x")``.  The walk is bounded (files, bytes), and a folder
too large to read in full says so instead of guessing.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FolderFacts", "inspect_folder"]

#: stop walking after this many files (the facts are then partial, and say so)
MAX_FILES = 20_000
#: source files larger than this are not parsed for imports
MAX_SOURCE_BYTES = 2 * 1024 * 1024

_PY = (".py",)
_JS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx")
_JS_IMPORT = re.compile(
    r"""(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)(['"])([^'"\n]+)\1""",
)
_DYNAMIC_REQUIRE = re.compile(r"\brequire\s*\(\s*[^'\"\s)]")
_SKIP_FOR_SOURCES = frozenset(
    {"node_modules", ".git", "__pycache__", ".venv", "venv", ".aws-sam", ".serverless"}
)
#: what a deployment package should not carry: checked in, then zipped with the code
_DEV_DIRS = frozenset(
    {".git", "test", "tests", "__tests__", "spec", ".pytest_cache", ".idea", ".vscode", "coverage"}
)
_DEV_FILES = re.compile(r"^(\.env(\..+)?|.+\.map|\.npmrc|\.pypirc|id_rsa|.+\.pem)$")
_NOT_DEV_ENV = frozenset({".env.example", ".env.sample", ".env.template", ".env.dist"})


@dataclass(frozen=True, slots=True)
class FolderFacts:
    """What the folder's files say, as far as the bounded walk got."""

    python_imports: frozenset[str]  # top-level module names
    js_imports: frozenset[str]  # package names (``@scope/name`` or ``name``)
    dynamic_imports: bool  # a require()/import() of a computed name: imports are not all known
    python_sources: int
    js_sources: int
    size: int  # bytes of every file under the folder
    files: int
    complete: bool  # the walk saw every file
    dev_files: tuple[str, ...]  # relative paths of dev files or folders that would ship


def inspect_folder(folder: Path, max_files: int = MAX_FILES) -> FolderFacts:
    """Walk ``folder`` once: imports of its sources, total size, dev files that would ship."""
    py: set[str] = set()
    js: set[str] = set()
    dynamic = False
    py_count = js_count = size = files = 0
    complete = True
    dev: list[str] = []
    for current, dirs, names in os.walk(folder):
        rel_dir = os.path.relpath(current, folder)
        inside_deps = "node_modules" in Path(rel_dir).parts
        dirs.sort()
        for d in list(dirs):
            if not inside_deps and d in _DEV_DIRS and len(dev) < 50:
                dev.append(os.path.normpath(os.path.join(rel_dir, d)) + "/")
            if os.path.islink(os.path.join(current, d)):
                dirs.remove(d)
        for name in sorted(names):
            files += 1
            if files > max_files:
                complete = False
                break
            path = os.path.join(current, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            size += info.st_size
            if inside_deps:
                continue
            if _DEV_FILES.match(name) and name not in _NOT_DEV_ENV and len(dev) < 50:
                dev.append(os.path.normpath(os.path.join(rel_dir, name)))
            skip = any(part in _SKIP_FOR_SOURCES for part in Path(rel_dir).parts)
            if skip or info.st_size > MAX_SOURCE_BYTES:
                continue
            if name.endswith(_PY):
                py_count += 1
                py.update(_python_imports(path))
            elif name.endswith(_JS) and not name.endswith(".d.ts"):
                js_count += 1
                found, computed = _js_imports(path)
                js.update(found)
                dynamic = dynamic or computed
        if not complete:
            break
    return FolderFacts(
        frozenset(py), frozenset(js), dynamic, py_count, js_count, size, files, complete, tuple(dev)
    )


def _python_imports(path: str) -> set[str]:
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read(), filename=path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            out.add(node.args[0].value.split(".")[0])
    return out


def _js_imports(path: str) -> tuple[set[str], bool]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return set(), False
    out: set[str] = set()
    for match in _JS_IMPORT.finditer(text):
        spec = match.group(2)
        if spec.startswith((".", "/")) or ":" in spec.split("/")[0]:
            continue  # a file of the project, or node:fs
        parts = spec.split("/")
        out.add("/".join(parts[:2]) if spec.startswith("@") and len(parts) > 1 else parts[0])
    return out, bool(_DYNAMIC_REQUIRE.search(text))
