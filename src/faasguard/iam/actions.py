"""IAM action patterns: matching, wildcards, and what a statement grants.

IAM compares actions case-insensitively; ``*`` matches any run of characters
and ``?`` any single character.  Statements arrive from the model with every
key in list form; an entry may be :class:`~faasguard.model.Unknown`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from faasguard.iam.catalog import expand, star_only_among
from faasguard.model import Statement, Unknown

__all__ = [
    "STAR_RESOURCE_EXCEPTIONS",
    "action_matches",
    "covers",
    "grants",
    "is_full_wildcard_action",
    "requires_star_resource",
    "scopable_actions",
    "star_resource_exception",
]

#: Documented exceptions to the catalogue: actions it lists with resource types
#: that a function still legitimately grants on ``Resource: "*"``.  Keys are
#: lower-case patterns (``*`` only, no ``?``), values say why.  Keep this short:
#: everything else is decided by the catalogue's resource types.
STAR_RESOURCE_EXCEPTIONS: dict[str, str] = {
    # EC2's documentation: Describe* actions do not support resource-level
    # permissions; the few the catalogue lists with a type (client VPN, capacity
    # blocks) are not called by functions, and AWS's own Lambda policies grant
    # ec2:Describe* on "*".
    "ec2:describe*": "EC2 Describe actions are documented as not supporting resource-level permissions",
    # Lambda's VPC documentation grants these on "*": Lambda creates the
    # network interfaces itself, in subnets the function configuration names,
    # and AWSLambdaVPCAccessExecutionRole / SAM's VPCAccessPolicy do the same.
    "ec2:createnetworkinterface": "Lambda's VPC execution-role permissions are documented on Resource *",
    "ec2:deletenetworkinterface": "Lambda's VPC execution-role permissions are documented on Resource *",
    "ec2:detachnetworkinterface": "Lambda's VPC execution-role permissions are documented on Resource *",
    "ec2:assignprivateipaddresses": "Lambda's VPC execution-role permissions are documented on Resource *",
    "ec2:unassignprivateipaddresses": "Lambda's VPC execution-role permissions are documented on Resource *",
    # Stateless AI and billing calls whose only resource type is an optional
    # extra (a custom endpoint, adapter, terminology or billing view): the
    # plain call involves no resource, and IAM then only matches "*".
    "comprehend:detectentities": "the entity-recognizer endpoint is optional; plain calls have no resource",
    "rekognition:detectmoderationlabels": "the project version (custom adapter) is optional",
    "translate:translatetext": "terminologies and parallel data are optional; plain calls have no resource",
    "ce:getcostandusage": "the billing view is optional; the default view has no resource",
    "ce:getdimensionvalues": "the billing view is optional; the default view has no resource",
    "ce:gettags": "the billing view is optional; the default view has no resource",
}


@lru_cache(maxsize=4096)  # keyed by what policies say: bounded, as a scanned tree can say anything
def _regex(pattern: str) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern.strip())
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def action_matches(pattern: str, action: str) -> bool:
    """True when IAM action ``pattern`` (``*``/``?`` wildcards) covers ``action``, case-insensitively."""
    return _regex(pattern).fullmatch(action.strip()) is not None


def is_full_wildcard_action(action: str) -> bool:
    """True for ``"*"`` and for a whole service (``"s3:*"``, ``"*:*"``, ``"s3:?*"``)."""
    text = action.strip()
    if text == "*":
        return True
    service, sep, name = text.partition(":")
    # "?*" matches any non-empty name just as "*" does (every action name has a few letters)
    return bool(sep and service and "*" in name and set(name) <= {"*", "?"} and name.count("?") <= 2)


def _any_match(patterns: tuple[str | Unknown, ...], action: str) -> bool | Unknown:
    unknown: Unknown | None = None
    for pattern in patterns:
        if isinstance(pattern, Unknown):
            if unknown is None:  # never bool() an Unknown
                unknown = pattern
        elif action_matches(pattern, action):
            return True
    return unknown if unknown is not None else False


def covers(stmt: Statement, action: str) -> bool | Unknown:
    """Whether the statement's ``Action``/``NotAction`` reaches ``action`` (effect, resource ignored)."""
    if stmt.actions:
        return _any_match(stmt.actions, action)
    if stmt.not_actions:
        excluded = _any_match(stmt.not_actions, action)
        if isinstance(excluded, Unknown):
            return excluded
        return not excluded
    return False


def grants(stmt: Statement, action: str) -> bool | Unknown:
    """Whether ``stmt`` allows ``action``: an ``Allow`` that covers it by Action or outside NotAction.

    Resources and conditions are not weighed here; a ``Deny`` never grants.
    """
    reached = covers(stmt, action)
    if reached is False:
        return False
    if isinstance(stmt.effect, Unknown):
        return stmt.effect
    if not stmt.allows:
        return False
    return reached


def star_resource_exception(action: str) -> str | None:
    """Why ``action`` is fine on ``Resource: "*"`` although the catalogue lists resource types, if it is."""
    key = action.strip().lower()
    for pattern, reason in STAR_RESOURCE_EXCEPTIONS.items():
        if action_matches(pattern, key):
            return reason
    return None


@cache
def _exceptions() -> frozenset[str]:
    return frozenset().union(*(expand(pattern) for pattern in STAR_RESOURCE_EXCEPTIONS))


@lru_cache(maxsize=2048)
def _scopable(pattern: str) -> frozenset[str] | None:
    matched = expand(pattern)
    if not matched:
        return None
    return matched - star_only_among(matched) - _exceptions()


def scopable_actions(pattern: str) -> frozenset[str] | None:
    """The actions ``pattern`` matches that could be limited to named resources.

    Catalogue actions whose resource types are empty (IAM only honours
    ``Resource: "*"`` for them) and the :data:`STAR_RESOURCE_EXCEPTIONS` are
    left out.  ``None`` when the pattern matches no action the catalogue
    knows (a typo, or a service newer than the data): undecided, not "none".
    """
    return _scopable(pattern.strip().lower())


def requires_star_resource(action: str) -> bool | None:
    """True when every action ``action`` (a name or a pattern) matches accepts only ``Resource: "*"``.

    ``None`` when the catalogue knows none of the actions it matches.
    """
    scopable = scopable_actions(action)
    return None if scopable is None else not scopable
