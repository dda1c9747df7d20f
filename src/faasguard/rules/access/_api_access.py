"""Whether an API route lets anyone on the internet invoke the function behind it.

Shared by FG-AC-007 (the route) and the exposure view (who can reach a
function).  A route is open when its authorization is ``NONE`` (its own or,
unset, the API's lack of a default authorizer), the API is not ``PRIVATE``
and no resource policy keeps anonymous callers off it.  CORS preflight
(``OPTIONS``) routes and WebSocket routes other than ``$connect`` are never
open: they carry no credentials by design, or ride on ``$connect``.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from faasguard.model import Api, ApiKind, Policy, Principal, Route, Statement, Unknown

__all__ = ["open_route", "route_label"]


def _is_private(endpoint: Any) -> bool | Unknown:
    if isinstance(endpoint, Unknown):
        return endpoint
    values = endpoint if isinstance(endpoint, list | tuple) else [endpoint]
    if any(isinstance(v, Unknown) for v in values):
        return next(v for v in values if isinstance(v, Unknown))
    return any(isinstance(v, str) and v.strip().upper() == "PRIVATE" for v in values)


def _authorization(api: Api, route: Route) -> str | Unknown:
    """The route's authorization type; unset falls back to the API's default authorizer."""
    value = route.authorization
    if value is None:
        if api.default_authorizer is None:
            return "NONE"  # AWS's default for a method or route
        if isinstance(api.default_authorizer, Unknown):
            return api.default_authorizer
        return "DEFAULT"
    if isinstance(value, Unknown):
        return value
    return str(value).strip().upper()


#: Condition keys that tie a request to a network or an organisation the caller cannot forge.
_CALLER_KEYS = frozenset(
    {
        "aws:sourcevpce",
        "aws:sourcevpc",
        "aws:sourceip",
        "aws:vpcsourceip",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceaccount",
        "aws:sourcearn",
    }
)


def _matches(patterns: tuple[str | Unknown, ...], text: str) -> bool | Unknown:
    """Whether one of the IAM wildcard ``patterns`` matches ``text`` (case-insensitive)."""
    doubt: Unknown | None = None
    for pattern in patterns:
        if isinstance(pattern, Unknown):
            if doubt is None:
                doubt = pattern
        elif fnmatchcase(text.lower(), pattern.lower().replace("[", "[[]")):
            return True
    return doubt if doubt is not None else False


def _resource_matches(patterns: tuple[str | Unknown, ...], method: str, path: str) -> bool | Unknown:
    """Whether an ``execute-api`` resource pattern covers the route (any stage).

    ``arn:aws:execute-api:region:account:api-id/stage/METHOD/path`` and the
    short ``execute-api:/stage/METHOD/path`` form are read; a method ``ANY``
    route is covered only by a method wildcard.
    """
    doubt: Unknown | None = None
    for pattern in patterns:
        if isinstance(pattern, Unknown):
            if doubt is None:
                doubt = pattern
            continue
        text = pattern.strip()
        if text == "*":
            return True
        if text.startswith("execute-api:/"):
            rest = text[len("execute-api:/") :]
        elif text.lower().startswith("arn:") and text.count(":") >= 5:
            tail = text.split(":", 5)[5]
            rest = tail.split("/", 1)[1] if "/" in tail else ("*" if tail.endswith("*") else "")
        else:
            if doubt is None:
                doubt = Unknown(f"resource {text!r} is not an execute-api ARN faasguard reads")
            continue
        if "${" in rest:
            if doubt is None:
                doubt = Unknown(f"resource {text!r} is computed")
            continue
        stage, _, remainder = rest.partition("/")
        if not remainder:
            if stage.endswith("*") or stage == "":
                return True
            continue
        glob = remainder.replace("[", "[[]")
        if fnmatchcase(f"{method.upper()}{path}", glob) or fnmatchcase(f"{method.upper()}{path}/", glob):
            return True
    return doubt if doubt is not None else False


def _public(principals: tuple[Principal, ...]) -> bool | Unknown:
    """Whether a statement's principals include every caller (``*``, ``AWS: *``)."""
    doubt: Unknown | None = None
    for p in principals:
        if isinstance(p.value, Unknown):
            if doubt is None:
                doubt = p.value
        elif p.value.strip() == "*":
            return True
    return doubt if doubt is not None else False


