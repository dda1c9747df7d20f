"""Terraform modules: read a folder's ``.tf`` files and evaluate one instance of it.

A :class:`ModuleInstance` is the scope expressions are evaluated in: its
variables (the caller's arguments, else defaults, else unknown — never a
default in place of an unknown argument), locals, resources and data
sources (with ``count``/``for_each`` instances named as Terraform names
them), and the outputs of the modules it calls.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faasguard._comments import Comment
from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders.terraform import _hcl as h
from faasguard.loaders.terraform._eval import Context
from faasguard.loaders.terraform._funcs import FUNCTIONS
from faasguard.loaders.terraform._types import identity, known_data
from faasguard.loaders.terraform._values import BlockBody, Blocks, EvalError, LStr, is_intrinsic, to_text
from faasguard.model import ExternalRef, SourceLine, Unknown

__all__ = ["Instance", "ModuleInstance", "ModuleSource", "Session"]

#: instances one resource block may expand to before the rest are left out (with a note)
MAX_INSTANCES = 1_000
#: how deep module calls may nest
MAX_MODULE_DEPTH = 16
_SKIP_BLOCKS = frozenset({"lifecycle", "provisioner", "connection", "timeouts"})
_META = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle"})


@dataclass(slots=True)
class ModuleSource:
    """The parsed files of one module folder."""

    real: Path
    display: str
    variables: dict[str, tuple[h.Block, str]] = field(default_factory=dict)
    locals: dict[str, tuple[h.Attr, str]] = field(default_factory=dict)
    resources: dict[tuple[str, str, str], tuple[h.Block, str]] = field(default_factory=dict)
    modules: dict[str, tuple[h.Block, str]] = field(default_factory=dict)
    outputs: dict[str, tuple[h.Block, str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Session:
    """What one configuration's evaluation shares: the root, parsed folders, problems and notes."""

    root: Path  # the scanned folder: files read by file()/templatefile() must be inside it
    root_display: str
    cwd: Path  # the root module's folder: relative paths in file() start here, as in Terraform
    max_bytes: int
    problems: list[tuple[SourceLine, str]] = field(default_factory=list)
    notes: list[tuple[SourceLine, str]] = field(default_factory=list)
    comments: dict[str, list[Comment]] = field(default_factory=dict)
    sources: dict[Path, ModuleSource] = field(default_factory=dict)
    instances: list[Instance] = field(default_factory=list)
    vendored: dict[str, str] = field(default_factory=dict)  # module key -> folder under .terraform
    texts: dict[str, str] = field(default_factory=dict)

    def source(self, real: Path, display: str) -> ModuleSource:
        """The parsed module folder (each folder parsed once)."""
        if real not in self.sources:
            self.sources[real] = self._read(real, display)
        return self.sources[real]

    def _read(self, real: Path, display: str) -> ModuleSource:
        from faasguard.errors import InputError

        src = ModuleSource(real, display)
        try:
            names = sorted(e.name for e in os.scandir(real) if e.name.endswith(".tf") and e.is_file())
        except OSError as exc:
            self.problems.append((SourceLine(0, display), f"cannot read module folder: {exc.strerror}"))
            return src
        for name in names:
            shown = f"{display}/{name}" if display not in ("", ".") else name
            try:
                text, parsed = _parsed(real / name, shown, self.max_bytes)
            except InputError as exc:
                self.problems.append((SourceLine(exc.line, shown), str(exc.args[0])))
                continue
            self.texts[shown] = text
            src.files.append(shown)
            self.problems.extend((SourceLine(line, shown), msg) for line, msg in parsed.problems)
            if parsed.comments:
                self.comments[shown] = parsed.comments
            self._collect(src, parsed.body, shown)
        return src

    def _collect(self, src: ModuleSource, body: h.Body, file: str) -> None:
        for attr in body.attrs.values():
            self.problems.append(
                (SourceLine(attr.line, file), f"unexpected attribute {attr.name!r} at top level")
            )
        for block in body.blocks:
            kind, labels = block.type, block.labels
            where = SourceLine(block.line, file)
            if kind == "locals":
                for attr in block.body.attrs.values():
                    src.locals[attr.name] = (attr, file)
            elif kind in ("resource", "data") and len(labels) == 2:
                key = ("managed" if kind == "resource" else "data", labels[0], labels[1])
                if key in src.resources:
                    self.problems.append((where, f"{kind} {labels[0]}.{labels[1]} is declared twice"))
                src.resources[key] = (block, file)
            elif kind == "variable" and len(labels) == 1:
                src.variables[labels[0]] = (block, file)
            elif kind == "module" and len(labels) == 1:
                src.modules[labels[0]] = (block, file)
            elif kind == "output" and len(labels) == 1:
                src.outputs[labels[0]] = (block, file)
            elif kind in ("resource", "data", "variable", "module", "output"):
                self.problems.append((where, f"{kind} block with {len(labels)} labels"))

    def display_of(self, real: Path) -> str:
        """How a folder is shown: relative to the scanned folder when inside it."""
        if real.is_relative_to(self.root):
            rel = real.relative_to(self.root).as_posix()
            if rel == ".":
                return self.root_display
            return rel if self.root_display in ("", ".") else f"{self.root_display}/{rel}"
        return str(real)

    def read_file(self, path: str) -> Any:
        """``file(path)`` (relative to the root module's folder), only inside the scanned root."""
        from faasguard.errors import InputError
        from faasguard.loaders._read import read_text

        target = (self.cwd / path).resolve()
        if not target.is_relative_to(self.root):
            return Unknown(f"file({path!r}) is outside the scanned folder; not read")
        if not target.is_file():
            raise EvalError(f"file({path!r}): no such file")
        shown = self.display_of(target)
        try:
            text = read_text(target, shown, self.max_bytes)
        except InputError as exc:
            return Unknown(f"file({path!r}): {exc.args[0]}")
        return LStr(text, SourceLine(1, shown))


