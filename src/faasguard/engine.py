"""The scan pipeline: discover -> load -> Workload -> rules -> ScanResult.

Nothing here prints or exits; the CLI turns the ``ScanResult`` into a
report and an exit code.  Each source goes through :func:`scan_source`
(load, rules, its own suppressions), in this process or in worker processes
(:mod:`faasguard._parallel`); the results are merged in the order the
sources were found, so a parallel scan gives exactly the serial result.

After the rules, suppressions are applied (:mod:`faasguard.suppress`:
inline markers in the text the loader read, ``Metadata``, the config file;
then the baseline): suppressed findings stay in the result, and problems
with suppressions become warnings.  A file that cannot be loaded (or whose
worker process dies) becomes a ``ScanError`` for that file and the scan goes
on; a rule that crashes becomes a ``ScanError`` of kind ``rule`` and the
other rules still run.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from faasguard import __version__, suppress
from faasguard.baseline import Baseline, apply_baseline
from faasguard.config import Config
from faasguard.deps.analysis import DependencyOptions
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
    # the dependency layer: code folders, manifests, advisories (None: not analysed)
    dependencies: DependencyOptions | None = field(default_factory=DependencyOptions)
    config: Config | None = None  # CLI values above win over it
    baseline: Baseline | None = None
    today: date | None = None  # judges `until` dates (default: FAASGUARD_TODAY or today)
    # worker processes: 1 scans in this process, 0 one per usable CPU (serial for a few sources);
    # None: the config's `jobs`, else 0
    jobs: int | None = None


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
    """The workload one source declares (the model only, without the dependency layer);
    ``None`` when it is not a template; ``InputError`` when broken."""
    return _load_source(candidate, options)[0]


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
    """The workload in one source with what its functions ship, and the text it was read from
    (for the suppression markers; for a Terraform configuration, each file's comments)."""
    workload, text = _load_source(candidate, options)
    if workload is not None and workload.functions and options.dependencies is not None:
        from faasguard.deps.analysis import analyse_dependencies

        root = candidate.root or candidate.path.resolve().parent
        workload = analyse_dependencies(workload, candidate.path.resolve(), root, options.dependencies)
    return workload, text


def _load_source(candidate: Candidate, options: ScanOptions) -> tuple[Workload | None, Any]:
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


@lru_cache(maxsize=1024)  # one string per rule and format, however many findings share it
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
    root: Path | None = None,
) -> tuple[list[Finding], list[NotAssessed], list[ScanError]]:
    """Every rule over one workload; a crashing rule becomes an error, the others still run.

    ``severity`` overrides rule severities (the config's ``[severity]``);
    ``relative_file`` is the source relative to the scanned root ``root`` (for fingerprints);
    findings in other files (a Terraform configuration's, a lockfile) are made relative to ``root``.
    """
    overrides = severity or {}
    relative: dict[str, str] = {workload.source: relative_file}

    def relative_to_root(file: str) -> str:
        if file not in relative:
            real = Path(file).resolve()
            relative[file] = real.relative_to(root).as_posix() if root and real.is_relative_to(root) else ""
        return relative[file]

    findings: list[Finding] = []
    undecided: list[NotAssessed] = []
    errors: list[ScanError] = []
    for rule in rules:
        fix = ""
        try:
            items = list(rule.check(workload))
        except Exception as exc:  # a rule bug must not end the scan
            message = f"rule {rule.id} failed: {type(exc).__name__}: {exc}"
            errors.append(ScanError(Location(workload.source), message, kind="rule"))
            continue
        for item in items:
            if isinstance(item, Hit):
                fix = fix or fix_for(rule, workload.format)
                findings.append(
                    Finding(
                        rule.id,
                        overrides.get(rule.id, item.severity or rule.severity),
                        rule.layer,
                        rule.title,
                        item.message,
                        item.resource,
                        item.resource_type,
                        item.location,
                        fix,
                        item.detail,
                        relative_file=relative_to_root(item.location.file),
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


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What one source adds to a scan: small and picklable (never the document or the model)."""

    findings: tuple[Finding, ...] = ()
    not_assessed: tuple[NotAssessed, ...] = ()
    errors: tuple[ScanError, ...] = ()
    notes: tuple[tuple[Location, str], ...] = ()
    warnings: tuple[ScanWarning, ...] = ()
    files: tuple[str, ...] = ()  # the files read (each file of a Terraform configuration)
    config_used: frozenset[tuple[int, str]] = frozenset()  # (config ignore index, rule id) pairs used
    advisories: tuple[str, ...] = ()  # who checked the shipped packages, or why nobody could


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the work on each source needs besides the source: made once per scan, and sent once
    to each worker process (picklable, so the rules go as ids: a rule holds a function)."""

    options: ScanOptions
    rule_ids: tuple[str, ...]
    known: frozenset[str]  # every rule id of the catalogue
    severity: Mapping[str, Severity]
    config_ignores: tuple[suppress.Ignore, ...]
    day: date

    @property
    def ran(self) -> frozenset[str]:
        return frozenset(self.rule_ids)


@lru_cache(maxsize=8)
def _rules(ids: tuple[str, ...]) -> tuple[Rule, ...]:
    every = {r.id: r for r in catalogue()}
    return tuple(every[i] for i in ids)


def _plan(options: ScanOptions) -> tuple[_Plan, list[ScanWarning]]:
    """The plan of a scan, and the warnings about its configuration."""
    from faasguard.rules.dependencies.runtime import today

    day = options.today or today()
    rules, warnings = _configured_rules(options)
    known = frozenset(r.id for r in catalogue())
    config = options.config
    severity = {r: s for r, s in config.severity if r in known} if config else {}
    ignores, found = suppress.config_ignores(config.ignores if config else (), known, day)
    worker_options = dataclasses.replace(options, baseline=None)  # the baseline is applied here, at the end
    plan = _Plan(worker_options, tuple(r.id for r in rules), known, severity, tuple(ignores), day)
    return plan, warnings + found


def scan_source(candidate: Candidate, plan: _Plan) -> SourceResult:
    """One source through load -> rules -> its own suppressions: the unit of work of a scan.

    Runs in the scanning process or in a worker process; the document and the
    model end here, only the result leaves.  A source that cannot be loaded is
    an error of that source, never an exception.
    """
    try:
        workload, text = _load(candidate, plan.options)
    except InputError as exc:
        message = str(exc.args[0]) + (f" ({exc.advice})" if exc.advice else "")
        return SourceResult(errors=(ScanError(Location(exc.file, exc.line), message),))
    except (RecursionError, MemoryError) as exc:
        return _failed(candidate, f"cannot load: {type(exc).__name__}")
    except Exception as exc:  # a loader bug must not end the scan or print a traceback
        message = f"internal error while loading ({type(exc).__name__}: {exc}); please report it"
        return _failed(candidate, message)
    if workload is None:
        return SourceResult()
    config = plan.options.config
    relative = _relative(candidate, config.base if config else None)
    rules = _rules(plan.rule_ids)
    findings, undecided, failed = run_rules(workload, rules, plan.severity, relative[0], candidate.root)
    findings, warnings = suppress.for_source(findings, workload, text, plan.known, plan.ran, plan.day)
    findings, used = suppress.apply(findings, plan.config_ignores, relative)
    return SourceResult(
        findings=tuple(findings),
        not_assessed=tuple(undecided),
        errors=tuple(ScanError(where, message) for where, message in workload.problems) + tuple(failed),
        notes=workload.notes,
        warnings=tuple(warnings),
        files=tuple(text) if isinstance(text, Mapping) else (candidate.display,),
        config_used=frozenset(used),
        advisories=_advisories(workload),
    )


def _advisories(workload: Workload) -> tuple[str, ...]:
    """The advisory sources that checked this source's packages, and why some went unchecked."""
    out = {code.advisories for code in workload.code if code.advisories}
    unchecked = next(
        (p.unchecked for c in workload.code for p in c.packages if p.unchecked and p.version), ""
    )
    if unchecked:
        out.add(f"not checked: {unchecked}")
    return tuple(sorted(out))


def _failed(candidate: Candidate, message: str) -> SourceResult:
    return SourceResult(errors=(ScanError(Location(candidate.display), message),))


def _crashed(candidate: Candidate) -> SourceResult:
    """The result of a source whose worker process died on it (a crash, or out of memory)."""
    return _failed(candidate, "its worker process ended abruptly (crash or out of memory); please report it")


def _results(sources: list[Candidate], plan: _Plan) -> Generator[SourceResult, None, None]:
    """Each source's result, in the order of ``sources``: worked out here, or in worker processes."""
    from faasguard import _parallel

    config = plan.options.config
    jobs = plan.options.jobs
    if jobs is None:
        jobs = config.jobs if config is not None and config.jobs is not None else 0
    workers = _parallel.worker_count(jobs, len(sources))
    return _parallel.ordered(scan_source, sources, plan, workers, _crashed)


def scan(options: ScanOptions, progress: Callable[[int, int], None] | None = None) -> ScanResult:
    """Run a whole scan; never raises for bad input (see ``ScanResult.errors``).

    The sources are worked on in this process or in several (``options.jobs``);
    the results are merged in the order the sources were found, so both give
    the same result.  ``progress(n, total)`` is called, in order, before the
    n-th of the ``total`` files found is merged (the command line draws it on
    a terminal; the engine itself never prints).
    """
    started = time.perf_counter()
    plan, warnings = _plan(options)
    config = options.config
    config_used: set[tuple[int, str]] = set()
    advisories: set[str] = set()
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
    with closing(_results([c for c in found if isinstance(c, Candidate)], plan)) as results:
        for number, item in enumerate(found, 1):
            if progress is not None:
                progress(number, len(found))
            if isinstance(item, Skipped):
                if item.reason.endswith(NOT_YET):
                    kind = item.reason.split(":")[0]
                    unsupported[kind] = unsupported.get(kind, 0) + 1
                elif "symbolic link" in item.reason:
                    notes.append((Location(item.display), item.reason))
                else:
                    errors.append(ScanError(Location(item.display), item.reason))
                continue
            part = next(results)
            scanned.extend(part.files)
            notes.extend(part.notes)
            errors.extend(part.errors)
            warnings.extend(part.warnings)
            findings.extend(part.findings)
            undecided.extend(part.not_assessed)
            config_used |= part.config_used
            advisories.update(part.advisories)
    warnings.extend(suppress.unused(plan.config_ignores, config_used, plan.ran))
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
        rules_run=len(plan.rule_ids),
        duration_s=round(time.perf_counter() - started, 3),
        version=__version__,
        advisories=_advisory_summary(advisories),
    )


def _advisory_summary(found: set[str]) -> tuple[str, ...]:
    """The sources that answered, then at most one reason why some packages went unchecked."""
    answered = sorted(a for a in found if not a.startswith("not checked: "))
    reasons = sorted(a for a in found if a.startswith("not checked: "))
    return tuple(answered + reasons[:1])


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
        for folder in sorted(local_module_folders(real, max_bytes)):  # a set: its order varies per run
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
