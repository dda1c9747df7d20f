"""The scan pipeline: discover -> load -> Workload -> rules -> ScanResult.

Nothing here prints or exits; the CLI turns the ``ScanResult`` into a
report and an exit code.  After the rules, suppressions are applied
(:mod:`faasguard.suppress`: inline markers in the text the loader read,
``Metadata``, the config file; then the baseline): suppressed findings stay
in the result, and problems with suppressions become warnings.  A file that cannot be loaded becomes a
``ScanError`` for that file and the scan goes on; a rule that crashes
becomes a ``ScanError`` of kind ``rule`` and the other rules still run.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from faasguard import __version__, suppress
from faasguard.baseline import Baseline, apply_baseline
from faasguard.config import Config
from faasguard.discover import NOT_YET, Candidate, Skipped, discover
from faasguard.errors import InputError
from faasguard.model import Location, Workload
from faasguard.result import Finding, NotAssessed, ScanError, ScanResult, ScanWarning, Severity
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
    # Terraform root-module variables: -var-file and -var
    tf_var_files: Sequence[str] = ()
    tf_vars: Mapping[str, str] = field(default_factory=dict)
    config: Config | None = None  # CLI values above win over it
    baseline: Baseline | None = None
    today: date | None = None  # judges `until` dates (default: FAASGUARD_TODAY or today)


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


def _configured_rules(options: ScanOptions) -> tuple[tuple[Rule, ...], list[ScanWarning]]:
    """The rules to run: ``--rule``/``--skip-rule`` when given, else the config's; unknown config ids warn."""
    config = options.config
    if config is None:
        return select_rules(options.rules, options.skip_rules), []
    known = {r.id for r in catalogue()}
    where = Location(config.path)
    sections = (("rules", config.rules), ("skip-rules", config.skip_rules))
    warnings = [
        ScanWarning(where, f"unknown rule id {rule_id} in {key}", "unknown-rule")
        for key, ids in (*sections, ("severity", tuple(r for r, _ in config.severity)))
        for rule_id in ids
        if rule_id not in known
    ]
    only = list(options.rules) or [r for r in config.rules if r in known]
    skip = list(options.skip_rules) or [r for r in config.skip_rules if r in known]
    wanted = {r.strip().upper() for r in options.rules}
    return select_rules(only, [r for r in skip if r.strip().upper() not in wanted]), warnings


def _load_serverless(candidate: Candidate, options: ScanOptions) -> tuple[Workload | None, str]:
    import os

    from faasguard.loaders._json import parse_json
    from faasguard.loaders._read import read_text
    from faasguard.loaders._yaml import parse_yaml
    from faasguard.loaders.serverless import VariableOptions, load_serverless

    if candidate.kind == "serverless-code":
        note = "code-defined Serverless configuration is not analysed (it would have to be run)"
        return Workload(candidate.display, "serverless", notes=((Location(candidate.display), note),)), ""
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
    return workload, text


def load_file(candidate: Candidate, options: ScanOptions) -> Workload | None:
    """The workload in one file; ``None`` when it is not a template; ``InputError`` when broken."""
    return _load(candidate, options)[0]


def _load_terraform(candidate: Candidate, options: ScanOptions) -> tuple[Workload | None, Any]:
    from faasguard.loaders.terraform import TerraformOptions, load_terraform

    tf_options = TerraformOptions(options.tf_var_files, dict(options.tf_vars), options.max_bytes)
    root = candidate.root or candidate.path.resolve()
    result = load_terraform(candidate.path, candidate.display, root, tf_options)
    if not result.files and result.workload.problems:
        location, message = result.workload.problems[0]
        raise InputError(location.file, message, location.line)
    return result.workload, result.comments


def _load(candidate: Candidate, options: ScanOptions) -> tuple[Workload | None, Any]:
    """The workload in one file and the text it was read from (for the suppression markers).

    For a Terraform configuration (a folder) the second value maps each file to its comments.
    """
    if candidate.kind == "terraform":
        return _load_terraform(candidate, options)
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
        return None, text
    problems: list[tuple[int, str]] = []
    if stripped.startswith(("{", "[")):
        doc = parse_json(text, candidate.display, problems)
    else:
        doc = parse_yaml(text, candidate.display, problems=problems)
    if doc is None:
        if candidate.forced:
            raise InputError(candidate.display, "file holds no YAML document (empty or comments only)")
        return None, text
    if stripped.startswith("{") and not is_template(doc):
        from faasguard.loaders.terraform import is_plan, load_plan

        if is_plan(doc):
            return load_plan(doc, candidate.display), text
    if not is_template(doc) and not (candidate.forced and isinstance(doc, dict) and "Resources" in doc):
        from faasguard.loaders.serverless import is_serverless

        if is_serverless(doc):  # a service file with another name (`sls deploy --config x.yml`)
            return _load_serverless(dataclasses.replace(candidate, kind="serverless"), options)
        return None, text
    workload = load_template(doc, candidate.display, options.parameters)
    if problems:
        found = tuple((Location(candidate.display, line), message) for line, message in problems)
        workload = dataclasses.replace(workload, problems=found + workload.problems)
    return workload, text


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
    workload: Workload,
    rules: Sequence[Rule],
    severity: Mapping[str, Severity] | None = None,
    relative_file: str = "",
) -> tuple[list[Finding], list[NotAssessed], list[ScanError]]:
    """Every rule over one workload; a crashing rule becomes an error, the others still run.

    ``severity`` overrides rule severities (the config's ``[severity]``);
    ``relative_file`` is the source relative to the scanned root (for fingerprints).
    """
    overrides = severity or {}
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
                        overrides.get(rule.id, rule.severity),
                        rule.layer,
                        rule.title,
                        item.message,
                        item.resource,
                        item.resource_type,
                        item.location,
                        fix,
                        item.detail,
                        relative_file=relative_file if item.location.file == workload.source else "",
                    )
                )
            elif isinstance(item, Undecided):
                undecided.append(NotAssessed(rule.id, item.resource, item.location, item.reason))
    return findings, undecided, errors


