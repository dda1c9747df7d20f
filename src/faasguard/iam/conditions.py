"""Condition checks: does a statement's ``Condition`` really narrow who or what it applies to?

Only a positive operator (``StringEquals``, ``ArnLike``, ...) with a value that
is not a bare wildcard narrows a statement.  Negated operators
(``StringNotEquals``), ``...IfExists`` and ``ForAllValues:`` variants (they
pass when the key is absent), ``Null`` (presence only) and values of ``"*"`` do not.  A value the
loader could not resolve is still a value written there (an imported account
id, say), so it counts as narrowing.
"""

from __future__ import annotations

import re

from faasguard.model import Statement, Unknown

__all__ = [
    "CALLER_KEYS",
    "PRINCIPAL_ACCOUNT",
    "PRINCIPAL_ORG_ID",
    "RESOURCE_SCOPING_KEYS",
    "SOURCE_ACCOUNT",
    "SOURCE_ARN",
    "SOURCE_OWNER",
    "SOURCE_VPCE",
    "narrowing_keys",
    "restricts_caller",
    "scopes_resource",
]

SOURCE_ARN = "aws:sourcearn"
SOURCE_ACCOUNT = "aws:sourceaccount"
SOURCE_OWNER = "aws:sourceowner"
PRINCIPAL_ORG_ID = "aws:principalorgid"
SOURCE_VPCE = "aws:sourcevpce"
PRINCIPAL_ACCOUNT = "aws:principalaccount"

#: Keys that pin down the caller of a resource policy (lower-case, as IAM compares them).
CALLER_KEYS = frozenset(
    {
        SOURCE_ARN,
        SOURCE_ACCOUNT,
        SOURCE_OWNER,
        PRINCIPAL_ORG_ID,
        SOURCE_VPCE,
        PRINCIPAL_ACCOUNT,
        "aws:principalarn",
        "aws:principalorgpaths",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
    }
)

#: Keys that limit an identity statement to some resources even when it says ``Resource: "*"``.
RESOURCE_SCOPING_KEYS = frozenset(
    {
        "aws:resourceaccount",
        "aws:resourceorgid",
        "aws:resourceorgpaths",
        "s3:resourceaccount",
        "kms:viaservice",
    }
)
_RESOURCE_TAG = re.compile(r"^[a-z0-9-]+:resourcetag/.+$")


def _positive(operator: str) -> bool:
    op = operator.lower()
    # ForAllValues is true when the key is absent, so it narrows nothing.
    if op.startswith("forallvalues:"):
        return False
    op = op.removeprefix("foranyvalue:")
    if op.endswith("ifexists") or op == "null" or "not" in op:
        return False
    return op.startswith(("string", "arn", "numeric", "date", "bool", "ipaddress", "binary"))


def _narrows(values: tuple[object, ...]) -> bool:
    for value in values:
        if isinstance(value, Unknown):
            return True
        if isinstance(value, str) and value.strip() not in ("", "*"):
            return True
        if isinstance(value, bool | int | float):
            return True
    return False


def narrowing_keys(stmt: Statement) -> frozenset[str] | Unknown:
    """Lower-cased keys that some positive operator narrows to a real value."""
    if isinstance(stmt.conditions, Unknown):
        return stmt.conditions
    found: set[str] = set()
    for operator, keys in stmt.conditions.items():
        if not _positive(operator):
            continue
        for key, values in keys.items():
            if _narrows(values):
                found.add(key.lower())
    return frozenset(found)


def restricts_caller(stmt: Statement, keys: frozenset[str] = CALLER_KEYS) -> bool | Unknown:
    """Whether a condition on one of ``keys`` (default: source/org/account keys) narrows ``stmt``."""
    found = narrowing_keys(stmt)
    if isinstance(found, Unknown):
        return found
    return bool(found & keys)


def scopes_resource(stmt: Statement) -> bool | Unknown:
    """Whether a condition limits the resources of ``stmt`` (resource tags, account, ViaService)."""
    found = narrowing_keys(stmt)
    if isinstance(found, Unknown):
        return found
    return any(k in RESOURCE_SCOPING_KEYS or _RESOURCE_TAG.match(k) for k in found)
