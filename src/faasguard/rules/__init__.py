"""The rule catalogue: every rule, collected from the layer packages.

Each module under ``faasguard.rules.<layer>`` defines rules with the
``@rule`` decorator; :func:`catalogue` imports those modules (on demand)
and returns their :class:`Rule` values sorted by id.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from faasguard.rules._rule import Hit, Rule, Undecided, rule

__all__ = ["LAYER_PACKAGES", "Hit", "Rule", "Undecided", "catalogue", "get", "rule"]

LAYER_PACKAGES = ("access", "data", "monitoring", "dependencies", "runtime")


@cache
def catalogue() -> tuple[Rule, ...]:
    """Every rule, sorted by id; raises ``ValueError`` on a duplicate id."""
    found: dict[str, Rule] = {}
    for layer in LAYER_PACKAGES:
        package = importlib.import_module(f"{__name__}.{layer}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, Rule):
                    if value.id in found and found[value.id] is not value:
                        raise ValueError(f"duplicate rule id {value.id}")
                    found[value.id] = value
    return tuple(found[k] for k in sorted(found))


def get(rule_id: str) -> Rule | None:
    """The rule with id ``rule_id`` (case-insensitive), or ``None``."""
    wanted = rule_id.strip().upper()
    return next((r for r in catalogue() if r.id == wanted), None)
