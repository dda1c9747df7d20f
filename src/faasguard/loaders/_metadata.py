"""Resources as written: logical-id lines, generated resources and ``Metadata: faasguard`` ignores.

The suppression step needs to know, for each resource written in the
source, the line of its logical id (a ``# faasguard:ignore`` marker there
covers the whole resource), which resources were generated from it (SAM's
implicit role, URL, permissions, stages...) and the ignores its
``Metadata`` declares::

    Metadata:
      faasguard:
        ignore:
          - id: FG-AC-001            # or a list of ids
            reason: legacy role, replaced in Q3
            until: 2027-03-31        # optional

Entries are kept as written; the rule ids, reasons and dates are checked by
:mod:`faasguard.suppress`, which turns problems into warnings.  A plain
string entry (``- FG-AC-001``) has no reason, so it is reported and not applied.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from faasguard.loaders._nodes import LList, key_line, line_of
from faasguard.model import DeclaredResource, IgnoreDeclaration, Location

__all__ = ["declared_resources"]

_KEYS = frozenset({"id", "reason", "until"})


def _entry(item: Any, location: Location) -> IgnoreDeclaration:
    """One ``ignore`` list item as written."""
    if isinstance(item, str):
        return IgnoreDeclaration((item.strip(),), "", location)
    if not isinstance(item, dict):
        return IgnoreDeclaration((), "", location, problem="an ignore entry must be a mapping {id, reason}")
    extra = sorted(str(k) for k in item if k not in _KEYS)
    if extra:
        problem = f"unknown key {extra[0]!r} in an ignore entry (expected id, reason, until)"
        return IgnoreDeclaration((), "", location, problem=problem)
    raw_ids = item.get("id")
    ids = raw_ids if isinstance(raw_ids, list) else [raw_ids]
    if not ids or not all(isinstance(i, str) and i.strip() for i in ids):
        return IgnoreDeclaration((), "", location, problem="an ignore entry needs `id`: a rule id or a list")
    reason = item.get("reason")
    until = item.get("until")
    if isinstance(until, date):
        until = until.isoformat()[:10]
    if until is not None and not isinstance(until, str):
        return IgnoreDeclaration((), "", location, problem="`until` must be a date (YYYY-MM-DD)")
    return IgnoreDeclaration(
        tuple(str(i).strip() for i in ids),
        reason.strip() if isinstance(reason, str) else "",
        location,
        until=until or "",
    )


def _ignores(resource: Any, file: str, line: int) -> tuple[IgnoreDeclaration, ...]:
    """The ignore declarations in one resource's ``Metadata.faasguard``."""
    metadata = resource.get("Metadata") if isinstance(resource, dict) else None
    if not isinstance(metadata, dict) or "faasguard" not in metadata:
        return ()
    section = metadata["faasguard"]
    where = Location(file, key_line(metadata, "faasguard", line_of(metadata, line)))
    if not isinstance(section, dict) or not isinstance(section.get("ignore"), list):
        return (IgnoreDeclaration((), "", where, problem="Metadata faasguard needs an `ignore` list"),)
    extra = sorted(str(k) for k in section if k != "ignore")
    out: list[IgnoreDeclaration] = []
    if extra:
        out.append(
            IgnoreDeclaration((), "", where, problem=f"unknown key {extra[0]!r} in Metadata faasguard")
        )
    items = section["ignore"]
    for index, item in enumerate(items):
        item_line = items.line_of(index) if isinstance(items, LList) else line_of(items, where.line)
        out.append(_entry(item, Location(file, line_of(item, item_line))))
    return tuple(out)


def declared_resources(resources: Any, expanded: Any, file: str) -> tuple[DeclaredResource, ...]:
    """Each resource of the written ``Resources`` with its generated resources and Metadata ignores.

    ``expanded`` is the ``Resources`` mapping after SAM expansion (the same
    mapping when there was none); its nodes name their SAM source in ``__sam__``.
    """
    if not isinstance(resources, dict):
        return ()
    generated: dict[str, list[str]] = {}
    if isinstance(expanded, dict):
        for lid, res in expanded.items():
            source = res.get("__sam__") if isinstance(res, dict) else None
            if isinstance(source, str) and source != lid:
                generated.setdefault(source, []).append(str(lid))
    out = []
    for lid, res in resources.items():
        if not isinstance(lid, str) or not isinstance(res, dict):
            continue
        line = key_line(resources, lid, line_of(res))
        out.append(
            DeclaredResource(
                lid,
                Location(file, line),
                (lid, *sorted(generated.get(lid, ()))),
                _ignores(res, file, line),
            )
        )
    return tuple(out)
