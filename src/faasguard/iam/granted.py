"""Which actions a statement, or a set of statements, grants: as sets, against the catalogue.

Rules ask "does this role reach a resource-scopable action on ``*``?" instead
of matching the text of ``Action``.  ``s3:Get*`` becomes the sixty-odd S3
actions it names; ``NotAction: iam:*`` becomes every catalogue action outside
IAM, *and* every action the catalogue does not know yet (``open_ended``);
an unconditional ``Deny`` on ``"*"`` takes its actions away.

What the catalogue cannot answer stays visible: ``unmatched`` keeps the
written names that match no catalogue action (a typo, or a service newer than
the data) and ``unknown`` the first value the loader could not resolve.
Resources and conditions of the ``Allow`` are not weighed here; rules do that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from faasguard.iam.catalog import all_actions, expand
from faasguard.model import Statement, Unknown

__all__ = ["ActionSet", "granted_actions", "is_unconditional_deny", "statement_actions"]


@dataclass(frozen=True, slots=True)
class ActionSet:
    """A set of IAM actions, with what the catalogue could not place."""

    actions: frozenset[str] = frozenset()  #: catalogue actions, canonically spelt (``s3:GetObject``)
    unmatched: tuple[str, ...] = ()  #: written names/patterns no catalogue action matches
    open_ended: bool = False  #: also every action outside the catalogue (``*``, NotAction)
    unknown: Unknown | None = None  #: the first unresolved value met

    def __contains__(self, action: object) -> bool:
        return isinstance(action, str) and bool(expand(action) & self.actions)

    def __len__(self) -> int:
        return len(self.actions)

    def without(self, other: ActionSet) -> ActionSet:
        """These actions minus ``other``'s (a ``Deny`` taking them away)."""
        unknown = self.unknown if self.unknown is not None else other.unknown
        open_ended = self.open_ended and not other.open_ended
        return ActionSet(self.actions - other.actions, self.unmatched, open_ended, unknown)

    def union(self, other: ActionSet) -> ActionSet:
        unmatched = self.unmatched + tuple(u for u in other.unmatched if u not in self.unmatched)
        unknown = self.unknown if self.unknown is not None else other.unknown
        return ActionSet(
            self.actions | other.actions, unmatched, self.open_ended or other.open_ended, unknown
        )


EMPTY = ActionSet()


def _expanded(patterns: tuple[str | Unknown, ...]) -> ActionSet:
    found: set[str] = set()
    unmatched: list[str] = []
    unknown: Unknown | None = None
    open_ended = False
    for pattern in patterns:
        if isinstance(pattern, Unknown):
            unknown = unknown if unknown is not None else pattern
            continue
        text = pattern.strip()
        matched = expand(text)
        service = text.partition(":")[0]
        if text == "*" or "*" in service or "?" in service:
            open_ended = True  # services the catalogue does not know yet match too
        if matched:
            found |= matched
        else:
            unmatched.append(text)
    return ActionSet(frozenset(found), tuple(unmatched), open_ended, unknown)


def statement_actions(stmt: Statement) -> ActionSet:
    """The actions ``stmt``'s ``Action`` or ``NotAction`` reaches, whatever its effect."""
    if any(isinstance(a, Unknown) for a in (*stmt.actions, *stmt.not_actions)):
        return _reach(stmt.actions, stmt.not_actions)  # keep the very Unknown, for its location
    key = (tuple(str(a) for a in stmt.actions), tuple(str(a) for a in stmt.not_actions))
    return _cached_reach(*key)


@lru_cache(maxsize=1024)
def _cached_reach(actions: tuple[str, ...], not_actions: tuple[str, ...]) -> ActionSet:
    # roles repeat the same statements across functions: expand each list once
    return _reach(actions, not_actions)


def _reach(actions: tuple[str | Unknown, ...], not_actions: tuple[str | Unknown, ...]) -> ActionSet:
    if actions:
        return _expanded(actions)
    if not_actions:
        excluded = _expanded(not_actions)
        if any(isinstance(p, str) and p.strip() in ("*", "*:*") for p in not_actions):
            return ActionSet(unknown=excluded.unknown)  # NotAction "*": nothing is left
        # the excluded names the catalogue does not know are excluded too, but we
        # cannot list them; what remains outside the catalogue is open-ended
        return ActionSet(all_actions() - excluded.actions, (), True, excluded.unknown)
    return EMPTY


def is_unconditional_deny(stmt: Statement) -> bool:
    """A ``Deny`` on every resource with no condition: it removes its actions outright."""
    if isinstance(stmt.effect, Unknown) or stmt.effect != "Deny" or stmt.conditions != {}:
        return False
    return any(isinstance(r, str) and r.strip() == "*" for r in stmt.resources)


def granted_actions(stmt: Statement, others: Iterable[Statement] = ()) -> ActionSet:
    """What ``stmt`` allows, minus the actions unconditional ``Deny`` statements among ``others`` remove.

    A ``Deny`` (or a statement whose effect is unknown, then ``unknown`` is
    set) grants nothing.  Denies with conditions or on some resources only
    are guard rails that may not apply and are not subtracted.
    """
    if isinstance(stmt.effect, Unknown):
        reached = statement_actions(stmt)
        return ActionSet(reached.actions, reached.unmatched, reached.open_ended, stmt.effect)
    if not stmt.allows:
        return EMPTY
    granted = statement_actions(stmt)
    for other in others:
        if other is not stmt and is_unconditional_deny(other):
            granted = granted.without(statement_actions(other))
    return granted
