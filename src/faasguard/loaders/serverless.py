"""Serverless Framework services (``serverless.yml`` / ``.yaml`` / ``.json``) into the ``Workload`` model.

Offline and safe: no Node.js, no plugins run, no network.  Variables are
resolved by :mod:`~faasguard.loaders._sls_vars` (``${env:}`` only on
opt-in, ``${file()}`` only inside the scanned root), the service is compiled
to the SAM template the framework would deploy (:mod:`._sls_map`), and that
template goes through the CloudFormation/SAM loader, so every rule applies
and ``resources:`` references between the two resolve.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from faasguard.errors import InputError
from faasguard.loaders._nodes import LDict, key_line
from faasguard.loaders._sls_map import is_serverless, to_template
from faasguard.loaders._sls_vars import VariableOptions, resolve_variables
from faasguard.model import Location, Workload

__all__ = ["VariableOptions", "is_serverless", "load_serverless"]


def _provider_defaults(doc: LDict, options: VariableOptions) -> None:
    """Stage and region as the framework settles them: the CLI option, else the file, else its default."""
    provider = doc.get("provider")
    if not isinstance(provider, LDict):
        return
    line = provider.line
    for key, given, default in (("stage", options.stage, "dev"), ("region", options.region, "us-east-1")):
        if given is not None:
            provider[key] = given
        elif key not in provider:
            provider[key] = default
        else:
            continue
        provider.lines[key] = key_line(provider, key, line)


def load_serverless(doc: Any, file: str, path: Path, root: Path, options: VariableOptions) -> Workload:
    """The workload a parsed serverless document declares; ``InputError`` when it is not one."""
    from faasguard.loaders.cloudformation import load_template

    if isinstance(doc, dict) and "component" in doc and "service" not in doc:
        where = Location(file, key_line(doc, "component", getattr(doc, "line", 0)))
        return Workload(
            file, "serverless", notes=((where, "Serverless Components configuration is not analysed"),)
        )
    if not is_serverless(doc):
        raise InputError(
            file, "not a Serverless Framework service (no `service` with `provider` or `functions`)"
        )
    assert isinstance(doc, LDict)
    provider = doc.get("provider")
    name = provider.get("name", "aws") if isinstance(provider, dict) else "aws"
    if isinstance(name, str) and name != "aws":
        where = Location(file, key_line(provider, "name", getattr(provider, "line", 0)))
        return Workload(file, "serverless", notes=((where, f"provider {name} is not analysed (AWS only)"),))
    _provider_defaults(doc, options)
    resolution = resolve_variables(doc, file=file, path=path, root=root, options=options)
    template, notes = to_template(resolution.doc)
    workload = load_template(template, file, {}, fmt="serverless")
    found_notes = tuple(resolution.notes) + tuple((Location(file, line), text) for line, text in notes)
    if resolution.unresolved:
        count = resolution.unresolved
        found_notes += (
            (Location(file), f"{count} variable{'s' if count != 1 else ''} could not be resolved offline"),
        )
    return dataclasses.replace(
        workload,
        notes=found_notes + workload.notes,
        problems=tuple(resolution.problems) + workload.problems,
    )
