"""Which resources a policy's ``Resource`` pattern can name, against the catalogue's ARN formats.

Two questions, both answered per ARN segment (IAM's ``*`` and ``?`` do not
match across the colons that separate partition, service, region, account
and resource):

* :func:`may_apply`: can the pattern name *some* resource an action acts on?
  ``iam:PutRolePolicy`` on ``arn:aws:s3:::orders`` cannot (the catalogue's
  only format for it is ``arn:${Partition}:iam::${Account}:role/...``), on
  ``*`` or ``arn:aws:iam::*:role/app-*`` it can.  An action with no resource
  types only applies to ``"*"``.
* :func:`every_of`: does the pattern name *every* resource of a type?
  ``arn:aws:s3:::*`` (every bucket, and every object), ``arn:aws:s3:::*/*``
  (every object), ``arn:aws:dynamodb:*:*:table/*`` (every table); but not
  ``arn:aws:s3:::orders/*`` (the objects of one bucket).  Partition, region
  and account segments are not weighed: "every table of the account".

Template placeholders (``${AWS::AccountId}``, ``${Bucket}``, ``${aws:accountId}``)
stand for one value the loader could not spell: for :func:`may_apply` they
may be anything, for :func:`every_of` they are one name, never "every".
"""

from __future__ import annotations

import re
from functools import lru_cache

from faasguard.iam.catalog import action_info, is_known_service, resource_formats
from faasguard.model import Derived

__all__ = ["every_of", "may_apply", "names_own_role", "role_name_of", "wide_types"]

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_ONE = "\x01"  # a placeholder in a policy: one unknown value
_VAR = "\x00"  # a variable of an ARN format: any value


def _segments(text: str, placeholder: str) -> tuple[str, ...] | None:
    """The six segments of an ARN (placeholders replaced first); None when it is not one."""
    flat = _PLACEHOLDER.sub(placeholder, text.strip())
    parts = flat.split(":", 5)
    if len(parts) != 6 or parts[0] not in ("arn", "*", _ONE):
        return None
    return tuple(parts)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple("*" if ch in (_ONE, _VAR) else ch for ch in text)


@lru_cache(maxsize=8192)
def _overlap(a: str, b: str) -> bool:
    """Whether some string matches both glob patterns (``*``, ``?``, placeholders as ``*``)."""
    p, q = _tokens(a), _tokens(b)
    n, m = len(p), len(q)
    seen = {(0, 0)}
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if i == n and j == m:
            return True
        moves = []
        if i < n and p[i] == "*":
            moves.append((i + 1, j))
        if j < m and q[j] == "*":
            moves.append((i, j + 1))
        if i < n and j < m and not (p[i] == "*" and q[j] == "*"):
            x, y = p[i], q[j]
            if x in "*?" or y in "*?" or x.lower() == y.lower():
                moves.append((i if x == "*" else i + 1, j if y == "*" else j + 1))
        for move in moves:
            if move not in seen:
                seen.add(move)
                todo.append(move)
    return False


def _seg_overlap(have: str, want: str) -> bool:
    """One ARN segment: a format's variable is never empty; an empty segment meets ``""`` or ``*`` only."""
    if not have or not want:
        return (not have or set(have) <= {"*"}) and (not want or set(want) <= {"*"})
    return _overlap(have, want)


def _is_star(pattern: str) -> bool:
    text = pattern.strip()
    return bool(text) and set(text) <= {"*"}


@lru_cache(maxsize=4096)
def _format_overlap(pattern: str, fmt: str) -> bool:
    if not fmt.startswith("arn:"):
        return True  # a format we cannot read: it may be named
    want = _segments(fmt, _VAR)
    have = _segments(pattern, _ONE)
    if want is None:
        return True
    if have is None:
        # not a six-segment ARN ("arn:aws:s3:*", "*:role/x"): compare the whole text
        return _overlap(_PLACEHOLDER.sub(_ONE, pattern.strip()), _PLACEHOLDER.sub(_VAR, fmt))
    return all(_seg_overlap(x, y) for x, y in zip(have, want, strict=True))


