"""The scan pipeline: discover -> load -> Workload -> rules -> ScanResult.

Nothing here prints or exits; the CLI turns the ``ScanResult`` into a
report and an exit code.  A file that cannot be loaded becomes a
``ScanError`` for that file and the scan goes on; a rule that crashes
becomes a ``ScanError`` of kind ``rule`` and the other rules still run.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from faasguard import __version__
from faasguard.discover import Candidate, Skipped, discover
from faasguard.errors import InputError
from faasguard.model import Location, Workload
from faasguard.result import Finding, NotAssessed, ScanError, ScanResult
from faasguard.rules import Rule, catalogue
from faasguard.rules._rule import Hit, Undecided

__all__ = ["ScanOptions", "load_file", "run_rules", "scan", "select_rules"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """What to scan and how."""

    paths: Sequence[str] = (".",)
    rules: Sequence[str] = ()  # only these rule ids (empty: all)
    skip_rules: Sequence[str] = ()
    parameters: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    # Serverless Framework variables: --stage, --region, --param, --opt and (opt-in) the environment
    stage: str | None = None
    region: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    opts: Mapping[str, str] = field(default_factory=dict)
    use_env: bool = False


def select_rules(only: Iterable[str] = (), skip: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The catalogue filtered by ``--rule``/``--skip-rule``; ``ValueError`` on an unknown id."""
    rules = catalogue()
    known = {r.id for r in rules}
    wanted = {r.strip().upper() for r in only}
    skipped = {r.strip().upper() for r in skip}
    unknown = sorted((wanted | skipped) - known)
    if unknown:
        raise ValueError(f"unknown rule id(s): {', '.join(unknown)} (see `faasguard rules`)")
    return tuple(r for r in rules if (not wanted or r.id in wanted) and r.id not in skipped)


def _load_serverless(candidate: Candidate, options: ScanOptions) -> Workload | None:
    import os

    from faasguard.loaders._json import parse_json
    from faasguard.loaders._read import read_text
    from faasguard.loaders._yaml import parse_yaml
    from faasguard.loaders.serverless import VariableOptions, load_serverless

    if candidate.kind == "serverless-code":
        note = "code-defined Serverless configuration is not analysed (it would have to be run)"
        return Workload(candidate.display, "serverless", notes=((Location(candidate.display), note),))
    text = read_text(candidate.path, candidate.display, options.max_bytes)
    if not text.strip():
        raise InputError(candidate.display, "empty file")
    problems: list[tuple[int, str]] = []
    if candidate.path.suffix.lower() == ".json":
        doc = parse_json(text, candidate.display, problems)
    else:
        doc = parse_yaml(text, candidate.display, yaml12=True, problems=problems)
    if doc is None:
        raise InputError(candidate.display, "file holds no YAML document (empty or comments only)")
    variables = VariableOptions(
        stage=options.stage,
        region=options.region,
        params=dict(options.params),
        options=dict(options.opts),
        use_env=options.use_env,
        environ=dict(os.environ) if options.use_env else {},
        max_file_bytes=options.max_bytes,
    )
    root = candidate.root or candidate.path.resolve().parent
    workload = load_serverless(doc, candidate.display, candidate.path.resolve(), root, variables)
    if problems:
        found = tuple((Location(candidate.display, line), message) for line, message in problems)
        workload = dataclasses.replace(workload, problems=found + workload.problems)
    return workload


def load_file(candidate: Candidate, options: ScanOptions) -> Workload | None:
    """The workload in one file; ``None`` when it is not a template; ``InputError`` when broken."""
    if candidate.kind in ("serverless", "serverless-code"):
        return _load_serverless(candidate, options)
    from faasguard.loaders._json import parse_json
    from faasguard.loaders._read import read_text
    from faasguard.loaders._yaml import parse_yaml
    from faasguard.loaders.cloudformation import is_template, load_template

    text = read_text(candidate.path, candidate.display, options.max_bytes)
    stripped = text.lstrip()
    if not stripped:
        if candidate.forced:
            raise InputError(candidate.display, "empty file")
        return None
    problems: list[tuple[int, str]] = []
    if stripped.startswith(("{", "[")):
        doc = parse_json(text, candidate.display, problems)
    else:
        doc = parse_yaml(text, candidate.display, problems=problems)
    if doc is None:
        if candidate.forced:
            raise InputError(candidate.display, "file holds no YAML document (empty or comments only)")
        return None
    if not is_template(doc) and not (candidate.forced and isinstance(doc, dict) and "Resources" in doc):
        from faasguard.loaders.serverless import is_serverless

        if is_serverless(doc):  # a service file with another name (`sls deploy --config x.yml`)
            return _load_serverless(dataclasses.replace(candidate, kind="serverless"), options)
        return None
    workload = load_template(doc, candidate.display, options.parameters)
    if problems:
        found = tuple((Location(candidate.display, line), message) for line, message in problems)
        workload = dataclasses.replace(workload, problems=found + workload.problems)
    return workload


