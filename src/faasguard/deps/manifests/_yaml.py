"""YAML lockfiles (pnpm, yarn berry) as plain data that remembers key lines.

libyaml composes the node graph; we build the data ourselves instead of
using PyYAML's constructors, for three reasons: scalars stay the strings the
file wrote (``1.10`` is a version, not the float 1.1); mapping keys keep
their line; and aliases, which lockfiles never write, are refused, so an
alias bomb cannot make us walk a shared subtree millions of times.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from faasguard.deps.manifests._yaml_fast import Unsupported, YMap, load_simple_yaml

__all__ = ["YMap", "load_yaml"]

_LOADER: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _scalar(node: ScalarNode) -> str | None:
    value = str(node.value)
    # Only plain scalars can be null; a quoted "" is an empty string.
    if node.style is None and value in _NULLS:
        return None
    return value


def _build(root: Node) -> Any:
    seen: set[int] = set()
    # Iterative, with an explicit stack: recursion would turn deep nesting into a crash.
    result: list[Any] = []
    stack: list[tuple[Node, Any, str | int | None]] = [(root, result, None)]
    while stack:
        node, parent, key = stack.pop()
        if id(node) in seen:
            raise _Refused(node.start_mark.line + 1, "YAML aliases are refused in lockfiles")
        seen.add(id(node))
        value: Any
        if isinstance(node, ScalarNode):
            value = _scalar(node)
        elif isinstance(node, MappingNode):
            value = YMap(node.start_mark.line + 1)
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise _Refused(key_node.start_mark.line + 1, "mapping keys must be plain values")
                name = str(key_node.value)
                value.lines[name] = key_node.start_mark.line + 1
                value[name] = None
                stack.append((value_node, value, name))
        elif isinstance(node, SequenceNode):
            value = [None] * len(node.value)
            for index, item in enumerate(node.value):
                stack.append((item, value, index))
        else:  # pragma: no cover - libyaml only makes the three kinds
            raise _Refused(node.start_mark.line + 1, "unexpected YAML node")
        if isinstance(parent, list) and key is None:
            parent.append(value)
        else:
            parent[key] = value
    return result[0] if result else None


def load_yaml(text: str) -> tuple[Any, tuple[int, str] | None]:
    """The document (``YMap``/``list``/``str``/``None``), or ``None`` and a ``(line, message)`` problem.

    The plain YAML lockfile tools write is read by a fast line reader;
    anything beyond it goes through libyaml, with the same result shape.
    """
    try:
        return load_simple_yaml(text), None
    except Unsupported:
        pass
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = " ".join((exc.problem or exc.context or "syntax error").split())
        return None, (line, f"invalid YAML: {what}")
    except yaml.YAMLError as exc:
        return None, (0, f"invalid YAML: {' '.join(str(exc).split())[:120]}")
    except RecursionError:
        return None, (0, "invalid YAML: nested too deeply")
    if node is None:
        return None, None
    try:
        return _build(node), None
    except _Refused as exc:
        return None, (exc.line, exc.message)
