"""Terraform configurations (a folder of ``.tf`` files) into the shared model.

The folder is read as Terraform reads a root module: variables (defaults,
``terraform.tfvars``, ``*.auto.tfvars``, ``-var-file`` and ``-var``),
locals, resources and data sources with their ``count``/``for_each``
instances, and local modules expanded per call.  The result is compiled to
the CloudFormation resources that mean the same and loaded by the template
loader, so every rule applies; lines point into the ``.tf`` files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faasguard._comments import Comment
from faasguard.model import Location, SourceLine, Workload

__all__ = [
    "TerraformOptions",
    "TerraformResult",
    "is_plan",
    "load_plan",
    "load_terraform",
    "local_module_folders",
]


@dataclass(frozen=True, slots=True)
class TerraformOptions:
    """Values for the root module's variables, as ``terraform plan`` takes them."""

    var_files: Sequence[str] = ()  # -var-file (relative to the configuration folder, or absolute)
    variables: Mapping[str, str] = field(default_factory=dict)  # -var NAME=VALUE
    max_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TerraformResult:
    """The workload and the suppression-marker comments of each ``.tf`` file read."""

    workload: Workload
    comments: Mapping[str, Sequence[Comment]]  # every file read, with its suppression-marker comments
    files: tuple[str, ...]


def load_terraform(folder: Path, display: str, root: Path, options: TerraformOptions) -> TerraformResult:
    """Load the configuration in ``folder``; ``root`` is the scanned folder (``file()`` stays inside)."""
    from faasguard.loaders.cloudformation import load_template
    from faasguard.loaders.terraform._compile import Compiler
    from faasguard.loaders.terraform._module import ModuleInstance, Session, read_vendored

    real = folder.resolve()
    session = Session(
        root=root.resolve(),
        root_display=_root_display(display, real, root.resolve()),
        cwd=real,
        max_bytes=options.max_bytes,
    )
    session.vendored = read_vendored(real)
    src = session.source(real, display)
    inputs = _root_inputs(session, real, display, options)
    top = ModuleInstance(session, src, "", inputs, (real,), "")
    top.all_resources()
    compiler = Compiler()
    for inst in session.instances:
        compiler.compile(inst)
    doc = compiler.finish()
    workload = load_template(doc, display, fmt="terraform")
    problems = tuple((Location(display, line), text) for line, text in session.problems)
    notes = tuple((Location(display, line), text) for line, text in (*session.notes, *compiler.notes))
    files = tuple(session.texts)
    workload = dataclasses.replace(
        workload, problems=problems + workload.problems, notes=notes + workload.notes
    )
    comments = {f: tuple(session.comments.get(f, ())) for f in files}
    return TerraformResult(workload, comments, files)


def local_module_folders(folder: Path, max_bytes: int = 5 * 1024 * 1024) -> set[Path]:
    """The folders the configuration in ``folder`` calls as local modules (``source = "./x"``).

    Files are parsed through the same cache the loader uses, so this costs no second parse.
    """
    from faasguard.errors import InputError
    from faasguard.loaders.terraform import _hcl as h
    from faasguard.loaders.terraform._module import _parsed

    out: set[Path] = set()
    try:
        names = sorted(p for p in folder.iterdir() if p.name.endswith(".tf") and p.is_file())
    except OSError:
        return out
    for path in names:
        try:
            _, parsed = _parsed(path, str(path), max_bytes)
        except InputError:
            continue
        for block in parsed.body.blocks:
            source = block.body.attrs.get("source") if block.type == "module" else None
            if source is not None and isinstance(source.expr, h.Lit) and isinstance(source.expr.value, str):
                text = source.expr.value
                if text.startswith(("./", "../")) or text in (".", ".."):
                    out.add((folder / text).resolve())
    return out


def is_plan(doc: Any) -> bool:
    """True for Terraform plan JSON (``terraform show -json plan.out``)."""
    from faasguard.loaders.terraform._plan import is_plan as check

    return check(doc)


