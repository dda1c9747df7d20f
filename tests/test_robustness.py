"""Every rule over every fixture with every parameter unknown: no rule may crash on unknown values.

Rules must never ask an unknown value for its truth; the fixtures exercise most
model shapes, so removing parameter defaults (making whatever they feed
unknown) and running the whole catalogue is a cheap, broad guard.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faasguard.engine import run_rules
from faasguard.loaders._json import parse_json
from faasguard.loaders._yaml import parse_yaml
from faasguard.loaders.cloudformation import is_template, load_template
from faasguard.rules import catalogue

FIXTURES = sorted(p for p in (Path(__file__).parent / "rules").glob("*/*") if p.suffix in (".yaml", ".json"))


@pytest.mark.parametrize("mode", ["no-defaults", "no-conditions"])
def test_no_rule_crashes_on_unknown_values(mode: str) -> None:
    crashes = []
    for path in FIXTURES:
        text = path.read_text(encoding="utf-8")
        doc = parse_json(text, path.name) if path.suffix == ".json" else parse_yaml(text, path.name)
        if not isinstance(doc, dict) or not is_template(doc):
            continue
        if mode == "no-defaults" and isinstance(doc.get("Parameters"), dict):
            for spec in doc["Parameters"].values():
                if isinstance(spec, dict):
                    spec.pop("Default", None)
        if mode == "no-conditions":
            doc.pop("Conditions", None)
        workload = load_template(doc, path.name)
        _, _, errors = run_rules(workload, catalogue())
        crashes += [f"{path.parent.name}/{path.name}: {e.message}" for e in errors]
    assert not crashes, crashes
