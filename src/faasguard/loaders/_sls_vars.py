"""Offline, safe resolution of Serverless Framework variables (``${source:address}``).

Follows the v3 parser: a variable is ``${`` + a lowercase source type
followed by ``:`` or ``(``; anything else (``${AWS::Region}``, ``${Bucket}``,
``${{x}}``) is CloudFormation or plain text and is left alone.  Fallbacks
(``${opt:stage, self:provider.stage, 'dev'}``) apply only when every earlier
source has no value; an unknown or external value is never replaced by a
default.  Nothing is executed, nothing goes to the network, the environment
is read only with ``use_env``, and ``${file()}`` reads YAML/JSON inside the
project root only (symlinks resolved first).
"""

from __future__ import annotations

import json
import math
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from faasguard.errors import InputError
from faasguard.loaders._json import parse_json
from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders._read import read_text
from faasguard.loaders._yaml import parse_yaml
from faasguard.model import Derived, ExternalRef, Location, Unknown

__all__ = ["MAX_DEPTH", "MAX_STEPS", "MAX_STRING", "Resolution", "VariableOptions", "resolve_variables"]

MAX_DEPTH = 64  # variables resolved through variables, at most
MAX_STEPS = 200_000  # nodes copied plus sources evaluated
MAX_STRING = 1_000_000  # characters in one substituted string
_MAX_NESTING = 32  # ${ inside ${ in one string

_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.")
_TYPE = re.compile(r"[a-z][a-zA-Z0-9]*\Z")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\Z")
_CODE = frozenset({".js", ".cjs", ".mjs", ".ts", ".cts", ".mts"})
_DATA = {".yml": "yaml", ".yaml": "yaml", ".json": "json"}
_STORES = {
    "ssm": "SSM Parameter Store",
    "secretsmanager": "AWS Secrets Manager",
    "cf": "a CloudFormation stack output",
    "s3": "S3",
    "aws": "the AWS account",
}
_SM_PREFIX = "/aws/reference/secretsmanager/"


@dataclass(frozen=True, slots=True)
class VariableOptions:
    """What the command line supplies to variables; everything else stays unknown."""

    stage: str | None = None
    region: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)
    use_env: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    max_file_bytes: int = 5 * 1024 * 1024


@dataclass(slots=True)
class Resolution:
    """The resolved document, errors (``problems``), what stayed unknown (``notes``) and how often."""

    doc: LDict
    problems: list[tuple[Location, str]]
    notes: list[tuple[Location, str]]
    unresolved: int


# --- parsing ---------------------------------------------------------------


class _Syntax(Exception):
    """Text that opens a variable but breaks the framework's syntax."""


@dataclass(frozen=True, slots=True)
class _Var:
    text: str
    sources: tuple[_Source, ...]


@dataclass(frozen=True, slots=True)
class _Tpl:
    parts: tuple[str | _Var, ...]


@dataclass(frozen=True, slots=True)
class _Source:
    kind: str = ""  # "" literal, "$" a nested variable used as a fallback
    literal: Any = None
    params: tuple[Any, ...] = ()  # literals or _Tpl
    address: str | _Tpl | None = None


