"""The ``faasguard`` command line: parses arguments, maps results to exit codes.

All logic lives below this module.  Heavy imports (the loaders, the rules,
rich) happen inside the commands, so ``faasguard --version`` and
``--help`` stay instant.

Exit codes: 0 nothing at or above the fail level; 1 findings at or above
the fail level; 2 usage error (also an invalid config or baseline file), or
input errors with no failing finding (a run with errors never exits 0).
Suppressed findings never count; suppression warnings never change the code.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from faasguard import __version__
from faasguard.errors import FaasguardError

if TYPE_CHECKING:
    from faasguard.engine import ScanOptions
    from faasguard.result import ScanResult

__all__ = ["EXIT_CLEAN", "EXIT_ERROR", "EXIT_FINDINGS", "main"]

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
_SEVERITIES = ("info", "low", "medium", "high", "critical")
_FORMATS = ("text", "json")
# kept equal to faasguard.report.FORMATS (tested); not imported, so --help stays instant
_SCAN_FORMATS = ("text", "json", "sarif", "junit", "markdown", "html")
#: file name extension of each format under --output-dir (faasguard.<ext>)
_EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "markdown": "md",
    "html": "html",
}
DEFAULT_BASELINE = ".faasguard-baseline.json"  # kept equal to faasguard.baseline.DEFAULT_BASELINE (tested)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"faasguard: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


def _scan_options(scan: argparse.ArgumentParser) -> None:
    """Options shared by ``scan`` and ``baseline create``: what to scan and how."""
    scan.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or folders (default: .)")
    scan.add_argument("--config", metavar="FILE", help="configuration file (default: .faasguard.toml found)")
    scan.add_argument(
        "--rule", action="append", default=[], metavar="ID", help="run only this rule (repeatable)"
    )
    scan.add_argument(
        "--skip-rule", action="append", default=[], metavar="ID", help="skip this rule (repeatable)"
    )
    scan.add_argument(
        "--parameter",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="value for a template parameter (repeatable); overrides its Default",
    )
    scan.add_argument("--stage", metavar="STAGE", help="Serverless stage for ${opt:stage} / ${sls:stage}")
    scan.add_argument("--region", metavar="REGION", help="Serverless region for ${opt:region}")
    scan.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Serverless ${param:NAME} (repeatable)",
    )
    scan.add_argument(
        "--opt",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="other Serverless ${opt:NAME} (repeatable)",
    )
    scan.add_argument(
        "--use-env",
        action="store_true",
        help="resolve Serverless ${env:NAME} from this process's environment (off: defaults or unknown)",
    )
    scan.add_argument(
        "--var",
        dest="tf_var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Terraform root-module variable, like terraform -var (repeatable)",
    )
    scan.add_argument(
        "--var-file",
        dest="tf_var_file",
        action="append",
        default=[],
        metavar="FILE",
        help="Terraform variables file, like terraform -var-file (repeatable; relative to the configuration)",
    )
    deps = scan.add_argument_group("dependencies (packages each function ships)")
    deps.add_argument(
        "--online",
        action="store_true",
        help="look packages up with OSV's API (or, when only package registries are reachable, "
        "their own advisory data); default: the offline database of `faasguard db update`",
    )
    deps.add_argument(
        "--db", metavar="PATH", help="offline advisory database (default: the user cache folder)"
    )
    deps.add_argument("--osv-url", metavar="URL", help="OSV API to ask with --online (default: OSV's own)")
    deps.add_argument(
        "--pypi-url", metavar="URL", help="PyPI-style JSON API to ask (default: from pip's config)"
    )
    deps.add_argument(
        "--npm-registry", metavar="URL", help="npm registry to ask (default: from npm's config)"
    )
    deps.add_argument(
        "--no-dependencies", action="store_true", help="do not read code folders, manifests or lockfiles"
    )
    scan.add_argument(
        "--max-file-size",
        type=_positive_size,
        default=5.0,
        metavar="MB",
        help="skip larger files with an error (default 5)",
    )
    scan.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="worker processes, or auto (default: the config's, else auto: one per usable CPU, "
        "one process for a few files); 1: no workers",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="faasguard", description="Security auditor for serverless (AWS Lambda) workloads.")
    parser.add_argument("--version", action="version", version=f"faasguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    scan = sub.add_parser(
        "scan", help="scan SAM / CloudFormation templates", description="Scan IaC for risks."
    )
    _scan_options(scan)
    scan.add_argument(
        "--format",
        "-f",
        action="append",
        type=_format_spec,
        metavar="FORMAT[=PATH]",
        help=f"report format: {', '.join(_SCAN_FORMATS)} (default: text); FORMAT=PATH writes that "
        "report to PATH; repeatable, one report per format given",
    )
    scan.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    scan.add_argument(
        "--output-dir",
        metavar="DIR",
        help="write each report given by --format without a PATH to DIR/faasguard.<ext> (DIR is created)",
    )
    scan.add_argument(
        "--fail-on",
        choices=_SEVERITIES,
        default=None,
        metavar="SEVERITY",
        help="exit 1 when an unsuppressed finding is at or above SEVERITY: "
        + ", ".join(_SEVERITIES)
        + " (default: the config's fail-on, else low)",
    )
    scan.add_argument(
        "--baseline", metavar="FILE", help="findings in this baseline are suppressed; only new ones fail"
    )
    scan.add_argument(
        "--show-suppressed", action="store_true", help="list findings accepted by the baseline too"
    )
    scan.add_argument("--quiet", "-q", action="store_true", help="print only the summary line and errors")
    scan.add_argument("--no-color", action="store_true", help="no colours (also when NO_COLOR is set)")
    baseline = sub.add_parser(
        "baseline", help="accept today's findings", description="Manage the baseline file."
    )
    actions = baseline.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    create = actions.add_parser(
        "create", help="write the fingerprints of today's findings", description="Create a baseline file."
    )
    _scan_options(create)
    create.add_argument(
        "--output",
        "-o",
        default=DEFAULT_BASELINE,
        metavar="FILE",
        help=f"baseline file to write (default: {DEFAULT_BASELINE})",
    )
    db = sub.add_parser(
        "db", help="the offline advisory database", description="Manage the offline advisory database."
    )
    db_actions = db.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    update = db_actions.add_parser(
        "update", help="download OSV's advisories into the database", description="Build or refresh it."
    )
    status = db_actions.add_parser(
        "status", help="say where the database is and how old", description="Status."
    )
    for action in (update, status):
        action.add_argument("--db", metavar="PATH", help="database file (default: the user cache folder)")
    update.add_argument(
        "--ecosystem",
        action="append",
        default=[],
        metavar="NAME",
        help="only this ecosystem (PyPI, npm, Maven, Go, RubyGems, crates.io; repeatable; default: all)",
    )
    update.add_argument("--source-url", metavar="URL", help="where OSV's exports are (default: OSV's own)")
    rules = sub.add_parser("rules", help="list every rule", description="List the rule catalogue.")
    rules.add_argument("--format", "-f", choices=_FORMATS, default="text")
    explain = sub.add_parser("explain", help="explain one rule", description="Show a rule's documentation.")
    explain.add_argument("rule_id", metavar="RULE_ID")
    return parser


def _use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if getattr(args, "no_color", False) or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(args, "output", None) is None and stream.isatty())


def _jobs(text: str) -> int:
    """A ``--jobs`` value: a number of processes, or ``auto`` (0)."""
    if text.strip().lower() == "auto":
        return 0
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number or auto: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (or auto), got {text}")
    return value


def _positive_size(text: str) -> float:
    """A file-size limit in MB: a number above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
    return value


