"""Which security groups and subnets of the workload a function's ``VpcConfig`` names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from faasguard.model import Derived, Function, SecurityGroup, Subnet, Unknown

__all__ = ["attached"]

_Item = TypeVar("_Item", SecurityGroup, Subnet)


def attached(
    fn: Function, refs: tuple[str | Unknown, ...] | Unknown, items: tuple[_Item, ...], what: str
) -> Iterator[_Item | Unknown]:
    """Each item ``refs`` names: the workload's item, or an unknown saying why it cannot be read.

    A reference is the item's logical id (``!Ref``) or a value computed from
    it (``!GetAtt Group.GroupId``).  A literal id (``sg-0abc``), a parameter or
    an import names something outside the template: unknown.
    """
    if isinstance(refs, Unknown):
        yield Unknown(f"{what}s of function {fn.id}: {refs.reason}")
        return
    by_id = {item.id: item for item in items}
    for ref in refs:
        if isinstance(ref, Unknown):
            yield Unknown(f"a {what} of function {fn.id}: {ref.reason}")
            continue
        found = by_id.get(str(ref))
        if found is None and isinstance(ref, Derived):
            hits = [by_id[r] for r in ref.refs if r in by_id]
            found = hits[0] if len(hits) == 1 else None
        if found is None:
            yield Unknown(f"{what} {ref} of function {fn.id} is not declared in this template")
        else:
            yield found
