"""IAM policy documents (already resolved) into model ``Policy``/``Statement`` values."""

from __future__ import annotations

import json
from typing import Any

from faasguard.loaders._nodes import LDict, LList
from faasguard.model import Location, Policy, Principal, Statement, Unknown

__all__ = ["parse_policy", "values"]

_STATEMENT_KEYS = ("Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition")


def values(node: Any) -> tuple[Any, ...]:
    """A policy element in list form (IAM accepts a string or a list)."""
    if node is None:
        return ()
    if isinstance(node, Unknown):
        return (node,)
    if isinstance(node, list):
        return tuple(v if isinstance(v, str | Unknown) else Unknown("non-string policy value") for v in node)
    if isinstance(node, str):
        return (node,)
    return (Unknown("non-string policy value"),)


def _principals(node: Any) -> tuple[Principal, ...]:
    if node is None:
        return ()
    if isinstance(node, Unknown):
        return (Principal("AWS", node),)
    if isinstance(node, str):
        return (Principal("*", node) if node == "*" else Principal("AWS", node),)
    if isinstance(node, dict):
        out: list[Principal] = []
        for kind, v in node.items():
            out.extend(Principal(str(kind), p) for p in values(v))
        return tuple(out)
    return (Principal("AWS", Unknown("malformed principal")),)


def _conditions(node: Any) -> dict[str, dict[str, tuple[Any, ...]]] | Unknown:
    if node is None:
        return {}
    if isinstance(node, Unknown):
        return node
    if not isinstance(node, dict):
        return Unknown("malformed Condition")
    out: dict[str, dict[str, tuple[Any, ...]]] = {}
    for op, keys in node.items():
        if isinstance(keys, Unknown):
            return keys
        if not isinstance(keys, dict):
            return Unknown("malformed Condition")
        out[str(op)] = {str(k).lower(): tuple(v) if isinstance(v, list) else (v,) for k, v in keys.items()}
    return out


def _statement(node: Any, loc: Location) -> Statement:
    if not isinstance(node, dict):
        return Statement(effect=Unknown("statement is not a mapping"), location=loc)
    lines = node.lines if isinstance(node, LDict) else {}
    line = getattr(node, "line", 0) or loc.line
    effect = node.get("Effect")
    if not isinstance(effect, str | Unknown):
        effect = Unknown("Effect is not a string")
    return Statement(
        effect=effect if effect is not None else Unknown("statement without Effect"),
        actions=values(node.get("Action")),
        not_actions=values(node.get("NotAction")),
        resources=values(node.get("Resource")),
        not_resources=values(node.get("NotResource")),
        principals=_principals(node.get("Principal")),
        not_principals=_principals(node.get("NotPrincipal")),
        conditions=_conditions(node.get("Condition")),
        sid=node.get("Sid") if isinstance(node.get("Sid"), str) else None,
        location=loc.at(line),
        field_lines={k: lines[k] for k in _STATEMENT_KEYS if k in lines},
    )


def parse_policy(doc: Any, name: str, loc: Location, source: str = "inline", arn: Any = None) -> Policy:
    """A ``Policy`` from a resolved policy document (a mapping or a JSON string)."""
    if isinstance(doc, str) and not isinstance(doc, Unknown):
        try:
            doc = json.loads(doc)
        except ValueError:
            return Policy(name, Unknown("policy document is not valid JSON"), loc, source, arn)
    if isinstance(doc, Unknown):
        return Policy(name, doc, loc, source, arn)
    if not isinstance(doc, dict):
        return Policy(name, Unknown("policy document is not a mapping"), loc, source, arn)
    raw = doc.get("Statement")
    if isinstance(raw, Unknown):
        return Policy(name, raw, loc, source, arn)
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    item_lines = raw.lines if isinstance(raw, LList) else []
    statements = tuple(
        _statement(s, loc.at(item_lines[i] if i < len(item_lines) else getattr(s, "line", 0)))
        for i, s in enumerate(items)
    )
    return Policy(name, statements, loc.at(getattr(doc, "line", 0)), source, arn)