#: files a scan reads besides its sources (manifests, lockfiles, variables files, configuration):
#: a report never replaces one of them
_INPUT_NAMES = frozenset(
    {
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "pyproject.toml",
        "pipfile",
        "pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "pom.xml",
        "go.mod",
        "go.sum",
        "gemfile",
        "gemfile.lock",
        "cargo.toml",
        "cargo.lock",
        ".faasguard.toml",
        "terraform.tfvars",
        "serverless.yml",
        "serverless.yaml",
        "serverless.json",
    }
)
_INPUT_SUFFIXES = (".tf", ".tfvars", ".tfvars.json", ".tf.json")


def _overwrites_input(output: str | None, scanned: Sequence[str], args: Any = None) -> bool:
    """True when ``--output`` names a file the scan read, or an existing file of a kind it reads."""
    if not output:
        return False
    target = os.path.realpath(output)
    if any(os.path.realpath(path) == target for path in scanned):
        return True
    named = [
        getattr(args, "config", None),
        getattr(args, "baseline", None),
        *getattr(args, "tf_var_file", []),
    ]
    if any(p and os.path.realpath(p) == target for p in named):
        return True
    name = os.path.basename(target).lower()
    input_like = name in _INPUT_NAMES or name.startswith("requirements") or name.endswith(_INPUT_SUFFIXES)
    return input_like and os.path.exists(target)