def may_apply(action: str, pattern: str) -> bool | None:
    """Whether resource ``pattern`` can name a resource ``action`` (no wildcards) acts on.

    ``None`` when the catalogue does not know the action.
    """
    if _is_star(pattern):
        return True
    info = action_info(action)
    if info is None:
        return None
    if not info.arns:
        return False  # only Resource "*" applies to it
    return any(_format_overlap(pattern, fmt) for fmt in info.arns)


def _every_regex(text: str) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else f"[^{_VAR}]" if ch == "?" else re.escape(ch) for ch in text)
    return re.compile("".join(parts), re.DOTALL)


@lru_cache(maxsize=4096)
def every_of(pattern: str, fmt: str) -> bool:
    """Whether ``pattern`` names every resource of the ARN format ``fmt`` (of the account and region)."""
    if _is_star(pattern):
        return True
    have = _segments(pattern, _ONE)
    return have is not None and _names_every(have, fmt)


@lru_cache(maxsize=4096)
def _format_segments(fmt: str) -> tuple[str, ...] | None:
    return _segments(fmt, _VAR)


def _names_every(have: tuple[str, ...], fmt: str) -> bool:
    """:func:`every_of` for a pattern already split into its segments."""
    want = _format_segments(fmt)
    if want is None:
        return False
    if not _overlap(have[2], want[2]) or not all(_seg_overlap(have[i], want[i]) for i in (3, 4)):
        return False  # another service, or a global resource named with a region (or the reverse)
    literal = re.split(r"[*?]", have[5], maxsplit=1)[0]
    if not want[5].startswith(literal):  # most named resources: no regex to build
        return False
    return _every_regex(have[5]).fullmatch(want[5]) is not None


@lru_cache(maxsize=1024)
def wide_types(pattern: str) -> frozenset[tuple[str, str]]:
    """The (service, resource type) pairs every resource of which ``pattern`` names.

    Empty for ``"*"`` (callers treat it apart), for a non-ARN and for a named resource.
    """
    have = _segments(pattern, _ONE)
    if have is None or _is_star(pattern):
        return frozenset()
    service = have[2]
    if not service or any(ch in service for ch in "*?" + _ONE):
        return frozenset()  # every service's resources: "arn:aws:*:*:*:*" is FG-AC-002's "*" cousin, rare
    if not is_known_service(service):
        return frozenset()
    found: set[tuple[str, str]] = set()
    # formats naming this service live mostly, but not only, under its own prefix
    for rtype, fmt in resource_formats(service).items():
        if _names_every(have, fmt):
            found.add((service, rtype))
    return frozenset(found)


def role_name_of(pattern: str) -> str | None:
    """The role name (last path segment) an IAM role ARN pattern names; None if it is no role ARN."""
    have = _segments(pattern, _ONE)
    if have is None or have[2] != "iam" or not have[5].startswith("role/"):
        return None
    return have[5].rpartition("/")[2]


def names_own_role(pattern: str, role_id: str, role_name: object) -> bool | None:
    """Whether role ARN ``pattern`` may name the role ``role_id`` (named ``role_name``).

    True for wildcards (``role/*``, ``role/${AWS::StackName}-*``) and for a
    reference to the role itself (``!GetAtt Role.Arn``); False for another
    role named literally or by reference; None when the pattern is no role ARN.
    ``role_name`` None means a generated name (CloudFormation adds a random
    suffix), which a literal name cannot spell.
    """
    name = role_name_of(pattern)
    if name is None:
        return None
    if isinstance(pattern, Derived) and role_id in pattern.refs:
        return True
    if any(ch in name for ch in "*?"):
        return True
    if _ONE in name:
        refs = pattern.refs if isinstance(pattern, Derived) else frozenset()
        return not refs  # a parameter or pseudo value may spell it; another resource's name does not
    return isinstance(role_name, str) and name == role_name