def _literal(text: str) -> Any:
    if text in ("true", "false"):
        return text == "true"
    if text == "null":
        return None
    if _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    raise _Syntax(f"unquoted default {text!r} (quote it)")


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)

    def template(self) -> tuple[str | _Var, ...]:
        s, start, i = self.s, 0, 0
        parts: list[str | _Var] = []
        while i < self.n:
            if s[i] == "\\":
                i += 2
            elif s.startswith("${", i):
                var, end = self.var(i, 0)
                if var is None:
                    i += 2
                    continue
                if i > start:
                    parts.append(s[start:i])
                parts.append(var)
                i = start = end
            else:
                i += 1
        if start < self.n:
            parts.append(s[start:])
        return tuple(parts)

    def spaces(self, j: int) -> int:
        while j < self.n and self.s[j] == " ":
            j += 1
        return j

    def name_end(self, j: int) -> int:
        while j < self.n and self.s[j] in _NAME:
            j += 1
        return j

    def var(self, i: int, depth: int) -> tuple[_Var | None, int]:
        if depth > _MAX_NESTING:
            raise _Syntax("variables nested too deeply")
        j = i + 2
        k = self.name_end(j)
        name = self.s[j:k]
        if not name or name[0] not in _LOWER or k >= self.n or self.s[k] not in ":(":
            if depth:
                raise _Syntax(f"invalid variable type at index {j}")
            return None, i  # CloudFormation ${AWS::Region}, ${Bucket}, ${{x}}, text
        first = self.body(name, k, depth, first=True)
        if first is None:
            return None, i  # ${type::x} is foreign too
        sources, j = [first[0]], first[1]
        while True:
            j = self.spaces(j)
            if j >= self.n:
                raise _Syntax("missing closing '}'")
            if self.s[j] == "}":
                return _Var(self.s[i : j + 1], tuple(sources)), j + 1
            if self.s[j] != ",":
                raise _Syntax(f"unexpected {self.s[j]!r} at index {j}")
            source, j = self.fallback(self.spaces(j + 1), depth)
            sources.append(source)

    def body(self, name: str, k: int, depth: int, first: bool) -> tuple[_Source, int] | None:
        params: tuple[Any, ...] = ()
        if self.s[k] == "(":
            params, k = self.params(k + 1, depth)
            k = self.spaces(k)
            if k >= self.n or self.s[k] != ":":
                return _Source(name, params=params), k
        j = self.spaces(k + 1)
        if j < self.n and self.s[j] == ":":
            if first and not params and not depth:
                return None
            raise _Syntax(f"invalid address at index {j}")
        if j < self.n and self.s[j] in "'\"":
            text, j = self.quoted(j)
            return _Source(name, params=params, address=text), j
        address, j = self.until(j, "},", depth, colon_ok=False)
        return _Source(name, params=params, address=address), j

    def fallback(self, j: int, depth: int) -> tuple[_Source, int]:
        if j >= self.n:
            raise _Syntax("missing closing '}'")
        if self.s[j] in "'\"":
            text, j = self.quoted(j)
            return _Source(literal=text), j
        if self.s.startswith("${", j):
            var, j = self.var(j, depth + 1)
            return _Source("$", literal=var), j
        k = self.name_end(j)
        if k < self.n and self.s[k] in ":(":
            if not _TYPE.match(self.s[j:k]):
                raise _Syntax(f"invalid variable source at index {j}")
            found = self.body(self.s[j:k], k, depth, first=False)
            assert found is not None
            return found
        if k == j:
            raise _Syntax(f"invalid variable source at index {j}")
        return _Source(literal=_literal(self.s[j:k])), k

    def params(self, j: int, depth: int) -> tuple[tuple[Any, ...], int]:
        found: list[Any] = []
        while True:
            j = self.spaces(j)
            if j < self.n and self.s[j] == ")":
                return tuple(found), j + 1
            if j < self.n and self.s[j] in "'\"":
                text, j = self.quoted(j)
                found.append(text)
                j = self.spaces(j)
            else:
                value, j = self.until(j, ",)", depth, colon_ok=True)
                found.append(value if isinstance(value, _Tpl) or value == "" else _literal_or_text(value))
            if j >= self.n:
                raise _Syntax("missing ')'")
            if self.s[j] == ")":
                return tuple(found), j + 1
            j += 1  # ","

    def until(self, j: int, stops: str, depth: int, colon_ok: bool) -> tuple[str | _Tpl, int]:
        parts: list[str | _Var] = []
        start = j
        while j < self.n and self.s[j] not in stops:
            char = self.s[j]
            if self.s.startswith("${", j):
                parts.append(self.s[start:j])
                var, j = self.var(j, depth + 1)
                assert var is not None
                parts.append(var)
                start = j
                continue
            if char == "}" or (char == ":" and not colon_ok):
                raise _Syntax(f"unexpected {char!r} at index {j}")
            j += 1
        if j >= self.n:
            raise _Syntax("missing closing '}'")
        parts.append(self.s[start:j])
        if len(parts) == 1:
            return str(parts[0]).strip(), j
        if isinstance(parts[0], str):
            parts[0] = parts[0].lstrip()
        if isinstance(parts[-1], str):
            parts[-1] = parts[-1].rstrip()
        return _Tpl(tuple(p for p in parts if p != "")), j

    def quoted(self, j: int) -> tuple[str, int]:
        quote, k = self.s[j], j + 1
        while k < self.n and self.s[k] != quote:
            k += 2 if quote == '"' and self.s[k] == "\\" else 1
        if k >= self.n:
            raise _Syntax(f"unterminated string at index {j}")
        if quote == "'":
            return self.s[j + 1 : k], k + 1
        try:
            return str(json.loads(self.s[j : k + 1])), k + 1
        except ValueError:
            raise _Syntax(f"invalid string at index {j}") from None