def _ties_caller(statement: Statement, negated: bool) -> bool:
    """Whether a condition ties the request to a network/organisation: positively (Allow only from
    there) or, ``negated``, by exclusion (Deny unless from there)."""
    conditions = statement.conditions
    if isinstance(conditions, Unknown):
        return False
    for operator, keys in conditions.items():
        op = operator.lower().split(":")[-1]
        if op == "null":
            # Null: {key: true} matches a missing key (Deny: unless it is there); false the reverse
            for key, values in keys.items():
                wanted = "true" if negated else "false"
                if key in _CALLER_KEYS and any(str(v).strip().lower() == wanted for v in values):
                    return True
            continue
        if ("not" in op) is negated and any(key in _CALLER_KEYS for key in keys):
            return True
    return False


def _applies_to(statement: Statement, method: str, path: str) -> bool | Unknown:
    """Whether a statement governs invoking the route."""
    if statement.not_actions or statement.not_resources:
        return Unknown("the resource policy uses NotAction/NotResource")
    action = _matches(statement.actions, "execute-api:Invoke")
    if action is not True:
        return action
    return _resource_matches(statement.resources, method, path)


def _restricts(policy: Policy, method: str, path: str) -> bool | Unknown:
    """Whether the API's resource policy keeps anonymous internet callers off the route.

    Yes when a Deny covers every caller outside a VPC (endpoint), an IP range
    or an organisation (or denies everyone), or when every Allow names
    specific principals or requires such a network/organisation condition
    (no Allow at all lets nobody in: a method without authorization needs one).
    A public Allow (``*`` without such a condition) does not restrict.
    """
    statements = policy.statements
    if isinstance(statements, Unknown):
        return Unknown(f"resource policy: {statements.reason}")
    doubt: Unknown | None = None
    public = False
    for st in statements:
        applies = _applies_to(st, method, path)
        if applies is False:
            continue
        if isinstance(st.effect, Unknown) or st.effect not in ("Allow", "Deny"):
            if doubt is None:
                doubt = Unknown("a resource policy statement has an unknown Effect")
            continue
        if isinstance(st.conditions, Unknown):
            if doubt is None:
                doubt = Unknown(f"resource policy condition: {st.conditions.reason}")
            continue
        everyone = _public(st.principals)
        if st.effect == "Deny":
            blocks: bool | Unknown
            if st.not_principals:
                blocks = True  # denies everyone but the principals it names
            elif isinstance(everyone, Unknown):
                blocks = Unknown(f"resource policy principal: {everyone.reason}")
            else:
                blocks = everyone and (not st.conditions or _ties_caller(st, negated=True))
            if blocks is True and applies is True:
                return True
            if isinstance(blocks, Unknown):
                if doubt is None:
                    doubt = blocks
            elif blocks and isinstance(applies, Unknown) and doubt is None:
                doubt = applies
            continue
        if st.not_principals:
            if doubt is None:
                doubt = Unknown("the resource policy allows with NotPrincipal")
        elif isinstance(everyone, Unknown):
            if doubt is None:
                doubt = Unknown(f"resource policy principal: {everyone.reason}")
        elif everyone and not _ties_caller(st, negated=False):
            if applies is True:
                public = True
            else:
                if doubt is None:
                    doubt = applies
    if doubt is not None:
        return doubt
    return not public


def _applies(api: Api, route: Route) -> bool:
    method = str(route.method).strip().upper()
    if method == "OPTIONS":
        return False  # CORS preflight carries no credentials by design
    if api.kind is ApiKind.WEBSOCKET:
        # Only $connect is authorised on a WebSocket API; the other routes ride on it.
        return "$CONNECT" in (method, str(route.path).strip().upper())
    return True


def route_label(route: Route) -> str:
    """``POST /orders``."""
    return f"{str(route.method).upper()} {route.path}"


def open_route(api: Api, route: Route) -> bool | Unknown:
    """Whether ``route`` of ``api`` lets anyone invoke it without credentials.

    An :class:`Unknown` carries the whole reason (which value of the route,
    the resource policy or the endpoint type is undecided).
    """
    private = _is_private(api.endpoint_type)
    if private is True or not _applies(api, route):
        return False
    auth = _authorization(api, route)
    if isinstance(auth, Unknown):
        return Unknown(f"authorization of {route_label(route)}: {auth.reason}")
    if auth != "NONE":
        return False
    if api.has_resource_policy:
        policy: Policy | Unknown = (
            api.resource_policy
            if api.resource_policy is not None
            else Unknown("the API's resource policy is not readable")
        )
        restricted = (
            _restricts(policy, str(route.method), str(route.path)) if isinstance(policy, Policy) else policy
        )
        if isinstance(restricted, Unknown):
            return Unknown(f"resource policy of {api.id}: {restricted.reason}")
        if restricted:
            return False
    if isinstance(private, Unknown):
        return Unknown(f"endpoint type of {api.id}: {private.reason}")
    return True