_FORMAT_NAMES = {
    "sam": "SAM",
    "cloudformation": "CloudFormation",
    "serverless": "Serverless",
    "terraform": "Terraform",
}


def fix_for(rule: Rule, source_format: str) -> str:
    """The rule's fix, followed by how to do it in the source's own format when the rule says."""
    name = _FORMAT_NAMES.get(source_format)
    how = dict(rule.remediation).get(name) if name else None
    return f"{rule.fix} {name}: {how}" if how else rule.fix


def run_rules(
    workload: Workload, rules: Sequence[Rule]
) -> tuple[list[Finding], list[NotAssessed], list[ScanError]]:
    """Every rule over one workload; a crashing rule becomes an error, the others still run."""
    findings: list[Finding] = []
    undecided: list[NotAssessed] = []
    errors: list[ScanError] = []
    for rule in rules:
        fix = fix_for(rule, workload.format)
        try:
            items = list(rule.check(workload))
        except Exception as exc:  # a rule bug must not end the scan
            message = f"rule {rule.id} failed: {type(exc).__name__}: {exc}"
            errors.append(ScanError(Location(workload.source), message, kind="rule"))
            continue
        for item in items:
            if isinstance(item, Hit):
                findings.append(
                    Finding(
                        rule.id,
                        rule.severity,
                        rule.layer,
                        rule.title,
                        item.message,
                        item.resource,
                        item.resource_type,
                        item.location,
                        fix,
                        item.detail,
                    )
                )
            elif isinstance(item, Undecided):
                undecided.append(NotAssessed(rule.id, item.resource, item.location, item.reason))
    return findings, undecided, errors


def scan(options: ScanOptions) -> ScanResult:
    """Run a whole scan; never raises for bad input (see ``ScanResult.errors``)."""
    started = time.perf_counter()
    rules = select_rules(options.rules, options.skip_rules)
    findings: list[Finding] = []
    undecided: list[NotAssessed] = []
    errors: list[ScanError] = []
    notes: list[tuple[Location, str]] = []
    scanned: list[str] = []
    for item in discover(list(options.paths)):
        if isinstance(item, Skipped):
            if "symbolic link" in item.reason:
                notes.append((Location(item.display), item.reason))
            else:
                errors.append(ScanError(Location(item.display), item.reason))
            continue
        try:
            workload = load_file(item, options)
        except InputError as exc:
            message = str(exc.args[0]) + (f" ({exc.advice})" if exc.advice else "")
            errors.append(ScanError(Location(exc.file, exc.line), message))
            continue
        except (RecursionError, MemoryError) as exc:
            errors.append(ScanError(Location(item.display), f"cannot load: {type(exc).__name__}"))
            continue
        except Exception as exc:  # a loader bug must not end the scan or print a traceback
            message = f"internal error while loading ({type(exc).__name__}: {exc}); please report it"
            errors.append(ScanError(Location(item.display), message))
            continue
        if workload is None:
            continue
        scanned.append(item.display)
        notes.extend(workload.notes)
        errors.extend(ScanError(location, message) for location, message in workload.problems)
        f, u, e = run_rules(workload, rules)
        findings.extend(f)
        undecided.extend(u)
        errors.extend(e)
    findings.sort(key=Finding.sort_key)
    return ScanResult(
        findings=tuple(_dedupe(findings)),
        errors=tuple(errors),
        not_assessed=tuple(undecided),
        notes=tuple(notes),
        files_scanned=tuple(scanned),
        roots=tuple(options.paths),
        rules_run=len(rules),
        duration_s=round(time.perf_counter() - started, 3),
        version=__version__,
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str, int, str]] = set()
    out = []
    for f in findings:
        key = (f.rule_id, f.resource, f.location.file, f.location.line, f.detail)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
