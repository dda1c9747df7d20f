"""Which packages only development pulls in, from a lockfile's dependency edges."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["dev_only", "reachable"]


def reachable(starts: Iterable[int], edges: Iterable[tuple[int, int]]) -> set[int]:
    """Every node reachable from ``starts`` (included) along ``edges``."""
    forward: dict[int, list[int]] = {}
    for dependent, dependency in edges:
        forward.setdefault(dependent, []).append(dependency)
    seen = set(starts)
    todo = list(seen)
    while todo:
        for nxt in forward.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def dev_only(prod: Iterable[int], dev: Iterable[int], edges: Iterable[tuple[int, int]]) -> set[int]:
    """Nodes reachable from the ``dev`` roots and not from the ``prod`` roots.

    A node reachable from neither is not in the result: without evidence it
    may ship, so it is treated as shipped.
    """
    edge_list = list(edges)
    shipped = reachable(prod, edge_list)
    return reachable(dev, edge_list) - shipped
