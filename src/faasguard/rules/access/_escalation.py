"""Where a privilege-escalation path (or the unknown value that leaves it open) sits, in words.

Shared by FG-AC-010, which reports the paths of a role, and the exposure
view (:mod:`._reach`), which names the first path of a public function's role.
"""

from __future__ import annotations

from collections.abc import Sequence

from faasguard.iam import AWS_MANAGED, Escalation, line_of
from faasguard.model import Location, Policy, Role, Statement, Unknown

__all__ = ["escalation_at", "listed", "step_text", "unknown_at"]

_SHOWN = 3  #: names listed before "and N more"


def listed(names: Sequence[str]) -> str:
    """``a, b, c and 9 more``."""
    if len(names) <= _SHOWN + 1:
        return ", ".join(names)
    return f"{', '.join(names[:_SHOWN])} and {len(names) - _SHOWN} more"


def unknown_at(statements: Sequence[tuple[Policy, Statement]], unknown: Unknown) -> Location | None:
    """The line holding ``unknown``: the Action/Resource... of the statement it was read from."""
    for _, stmt in statements:
        for key, items in (
            ("Action", stmt.actions),
            ("NotAction", stmt.not_actions),
            ("Resource", stmt.resources),
            ("NotResource", stmt.not_resources),
        ):
            if any(item is unknown for item in items):  # identity: equal reasons may sit elsewhere
                return line_of(stmt, key)
        if stmt.effect is unknown:
            return line_of(stmt, "Effect")
    return None


def escalation_at(found: Escalation, role: Role) -> Location:
    """The line of a path's first step (the role when it has none)."""
    return line_of(found.steps[0].statement, "Action") if found.steps else role.location


def step_text(action: str, policy: Policy, stmt: Statement) -> str:
    """``iam:PassRole (line 12)``, naming the AWS-managed policy that grants it."""
    line = line_of(stmt, "Action").line
    if policy.source == AWS_MANAGED:
        return f"{action} (AWS-managed {policy.name}, line {line})"
    return f"{action} (line {line})"
