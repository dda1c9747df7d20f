"""Bundler: ``Gemfile`` (read as text, never evaluated) and ``Gemfile.lock``."""

from __future__ import annotations

import re

from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._text import mask_url, quote

__all__ = ["parse_gemfile", "parse_gemfile_lock"]

_SPEC = re.compile(r"^([^\s(]+)(?: \(([^)]*)\))?!?$")
# A platform suffix on a locked version: nokogiri (1.16.0-x86_64-linux).
_PLATFORM = re.compile(
    r"-(?:[a-z0-9_]*(?:x86|x64|i[3-6]86|arm|aarch64|universal|java|jruby|mswin|mingw|darwin|linux|"
    r"musl|freebsd|openbsd|netbsd|solaris|cygwin|ucrt|wasm|ppc|s390|sparc|mips)[a-z0-9_-]*)$"
)
_SOURCES = frozenset({"GEM", "GIT", "PATH", "PLUGIN SOURCE"})
_DEV_GROUPS = frozenset({"development", "test", "dev", "ci", "lint"})


def parse_gemfile_lock(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Locked gems (``GEM``), git gems (``GIT``) and the ``DEPENDENCIES`` the project names, with edges."""
    if not text.strip():
        out.problem(1, "empty file, expected a Gemfile.lock")
        return "Gemfile.lock", False
    section = ""
    source: dict[str, str] = {}
    index_of: dict[str, int] = {}
    current: int | None = None
    pending: list[tuple[int, str]] = []
    direct: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        content = raw.strip()
        if indent == 0:
            section, source, current = content, {}, None
            continue
        if section in _SOURCES:
            if indent == 2 and ":" in content and content != "specs:":
                key, _, value = content.partition(":")
                source[key] = value.strip()
            elif indent == 4:
                current = _locked_spec(content, number, section, source, out, index_of)
            elif indent == 6 and current is not None:
                match = _SPEC.match(content)
                if match:
                    pending.append((current, match.group(1)))
        elif section == "DEPENDENCIES" and indent == 2:
            match = _SPEC.match(content)
            if match:
                direct.add(match.group(1).rstrip("!"))
    for dependent, dep in pending:
        if dep in index_of:
            out.edge(dependent, index_of[dep])
    out.mark_direct(index for name, index in index_of.items() if name in direct)
    if not len(out) and "GEM" not in text:
        out.problem(1, "not a Gemfile.lock: no GEM, GIT or PATH section")
        return "Gemfile.lock", False
    return "Gemfile.lock", True


def _locked_spec(
    content: str, line: int, section: str, source: dict[str, str], out: Collector, index_of: dict[str, int]
) -> int | None:
    match = _SPEC.match(content)
    if match is None or match.group(2) is None:
        out.problem(line, f"expected 'name (version)', got {quote(content)}")
        return None
    name, version = match.group(1), _PLATFORM.sub("", match.group(2))
    if name in index_of:
        return index_of[name]  # the same gem again for another platform
    if section == "PATH":
        return None  # the project's own gemspec, or gems kept in the repository
    if section == "GIT" or section == "PLUGIN SOURCE":
        where = source.get("remote", "")
        revision = source.get("revision") or source.get("ref") or source.get("branch") or ""
        index = out.add(name, None, mask_url(f"{where}@{revision}".rstrip("@")), line, Pin.URL, direct=False)
    else:
        index = out.add(name, version, None, line, Pin.EXACT, direct=False)
    index_of[name] = index
    return index


_GEM = re.compile(r"""^\s*gem[\s(]+(["'])([^"']+)\1(.*)$""")
_STRING = re.compile(r"""^\s*,\s*(["'])([^"']*)\1""")
_GROUP_BLOCK = re.compile(r"^\s*group\s*\(?(.+?)\)?\s+do\b")
_OPENS = re.compile(r"^\s*(?:if|unless|case|begin|while|until)\b|\bdo\s*(?:\|[^|]*\|)?\s*$")
_CLOSES = re.compile(r"^\s*end\b")
_SYMBOL = re.compile(r""":(\w+)|["'](\w+)["']""")
_GROUP_OPTION = re.compile(r"""(?::?groups?\s*(?::|=>)\s*)(\[[^\]]*\]|:\w+|["']\w+["'])""")
_GIT_OPTION = re.compile(r"""(?::?(git|github|gitlab|bitbucket)\s*(?::|=>)\s*)(["'])([^"']+)\2""")
_PATH_OPTION = re.compile(r"""(?::?path\s*(?::|=>)\s*)(["'])([^"']+)\1""")
_REF_OPTION = re.compile(r"""(?::?(?:branch|tag|ref)\s*(?::|=>)\s*)(["'])([^"']+)\1""")
_EXACT = re.compile(r"^=?\s*(\d[0-9A-Za-z.]*)$")


def _groups(text: str) -> set[str]:
    return {a or b for a, b in _SYMBOL.findall(text)}


def parse_gemfile(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """``gem`` lines and their requirements; ``group :development, :test`` blocks or options mark dev."""
    blocks: list[bool] = []  # per open block: whether it is a development group
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0] if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        in_dev = any(blocks)
        group = _GROUP_BLOCK.match(line)
        if group:
            names = _groups(group.group(1))
            blocks.append(bool(names) and names <= _DEV_GROUPS)
            continue
        if _CLOSES.match(line):
            if blocks:
                blocks.pop()
            continue
        gem = _GEM.match(line)
        if gem is None:
            if _OPENS.search(line):
                blocks.append(False)
            continue
        name, rest = gem.group(2), gem.group(3)
        requirements: list[str] = []
        while (match := _STRING.match(rest)) is not None:
            requirements.append(match.group(2).strip())
            rest = rest[match.end() :]
        option = _GROUP_OPTION.search(rest)
        dev = in_dev or bool(option and _groups(option.group(1)) <= _DEV_GROUPS)
        git, path = _GIT_OPTION.search(rest), _PATH_OPTION.search(rest)
        if path:
            out.add(name, None, path.group(2), number, Pin.LOCAL, dev=dev)
        elif git:
            ref = _REF_OPTION.search(rest)
            where = git.group(3) if git.group(1) == "git" else f"{git.group(1)}:{git.group(3)}"
            spec = mask_url(where + (f"@{ref.group(2)}" if ref else ""))
            out.add(name, None, spec, number, Pin.URL, dev=dev)
        else:
            exact = _EXACT.match(requirements[0]) if len(requirements) == 1 else None
            version = exact.group(1) if exact else None
            spec = ", ".join(requirements) or ">= 0"
            out.add(name, version, spec, number, Pin.EXACT if version else Pin.RANGE, dev=dev)
    return "Gemfile", False