def _relative(candidate: Candidate, base: Path | None) -> tuple[str, ...]:
    """The file relative to its scanned root, then (when under it) to the config's folder."""
    real = candidate.path.resolve()
    out = []
    for folder in (candidate.root, base):
        if folder is not None and real.is_relative_to(folder):
            out.append(real.relative_to(folder).as_posix())
    return tuple(out) or (candidate.path.name,)


def scan(options: ScanOptions, progress: Callable[[int, int], None] | None = None) -> ScanResult:
    """Run a whole scan; never raises for bad input (see ``ScanResult.errors``).

    ``progress(n, total)`` is called before the n-th of the ``total`` files found is read
    (the command line draws it on a terminal; the engine itself never prints).
    """
    from faasguard.rules.dependencies.runtime import today

    started = time.perf_counter()
    day = options.today or today()
    rules, warnings = _configured_rules(options)
    known = frozenset(r.id for r in catalogue())
    ran = frozenset(r.id for r in rules)
    config = options.config
    severity = {r: s for r, s in config.severity if r in known} if config else {}
    config_ignores, found_warnings = suppress.config_ignores(config.ignores if config else (), known, day)
    warnings.extend(found_warnings)
    config_used: set[tuple[int, str]] = set()
    findings: list[Finding] = []
    undecided: list[NotAssessed] = []
    errors: list[ScanError] = []
    notes: list[tuple[Location, str]] = []
    scanned: list[str] = []
    paths = list(options.paths)
    unsupported: dict[str, int] = {}  # kind -> files found that faasguard cannot read yet
    exclude = config.exclude if config else ()
    found = list(discover(paths, exclude, config.base if config else None))
    found, module_notes = _without_called_modules(found, options.max_bytes)
    notes.extend(module_notes)
    for number, item in enumerate(found, 1):
        if progress is not None:
            progress(number, len(found))
        if isinstance(item, Skipped):
            if item.reason.endswith(NOT_YET):
                unsupported[item.reason.split(":")[0]] = unsupported.get(item.reason.split(":")[0], 0) + 1
            elif "symbolic link" in item.reason:
                notes.append((Location(item.display), item.reason))
            else:
                errors.append(ScanError(Location(item.display), item.reason))
            continue
        try:
            workload, text = _load(item, options)
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
        if isinstance(text, Mapping):  # a Terraform configuration: every file read counts
            scanned.extend(text)
        else:
            scanned.append(item.display)
        notes.extend(workload.notes)
        errors.extend(ScanError(location, message) for location, message in workload.problems)
        relative = _relative(item, config.base if config else None)
        f, u, e = run_rules(workload, rules, severity, relative[0])
        f, found_warnings = suppress.for_source(f, workload, text, known, ran, day)
        f, used = suppress.apply(f, config_ignores, relative)
        config_used |= used
        warnings.extend(found_warnings)
        findings.extend(f)
        undecided.extend(u)
        errors.extend(e)
    warnings.extend(suppress.unused(config_ignores, config_used, ran))
    for kind, count in sorted(unsupported.items()):
        notes.append(
            (Location(", ".join(paths)), f"{count} {kind} file{'s' if count != 1 else ''} {NOT_YET}")
        )
    if not scanned and not errors:
        where = Location(", ".join(paths))
        warnings.append(
            ScanWarning(
                where,
                "no SAM, CloudFormation, Serverless or Terraform file found: nothing was scanned",
                "empty",
            )
        )
    findings.sort(key=Finding.sort_key)
    unique = _dedupe(findings)
    if options.baseline is not None:
        unique = apply_baseline(unique, options.baseline)
    return ScanResult(
        findings=tuple(unique),
        errors=tuple(errors),
        not_assessed=tuple(undecided),
        notes=tuple(notes),
        warnings=tuple(sorted(warnings, key=lambda w: (w.location, w.kind, w.message))),
        files_scanned=tuple(scanned),
        roots=tuple(options.paths),
        rules_run=len(rules),
        duration_s=round(time.perf_counter() - started, 3),
        version=__version__,
    )


def _without_called_modules(
    found: list[Candidate | Skipped], max_bytes: int
) -> tuple[list[Candidate | Skipped], list[tuple[Location, str]]]:
    """Terraform folders that another scanned configuration calls as a local module are read
    through those calls (with their arguments), not again as configurations of their own."""
    folders = {c.path.resolve(): c for c in found if isinstance(c, Candidate) and c.kind == "terraform"}
    if len(folders) < 2:
        return found, []
    from faasguard.loaders.terraform import local_module_folders

    called: dict[Path, str] = {}
    for real, candidate in folders.items():
        for folder in local_module_folders(real, max_bytes):
            if folder != real and folder in folders:
                called.setdefault(folder, candidate.display)
    if not called or len(called) == len(folders):  # only cycles, no configuration of its own: keep all
        return found, []
    notes = [
        (Location(folders[f].display), f"a module called by {caller}: analysed through that call")
        for f, caller in called.items()
    ]
    kept = [
        c
        for c in found
        if not (isinstance(c, Candidate) and c.kind == "terraform" and c.path.resolve() in called)
    ]
    return kept, notes


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str, int, str]] = set()
    out = []
    for f in findings:
        key = (f.rule_id, f.resource, f.location.file, f.location.line, f.detail)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
