"""Terraform plan JSON (``terraform show -json plan.out``): the values Terraform resolved.

A plan has every value Terraform could compute — variables, modules,
``count``/``for_each`` already applied — so it gives exact answers where
the configuration alone gives unknowns.  Values known only after apply
(an ARN of a resource not yet created) are missing from the plan; where the
plan's ``configuration`` section says which resource an argument refers to,
the reference stands in, so a function is still linked to its role.  A plan
has no source lines: findings name the resource address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders.terraform._types import identity
from faasguard.loaders.terraform._values import BlockBody, Blocks
from faasguard.model import SourceLine

__all__ = ["is_plan", "plan_instances"]


def is_plan(doc: Any) -> bool:
    """True for the JSON ``terraform show -json`` writes for a plan."""
    return (
        isinstance(doc, dict)
        and "format_version" in doc
        and ("planned_values" in doc or "resource_changes" in doc)
        and "terraform_version" in doc
    )


@dataclass(slots=True)
class PlannedResource:
    """One resource instance of a plan, shaped like a configuration instance for the compiler."""

    address: str
    type: str
    line: SourceLine
    values: Any
    uncertain: str = ""

    def body(self) -> Any:
        return self.values


def plan_instances(doc: Any, file: str) -> list[PlannedResource]:
    """The managed resources a plan will have after apply, in plan order."""
    planned = doc.get("planned_values")
    root = planned.get("root_module") if isinstance(planned, dict) else None
    found: list[dict[str, Any]] = []
    stack = [root] if isinstance(root, dict) else []
    while stack:
        module = stack.pop(0)
        found.extend(
            r for r in module.get("resources") or [] if isinstance(r, dict) and r.get("mode") == "managed"
        )
        stack.extend(m for m in module.get("child_modules") or [] if isinstance(m, dict))
    by_config: dict[str, list[str]] = {}
    for res in found:
        address = str(res.get("address", ""))
        by_config.setdefault(_config_address(address), []).append(address)
    refs = _references(doc.get("configuration"))
    out: list[PlannedResource] = []
    for res in found:
        address, type_ = str(res.get("address", "")), str(res.get("type", ""))
        line = SourceLine(0, file)
        values = _body(res.get("values") or {}, line)
        for arg, (target_type, target, attr) in refs.get(_config_address(address), {}).items():
            if arg in values and values[arg] is not None:
                continue
            instances = by_config.get(target, [])
            lid = instances[0] if len(instances) == 1 else target
            value = identity(target_type, attr, lid, line)
            if value is not None:
                values[arg] = value
                values.lines[arg] = line
        out.append(PlannedResource(address, type_, line, values))
    return out


def _config_address(address: str) -> str:
    """``module.a["x"].aws_s3_bucket.b[0]`` -> ``module.a.aws_s3_bucket.b`` (how configuration names it)."""
    out, depth, i = [], 0, 0
    while i < len(address):
        ch = address[i]
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
        i += 1
    return "".join(out)


def _body(values: Any, line: SourceLine) -> Any:
    """Plan values as evaluated block bodies: lists of objects are nested blocks, objects are maps."""
    if isinstance(values, dict):
        out = BlockBody(line=line)
        for k, v in values.items():
            out[k] = _value(v, line)
            out.lines[k] = line
        return out
    return values


def _value(value: Any, line: SourceLine) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        blocks = Blocks(line=line)
        for v in value:
            blocks.append(_body(v, line))
            blocks.lines.append(line)
        return blocks
    if isinstance(value, list):
        items = LList(line=line)
        for v in value:
            items.append(_value(v, line))
            items.lines.append(line)
        return items
    if isinstance(value, dict):
        out = LDict(line=line)
        for k, v in value.items():
            out[k] = _value(v, line)
            out.lines[k] = line
        return out
    return value


def _references(config: Any) -> dict[str, dict[str, tuple[str, str, str]]]:
    """For each configured resource, the arguments that name another resource's attribute."""
    out: dict[str, dict[str, tuple[str, str, str]]] = {}
    stack: list[tuple[str, Any]] = [("", config.get("root_module"))] if isinstance(config, dict) else []
    while stack:
        prefix, module = stack.pop()
        if not isinstance(module, dict):
            continue
        for res in module.get("resources") or []:
            if not isinstance(res, dict) or res.get("mode") != "managed":
                continue
            args: dict[str, tuple[str, str, str]] = {}
            for arg, expr in (res.get("expressions") or {}).items():
                refs = expr.get("references") if isinstance(expr, dict) else None
                if not isinstance(refs, list) or not refs or not isinstance(refs[0], str):
                    continue
                parts = refs[0].split(".")
                if len(parts) == 3 and parts[0] not in ("var", "local", "module", "data", "each", "count"):
                    args[arg] = (parts[0], f"{prefix}{parts[0]}.{parts[1]}", parts[2])
            out[f"{prefix}{res.get('type')}.{res.get('name')}"] = args
        for name, call in (module.get("module_calls") or {}).items():
            if isinstance(call, dict):
                stack.append((f"{prefix}module.{name}.", call.get("module")))
    return out
