"""Principals and ARNs: public principals, service principals, accounts.

A template does not know which account it is deployed to: the loader leaves
``${AWS::AccountId}`` in the text.  A literal account id therefore may or may
not be the deploying account, and :func:`is_own_account` says so with an
:class:`~faasguard.model.Unknown` instead of guessing.
"""

from __future__ import annotations

import re
from typing import Any

from faasguard.iam.conditions import restricts_caller
from faasguard.model import Principal, Statement, Unknown

__all__ = [
    "OWN_ACCOUNT",
    "arn_account",
    "is_own_account",
    "is_public_principal",
    "is_public_statement",
    "is_public_value",
    "principal_account",
    "service_name",
    "split_arn",
]

OWN_ACCOUNT = "${AWS::AccountId}"

_SERVICE = re.compile(
    r"^(?P<name>[a-z0-9][a-z0-9.-]*)\.(?:amazonaws\.com(?:\.cn)?|amazon\.com|\$\{AWS::URLSuffix\})$",
    re.IGNORECASE,
)
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_HELD = re.compile("\x00(\\d+)\x00")


def is_public_value(value: Any) -> bool | Unknown:
    """True for the principal text ``"*"`` (anyone); unknown stays unknown."""
    if isinstance(value, Unknown):
        return value
    return isinstance(value, str) and value.strip() == "*"


def is_public_principal(principal: Principal) -> bool | Unknown:
    """True for ``Principal: "*"`` and ``{"AWS": "*"}`` (anyone, in any account)."""
    if principal.kind == "*":
        return True
    if principal.kind != "AWS":
        return False
    return is_public_value(principal.value)


def service_name(text: str) -> str | None:
    """``"s3"`` for ``"s3.amazonaws.com"`` (also ``.amazonaws.com.cn``, ``.amazon.com``); else ``None``."""
    match = _SERVICE.match(text.strip())
    return match.group("name").lower() if match else None


def split_arn(text: str) -> tuple[str, str, str, str, str, str] | None:
    """The six fields of an ARN (partition, service... resource), placeholders kept whole.

    ``${AWS::AccountId}`` holds colons of its own, so placeholders are set
    aside before splitting.  ``None`` when ``text`` is not an ARN.
    """
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(0))
        return f"\x00{len(held) - 1}\x00"

    parts = _PLACEHOLDER.sub(hold, text.strip()).split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return None
    restored = [_HELD.sub(lambda m: held[int(m.group(1))], part) for part in parts]
    return restored[0], restored[1], restored[2], restored[3], restored[4], restored[5]


def arn_account(text: str) -> str | None:
    """The account field of an ARN (``""`` when empty, as for S3 buckets); ``None`` if not an ARN."""
    parts = split_arn(text)
    return parts[4] if parts is not None else None


def principal_account(text: str) -> str | None:
    """The account of an account-id or IAM-ARN principal (``"123456789012"``); ``None`` otherwise."""
    value = text.strip()
    if _ACCOUNT_ID.match(value) or value == OWN_ACCOUNT:
        return value
    parts = split_arn(value)
    if parts is not None and parts[2] in ("iam", "sts"):
        return parts[4]
    return None


def is_own_account(account: str) -> bool | Unknown:
    """True for the deploying account (``${AWS::AccountId}``), False for a wildcard, else unknown."""
    if OWN_ACCOUNT in account:
        return True
    if "*" in account or "?" in account or not account:
        return False
    return Unknown(f"cannot tell whether account {account} is the deploying account")


def is_public_statement(stmt: Statement) -> bool | Unknown:
    """Whether a resource-policy statement lets anyone in: an ``Allow`` to ``"*"`` (or with
    ``NotPrincipal``) that no source/org/account condition narrows.

    A ``Deny`` is a guard rail, never a grant, so it is never public.
    """
    if isinstance(stmt.effect, Unknown):
        return stmt.effect
    if not stmt.allows:
        return False
    public: bool | Unknown = bool(stmt.not_principals)
    for principal in stmt.principals:
        verdict = is_public_principal(principal)
        if verdict is True:
            public = True
            break
        if isinstance(verdict, Unknown):
            public = verdict
    if public is False:
        return False
    narrowed = restricts_caller(stmt)
    if narrowed is True:
        return False
    if isinstance(narrowed, Unknown):
        return narrowed
    return public
