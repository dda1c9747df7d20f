"""FG-DEP-007: dependencies a function ships are not pinned by a lockfile."""

from __future__ import annotations

import os
from collections.abc import Iterator

from faasguard.model import Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule


@rule(
    "FG-DEP-007",
    Layer.DEPENDENCIES,
    Severity.LOW,
    rows=("DEP1",),
    references=(
        "https://docs.npmjs.com/cli/configuring-npm/package-lock-json",
        "https://pip.pypa.io/en/stable/topics/repeatable-installs/",
    ),
)
def unpinned_dependencies(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function dependencies not pinned (no lockfile, or version ranges nothing fixes).

    Why: without a lockfile every build resolves the ranges again, so what
    ships is whatever the registry serves that day: a compromised or
    vulnerable new release goes out unreviewed, and an audit of the
    repository cannot say which versions run.
    Fix: commit the lockfile of the function's package manager
    (``package-lock.json``, ``poetry.lock``, ``uv.lock``, ``Pipfile.lock``,
    or a ``requirements.txt`` with ``==`` pins and hashes) and build with it
    (``npm ci``, ``pip install --require-hashes -r requirements.txt``).
    """
    seen: set[tuple[str, str]] = set()
    for code in workload.code:
        for manifest in code.unlocked:
            key = (code.function_id, manifest.file)
            if key in seen:
                continue
            seen.add(key)
            loose = [d for d in code.loose if d.location.file == manifest.file]
            names = ", ".join(f"{d.name} {d.spec}".strip() for d in loose[:3])
            more = f" and {len(loose) - 3} more" if len(loose) > 3 else ""
            where = loose[0].location if loose else manifest
            message = f"{code.function_id} ships {manifest.file} without a lockfile" + (
                f": {names}{more} {'is' if len(loose) == 1 else 'are'} resolved again at every build"
                if loose
                else ""
            )
            yield Hit(
                code.function_id, "AWS::Lambda::Function", where, message, os.path.basename(manifest.file)
            )
        locked_files = {m.file for m in code.unlocked}
        rest = [d for d in code.loose if d.location.file not in locked_files]
        for dep in rest:
            key = (code.function_id, f"{dep.location.file}:{dep.name}")
            if key in seen:
                continue
            seen.add(key)
            message = (
                f"{code.function_id} declares {dep.name} {dep.spec} ({dep.why})"
                " and no lockfile fixes its version"
            )
            yield Hit(code.function_id, "AWS::Lambda::Function", dep.location, message, dep.name)
