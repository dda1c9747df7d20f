"""YAML templates into :class:`LDict`/:class:`LList` trees that remember lines.

Built on PyYAML's libyaml loader (pure ``SafeLoader`` when libyaml is
missing) with our own constructors: they record the line of every key and
item, turn CloudFormation short-form tags into the long form, refuse
duplicate keys, and keep the document JSON-safe (no dates, no sexagesimal).

Two scalar dialects:

* default: YAML 1.1 as CloudFormation reads it (``yes``/``on`` are booleans,
  ``0755`` is octal), minus timestamps and sexagesimal numbers;
* ``yaml12=True``: the YAML 1.2 core schema that js-yaml (Serverless
  Framework) uses, so ``yes``/``on`` stay strings, ``0755`` is 755 and ``1e3``
  is a float.
"""

from __future__ import annotations

import gc
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from faasguard.errors import InputError
from faasguard.loaders._nodes import LDict, LList

__all__ = ["MAX_NODES", "parse_yaml"]

MAX_NODES = 250_000
# Merge keys copy entries, so chained merges can ask for quadratic work without any alias count growing.
_MAX_MERGED = 1_000_000

_TAG = "tag:yaml.org,2002:"
_MAP_TAG = _TAG + "map"
_MERGE_TAG = _TAG + "merge"