#: parsed files shared by the configurations of one scan (a module folder used by many roots is
#: parsed once); bounded so that a huge tree does not keep every parsed file alive
_PARSED: dict[tuple[Path, int, int], tuple[str, h.ParsedFile]] = {}
_PARSED_MAX = 512


def _parsed(path: Path, shown: str, max_bytes: int) -> tuple[str, h.ParsedFile]:
    from faasguard.loaders._read import read_text

    try:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (path, 0, -1)
    found = _PARSED.get(key)
    if found is None:
        text = read_text(path, shown, max_bytes)
        found = (text, h.parse_hcl(text))
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = found
    return found


class NoNames:
    """A scope with no names of its own (a template file, a variables file, a -var value)."""

    def __init__(self, why: str) -> None:
        self.why = why

    def root(self, name: str, line: int) -> Any:
        raise EvalError(f"{name}: {self.why}")


class _Namespace:
    """``var``, ``local``, ``module``, ``data``, ``data.TYPE``, ``TYPE`` (resources)."""

    __slots__ = ("get", "what")

    def __init__(self, what: str, get: Any) -> None:
        self.what, self.get = what, get

    def get_attr(self, key: Any, line: SourceLine) -> Any:
        if not isinstance(key, str):
            raise EvalError(f"{self.what}[...] needs a name")
        return self.get(str(key), line)


class InstanceList(LList):
    """The instances of a resource with ``count`` (indexable; ``[*]`` goes over them)."""

    instances = True


class InstanceMap(LDict):
    """The instances of a resource with ``for_each`` (by key)."""

    instances = True


class _AnyInstance:
    """A resource whose ``count``/``for_each`` is unknown: every index gives the one analysed instance."""

    instances = True

    def __init__(self, instance: Instance) -> None:
        self.instance = instance

    def get_attr(self, key: Any, line: SourceLine) -> Any:
        return self.instance

    def __iter__(self) -> Any:
        return iter([self.instance])


class Instance:
    """One resource (or data source) instance: ``aws_lambda_function.x["a"]``."""

    def __init__(
        self, scope: ModuleInstance, mode: str, type_: str, name: str, key: Any, block: h.Block, file: str
    ) -> None:
        self.scope, self.mode, self.type, self.name, self.key = scope, mode, type_, name, key
        self.block, self.file = block, file
        prefix = "data." if mode == "data" else ""
        suffix = "" if key is None else (f"[{key}]" if isinstance(key, int) else f'["{key}"]')
        self.address = f"{scope.prefix}{prefix}{type_}.{name}{suffix}"
        self.env: dict[str, Any] = {}
        self.uncertain = ""  # why this instance may not exist (unknown count/for_each)
        self._body: Any = None
        self._busy = False

    @property
    def line(self) -> SourceLine:
        return SourceLine(self.block.line, self.file)

    def body(self) -> Any:
        """The block's arguments and nested blocks evaluated (meta-arguments left out)."""
        if self._body is None:
            if self._busy:
                return Unknown(f"{self.address} refers to itself")
            self._busy = True
            try:
                ctx = self.scope.context(self.file, self.env)
                self._body = evaluate_body(ctx, self.block.body, self.line, top=True)
            finally:
                self._busy = False
        return self._body

    def get_attr(self, key: Any, line: SourceLine) -> Any:
        attr = str(key)
        if self.mode == "data":
            found = known_data(self, attr, line)
            if found is not None:
                return found
        else:
            found = identity(self.type, attr, self.address, line)
            if found is not None:
                return found
        body = self.body()
        if isinstance(body, dict) and attr in body:
            return body[attr]
        if self.mode == "data":
            return ExternalRef(f"{self.address}.{attr} is read when Terraform plans", "data", self.address)
        return Unknown(f"{self.address}.{attr} is known only after apply")


