"""Maven's version order, as Maven's ``ComparableVersion`` defines it.

A version splits into items at ``.`` and ``-`` and where digits meet letters;
``-`` (and a letter-digit change) opens a sub-list.  Numbers compare as
numbers; qualifiers as ``alpha < beta < milestone < rc = cr < snapshot <
"" = ga = final = release < sp``, then unknown qualifiers lexically; a
number sorts above a qualifier and above a sub-list.  Trailing "null" items
(``0``, ``""``, empty lists) are dropped, so ``1.0.0 == 1`` and
``1.0-ga == 1``.
"""

from __future__ import annotations

from functools import total_ordering
from typing import Any

__all__ = ["MavenKey", "maven_items"]

_QUALIFIERS = ("alpha", "beta", "milestone", "rc", "snapshot", "", "sp")
_QUALIFIER_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_SHORT_QUALIFIERS = {"a": "alpha", "b": "beta", "m": "milestone"}
_RELEASE_RANK = (_QUALIFIERS.index(""), "")

# An item is ("int", n), ("str", rank) or ("list", [items]).
_Item = tuple[str, Any]


def _qualifier_rank(value: str, followed_by_digit: bool) -> tuple[int, str]:
    if followed_by_digit and value in _SHORT_QUALIFIERS:
        value = _SHORT_QUALIFIERS[value]
    value = _QUALIFIER_ALIASES.get(value, value)
    if value in _QUALIFIERS:
        return (_QUALIFIERS.index(value), "")
    return (len(_QUALIFIERS), value)  # unknown qualifiers: after "sp", lexically


def _is_null(item: _Item) -> bool:
    kind, value = item
    return bool((kind == "int" and value == 0) or (kind == "str" and value == _RELEASE_RANK) or value == [])


def _normalize(items: list[_Item]) -> None:
    # Drop trailing "null" items (0, "", "final", empty lists), looking past
    # non-null sub-lists as Maven does: 1.0-1 == 1-1.
    for index in range(len(items) - 1, -1, -1):
        if _is_null(items[index]):
            del items[index]
        elif items[index][0] != "list":
            break


def maven_items(text: str) -> list[_Item]:
    """Split a version into Maven's normalised item tree."""
    version = text.lower()
    root: list[_Item] = []
    current = root
    stack = [root]
    digits = False
    start = 0

    def nest() -> None:
        nonlocal current
        child: list[_Item] = []
        current.append(("list", child))
        current = child
        stack.append(child)

    def item(is_digits: bool, chunk: str) -> _Item:
        return ("int", int(chunk)) if is_digits else ("str", _qualifier_rank(chunk, False))

    for index, char in enumerate(version):
        if char in ".-":
            current.append(("int", 0) if index == start else item(digits, version[start:index]))
            start = index + 1
            if char == "-":
                nest()
        elif char.isdigit():
            if not digits and index > start:  # letters then digits: "rc1" is "rc-1"
                if current:
                    nest()
                current.append(("str", _qualifier_rank(version[start:index], True)))
                start = index
                nest()
            digits = True
        else:
            if digits and index > start:  # digits then letters: "1rc" is "1-rc"
                current.append(item(True, version[start:index]))
                start = index
                nest()
            digits = False
    if len(version) > start:
        if not digits and current:  # "1.0.rc" sorts as "1.0-rc"
            nest()
        current.append(item(digits, version[start:]))
    while stack:
        _normalize(stack.pop())
    return root


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _cmp_item(item: _Item, other: _Item | None) -> int:
    kind, value = item
    if kind == "int":
        if other is None:
            return 0 if value == 0 else 1
        return _sign(value - other[1]) if other[0] == "int" else 1
    if kind == "str":
        if other is None:
            return int(value > _RELEASE_RANK) - int(value < _RELEASE_RANK)
        if other[0] == "str":
            return int(value > other[1]) - int(value < other[1])
        return -1  # a qualifier sorts below a number and below a sub-list
    if other is None:
        return next((r for r in (_cmp_item(i, None) for i in value) if r), 0)
    if other[0] != "list":
        return -1 if other[0] == "int" else 1
    return _cmp_lists(value, other[1])


def _cmp_lists(left: list[_Item], right: list[_Item]) -> int:
    for index in range(max(len(left), len(right))):
        a = left[index] if index < len(left) else None
        b = right[index] if index < len(right) else None
        result = (-_cmp_item(b, None) if b is not None else 0) if a is None else _cmp_item(a, b)
        if result:
            return result
    return 0


@total_ordering
class MavenKey:
    """A sort key over the items of :func:`maven_items`."""

    __slots__ = ("_items",)

    def __init__(self, items: list[_Item]) -> None:
        self._items = items

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MavenKey) and _cmp_lists(self._items, other._items) == 0

    def __lt__(self, other: MavenKey) -> bool:
        return _cmp_lists(self._items, other._items) < 0

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return repr(self._items)  # normalised items: equal versions, equal text