def _format_spec(text: str) -> tuple[str, str | None]:
    """A ``--format`` value: ``FORMAT`` or ``FORMAT=PATH``."""
    name, sep, path = text.partition("=")
    name = name.strip().lower()
    if name not in _SCAN_FORMATS:
        choices = ", ".join(_SCAN_FORMATS)
        raise argparse.ArgumentTypeError(f"invalid choice: {name!r} (choose from {choices})")
    if sep and not path:
        raise argparse.ArgumentTypeError(f"no path after '=' in {text!r}")
    return name, path or None


def _targets(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    """Each report to write: (format, file), file ``None`` for stdout; ``ValueError`` on a conflict."""
    if args.output and args.output_dir:
        raise ValueError("--output and --output-dir cannot be used together")
    specs = args.format or [("text", None)]
    if all(path is not None for _, path in specs) and (args.output or args.output_dir):
        option = "--output" if args.output else "--output-dir"
        raise ValueError(f"{option} is not used: every --format names its own PATH")
    targets: list[tuple[str, str | None]] = []
    for name, path in specs:
        if path is None and args.output_dir:
            path = os.path.join(args.output_dir, f"faasguard.{_EXTENSIONS[name]}")
        targets.append((name, path if path is not None else args.output))
    if sum(1 for _, path in targets if path is None) > 1:
        raise ValueError(
            "only one report can go to stdout: give the others a file (--format FORMAT=PATH) or --output-dir"
        )
    seen: dict[str, str] = {}
    for name, path in targets:
        if path is not None:
            real = os.path.realpath(path)
            if real in seen:
                raise ValueError(f"--format {seen[real]} and --format {name} would both write {path}")
            seen[real] = name
    return targets


class _Progress:
    """``scanning N/M files`` on one terminal line, redrawn in place and erased at the end.

    Nothing is drawn during the first ``DELAY`` seconds, so a short scan shows nothing.
    """

    DELAY = 0.5
    INTERVAL = 0.1  # seconds between two redraws

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.drawn: float | None = None
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic() - self.start
        if now < self.DELAY or (self.drawn is not None and now - self.drawn < self.INTERVAL):
            return
        self.drawn = now
        line = f"faasguard: scanning {done}/{total} files"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(line))

    def close(self) -> None:
        """Erase the line, if one was drawn."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _progress(quiet: bool, targets: Sequence[tuple[str, str | None]]) -> _Progress | None:
    """A progress line when stderr is a terminal, not ``--quiet``, not in CI, stdout no machine format."""
    if quiet or os.environ.get("CI") or not sys.stderr.isatty():
        return None
    if any(path is None and name != "text" for name, path in targets):
        return None
    return _Progress(sys.stderr)


def _write(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")


def _parameters(items: Sequence[str], option: str = "--parameter") -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"{option} expects NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out


def _options(args: argparse.Namespace, baseline: str | None = None) -> tuple[ScanOptions, str]:
    """Scan options from the arguments and the config file (CLI values win), and the fail level."""
    from pathlib import Path

    from faasguard.baseline import load_baseline
    from faasguard.config import find_config, load_config
    from faasguard.deps.analysis import DependencyOptions
    from faasguard.engine import ScanOptions

    found = Path(args.config) if args.config else find_config(list(args.paths))
    config = load_config(found) if found is not None else None
    fail_on = args.fail_on if getattr(args, "fail_on", None) else None
    if fail_on is None:
        fail_on = config.fail_on.label if config is not None and config.fail_on is not None else "low"
    options = ScanOptions(
        paths=args.paths,
        rules=args.rule,
        skip_rules=args.skip_rule,
        parameters=_parameters(args.parameter),
        max_bytes=int(args.max_file_size * 1024 * 1024),
        stage=args.stage,
        region=args.region,
        params=_parameters(args.param, "--param"),
        opts=_parameters(args.opt, "--opt"),
        use_env=args.use_env,
        tf_var_files=tuple(args.tf_var_file),
        tf_vars=_parameters(args.tf_var, "--var"),
        dependencies=None
        if args.no_dependencies
        else DependencyOptions(
            online=args.online,
            db_path=args.db,
            osv_url=args.osv_url,
            pypi_url=args.pypi_url,
            npm_registry=args.npm_registry,
        ),
        config=config,
        baseline=load_baseline(baseline) if baseline else None,
        jobs=args.jobs,
    )
    return options, fail_on


def _report_problems(result: ScanResult, quiet: bool) -> None:
    for error in result.errors:
        sys.stderr.write(f"faasguard: {error.one_line()}\n")
    if not quiet:
        for warning in result.warnings:
            sys.stderr.write(f"faasguard: warning: {warning.one_line()}\n")


def _scan(args: argparse.Namespace) -> int:
    from faasguard.engine import scan
    from faasguard.report import get_reporter
    from faasguard.result import Severity

    progress = None
    try:
        targets = _targets(args)
        options, fail_on = _options(args, args.baseline)
        progress = _progress(args.quiet, targets)
        result = scan(options, progress)
    except (ValueError, FaasguardError) as exc:
        return _usage_error(exc)
    finally:
        if progress is not None:
            progress.close()
    if args.output_dir:
        os.makedirs(args.output_dir, exist_ok=True)
    for name, path in targets:  # every target checked before any is written
        option = "--output" if path == args.output else f"--format {name}"
        if _overwrites_input(path, result.files_scanned, args):
            sys.stderr.write(
                f"faasguard: error: {option} {path} is one of the scanned files; not overwritten\n"
            )
            return EXIT_ERROR
        if path and not os.path.isdir(os.path.dirname(os.path.abspath(path))):
            sys.stderr.write(f"faasguard: error: {option} {path}: no such folder\n")
            return EXIT_ERROR
    for name, path in targets:
        reporter = get_reporter(
            name,
            color=path is None and _use_color(args, sys.stdout),
            show_suppressed=args.show_suppressed,
            quiet=args.quiet,
        )
        _write(reporter.render(result), path)
    _report_problems(result, args.quiet)
    if result.failing(Severity.parse(fail_on)):
        return EXIT_FINDINGS
    if result.errors:
        return EXIT_ERROR
    return EXIT_CLEAN


def _baseline(args: argparse.Namespace) -> int:
    from faasguard.baseline import render_baseline
    from faasguard.engine import scan

    progress = None
    try:
        options, _ = _options(args)
        progress = _progress(False, ())
        result = scan(options, progress)
    except (ValueError, FaasguardError) as exc:
        return _usage_error(exc)
    finally:
        if progress is not None:
            progress.close()
    if _overwrites_input(args.output, result.files_scanned, args):
        sys.stderr.write(
            f"faasguard: error: --output {args.output} is a file the scan reads; not overwritten\n"
        )
        return EXIT_ERROR
    _write(render_baseline(result.findings), args.output)
    _report_problems(result, quiet=False)
    count = len(result.active)
    sys.stderr.write(f"faasguard: wrote {count} finding{'s' if count != 1 else ''} to {args.output}\n")
    if result.errors:
        sys.stderr.write("faasguard: files with errors are not covered by the baseline\n")
        return EXIT_ERROR
    return EXIT_CLEAN


def _db(args: argparse.Namespace) -> int:
    from pathlib import Path

    from faasguard.deps.advisories import ServiceError, database_status, update_database
    from faasguard.deps.packages import Ecosystem

    path = Path(args.db) if args.db else None
    if args.action == "status":
        status = database_status(path)
        sys.stdout.write(f"{status.path}: {status.message}\n")
        return EXIT_CLEAN if status.state.value in ("current", "stale") else EXIT_ERROR
    try:
        wanted = [Ecosystem(e) for e in args.ecosystem] or None
    except ValueError as exc:
        return _usage_error(exc)
    try:
        info = update_database(path, wanted, base_url=args.source_url)
    except (ServiceError, OSError) as exc:
        return _usage_error(exc)
    count = len(info.sources)
    sys.stderr.write(
        f"faasguard: {info.path}: {count} ecosystem{'s' if count != 1 else ''} as of {info.as_of:%Y-%m-%d}\n"
    )
    return EXIT_CLEAN


def _usage_error(exc: Exception) -> int:
    advice = getattr(exc, "advice", "")
    sys.stderr.write(f"faasguard: error: {exc}" + (f" ({advice})" if advice else "") + "\n")
    return EXIT_ERROR


def _rules(args: argparse.Namespace) -> int:
    import json

    from faasguard.rules import catalogue

    rules = catalogue()
    if args.format == "json":
        data = [
            {
                "id": r.id,
                "layer": r.layer.value,
                "severity": r.severity.label,
                "title": r.title,
                "rows": list(r.rows),
                "why": r.why,
                "fix": r.fix,
            }
            for r in rules
        ]
        _write(json.dumps(data, indent=2), None)
        return EXIT_CLEAN
    width = max((len(r.id) for r in rules), default=10)
    lines = [f"{r.id:<{width}}  {r.severity.label:<8}  {r.layer.value:<16}  {r.title}" for r in rules]
    _write("\n".join(lines) + f"\n\n{len(rules)} rules. `faasguard explain RULE_ID` shows one in full.", None)
    return EXIT_CLEAN


def _explain(args: argparse.Namespace) -> int:
    from faasguard.rules import get

    found = get(args.rule_id)
    if found is None:
        sys.stderr.write(f"faasguard: error: unknown rule id {args.rule_id!r} (see `faasguard rules`)\n")
        return EXIT_ERROR
    parts = [
        f"{found.id}: {found.title}",
        f"Layer: {found.layer.value}   Severity: {found.severity.label}   Checklist: {', '.join(found.rows)}",
        "",
        f"Why: {found.why}",
        "",
        f"Fix: {found.fix}",
    ]
    for fmt, how in found.remediation:
        parts.append(f"  {fmt}: {how}")
    if found.references:
        parts += ["", "References:", *(f"  {ref}" for ref in found.references)]
    _write("\n".join(parts), None)
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``faasguard`` console script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    commands = {"scan": _scan, "baseline": _baseline, "rules": _rules, "explain": _explain, "db": _db}
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        sys.stderr.write("faasguard: interrupted\n")
        return 130
    except OSError as exc:
        sys.stderr.write(f"faasguard: error: {exc}\n")
        return EXIT_ERROR