class ModuleInstance:
    """One instance of a module: the scope of its expressions."""

    def __init__(
        self,
        session: Session,
        source: ModuleSource,
        prefix: str,
        inputs: dict[str, Any] | None,
        stack: tuple[Path, ...],
        key: str,
    ) -> None:
        self.session, self.src, self.prefix, self.inputs = session, source, prefix, inputs or {}
        self.stack, self.key = stack, key
        self._locals: dict[str, Any] = {}
        self._busy: set[str] = set()
        self._resources: dict[tuple[str, str, str], Any] = {}
        self._modules: dict[str, Any] = {}

    def context(self, file: str, env: dict[str, Any] | None = None) -> Context:
        """A context for evaluating expressions of ``file`` in this instance."""
        return Context(self, file, FUNCTIONS, env)

    def read_file(self, path: str, line: int) -> Any:
        """``file(path)``."""
        return self.session.read_file(path)

    def file_exists(self, path: str) -> Any:
        """``fileexists(path)``."""
        target = (self.session.cwd / path).resolve()
        if not target.is_relative_to(self.session.root):
            return Unknown(f"fileexists({path!r}) is outside the scanned folder")
        return target.is_file()

    def render_template(self, ctx: Context, path: str, variables: Any, line: int) -> Any:
        """``templatefile(path, vars)``: the file's text as a template over ``vars`` only."""
        text = self.session.read_file(path)
        if not isinstance(text, LStr):
            return text
        if not isinstance(variables, dict):
            raise EvalError("templatefile(): variables must be an object")
        marker = "FAASGUARD_TEMPLATE_END"
        while marker in text:
            marker += "_"
        body = str(text) if str(text).endswith("\n") else f"{text}\n"
        parsed = h.parse_hcl(f"t = <<{marker}\n{body}{marker}\n")
        attr = parsed.body.attrs.get("t")
        if attr is None or parsed.problems:
            return Unknown(f"templatefile({path!r}): template not understood")
        inner = Context(
            NoNames("not among the template's variables"),
            text.line.file,
            FUNCTIONS,
            {str(k): v for k, v in variables.items()},
        )
        value = inner.eval(attr.expr)
        if isinstance(value, str) and not str(text).endswith("\n"):
            value = value.removesuffix("\n")
        return LStr(value, text.line) if isinstance(value, str) else value

    # -- names -----------------------------------------------------------

    def root(self, name: str, line: int) -> Any:
        if name == "var":
            return _Namespace("var", self.var)
        if name == "local":
            return _Namespace("local", self.local)
        if name == "module":
            return _Namespace("module", self.module)
        if name == "data":
            return _Namespace(
                "data", lambda t, ln: _Namespace(f"data.{t}", lambda n, l2: self.resource("data", t, n, l2))
            )
        if name == "path":
            here = os.path.relpath(self.src.real, self.session.cwd).replace(os.sep, "/")
            return {"module": here, "root": ".", "cwd": "."}
        if name == "terraform":
            return {"workspace": "default"}
        if name in ("count", "each", "self"):
            raise EvalError(f"{name} is not available here")
        if "_" in name:
            return _Namespace(name, lambda n, ln: self.resource("managed", name, n, ln))
        raise EvalError(f"unknown name {name!r}")

    def var(self, name: str, line: SourceLine) -> Any:
        if name in self.inputs:
            return self.inputs[name]
        found = self.src.variables.get(name)
        if found is None:
            raise EvalError(f"variable {name!r} is not declared")
        block, file = found
        default = block.body.attrs.get("default")
        if default is None:
            return ExternalRef(f"variable {name} has no value or default", "variable", name)
        return self.context(file).eval(default.expr)

    def local(self, name: str, line: SourceLine) -> Any:
        if name in self._locals:
            return self._locals[name]
        found = self.src.locals.get(name)
        if found is None:
            raise EvalError(f"local.{name} is not declared")
        if name in self._busy:
            return Unknown(f"local.{name} refers to itself")
        self._busy.add(name)
        try:
            attr, file = found
            value = self.context(file).eval(attr.expr)
        finally:
            self._busy.discard(name)
        self._locals[name] = value
        return value

    def module(self, name: str, line: SourceLine) -> Any:
        from faasguard.loaders.terraform._calls import module_call

        if name not in self._modules:
            self._modules[name] = module_call(self, name)
        return self._modules[name]

    def resource(self, mode: str, type_: str, name: str, line: SourceLine) -> Any:
        key = (mode, type_, name)
        if key not in self._resources:
            found = self.src.resources.get(key)
            if found is None:
                what = "data." if mode == "data" else ""
                raise EvalError(f"{what}{type_}.{name} is not declared")
            self._resources[key] = None  # a count that refers to its own resource
            self._resources[key] = self._expand(mode, type_, name, *found)
        value = self._resources[key]
        if value is None:
            return Unknown(f"{type_}.{name} refers to itself")
        return value

    def all_resources(self) -> None:
        """Expand every resource and data source and every module call (in file order)."""
        for mode, type_, name in self.src.resources:
            self.resource(mode, type_, name, SourceLine(0, ""))
        for name in self.src.modules:
            self.module(name, SourceLine(0, ""))

    # -- instances -------------------------------------------------------

    def _expand(self, mode: str, type_: str, name: str, block: h.Block, file: str) -> Any:
        attrs = block.body.attrs
        ctx = self.context(file)
        where = SourceLine(block.line, file)
        address = f"{self.prefix}{'data.' if mode == 'data' else ''}{type_}.{name}"
        if "count" in attrs:
            count = ctx.eval(attrs["count"].expr)
            if isinstance(count, Unknown) or is_intrinsic(count):
                return _AnyInstance(
                    self._uncertain(mode, type_, name, block, file, "count", count, {"count": {"index": 0}})
                )
            try:
                n = int(count)
            except (TypeError, ValueError):
                self.session.problems.append(
                    (SourceLine(attrs["count"].line, file), f"{address}: count is not a number")
                )
                return InstanceList()
            out = InstanceList(line=where)
            if n > MAX_INSTANCES:
                self.session.notes.append(
                    (where, f"{address}: count = {n}; the first {MAX_INSTANCES} analysed")
                )
            for i in range(min(n, MAX_INSTANCES)):
                inst = self._new(mode, type_, name, i, block, file, {"count": {"index": i}})
                out.append(inst)
                out.lines.append(where)
            if n == 0 and mode == "managed" and _analysed(type_):
                self.session.notes.append(
                    (where, f"{address} has count = 0 with the values given; not analysed")
                )
            return out
        if "for_each" in attrs:
            coll = ctx.eval(attrs["for_each"].expr)
            if isinstance(coll, Unknown) or is_intrinsic(coll):
                env = {
                    "each": {
                        "key": Unknown("for_each key not known"),
                        "value": Unknown("for_each value not known"),
                    }
                }
                return _AnyInstance(self._uncertain(mode, type_, name, block, file, "for_each", coll, env))
            from faasguard.loaders.terraform._values import JsonDoc

            if isinstance(coll, JsonDoc):
                coll = coll.value
            if isinstance(coll, dict):
                pairs = [(str(k), coll[k]) for k in sorted(coll)]
            elif isinstance(coll, list):
                pairs = []
                for item in coll:
                    text = to_text(item)
                    if not isinstance(text, str):
                        return _AnyInstance(
                            self._uncertain(
                                mode,
                                type_,
                                name,
                                block,
                                file,
                                "for_each",
                                Unknown("set element not known"),
                                {"each": {"key": Unknown("not known"), "value": Unknown("not known")}},
                            )
                        )
                    pairs.append((text, item))
                pairs = sorted(dict(pairs).items())
            else:
                self.session.problems.append(
                    (
                        SourceLine(attrs["for_each"].line, file),
                        f"{address}: for_each needs a map or a set of strings",
                    )
                )
                return InstanceMap()
            out_map = InstanceMap(line=where)
            if len(pairs) > MAX_INSTANCES:
                self.session.notes.append(
                    (
                        where,
                        f"{address}: for_each has {len(pairs)} elements; the first {MAX_INSTANCES} analysed",
                    )
                )
            for k, v in pairs[:MAX_INSTANCES]:
                out_map[k] = self._new(mode, type_, name, k, block, file, {"each": {"key": k, "value": v}})
                out_map.lines[k] = where
            return out_map
        return self._new(mode, type_, name, None, block, file, {})

    def _uncertain(
        self,
        mode: str,
        type_: str,
        name: str,
        block: h.Block,
        file: str,
        meta: str,
        value: Any,
        env: dict[str, Any],
    ) -> Instance:
        why = value.reason if isinstance(value, Unknown) else "known only after apply"
        inst = self._new(mode, type_, name, None, block, file, env)
        inst.uncertain = f"{meta} not known ({why})"
        if mode == "managed" and _analysed(type_):
            self.session.notes.append(
                (
                    SourceLine(block.line, file),
                    f"{inst.address}: {meta} not known ({why}); analysed as one instance",
                )
            )
        return inst

    def _new(
        self, mode: str, type_: str, name: str, key: Any, block: h.Block, file: str, env: dict[str, Any]
    ) -> Instance:
        inst = Instance(self, mode, type_, name, key, block, file)
        inst.env = env
        if mode == "managed":
            self.session.instances.append(inst)
        return inst


