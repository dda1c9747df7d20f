"""Module calls: local modules expanded per call, others reported as not analysed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from faasguard.loaders.terraform._module import (
    MAX_INSTANCES,
    MAX_MODULE_DEPTH,
    InstanceList,
    InstanceMap,
    ModuleInstance,
)
from faasguard.loaders.terraform._values import EvalError, JsonDoc, is_intrinsic, to_text
from faasguard.model import ExternalRef, SourceLine, Unknown

__all__ = ["module_call"]


class _Outputs:
    """``module.NAME`` of one called instance: its outputs, evaluated on demand."""

    def __init__(self, child: ModuleInstance | None, name: str, why: str = "") -> None:
        self.child, self.name, self.why = child, name, why

    def get_attr(self, key: Any, line: SourceLine) -> Any:
        out = str(key)
        if self.child is None:
            return ExternalRef(
                f"output {out} of module {self.name} ({self.why})", "module", f"{self.name}.{out}"
            )
        found = self.child.src.outputs.get(out)
        if found is None:
            raise EvalError(f"module {self.name} has no output {out!r}")
        block, file = found
        value = block.body.attrs.get("value")
        if value is None:
            return None
        return self.child.context(file).eval(value.expr)


def _local(source: str) -> bool:
    return source.startswith(("./", "../", ".\\", "..\\")) or source in (".", "..")


def module_call(parent: ModuleInstance, name: str) -> Any:
    """The outputs of ``module.NAME`` (a map or list of them when the call has for_each/count)."""
    session = parent.session
    block, file = parent.src.modules[name]
    where = SourceLine(block.line, file)
    attrs = block.body.attrs
    ctx = parent.context(file)
    source = ctx.eval(attrs["source"].expr) if "source" in attrs else None
    if not isinstance(source, str):
        session.problems.append((where, f"module {name}: source is not a literal string"))
        return _Outputs(None, name, "source not known")
    address = f"{parent.prefix}module.{name}"
    key = f"{parent.key}.{name}" if parent.key else name
    folder: Path | None = None
    if _local(source):
        folder = (parent.src.real / source).resolve()
    elif key in session.vendored:
        folder = (session.cwd / session.vendored[key]).resolve()
    if folder is None or not folder.is_dir():
        why = f"source {source} not analysed" if folder is None else f"folder {source} not found"
        if folder is None:
            session.notes.append(
                (where, f"{address}: module from {source} is not analysed (not a local folder)")
            )
        else:
            session.problems.append((where, f"{address}: module folder {source} not found"))
        return _Outputs(None, name, why)
    if folder in parent.stack:
        session.problems.append((where, f"{address}: module {source} calls itself; not expanded again"))
        return _Outputs(None, name, "module calls itself")
    if len(parent.stack) >= MAX_MODULE_DEPTH:
        session.problems.append((where, f"{address}: modules nested more than {MAX_MODULE_DEPTH} deep"))
        return _Outputs(None, name, "nested too deeply")
    src = session.source(folder, session.display_of(folder))
    args = {
        k: a
        for k, a in attrs.items()
        if k not in ("source", "version", "count", "for_each", "providers", "depends_on")
    }

    def instance(suffix: str, env: dict[str, Any]) -> _Outputs:
        inner = ctx.with_env(**env)
        inputs = {k: inner.eval(a.expr) for k, a in args.items()}
        for k in inputs:
            if k not in src.variables:
                session.problems.append(
                    (SourceLine(args[k].line, file), f"{address}: module has no variable {k!r}")
                )
        child = ModuleInstance(session, src, f"{address}{suffix}.", inputs, (*parent.stack, folder), key)
        child.all_resources()
        return _Outputs(child, name)

    if "count" in attrs:
        count = ctx.eval(attrs["count"].expr)
        if isinstance(count, Unknown) or is_intrinsic(count):
            session.notes.append((where, f"{address}: count not known; analysed as one instance"))
            return _Any(instance("", {"count": {"index": 0}}))
        out = InstanceList(line=where)
        for i in range(min(int(count), MAX_INSTANCES)):
            out.append(instance(f"[{i}]", {"count": {"index": i}}))
            out.lines.append(where)
        return out
    if "for_each" in attrs:
        coll = ctx.eval(attrs["for_each"].expr)
        if isinstance(coll, JsonDoc):
            coll = coll.value
        if isinstance(coll, Unknown) or is_intrinsic(coll) or not isinstance(coll, dict | list):
            session.notes.append((where, f"{address}: for_each not known; analysed as one instance"))
            unknown = {"key": Unknown("for_each key not known"), "value": Unknown("for_each value not known")}
            return _Any(instance("", {"each": unknown}))
        pairs = (
            [(str(k), coll[k]) for k in sorted(coll)]
            if isinstance(coll, dict)
            else sorted((str(to_text(v)), v) for v in coll)
        )
        out_map = InstanceMap(line=where)
        for k, v in pairs[:MAX_INSTANCES]:
            out_map[k] = instance(f'["{k}"]', {"each": {"key": k, "value": v}})
            out_map.lines[k] = where
        return out_map
    return instance("", {})


class _Any:
    """A module call whose count/for_each is unknown: any index gives the one analysed instance."""

    instances = True

    def __init__(self, outputs: _Outputs) -> None:
        self.outputs = outputs

    def get_attr(self, key: Any, line: SourceLine) -> Any:
        if isinstance(key, str) and self.outputs.child is not None and key in self.outputs.child.src.outputs:
            return self.outputs.get_attr(key, line)
        return self.outputs
