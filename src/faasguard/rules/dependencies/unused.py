"""FG-DEP-008: a declared dependency that no source of the function imports."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule


@rule(
    "FG-DEP-008",
    Layer.DEPENDENCIES,
    Severity.LOW,
    rows=("DEP3",),
    references=(
        "https://owasp.org/www-project-serverless-top-10/",
        "https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html",
    ),
)
def unused_dependencies(workload: Workload) -> Iterator[Hit | Undecided]:
    """Declared dependency never imported by the function's code.

    Why: every shipped package is attack surface and patch work (its
    advisories count against the function) and makes the package bigger
    and cold starts slower, for no use.  faasguard reads the folder's Python
    sources with ``ast`` and scans JavaScript/TypeScript for ``require`` and
    ``import``; it stays silent when an import name is computed.
    Fix: remove the dependency from the manifest (or move it to the
    development dependencies if only tests or tooling use it) and refresh the
    lockfile.
    """
    seen: set[tuple[str, str, int]] = set()
    for code in workload.code:
        for dep in code.unused:
            key = (code.function_id, dep.location.file, dep.location.line)
            if key in seen:
                continue
            seen.add(key)
            message = f"{code.function_id} ships {dep.name} but no source in {code.folder} imports it"
            yield Hit(code.function_id, "AWS::Lambda::Function", dep.location, message, dep.name)
