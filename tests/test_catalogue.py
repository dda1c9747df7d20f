"""The rule catalogue: ids, layers, documentation and checklist rows are consistent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from faasguard.checklist import ROWS
from faasguard.rules import LAYER_PACKAGES, catalogue, get

ROOT = Path(__file__).parent.parent
_FOLDER_PREFIX = {"access": "AC", "data": "DP", "monitoring": "MON", "dependencies": "DEP", "runtime": "RT"}


def test_ids_unique_and_match_their_layer_folder() -> None:
    rules = catalogue()
    assert len({r.id for r in rules}) == len(rules) >= 15
    for r in rules:
        module = sys.modules[r.check.__module__]
        folder = module.__name__.split(".")[-2]
        assert folder in LAYER_PACKAGES
        assert r.id.split("-")[1] == _FOLDER_PREFIX[folder] == r.layer.prefix, r.id


def test_every_rule_is_documented_and_serves_known_rows() -> None:
    for r in catalogue():
        assert r.title and r.why and r.fix, r.id
        assert r.rows and set(r.rows) <= set(ROWS), (r.id, r.rows)
        assert get(r.id.lower()) is r


def test_every_layer_has_rules() -> None:
    assert len({r.layer for r in catalogue()}) == 5


def test_generated_docs_are_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "scripts" / "gen_rule_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert module.render() == current, "docs/rules.md is out of date: run `make docs`"
