"""End-to-end rule fixtures: real templates in, exact findings out.

Layout: ``tests/rules/<RULE-ID>/<name>.(yaml|json)``.  In YAML fixtures the
expected findings are comments on the very line the finding must point at::

    Action: "*"   # expect: FG-AC-001 MyFunctionRole

JSON cannot carry comments, so ``<name>.json.expect`` lists
``<line> <RULE-ID> <resource>`` rows instead.  A Terraform fixture is a
folder ``tf_<name>/`` (a configuration is a folder); its ``.tf`` files carry
the same ``# expect:`` comments (also in module subfolders), and findings
must point at that file.  Any other folder is a project fixture (a template
beside the code it deploys): ``# expect:`` comments in its YAML, TOML and
text files, and an ``EXPECT`` file with ``<file> <line> <RULE-ID>
<resource>`` rows for files that cannot carry comments (lockfiles).  Fixture
scans read the advisory database built from ``tests/data/deps/osv``.  A fixture with no
expectations is a look-alike: the rule must stay silent on it.  Only the
directory's rule runs, and findings must equal the expectations exactly.

Rules that depend on the calendar (runtime deprecation) read a pinned date:
``# today: YYYY-MM-DD`` in a YAML fixture, a ``<name>.json.today`` file for
JSON, so a fixture never turns into a time bomb.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faasguard.engine import ScanOptions, scan
from faasguard.rules import catalogue

ROOT = Path(__file__).parent / "rules"
_EXPECT = re.compile(r"#\s*expect:\s*(FG-[A-Z]+-\d{3})\s+(\S+)")
_COMMENTED = frozenset({".tf", ".yaml", ".yml", ".txt", ".toml"})
_TODAY = re.compile(r"#\s*today:\s*(\d{4}-\d{2}-\d{2})")


def _today(path: Path) -> str | None:
    if path.is_dir():
        for tf in sorted(path.glob("*.tf")):
            found = _TODAY.search(tf.read_text(encoding="utf-8"))
            if found:
                return found.group(1)
        return None
    if path.suffix == ".json":
        pinned = path.with_name(path.name + ".today")
        return pinned.read_text(encoding="utf-8").strip() if pinned.exists() else None
    found = _TODAY.search(path.read_text(encoding="utf-8"))
    return found.group(1) if found else None


def _fixtures() -> list[Path]:
    if not ROOT.is_dir():
        return []
    return sorted(p for p in ROOT.glob("*/*") if p.suffix in (".yaml", ".yml", ".json") or p.is_dir())


def _expected(path: Path) -> set[tuple[str, str, int]]:
    out: set[tuple[str, str, int]] = set()
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if file.suffix not in _COMMENTED or not file.is_file():
                continue
            rel = file.relative_to(path).as_posix()
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
                for m in _EXPECT.finditer(line):
                    out.add((m.group(1), m.group(2), number, rel))  # type: ignore[arg-type]
        sidecar = path / "EXPECT"
        if (
            sidecar.exists()
        ):  # for files that cannot carry comments (lockfiles): `<file> <line> <RULE-ID> <resource>`
            for row in sidecar.read_text(encoding="utf-8").splitlines():
                if row.strip() and not row.startswith("#"):
                    rel, line_no, rule_id, resource = row.split()
                    out.add((rule_id, resource, int(line_no), rel))  # type: ignore[arg-type]
        return out
    if path.suffix == ".json":
        sidecar = path.with_name(path.name + ".expect")
        if sidecar.exists():
            for row in sidecar.read_text(encoding="utf-8").splitlines():
                if row.strip() and not row.startswith("#"):
                    line, rule_id, resource = row.split()
                    out.add((rule_id, resource, int(line)))
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for m in _EXPECT.finditer(line):
            out.add((m.group(1), m.group(2), number))
    return out


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path: Path, monkeypatch: pytest.MonkeyPatch, advisory_db: Path) -> None:
    rule_id = path.parent.name
    monkeypatch.setenv("FAASGUARD_DB_PATH", str(advisory_db))  # built from tests/data/deps/osv
    today = _today(path)
    if today:
        monkeypatch.setenv("FAASGUARD_TODAY", today)
    result = scan(ScanOptions(paths=[str(path)], rules=[rule_id]))
    assert not result.errors, [e.one_line() for e in result.errors]
    if path.is_dir():
        got: set[tuple[str, ...] | tuple[str, str, int]] = {
            (f.rule_id, f.resource, f.location.line, Path(f.location.file).relative_to(path).as_posix())  # type: ignore[misc]
            for f in result.findings
        }
    else:
        got = {(f.rule_id, f.resource, f.location.line) for f in result.findings}
    assert got == _expected(path)


def test_every_rule_has_a_firing_and_a_silent_fixture() -> None:
    missing = []
    for rule in catalogue():
        files = [p for p in _fixtures() if p.parent.name == rule.id]
        firing = [p for p in files if _expected(p)]
        silent = [p for p in files if not _expected(p)]
        if not firing or not silent:
            missing.append(rule.id)
    assert not missing, f"rules without a firing and a silent fixture: {missing}"


#: rules that cannot apply to a Terraform configuration, with the reason
NOT_FOR_TERRAFORM: dict[str, str] = {
    "FG-DEP-009": "archive_file excludes are not read yet, so what the archive leaves out is not known",
}


def test_every_rule_has_terraform_fixtures() -> None:
    missing = []
    for rule in catalogue():
        if rule.id in NOT_FOR_TERRAFORM:
            continue
        files = [p for p in _fixtures() if p.parent.name == rule.id and p.name.startswith("tf_")]
        if not [p for p in files if _expected(p)] or not [p for p in files if not _expected(p)]:
            missing.append(rule.id)
    assert not missing, f"rules without a firing and a silent Terraform fixture: {missing}"
