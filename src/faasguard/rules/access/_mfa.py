"""MFA conditions: does a statement demand multi-factor authentication, and how strongly?

``aws:MultiFactorAuthPresent`` is in the request context only for temporary
credentials (console sign-in, ``AssumeRole``, ``GetSessionToken``); a request
signed with an IAM user's long-term access key carries no MFA context at all.
So the operator decides what a condition catches (AWS IAM User Guide, "IAM
and AWS STS condition context keys" and "...IfExists condition operators"):

* ``Allow`` + ``Bool`` ``true``, any ``Numeric*`` on ``aws:MultiFactorAuthAge``,
  ``Null`` ``aws:MultiFactorAuthAge: false`` - only MFA sessions match: STRICT.
* ``Allow`` + ``BoolIfExists`` ``true`` - also matches requests without MFA
  context, i.e. long-term access keys: TEMPORARY_ONLY (enough for role
  sessions, which are always temporary, not for IAM users).
* ``Deny`` + ``BoolIfExists`` ``false``, ``Numeric*IfExists`` on the age, or
  ``Null`` ``aws:MultiFactorAuthAge: true`` - denies every request without
  MFA: STRICT.
* ``Deny`` + ``Bool`` ``false`` - misses requests without MFA context
  (long-term keys): TEMPORARY_ONLY.
"""

from __future__ import annotations

from typing import Any

from faasguard.model import Statement, Unknown

__all__ = ["STRICT", "TEMPORARY_ONLY", "allow_requires_mfa", "deny_without_mfa"]

STRICT = "strict"
TEMPORARY_ONLY = "temporary-only"

PRESENT = "aws:multifactorauthpresent"
AGE = "aws:multifactorauthage"
#: condition keys that may sit next to the MFA test in a guard-rail Deny without narrowing it for people
_HARMLESS_DENY_KEYS = frozenset({PRESENT, AGE, "aws:viaawsservice"})


def _all(values: tuple[Any, ...], wanted: bool) -> bool | Unknown:
    """True when every value is the boolean ``wanted`` (as IAM reads ``"true"``/``"false"``)."""
    if not values:
        return False
    for value in values:
        if isinstance(value, Unknown):
            return value
        text = str(value).strip().lower() if not isinstance(value, bool) else str(value).lower()
        if text != str(wanted).lower():
            return False
    return True


def _numeric(op: str) -> bool:
    return op.startswith("numeric") and "not" not in op


def allow_requires_mfa(stmt: Statement) -> str | Unknown | None:
    """How strictly an ``Allow`` requires MFA: STRICT, TEMPORARY_ONLY, ``None`` (not at all)."""
    if isinstance(stmt.conditions, Unknown):
        return stmt.conditions
    found: str | Unknown | None = None
    for operator, keys in stmt.conditions.items():
        op = operator.lower()
        if (op == "bool" and PRESENT in keys) or (op == "null" and AGE in keys):
            verdict = _all(keys[PRESENT] if op == "bool" else keys[AGE], op == "bool")
        elif _numeric(op) and not op.endswith("ifexists") and AGE in keys:
            return STRICT  # the key exists only when MFA was used
        elif op == "boolifexists" and PRESENT in keys:
            weak = _all(keys[PRESENT], True)
            if weak is True and found is None:
                found = TEMPORARY_ONLY
            elif isinstance(weak, Unknown):
                found = weak
            continue
        else:
            continue
        if verdict is True:
            return STRICT
        if isinstance(verdict, Unknown):
            found = verdict
    return found


def deny_without_mfa(stmt: Statement) -> str | Unknown | None:
    """How completely a ``Deny`` blocks requests made without MFA (``None``: it does not)."""
    if isinstance(stmt.conditions, Unknown):
        return stmt.conditions
    found: str | Unknown | None = None
    others: list[str] = []
    for operator, keys in stmt.conditions.items():
        op = operator.lower()
        others.extend(k for k in keys if k not in _HARMLESS_DENY_KEYS)
        verdict: bool | Unknown = False
        strength = STRICT
        if op in ("boolifexists", "bool") and PRESENT in keys:
            verdict = _all(keys[PRESENT], False)
            strength = STRICT if op == "boolifexists" else TEMPORARY_ONLY
        elif op == "null" and AGE in keys:
            verdict = _all(keys[AGE], True)
        elif _numeric(op) and op.endswith("ifexists") and AGE in keys:
            verdict = True  # absent age (no MFA) matches, so the Deny applies
        if verdict is True and found != STRICT:
            found = strength
        elif isinstance(verdict, Unknown) and found is None:
            found = verdict
    if isinstance(found, str) and others:
        return Unknown(f"the MFA Deny also conditions on {', '.join(sorted(set(others)))}")
    return found
