"""Find the infrastructure-as-code files under the paths a user gives.

Serverless Framework services are found by name (``serverless.yml``,
``.yaml``, ``.json``); a ``serverless.ts``/``.js`` is code and becomes a
candidate of kind ``serverless-code``, reported as not analysed (never run).
CloudFormation is recognised by content, not by name: a YAML or JSON file
is a candidate when its head mentions ``AWSTemplateFormatVersion`` or an
``AWS::`` resource type.  Files named like templates (``template.yaml``,
``*.template.json``) and files named on the command line are always
candidates, so a broken template is reported rather than skipped.
Symbolic links are never followed out of a scanned root, and link loops end.
Paths matching an ``exclude`` glob (relative to the scanned root, or to the
configuration file's folder ``base``) are not walked; files named on the
command line are always scanned.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from faasguard._glob import path_matches
from faasguard.loaders._read import sniff

__all__ = ["SKIP_DIRS", "Candidate", "discover"]

SKIP_DIRS = frozenset(
    {
        "node_modules",
        ".git",
        ".hg",
        ".svn",
        ".aws-sam",
        ".serverless",
        ".terraform",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
        "bower_components",
    }
)
_SUFFIXES = (".yaml", ".yml", ".json", ".template", ".cfn")
_SERVERLESS = frozenset({"serverless.yml", "serverless.yaml", "serverless.json"})
_SERVERLESS_CODE = frozenset({"serverless.ts", "serverless.js", "serverless.mjs", "serverless.cjs"})


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower in _SERVERLESS:
        return "serverless"
    if lower in _SERVERLESS_CODE:
        return "serverless-code"
    return None


_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("AWSTemplateFormatVersion", "AWS::", '"terraform_version"')
    # UTF-16 templates are found too, so the reader can report their encoding instead of skipping them
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
#: infrastructure code faasguard does not read yet: reported (counted per kind), never silently dropped
UNSUPPORTED = {".tf.json": "Terraform JSON (.tf.json)"}
NOT_YET = "not analysed yet"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to load: its path, how reports name it, and whether it must be a template."""

    path: Path
    display: str
    forced: bool  # named on the command line or named like a template
    kind: str = "cloudformation"  # cloudformation | serverless | serverless-code | terraform (a folder)
    root: Path | None = None  # the scanned folder (files a source refers to must stay inside it)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path discovery did not follow, with the reason."""

    display: str
    reason: str


def _named_like_template(name: str) -> bool:
    lower = name.lower()
    return (
        lower in ("template.yaml", "template.yml", "template.json", "serverless.template")
        or lower.endswith((".template", ".template.json", ".template.yaml", ".template.yml", ".cfn.yaml"))
        or lower.endswith((".cfn.json", ".cfn.yml"))
    )


def _looks_like_cfn(path: Path) -> bool:
    try:
        head = sniff(path)
    except Exception:  # unreadable files are reported when forced; here we cannot tell
        return False
    return any(m in head for m in _MARKERS)


def _is_venv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


@dataclass(frozen=True, slots=True)
class _Exclude:
    """The ``exclude`` globs and the folders they are relative to."""

    patterns: Sequence[str]
    bases: tuple[Path, ...]

    def __call__(self, path: Path, folder: bool) -> bool:
        for base in self.bases:
            if not path.is_relative_to(base):
                continue
            rel = path.relative_to(base).as_posix() + ("/" if folder else "")
            if any(path_matches(rel, p) for p in self.patterns):
                return True
        return False


def discover(
    paths: list[str], exclude: Sequence[str] = (), base: Path | None = None
) -> Iterator[Candidate | Skipped]:
    """Every candidate file under ``paths`` in a stable (sorted) order, without ``exclude`` globs."""
    for raw in paths:
        root = Path(raw)
        if root.is_file() and root.name.endswith(".tf"):  # a .tf file: the configuration it belongs to
            folder = root.resolve().parent
            shown = os.path.dirname(raw) or "."
            yield Candidate(folder, shown, forced=True, kind="terraform", root=folder)
            continue
        if root.is_file():
            kind = _kind(root.name) or "cloudformation"
            yield Candidate(root, raw, forced=True, kind=kind, root=root.resolve().parent)
            continue
        if not root.is_dir():
            if os.path.islink(raw):
                yield Skipped(raw, "symbolic link loop or broken symbolic link, not followed")
            else:
                yield Skipped(raw, "no such file or directory")
            continue
        real_root = root.resolve()
        bases = (real_root,) if base is None else (real_root, base.resolve())
        yield from _walk(root, raw, real_root, set(), _Exclude(exclude, bases) if exclude else None)


def _walk(
    folder: Path, display: str, real_root: Path, seen: set[Path], exclude: _Exclude | None = None
) -> Iterator[Candidate | Skipped]:
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(display, f"cannot list folder: {exc.strerror or exc}")
        return
    if any(e.name.endswith(".tf") and e.is_file() for e in entries):
        yield Candidate(folder, display, forced=True, kind="terraform", root=real_root)
    for entry in entries:
        shown = os.path.join(display, entry.name)
        try:
            is_link = entry.is_symlink()
            if is_link:
                try:
                    target = Path(entry.path).resolve(strict=True)
                except (RuntimeError, OSError):  # a link loop (RuntimeError before Python 3.13) or broken
                    yield Skipped(shown, "symbolic link loop or broken symbolic link, not followed")
                    continue
                if not target.is_relative_to(real_root):
                    yield Skipped(shown, "symbolic link out of the scanned folder, not followed")
                    continue
            if entry.is_dir():
                if entry.name in SKIP_DIRS or (entry.name.startswith("asset.") and "cdk.out" in shown):
                    continue
                if _is_venv(entry.path) or (exclude and exclude(real / entry.name, folder=True)):
                    continue
                yield from _walk(Path(entry.path), shown, real_root, seen, exclude)
            elif entry.is_file():
                name = entry.name
                if exclude and exclude(real / name, folder=False):
                    continue
                kind = _kind(name)
                if kind is not None:
                    yield Candidate(Path(entry.path), shown, forced=True, kind=kind, root=real_root)
                elif _named_like_template(name):
                    yield Candidate(Path(entry.path), shown, forced=True, root=real_root)
                elif name.lower().endswith(_SUFFIXES) and _looks_like_cfn(Path(entry.path)):
                    yield Candidate(Path(entry.path), shown, forced=False, root=real_root)
                elif name.lower().endswith(".tf.json"):
                    yield Skipped(shown, f"{UNSUPPORTED['.tf.json']}: {NOT_YET}")
        except OSError as exc:
            yield Skipped(shown, f"cannot read: {exc.strerror or exc}")