# CloudFormation keeps these two names bare; every other short form is Fn::<name>.
_BARE = frozenset({"Ref", "Condition"})

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL11 = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_BOOL12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
# PyYAML's YAML 1.1 patterns without the sexagesimal branch (1:30 would become 90).
_INT11 = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT11 = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_INT12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT12 = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class _Reject(Exception):
    """A refusal raised inside the constructors; :func:`parse_yaml` adds the file name."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _construct_key(loader: Any, node: Node) -> str:
    if not isinstance(node, ScalarNode):
        raise _Reject("mapping keys must be scalars, not lists or mappings", _line(node))
    value = loader.construct_object(node)
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        raise _Reject("an intrinsic function cannot be a mapping key", _line(node))
    # Keys are names: `NO:` or `0755:` must stay as written, not become False or 493.
    return str(node.value)


def _merge_sources(loader: Any, node: Node) -> list[LDict]:
    items = node.value if isinstance(node, SequenceNode) else [node]
    sources: list[LDict] = []
    for item in items:
        if not isinstance(item, MappingNode) or item.tag != _MAP_TAG:
            raise _Reject("merge key '<<' needs a mapping or a list of mappings", _line(item))
        sources.append(loader.construct_object(item, deep=True))
    return sources


def _construct_map(loader: Any, node: MappingNode) -> LDict:
    result = LDict(line=_line(node))
    lines = result.lines
    merged: list[LDict] = []
    # Our own merge handling instead of flatten_mapping: that one rewrites shared alias nodes in
    # place, which would hide duplicate keys and attribute merged keys to the wrong mapping.
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            merged.extend(_merge_sources(loader, value_node))
            continue
        key = _construct_key(loader, key_node)
        line = _line(key_node)
        if key in lines:
            message = f"duplicate key {key!r} (first at line {lines[key]}); the last value is used"
            if loader.faas_problems is None:
                raise _Reject(message, line)
            loader.faas_problems.append((line, message))
        result[key] = loader.construct_object(value_node, deep=True)
        lines[key] = line
    for source in merged:
        loader.faas_merged += len(source)
        if loader.faas_merged > _MAX_MERGED:
            raise _Reject(f"YAML merge keys copy more than {_MAX_MERGED:,} entries (merge bomb)", result.line)
        for key, value in source.items():
            # Explicit keys win over merged ones, and earlier merge sources over later ones (js-yaml order).
            if key not in lines:
                result[key] = value
                lines[key] = source.line_of(key)
    return result


def _construct_seq(loader: Any, node: SequenceNode) -> LList:
    result = LList(line=_line(node))
    # A loop, not a comprehension: a comprehension adds a frame per level and lowers the nesting limit.
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
    result.lines = [_line(child) for child in node.value]
    return result


def _construct_tag(loader: Any, suffix: str, node: Node) -> Any:
    value: Any
    if isinstance(node, ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, SequenceNode):
        value = _construct_seq(loader, node)
    elif isinstance(node, MappingNode):
        value = _construct_map(loader, node)
    else:
        raise TypeError(f"unexpected YAML node {type(node).__name__}")
    if not suffix:  # the non-specific tag `! text` only means "not resolved": plain data
        return value
    line = _line(node)
    name = suffix if suffix in _BARE or suffix.startswith("Fn::") else f"Fn::{suffix}"
    if name == "Fn::GetAtt" and isinstance(value, str):
        # Only the first dot separates: attribute names such as Endpoint.Address contain dots.
        parts = value.split(".", 1)
        value = LList(parts, line=line)
        value.lines = [line] * len(parts)
    result = LDict({name: value}, line=line)
    result.lines[name] = line
    return result


def _as_text(loader: Any, node: Node) -> str:
    return str(loader.construct_scalar(node))


def _int12(loader: Any, node: Node) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body[:2] in ("0o", "0x"):
        return sign * int(body[2:], 8 if body[1] == "o" else 16)
    return sign * int(body, 10)  # base 10 on purpose: YAML 1.2 has no 0755 octal


def _checked(kind: str, convert: Any) -> Any:
    def construct(loader: Any, node: Node) -> Any:
        try:
            return convert(loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            shown = node.value if isinstance(node.value, str) else "a collection"
            raise _Reject(f"cannot read {shown[:40]!r} as {kind}", _line(node)) from None

    return construct


def _make_loader(base: Any, yaml12: bool) -> Any:
    cls: Any = type("FaasguardYaml12Loader" if yaml12 else "FaasguardCfnLoader", (base,), {})
    cls.yaml_implicit_resolvers = {}
    cls.add_implicit_resolver(
        _TAG + "bool", _BOOL12 if yaml12 else _BOOL11, list("tTfF" if yaml12 else "yYnNtTfFoO")
    )
    # Integers before floats: the YAML 1.2 float pattern also matches "10".
    cls.add_implicit_resolver(_TAG + "int", _INT12 if yaml12 else _INT11, list("-+0123456789"))
    cls.add_implicit_resolver(_TAG + "float", _FLOAT12 if yaml12 else _FLOAT11, list("-+0123456789."))
    cls.add_implicit_resolver(_MERGE_TAG, re.compile(r"^(?:<<)$"), ["<"])
    cls.add_implicit_resolver(_TAG + "null", _NULL, ["~", "n", "N", ""])
    cls.add_constructor(_MAP_TAG, _construct_map)
    cls.add_constructor(_TAG + "set", _construct_map)
    cls.add_constructor(_TAG + "seq", _construct_seq)
    cls.add_constructor(_TAG + "omap", _construct_seq)
    cls.add_constructor(_TAG + "pairs", _construct_seq)
    # Dates and bytes would break JSON output later; keep their text.
    for tag in ("timestamp", "binary", "value"):
        cls.add_constructor(_TAG + tag, _as_text)
    cls.add_constructor(_TAG + "int", _checked("an integer", _int12 if yaml12 else base.construct_yaml_int))
    cls.add_constructor(_TAG + "float", _checked("a number", base.construct_yaml_float))
    cls.add_constructor(_TAG + "bool", _checked("a boolean", base.construct_yaml_bool))
    cls.add_multi_constructor("!", _construct_tag)
    return cls


_BASE: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_LOADERS = {False: _make_loader(_BASE, False), True: _make_loader(_BASE, True)}


def _expanded_size(root: Any, limit: int) -> int:
    """Node count with aliases expanded; memoized by id() so shared subtrees cost once."""
    sizes: dict[int, int] = {}
    open_ids: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = list(node.values()) if isinstance(node, dict) else node
        if children_done:
            total = 1 + sum(sizes.get(id(child), 1) for child in children)
            if total > limit:
                raise _Reject(
                    f"YAML aliases expand to more than {limit:,} nodes (alias bomb)", getattr(root, "line", 0)
                )
            sizes[id(node)] = total
            open_ids.discard(id(node))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_ids:
            raise _Reject("YAML alias refers to the node that contains it (recursive alias)")
        open_ids.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if isinstance(child, dict | list))
    return sizes[id(root)]


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _yaml_error(file: str, text: str, exc: yaml.YAMLError, loader_cls: Any) -> InputError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 0
        problem = str(exc.problem or exc.context or "unreadable")
        if "another document" in problem:
            return InputError(file, "more than one YAML document (a template holds exactly one)", line)
        if "recursive node" in problem:
            return InputError(file, "YAML alias refers to the node that contains it (recursive alias)", line)
        if "nesting depth" in problem:
            return InputError(file, "nesting too deep", line)
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        return InputError(file, _one_line(f"invalid YAML: {problem}{context}"), line)
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml reports a byte offset into the UTF-8 it was fed, the pure reader a character index.
        if issubclass(loader_cls, yaml.reader.Reader):
            line = text.count("\n", 0, exc.position) + 1
        else:
            line = text.encode("utf-8").count(b"\n", 0, exc.position) + 1
        return InputError(file, _one_line(f"invalid YAML: {exc.reason}"), line)
    return InputError(file, _one_line(f"invalid YAML: {exc}"))


def _load(text: str, file: str, loader_cls: Any, problems: list[tuple[int, str]] | None) -> Any:
    gc_was_enabled = gc.isenabled()
    # Measured: the cyclic GC roughly doubles load time on big files, and the tree holds no cycles.
    gc.disable()
    loader = loader_cls(text)
    loader.faas_merged = 0
    loader.faas_problems = problems
    try:
        doc = loader.get_single_data()
        if "&" in text and isinstance(doc, dict | list):
            _expanded_size(doc, MAX_NODES)
    except _Reject as exc:
        raise InputError(file, exc.message, exc.line) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(file, text, exc, loader_cls) from None
    except RecursionError:
        raise InputError(file, "nesting too deep") from None
    finally:
        loader.dispose()
        if gc_was_enabled:
            gc.enable()
    return doc


def parse_yaml(
    text: str, file: str, *, yaml12: bool = False, problems: list[tuple[int, str]] | None = None
) -> Any:
    """The first and only YAML document in ``text`` as an :class:`LDict`/:class:`LList` tree.

    ``file`` names the source in errors.  Returns ``None`` for an empty or
    comment-only file.  ``yaml12`` selects js-yaml's YAML 1.2 scalars (for
    Serverless Framework files) instead of CloudFormation's YAML 1.1.  Every
    problem (syntax, duplicate keys, several documents, alias bombs, deep
    nesting) is an :class:`InputError` with a one-line message and, when
    known, the line.  With a ``problems`` list, duplicate keys are appended
    to it as ``(line, message)`` instead (the last value wins, as in the
    tools that deploy templates) and the document is still returned.
    """
    return _load(text, file, _LOADERS[yaml12], problems)