def load_plan(doc: Any, display: str) -> Workload:
    """The workload a Terraform plan JSON document will create (resource addresses, no lines)."""
    from faasguard.loaders.cloudformation import load_template
    from faasguard.loaders.terraform._compile import Compiler
    from faasguard.loaders.terraform._plan import plan_instances

    compiler = Compiler()
    for inst in plan_instances(doc, display):
        compiler.compile(inst)
    workload = load_template(compiler.finish(), display, fmt="terraform")
    notes = tuple((Location(display, line), text) for line, text in compiler.notes)
    return dataclasses.replace(workload, notes=notes + workload.notes)


def _root_display(display: str, real: Path, root: Path) -> str:
    """How the scanned folder itself is shown, so files beside the configuration read naturally."""
    if real == root:
        return display
    rel = real.relative_to(root).as_posix() if real.is_relative_to(root) else ""
    if rel and display.replace(os.sep, "/").endswith(rel):
        return display.replace(os.sep, "/")[: -len(rel)].rstrip("/") or "."
    return str(root)


def _root_inputs(session: Any, real: Path, display: str, options: TerraformOptions) -> dict[str, Any]:
    """Root variable values: tfvars files in Terraform's order, then -var-file, then -var."""
    from faasguard.loaders.terraform import _hcl as h
    from faasguard.loaders.terraform._eval import Context
    from faasguard.loaders.terraform._funcs import FUNCTIONS
    from faasguard.loaders.terraform._module import NoNames

    files: list[Path] = []
    for name in ("terraform.tfvars", "terraform.tfvars.json"):
        if (real / name).is_file():
            files.append(real / name)
    with contextlib.suppress(OSError):
        files.extend(
            sorted(p for p in real.iterdir() if p.name.endswith((".auto.tfvars", ".auto.tfvars.json")))
        )
    files.extend((real / f) for f in options.var_files)
    inputs: dict[str, Any] = {}
    for path in files:
        shown = f"{display}/{path.name}" if path.parent == real else str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            session.problems.append((SourceLine(0, shown), f"cannot read variables file: {exc}"))
            continue
        if path.name.endswith(".json"):
            from faasguard.errors import InputError
            from faasguard.loaders._json import parse_json

            try:
                data = parse_json(text, shown)
            except InputError as exc:
                session.problems.append((SourceLine(exc.line, shown), str(exc.args[0])))
                continue
            if isinstance(data, dict):
                inputs.update(data)
            continue
        parsed = h.parse_hcl(text)
        session.problems.extend((SourceLine(line, shown), msg) for line, msg in parsed.problems)
        ctx = Context(NoNames("a variables file cannot refer to it"), shown, FUNCTIONS)
        for name, attr in parsed.body.attrs.items():
            inputs[name] = ctx.eval(attr.expr)
    for name, raw in options.variables.items():
        inputs[name] = _cli_value(raw)
    return inputs


def _cli_value(raw: str) -> Any:
    """A ``-var`` value: HCL literal syntax for lists/maps/numbers/bools, else the string itself."""
    from faasguard.loaders.terraform import _hcl as h
    from faasguard.loaders.terraform._eval import Context
    from faasguard.loaders.terraform._funcs import FUNCTIONS
    from faasguard.loaders.terraform._module import NoNames

    text = raw.strip()
    if (
        text[:1] in "[{"
        or text in ("true", "false", "null")
        or text.replace(".", "", 1).lstrip("-").isdigit()
    ):
        parsed = h.parse_hcl(f"v = {text}\n")
        attr = parsed.body.attrs.get("v")
        if attr is not None and not parsed.problems:
            value = Context(NoNames("not a literal"), "-var", FUNCTIONS).eval(attr.expr)
            from faasguard.model import Unknown

            if not isinstance(value, Unknown):
                return value
    return raw
