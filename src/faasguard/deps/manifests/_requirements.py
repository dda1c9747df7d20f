"""pip requirements files: pins, ranges, URLs, editables and ``-r`` includes.

Only the syntax is read; nothing is installed or run, and environment
variables (``${TOKEN}``) are never expanded: a declaration that needs one
is recorded as unresolved.  Includes are followed relative to the including
file and only inside the scan root, so a hostile ``-r /etc/...`` reads
nothing outside the repository.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._pyspec import exact_version, is_dev_name
from faasguard.deps.manifests._text import mask_url, quote, read_source

__all__ = ["parse_requirements"]

# Includes nest rarely more than two deep; these bounds only stop abuse.
_MAX_DEPTH = 16
_MAX_FILES = 200

_COMMENT = re.compile(r"(^|\s+)#.*$")
# Per-requirement options (`--hash`, `--config-settings`) start at the first whitespace-dash token.
_OPTION_TAIL = re.compile(r"\s+--?[A-Za-z]")
_OPTION = re.compile(r"^(--?[A-Za-z][A-Za-z-]*)(?:[ \t]*=[ \t]*|[ \t]+)?(.*)$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^git\+|^file:")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_NAME_PREFIX = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_ARCHIVE = (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz")

_INCLUDE = frozenset({"-r", "--requirement"})
_CONSTRAINT = frozenset({"-c", "--constraint"})
_EDITABLE = frozenset({"-e", "--editable"})
# Options that change where or how pip installs, not what: nothing to record.
_KNOWN = frozenset(
    {
        "-i", "--index-url", "--extra-index-url", "--no-index", "-f", "--find-links", "--pre",
        "--trusted-host", "--prefer-binary", "--require-hashes", "--only-binary", "--no-binary",
        "--use-feature", "--config-settings", "--global-option", "--install-option", "--hash",
        "-Z", "--always-unzip", "--process-dependency-links", "--no-deps",
    }
)  # fmt: skip


@dataclass(slots=True)
class _Walk:
    root: Path
    max_bytes: int
    dev: bool
    top: str  # display name of the file being parsed
    via: int = 0  # its line whose -r led to the file being read now
    stack: list[Path] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    pinned_only: bool = True

    def problem(self, out: Collector, display: str, line: int, message: str) -> None:
        """Problems of included files are reported at the include, naming the file and line."""
        if display == self.top:
            out.problem(line, message)
        else:
            out.problem(self.via, f"{display}:{line}: {message}" if line else f"{display}: {message}")


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with backslash continuations joined, each with the number of its first physical line."""
    parts: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not parts:
            start = number
        # A comment line ends a continuation, as pip reads it.
        if raw.endswith("\\") and not raw.lstrip().startswith("#"):
            parts.append(raw[:-1])
            continue
        parts.append(raw)
        yield start, "".join(parts)
        parts = []
    if parts:
        yield start, "".join(parts)


def _name_from_location(location: str) -> str | None:
    egg = _EGG.search(location)
    if egg:
        return canonicalize_name(egg.group(1))
    base = location.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    try:
        if base.endswith(".whl"):
            return canonicalize_name(parse_wheel_filename(base)[0])
        if base.endswith((".tar.gz", ".zip")):
            return canonicalize_name(parse_sdist_filename(base)[0])
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return None


def _location(text: str, line: int, out: Collector, walk: _Walk, display: str) -> None:
    """A URL, VCS reference or local path given instead of a requirement."""
    local = not _SCHEME.match(text) or text.startswith("file:")
    name = _name_from_location(text)
    shown = mask_url(text)
    if name is None:
        what = "local path" if local else "URL"
        walk.problem(
            out,
            display,
            line,
            f"{what} {quote(shown)} is installed without a package name; its dependencies are not read",
        )
        return
    out.add(name, None, shown, line, Pin.LOCAL if local else Pin.URL, dev=walk.dev, file=display)
    if not local:
        walk.pinned_only = False


