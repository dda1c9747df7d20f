"""The exposure view: for each function, who can invoke it and what its role can reach.

A public entry point is a problem of its own (FG-AC-005/006/007), and so is
a broad role (FG-AC-002/008/010); together they are the path an attacker
takes: *anyone on the internet → function URL → function → role →
administrator access*.  :func:`exposure` joins the two halves per function:

* **entry points** (:class:`EntryPoint`): a function URL with
  ``AuthType: NONE``; an API route without authorization on a public API; a
  resource-based permission open to ``"*"`` or to a service principal for
  any account; a bucket anyone may write to that notifies the function.
* **reach** (:class:`Reach`): administrator access, a privilege-escalation
  path, IAM write, every secret, every bucket's objects or every table,
  every function - each with the actions and line granting it.

The :class:`Verdict` is ``exposed`` only when both halves are decided:
an open entry point, and a role reaching one of those categories.  It is
``not exposed`` when either half is decided against (no entry point can be
open, or the role is decided narrow), and ``undecided`` otherwise: a value
faasguard cannot resolve (a parameter without default, a role from another
stack) is never guessed.  The entry points' ``undecided`` and the
``reach_doubts`` say which value, and where.

The view is pure: a :class:`~faasguard.model.Workload` in, values out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from faasguard.iam import function_role
from faasguard.model import Location, Workload
from faasguard.rules.access._exposure import EntryKind, EntryPoint, entry_points
from faasguard.rules.access._reach import Doubt, Reach, ReachKind, missing_role, reach_of

__all__ = [
    "Doubt",
    "EntryKind",
    "EntryPoint",
    "FunctionExposure",
    "Reach",
    "ReachKind",
    "Verdict",
    "exposure",
]


class Verdict(StrEnum):
    """Whether a function is publicly invocable *and* its role reaches far."""

    EXPOSED = "exposed"
    NOT_EXPOSED = "not exposed"  #: no open entry point, or a narrowly scoped role
    UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True)
class FunctionExposure:
    """One function: its open (or possibly open) entry points, what its role reaches, the verdict."""

    function_id: str
    resource_type: str
    location: Location
    role: str | None  #: the role's logical id, ``None`` when the role is not in this source
    entry_points: tuple[EntryPoint, ...]  #: open first, then possibly open (``undecided`` set)
    reach: tuple[Reach, ...]  #: most dangerous first
    reach_doubts: tuple[Doubt, ...]  #: what leaves the reach undecided
    verdict: Verdict

    @property
    def open_entry_points(self) -> tuple[EntryPoint, ...]:
        """The entry points known to be open."""
        return tuple(e for e in self.entry_points if not e.undecided)

    @property
    def public(self) -> bool | None:
        """True with an open entry point, False with none possibly open, ``None`` when undecided."""
        if self.open_entry_points:
            return True
        return None if self.entry_points else False

    @property
    def privileged(self) -> bool | None:
        """True when the role reaches a category, False when it is decided narrow, else ``None``."""
        if self.reach:
            return True
        return None if self.reach_doubts else False


def _verdict(public: bool | None, privileged: bool | None) -> Verdict:
    if public is True and privileged is True:
        return Verdict.EXPOSED
    if public is False or privileged is False:
        return Verdict.NOT_EXPOSED
    return Verdict.UNDECIDED


def exposure(workload: Workload) -> tuple[FunctionExposure, ...]:
    """The exposure of every function of ``workload``, in source order."""
    reached: dict[str, tuple[tuple[Reach, ...], tuple[Doubt, ...]]] = {}
    out = []
    for fn in workload.functions:
        found = entry_points(workload, fn)
        role = function_role(workload, fn)
        if role is None:
            reach: tuple[Reach, ...] = ()
            doubts: tuple[Doubt, ...] = (missing_role(workload, fn),)
        else:
            if role.id not in reached:  # a role shared by functions is weighed once
                reached[role.id] = reach_of(workload, role)
            reach, doubts = reached[role.id]
        item = FunctionExposure(
            function_id=fn.id,
            resource_type=fn.resource_type,
            location=fn.location,
            role=role.id if role is not None else None,
            entry_points=tuple(e for e in found if not e.undecided) + tuple(e for e in found if e.undecided),
            reach=reach,
            reach_doubts=doubts,
            verdict=Verdict.UNDECIDED,
        )
        out.append(dataclasses.replace(item, verdict=_verdict(item.public, item.privileged)))
    return tuple(out)
