"""Query-string parameters API Gateway methods declare and authorizers read their identity from.

API Gateway names request parameters by where they travel:
``method.request.querystring.<name>`` (REST methods, SAM ``RequestParameters``,
REST authorizer ``IdentitySource``), ``$request.querystring.<name>`` (HTTP API
authorizers) and ``route.request.querystring.<name>`` (WebSocket routes and
authorizers).  Each name is kept with the line it was written on.
"""

from __future__ import annotations

import re
from typing import Any

from faasguard.loaders._nodes import LList, key_line, line_of

__all__ = ["identity_query_sources", "query_parameters"]

_QUERY = re.compile(r"^\s*(?:method\.request|\$request|route\.request)\.querystring\.([^\s,]+)\s*$", re.I)


def _name(text: Any) -> str | None:
    match = _QUERY.match(text) if isinstance(text, str) else None
    return match.group(1) if match else None


def query_parameters(params: Any, line: int) -> list[tuple[str, int]]:
    """Query-string names of a ``RequestParameters`` value: a mapping of parameter -> required
    (CloudFormation, Terraform) or a list of names and single-key mappings (SAM)."""
    out: list[tuple[str, int]] = []
    if isinstance(params, dict):
        for key in params:
            name = _name(key)
            if name:
                out.append((name, key_line(params, key, line_of(params, line))))
    elif isinstance(params, list):
        for i, item in enumerate(params):
            at = params.line_of(i) if isinstance(params, LList) else line
            if isinstance(item, dict):
                out.extend(query_parameters(item, line_of(item, at)))
            else:
                name = _name(item)
                if name:
                    out.append((name, at))
    return out


def identity_query_sources(value: Any, line: int) -> list[tuple[str, int]]:
    """Query-string names an authorizer's ``IdentitySource`` reads (a comma-separated string or a list)."""
    if isinstance(value, str):
        return [(name, line) for part in value.split(",") if (name := _name(part))]
    if isinstance(value, list):
        out: list[tuple[str, int]] = []
        for i, item in enumerate(value):
            at = value.line_of(i) if isinstance(value, LList) else line
            out.extend(identity_query_sources(item, at) if isinstance(item, str) else [])
        return out
    return []