def _literal_or_text(text: str) -> Any:
    try:
        return _literal(text)
    except _Syntax:
        return text


def _js_string(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return str(value)


def _real(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _line_in(node: Any, key: Any) -> int:
    lines = getattr(node, "lines", None)
    if isinstance(lines, dict):
        return int(lines.get(key, 0))
    if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
        return int(lines[key])
    return 0


def _copy(value: Any, line: int | None) -> Any:
    if isinstance(value, dict):
        out = LDict(line=getattr(value, "line", 0) if line is None else line)
        out.lines = dict(getattr(value, "lines", {})) if line is None else dict.fromkeys(value, line)
        for name, child in value.items():
            out[name] = _copy(child, line) if isinstance(child, dict | list) else child
        return out
    if isinstance(value, list):
        items = LList(
            [_copy(child, line) if isinstance(child, dict | list) else child for child in value],
            line=getattr(value, "line", 0) if line is None else line,
        )
        items.lines = list(getattr(value, "lines", [])) if line is None else [line] * len(value)
        return items
    return value


# --- resolution ------------------------------------------------------------


class _Missing:
    """A source without a value (so the next fallback applies); ``hint`` says how to give one."""

    __slots__ = ("hint",)

    def __init__(self, hint: str) -> None:
        self.hint = hint


_Key = tuple[str, str, tuple[str, ...]]  # ("s"tring | "t"ree, origin file ("" = main), path)


class _Resolver:
    def __init__(self, doc: LDict, file: str, path: Path, root: Path, options: VariableOptions) -> None:
        self.doc, self.file, self.opts = doc, file, options
        self.base = path.parent
        self.root = _real(root)
        self.memo: dict[_Key, tuple[Any, int]] = {}
        self.active: dict[_Key, int] = {}
        self.labels: list[str] = []
        self.names: dict[str, str] = {"": "self:"}
        self.depth = self.steps = 0
        self.where = Location(file, getattr(doc, "line", 0))
        self.problems: list[tuple[Location, str]] = []
        self.notes: list[tuple[Location, str]] = []
        self.seen: set[tuple[str, str]] = set()
        self.files: dict[str, Any] = {}
        self.sizes: dict[int, tuple[Any, int]] = {}

    def problem(self, where: Location, message: str, key: str | None = None) -> None:
        if ("!", key or message) not in self.seen:
            self.seen.add(("!", key or message))
            self.problems.append((where, message))

    def note(self, where: Location, var: _Var, message: str) -> None:
        if (where.file, var.text) not in self.seen:
            self.seen.add((where.file, var.text))
            self.notes.append((where, message))

    def exhausted(self) -> Unknown:
        message = f"variables expand beyond {MAX_STEPS:,} steps; the rest is left unknown"
        self.problem(self.where, message)
        return Unknown(message)

    def too_deep(self, where: Location) -> Unknown:
        message = f"variables refer through more than {MAX_DEPTH} levels of variables"
        self.problem(where, message)
        return Unknown(message)

    def cycle(self, key: _Key, where: Location) -> Unknown:
        chain = self.labels[self.active[key] :]
        message = "variable cycle: " + " -> ".join([*chain, chain[0]])
        self.problem(where, message)
        return Unknown(message)

    def enter(self, key: _Key) -> None:
        self.active[key] = len(self.labels)
        self.labels.append(self.names[key[1]] + ".".join(key[2]))

    def leave(self, key: _Key) -> None:
        del self.active[key]
        self.labels.pop()

    # -- walking documents

    def value_at(self, origin: str, where: Location, path: tuple[str, ...], node: Any) -> Any:
        if isinstance(node, str):
            return self.string_at(origin, where, path, node)[0] if "${" in node else node
        if isinstance(node, dict | list):
            return self.tree_at(origin, where, path, node)
        return node

    def tree_at(self, origin: str, where: Location, path: tuple[str, ...], node: Any) -> Any:
        key = ("t", origin, path)
        if key in self.memo:
            return self.memo[key][0]
        if key in self.active:
            return self.cycle(key, where)
        self.enter(key)
        try:
            out: LDict | LList
            if isinstance(node, dict):
                out = LDict(line=getattr(node, "line", where.line))
                out.lines = dict(getattr(node, "lines", {}))
                for name, child in node.items():
                    here = where.at(_line_in(node, name))
                    out[name] = self.value_at(origin, here, (*path, str(name)), child)
            else:
                out = LList(line=getattr(node, "line", where.line))
                out.lines = list(getattr(node, "lines", []))
                for index, child in enumerate(node):
                    here = where.at(_line_in(node, index))
                    out.append(self.value_at(origin, here, (*path, str(index)), child))
        finally:
            self.leave(key)
        self.memo[key] = (out, 0)
        return out

    def string_at(self, origin: str, where: Location, path: tuple[str, ...], text: str) -> tuple[Any, int]:
        key = ("s", origin, path)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:
            return self.cycle(key, where), 1
        if self.depth >= MAX_DEPTH:
            return self.too_deep(where), 1  # not memoized: from a shallower start it may resolve
        self.where = where
        self.enter(key)
        self.depth += 1
        try:
            result = self.evaluate(text, where) if self.steps <= MAX_STEPS else (self.exhausted(), 1)
        except RecursionError:
            result = self.too_deep(where), 1
        finally:
            self.depth -= 1
            self.leave(key)
        self.memo[key] = result
        return result

    def lookup(self, origin: str, root: Any, path: tuple[str, ...], where: Location) -> Any:
        """The resolved value at ``path``, resolving strings met on the way; ``_Missing`` when absent."""
        node, resolved = root, False
        for index, name in enumerate(path):
            if not resolved and isinstance(node, str) and "${" in node:
                node, resolved = self.string_at(origin, where, path[:index], node)[0], True
            if isinstance(node, Unknown):
                return node
            step: Any = name
            if isinstance(node, list) and name.isdigit() and int(name) < len(node):
                step = int(name)
            elif not isinstance(node, dict) or name not in node:
                return _Missing("")
            where = where.at(_line_in(node, step))
            node = node[step]
        if node is None:
            return _Missing("")
        return node if resolved else self.value_at(origin, where, path, node)

    def size(self, value: Any) -> int:
        """Nodes in ``value`` counted as a tree (shared subtrees count every time), memoized."""
        if not isinstance(value, dict | list):
            return 1
        if id(value) not in self.sizes:
            children = value.values() if isinstance(value, dict) else value
            self.sizes[id(value)] = (value, 1 + sum(self.size(child) for child in children))
        return self.sizes[id(value)][1]

    def copy(self, value: Any, line: int | None = None) -> Any:
        """A fresh tree (counted against the budget); with ``line``, every line becomes ``line``."""
        if not isinstance(value, dict | list):
            return value
        self.steps += self.size(value)
        return self.exhausted() if self.steps > MAX_STEPS else _copy(value, line)

    # -- evaluating variables

    def evaluate(self, text: str, where: Location) -> tuple[Any, int]:
        try:
            parts = _Parser(text).template()
        except _Syntax as exc:
            shown = text if len(text) <= 120 else text[:117] + "..."
            message = f"invalid variable syntax: {exc} in {shown!r}"
            self.problem(where, message)
            return Unknown(message), 1
        return self.render(parts, where)

    def render(self, parts: tuple[str | _Var, ...], where: Location) -> tuple[Any, int]:
        if len(parts) == 1 and isinstance(parts[0], _Var):
            value = self.variable(parts[0], where)
            return value, int(isinstance(value, Unknown))
        out: list[str] = []
        size, count, unknown = 0, 0, None
        for part in parts:
            value = part if isinstance(part, str) else self.variable(part, where)
            if isinstance(value, dict | list) and isinstance(part, _Var):
                message = f"{part.text} is a {'mapping' if isinstance(value, dict) else 'list'}, not text"
                self.problem(where, message)
                value = Unknown(message)
            if isinstance(value, Unknown):
                count, unknown = count + 1, value if unknown is None else unknown
                continue
            out.append(value if isinstance(value, str) else _js_string(value))
            size += len(out[-1])
            if size > MAX_STRING:
                message = f"variables build a string longer than {MAX_STRING:,} characters"
                self.problem(where, message)
                return Unknown(message), count + 1
        if unknown is not None:
            return Unknown(unknown.reason), count
        return "".join(out), 0

    def variable(self, var: _Var, where: Location) -> Any:
        value = self.first_value(var, where)
        if not isinstance(value, _Missing):
            return value
        message = f"{var.text} has no value" + (f": {value.hint}" if value.hint else "")
        self.note(where, var, message)
        return Unknown(message)

    def first_value(self, var: _Var, where: Location) -> Any:
        hints: list[str] = []
        for source in var.sources:
            value = self.source(source, var, where)
            if not isinstance(value, _Missing):
                return value
            if value.hint and value.hint not in hints:
                hints.append(value.hint)
        return _Missing("; ".join(hints))

    def source(self, source: _Source, var: _Var, where: Location) -> Any:
        self.steps += 1
        if source.kind == "":
            return source.literal
        if source.kind == "$":
            return self.first_value(source.literal, where)
        params: list[Any] = []
        for param in source.params:
            if isinstance(param, _Tpl):
                param = self.render(param.parts, where)[0]
                if isinstance(param, Unknown):
                    return param
            params.append(param)
        address = source.address
        if isinstance(address, _Tpl):
            value = self.render(address.parts, where)[0]
            if isinstance(value, Unknown | dict | list):
                return value if isinstance(value, Unknown) else Unknown(f"{var.text}: address is not text")
            address = _js_string(value)
        return self.dispatch(source.kind, params, address or "", var, where)

    def dispatch(self, kind: str, params: list[Any], address: str, var: _Var, where: Location) -> Any:
        if kind == "self":
            found = self.lookup("", self.doc, tuple(address.split(".")) if address else (), where)
            return (
                _Missing(f"self:{address} is not defined")
                if isinstance(found, _Missing)
                else self.copy(found)
            )
        if kind == "opt":
            return self.option(address)
        if kind == "sls" and address == "stage":
            return self.stage(where)
        if kind == "param" and address:
            return self.param(address, var, where)
        if kind == "env" and address:
            if not self.opts.use_env:
                return _Missing("environment variables are read only with --use-env")
            found_env = self.opts.environ.get(address)
            return _Missing(f"{address} is not set in the environment") if found_env is None else found_env
        if kind == "file":
            return self.file_ref(params, address, var, where)
        if kind == "strToBool" and params and params[0] in ("true", "false", "1", "0", True, False, 1, 0):
            return params[0] in ("true", "1", True, 1)
        if kind == "aws" and address == "region":
            return self.region(where)
        if kind == "aws" and address == "accountId":
            # the deploying account: the same placeholder CloudFormation templates use for it
            return Derived("${AWS::AccountId}", "pseudo")
        if kind in _STORES:
            return self.external(kind, address, var, where)
        if kind == "sls" and address == "instanceId":
            reason = "sls:instanceId is random for every run"
        else:
            reason = f"{var.text}: source '{kind}' is not resolved offline (plugin or custom resolver)"
        self.note(where, var, reason)
        return Unknown(reason)

    def option(self, name: str) -> Any:
        opts = self.opts
        given = {**opts.options, **({"stage": opts.stage} if opts.stage else {})}
        given.update({"region": opts.region} if opts.region else {})
        if not name:
            return LDict(given)
        if name in given:
            return given[name]
        flag = f"--{name}" if name in ("stage", "region") else f"--opt {name}=VALUE"
        return _Missing(f"pass {flag}")

    def stage(self, where: Location) -> Any:
        given = self.option("stage")
        if not isinstance(given, _Missing):
            return given
        found = self.lookup("", self.doc, ("provider", "stage"), where)
        if isinstance(found, _Missing):
            return "dev"
        return found if isinstance(found, Unknown | str) else _js_string(found)

    def region(self, where: Location) -> Any:
        """``--region``, else ``provider.region``, else the framework's default ``us-east-1``."""
        given = self.option("region")
        if not isinstance(given, _Missing):
            return given
        found = self.lookup("", self.doc, ("provider", "region"), where)
        if isinstance(found, _Missing):
            return "us-east-1"
        return found if isinstance(found, Unknown | str) else _js_string(found)

    def param(self, name: str, var: _Var, where: Location) -> Any:
        if name in self.opts.params:
            return self.opts.params[name]
        sections = self.doc.get("params")
        if isinstance(sections, dict):
            stage = self.stage(where) if set(sections) - {"default"} else "default"
            if isinstance(stage, Unknown):
                return stage
            for section in dict.fromkeys((str(stage), "default")):
                found = self.lookup("", self.doc, ("params", section, name), where)
                if not isinstance(found, _Missing):
                    return self.copy(found)
        if self.doc.get("org") and self.doc.get("app"):
            reason = f"param:{name} may be set in the Serverless Dashboard"
            self.note(where, var, reason)
            return Unknown(reason)
        return _Missing(f"pass --param {name}=VALUE")

    def external(self, kind: str, address: str, var: _Var, where: Location) -> ExternalRef:
        store, key = kind, address
        if kind == "ssm":
            key = re.sub(r"~(?:true|false|split)\Z", "", address)
            if key.startswith(_SM_PREFIX):
                store, key = "secretsmanager", key[len(_SM_PREFIX) :]
        reason = f"{kind}:{address} is fetched from {_STORES[store]} at deploy time"
        self.note(where, var, reason)
        return ExternalRef(reason, store, key)

    def file_ref(self, params: list[Any], address: str, var: _Var, where: Location) -> Any:
        raw = params[0] if params else None
        if not isinstance(raw, str) or not raw:
            message = f"{var.text}: file() needs a path"
            self.problem(where, message)
            return Unknown(message)
        shown = posixpath.normpath(posixpath.join(posixpath.dirname(self.file), raw))
        real = _real(self.base / raw)
        if real is None or self.root is None or not real.is_relative_to(self.root):
            message = f"{var.text} points outside the project root; not read"
            self.problem(where, message)
            return Unknown(message)
        suffix = PurePosixPath(raw).suffix.lower()
        kind = _DATA.get(suffix)
        if kind is None:
            what = "is code, not analysed" if suffix in _CODE else "is not YAML or JSON, not analysed"
            self.note(where, var, f"{shown} {what}")
            return Unknown(f"{shown} {what}")
        content = self.load(real, shown, kind, where)
        if isinstance(content, _Missing | Unknown):
            return content
        origin = str(real)
        self.names[origin] = f"file({shown}):"
        path = tuple(address.split(".")) if address else ()
        found = self.lookup(origin, content, path, Location(shown, getattr(content, "line", 1)))
        if isinstance(found, _Missing):
            return _Missing(f"{shown} has no {address or 'content'}")
        return self.copy(found, where.line)

    def load(self, real: Path, shown: str, kind: str, where: Location) -> Any:
        if str(real) not in self.files:
            try:
                if not real.exists():
                    content: Any = _Missing(f"{shown} does not exist")
                else:
                    text = read_text(real, shown, self.opts.max_file_bytes)
                    content = (
                        parse_json(text, shown) if kind == "json" else parse_yaml(text, shown, yaml12=True)
                    )
                    content = _Missing(f"{shown} is empty") if content is None else content
            except (InputError, OSError, RecursionError) as exc:
                message = f"cannot use {shown}: {exc}"
                self.problem(where, message)
                content = Unknown(message)
            self.files[str(real)] = content
        return self.files[str(real)]


def resolve_variables(
    doc: LDict, *, file: str, path: Path, root: Path, options: VariableOptions
) -> Resolution:
    """Resolve every Serverless variable in ``doc`` offline; the input is left untouched.

    ``file`` is the display name of serverless.yml, ``path`` its real path
    (``${file()}`` is relative to its folder) and ``root`` the scanned project
    root that ``${file()}`` may not leave.  Values that cannot be known become
    :class:`Unknown` (:class:`ExternalRef` for a single ssm/secretsmanager/cf/
    s3/aws reference); errors are returned as problems, never raised.
    """
    if not isinstance(doc, dict):
        return Resolution(doc, [], [], 0)
    resolver = _Resolver(doc, file, path, root, options)
    try:
        out = resolver.tree_at("", Location(file, getattr(doc, "line", 0)), (), doc)
    except RecursionError:  # pragma: no cover - depth limits make this unreachable in practice
        resolver.problem(Location(file), "variables nested too deeply")
        out = LDict(line=getattr(doc, "line", 0))
    unresolved = sum(
        count for (kind, origin, _), (_, count) in resolver.memo.items() if kind == "s" and not origin
    )
    return Resolution(out, resolver.problems, resolver.notes, unresolved)