def _requirement(text: str, line: int, out: Collector, walk: _Walk, display: str) -> None:
    if "${" in text:
        # pip would expand the variable from its environment; we never read the environment.
        if _SCHEME.match(text) or " @ " in text:
            name = _name_from_location(text) or _name_from_prefix(text)
            if name:
                out.add(name, None, mask_url(text), line, Pin.URL, dev=walk.dev, file=display)
                walk.pinned_only = False
                return
        name = _name_from_prefix(text)
        if name:
            out.add(name, None, text, line, Pin.UNRESOLVED, dev=walk.dev, file=display)
            walk.pinned_only = False
            return
    # A path or URL on its own (`./pkg-1.0.whl`); `name @ url` is a requirement with a URL.
    if (
        _SCHEME.match(text)
        or text.startswith((".", "/", "~"))
        or (text.endswith(_ARCHIVE) and "@" not in text)
    ):
        _location(text, line, out, walk, display)
        return
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "syntax error"
        walk.problem(out, display, line, f"invalid requirement {quote(text)}: {reason}")
        return
    name = canonicalize_name(req.name)
    if req.url:
        local = req.url.startswith("file:")
        out.add(
            name, None, mask_url(req.url), line, Pin.LOCAL if local else Pin.URL, dev=walk.dev, file=display
        )
        walk.pinned_only = walk.pinned_only and local
        return
    spec = str(req.specifier)
    version = exact_version(req.specifier)
    if version is None:
        walk.pinned_only = False
    out.add(name, version, spec, line, Pin.EXACT if version else Pin.RANGE, dev=walk.dev, file=display)


def _name_from_prefix(text: str) -> str | None:
    match = _NAME_PREFIX.match(text)
    return canonicalize_name(match.group(1)) if match and not _SCHEME.match(text) else None


def _include(target: str, line: int, path: Path, display: str, out: Collector, walk: _Walk) -> None:
    if _SCHEME.match(target) and not target.startswith("file:"):
        walk.problem(
            out, display, line, f"remote include {quote(mask_url(target))} not followed (no network access)"
        )
        walk.pinned_only = False
        return
    if "${" in target:
        walk.problem(
            out, display, line, f"include {quote(target)} needs an environment variable; not followed"
        )
        return
    given = path.parent / target.removeprefix("file:")
    child = given.resolve()
    child_display = os.path.normpath(os.path.join(os.path.dirname(display), target.removeprefix("file:")))
    if not child.is_relative_to(walk.root):
        walk.problem(
            out, display, line, f"include {quote(target)} points outside the scanned folder; not followed"
        )
        return
    if child in walk.stack:
        chain = " -> ".join(p.name for p in [*walk.stack[walk.stack.index(child) :], child])
        walk.problem(out, display, line, f"include loop ({chain}); not followed again")
        return
    if child in walk.seen:
        return  # already read through another include; pip would only repeat the same lines
    if len(walk.stack) >= _MAX_DEPTH or len(walk.seen) >= _MAX_FILES:
        walk.problem(
            out,
            display,
            line,
            f"include {quote(target)} not followed: includes nest too deep or are too many",
        )
        return
    if not child.is_file():
        walk.problem(out, display, line, f"included file {quote(target)} not found")
        walk.pinned_only = False
        return
    source = read_source(child, walk.max_bytes, utf16_ok=True)
    if len(walk.stack) == 1:
        walk.via = line
    for at, message in source.problems:
        walk.problem(out, child_display, at, message)
    if source.text is not None:
        _walk(source.text, given, child_display, out, walk)


def _walk(text: str, path: Path, display: str, out: Collector, walk: _Walk) -> None:
    key = path.resolve()
    walk.stack.append(key)
    walk.seen.add(key)
    for line, raw in _logical_lines(text):
        content = _COMMENT.sub("", raw).strip()
        if not content:
            continue
        if not content.startswith("-"):
            tail = _OPTION_TAIL.search(content)
            _requirement(content[: tail.start()] if tail else content, line, out, walk, display)
            continue
        if content[1:2].isalpha() and len(content) > 2 and content[2:3] not in (" ", "\t", "="):
            content = f"{content[:2]} {content[2:]}"  # `-rfile.txt` is `-r file.txt`
        match = _OPTION.match(content)
        if match is None:
            walk.problem(out, display, line, f"cannot read option {quote(content)}")
            continue
        option, value = match.group(1), match.group(2).strip()
        if option in _INCLUDE:
            _include(value, line, path, display, out, walk)
        elif option in _EDITABLE:
            tail = _OPTION_TAIL.search(value)
            _location(value[: tail.start()] if tail else value, line, out, walk, display)
        elif option in _CONSTRAINT or option in _KNOWN:
            continue  # constraints limit versions but install nothing by themselves
        else:
            walk.problem(out, display, line, f"unknown option {option}")
    walk.stack.pop()


def parse_requirements(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Read a requirements file (and its includes) into ``out``; returns ``(kind, locked)``.

    The file counts as locked when every requirement pins one version
    (``==``/``===``) or names a local path, as pip-compile output does.
    Files whose name says dev or test mark their packages as dev.
    """
    stem = ctx.path.name.removesuffix(".txt").replace("requirements", "")
    walk = _Walk(ctx.root.resolve(), ctx.max_bytes, is_dev_name(stem), ctx.display)
    _walk(text, ctx.path, ctx.display, out, walk)
    return "requirements.txt", walk.pinned_only and len(out) > 0