def _analysed(type_: str) -> bool:
    from faasguard.loaders.terraform._compile import SUPPORTED

    return type_ in SUPPORTED


def evaluate_body(ctx: Context, body: h.Body, line: SourceLine, top: bool = False) -> BlockBody:
    """A block body as an object: attributes by name, nested blocks as lists of objects by type."""
    out = BlockBody(line=line)
    for name, attr in body.attrs.items():
        if top and name in _META:
            continue
        out[name] = ctx.eval(attr.expr)
        out.lines[name] = ctx.line(attr.line)
    for block in body.blocks:
        if block.type in _SKIP_BLOCKS:
            continue
        if block.type == "dynamic" and block.labels:
            _dynamic(ctx, block, out)
            continue
        items = out.get(block.type)
        if not isinstance(items, Blocks):
            items = Blocks(line=ctx.line(block.line))
            out[block.type] = items
            out.lines[block.type] = ctx.line(block.line)
        items.append(evaluate_body(ctx, block.body, ctx.line(block.line)))
        items.lines.append(ctx.line(block.line))
    return out


def _dynamic(ctx: Context, block: h.Block, out: LDict) -> None:
    """``dynamic "name" { for_each = ...; iterator = ...; content { ... } }`` expanded."""
    name = block.labels[0]
    attrs = block.body.attrs
    content = next((b for b in block.body.blocks if b.type == "content"), None)
    where = ctx.line(block.line)
    items = out.get(name)
    if not isinstance(items, Blocks):
        items = Blocks(line=where)
        out[name] = items
        out.lines[name] = where
    if content is None or "for_each" not in attrs:
        return
    iterator = name
    if (
        "iterator" in attrs
        and isinstance(attrs["iterator"].expr, h.Ref)
        and isinstance(attrs["iterator"].expr.root, str)
    ):
        iterator = attrs["iterator"].expr.root
    coll = ctx.eval(attrs["for_each"].expr)
    from faasguard.loaders.terraform._values import JsonDoc

    if isinstance(coll, JsonDoc):
        coll = coll.value
    if isinstance(coll, Unknown) or is_intrinsic(coll) or not isinstance(coll, dict | list):
        reason = coll.reason if isinstance(coll, Unknown) else "not a collection known now"
        out[name] = Unknown(f"dynamic {name} blocks not known ({reason})")
        return
    pairs = [(k, coll[k]) for k in sorted(coll)] if isinstance(coll, dict) else list(enumerate(coll))
    for k, v in pairs[:MAX_INSTANCES]:
        inner = ctx.with_env(**{iterator: {"key": k, "value": v}})
        items.append(evaluate_body(inner, content.body, where))
        items.lines.append(where)


def read_vendored(root: Path) -> dict[str, str]:
    """Module keys to folders from ``.terraform/modules/modules.json`` (what ``terraform init`` fetched)."""
    manifest = root / ".terraform" / "modules" / "modules.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, str] = {}
    for entry in data.get("Modules", []) if isinstance(data, dict) else []:
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("Key"), str)
            and isinstance(entry.get("Dir"), str)
        ):
            out[entry["Key"]] = entry["Dir"]
    return out
