"""Go modules: ``go.mod`` requirements (with ``replace``) and ``go.sum`` checksums.

Versions drop the leading ``v`` (``v1.2.3`` becomes ``1.2.3``), the way
vulnerability databases spell Go versions; ``+incompatible`` stays.
"""

from __future__ import annotations

import re

from faasguard.deps.manifests._model import Collector, Context, Pin
from faasguard.deps.manifests._text import quote

__all__ = ["go_version_key", "parse_go_mod", "parse_go_sum"]

_DIRECTIVES = frozenset(
    {"module", "go", "toolchain", "godebug", "require", "replace", "exclude", "retract", "tool", "ignore"}
)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|\S+')
# The module graph lists every dependency from go 1.17 on ("pruned module graphs").
_COMPLETE_GRAPH = (1, 17)


def _strip(version: str) -> str:
    return version[1:] if version.startswith("v") else version


def go_version_key(version: str) -> tuple[tuple[int, ...], int, tuple[tuple[int, int | str], ...]]:
    """A sort key for Go module versions (semantic versioning; pre-releases sort before releases)."""
    core, _, pre = _strip(version).split("+", 1)[0].partition("-")
    numbers = tuple(int(part) if part.isdigit() else 0 for part in core.split("."))
    fields = tuple((0, int(p)) if p.isdigit() else (1, p) for p in pre.split(".")) if pre else ()
    return numbers, 0 if pre else 1, fields


def _tokens(text: str) -> list[str]:
    return [t[1:-1] if t[:1] in '"`' else t for t in _TOKEN.findall(text)]


def _statements(text: str, out: Collector) -> list[tuple[str, list[str], bool, int]]:
    """``(directive, arguments, indirect, line)`` for each statement, blocks unfolded."""
    result: list[tuple[str, list[str], bool, int]] = []
    block: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        code, _, comment = raw.partition("//")
        indirect = comment.strip().startswith("indirect")
        tokens = _tokens(code)
        if not tokens:
            continue
        if block is not None:
            if tokens == [")"]:
                block = None
            else:
                result.append((block, tokens, indirect, number))
            continue
        directive, args = tokens[0], tokens[1:]
        if directive not in _DIRECTIVES:
            out.problem(number, f"unknown go.mod directive {quote(directive)}")
            continue
        if args == ["("]:
            block = directive
        elif args[-1:] == ["("] or "(" in args:
            out.problem(number, f"cannot read {quote(code.strip())}")
        else:
            result.append((directive, args, indirect, number))
    if block is not None:
        out.problem(0, f"{block} block is never closed")
    return result


def parse_go_mod(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Every required module, redirected by ``replace``; ``// indirect`` ones are not direct."""
    if not text.strip():
        out.problem(1, "empty file, expected a go.mod")
        return "go.mod", False
    statements = _statements(text, out)
    replaces: dict[tuple[str, str | None], list[str]] = {}
    go_version: tuple[int, ...] = ()
    for directive, args, _, line in statements:
        if directive == "go" and args:
            go_version = tuple(int(p) for p in re.findall(r"\d+", args[0])[:2])
        elif directive == "replace":
            if "=>" not in args:
                out.problem(line, "replace without =>")
                continue
            left, right = args[: args.index("=>")], args[args.index("=>") + 1 :]
            if not left or not right:
                out.problem(line, "replace needs a module on both sides")
                continue
            replaces[(left[0], left[1] if len(left) > 1 else None)] = right
    for directive, args, indirect, line in statements:
        if directive != "require":
            continue
        if len(args) != 2:
            out.problem(line, f"require needs a module and a version, got {quote(' '.join(args))}")
            continue
        module, version = args
        target = replaces.get((module, version)) or replaces.get((module, None))
        if target is None:
            out.add(module, _strip(version), None, line, Pin.EXACT, direct=not indirect)
        elif len(target) == 1:
            # Replaced by a directory: the module's code lives next to this one.
            out.add(module, None, target[0], line, Pin.LOCAL, direct=not indirect)
        else:
            spec = f"{module} {version} => {target[0]} {target[1]}"
            out.add(target[0], _strip(target[1]), spec, line, Pin.EXACT, direct=not indirect)
    return "go.mod", go_version >= _COMPLETE_GRAPH


def parse_go_sum(text: str, out: Collector, ctx: Context) -> tuple[str, bool]:
    """Modules whose content is checksummed (``/go.mod``-only lines are skipped: nothing of them is built)."""
    if not text.strip():
        out.problem(1, "empty file, expected a go.sum")
        return "go.sum", False
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        fields = raw.split()
        if not fields:
            continue
        if len(fields) != 3 or not fields[2].startswith("h"):
            out.problem(number, f"expected 'module version hash', got {quote(raw)}")
            continue
        module, version, _ = fields
        if version.endswith("/go.mod") or (module, version) in seen:
            continue
        seen.add((module, version))
        out.add(module, _strip(version), None, number, Pin.EXACT, direct=False)
    return "go.sum", True
