"""FG-DEP-001 / FG-DEP-005: deprecated and soon-deprecated Lambda runtimes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

from faasguard.deps.runtimes import (
    DEPRECATING_WITHIN_DAYS,
    TABLE_AS_OF,
    RuntimeState,
    RuntimeStatus,
    runtime_status,
)
from faasguard.model import Derived, Function, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

__all__ = ["TODAY_ENV", "deprecated_runtime", "deprecating_runtime", "today"]

#: Environment variable that pins "today" (an ISO date) so results are reproducible.
TODAY_ENV = "FAASGUARD_TODAY"

_REFERENCES = ("https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",)


def today() -> date:
    """Today's date, or the ISO date in ``FAASGUARD_TODAY`` when that is set."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise ValueError(f"{TODAY_ENV} must be an ISO date (YYYY-MM-DD), not {pinned!r}") from None


def _statuses(workload: Workload, day: date) -> Iterator[tuple[Function, RuntimeStatus] | Undecided]:
    """Each function's runtime status on ``day``, or why it could not be decided."""
    for fn in workload.functions:
        if isinstance(fn.package_type, str) and fn.package_type == "Image":
            continue  # a container image brings its own runtime
        runtime = fn.runtime
        if runtime is None:
            continue
        where = fn.line_of("Runtime")
        if isinstance(runtime, Unknown):
            yield Undecided(fn.id, where, f"Runtime: {runtime.reason}")
            continue
        if not isinstance(runtime, str):
            yield Undecided(fn.id, where, f"Runtime is not a string: {runtime!r}")
            continue
        status = runtime_status(runtime, day)
        if status.state is RuntimeState.UNKNOWN:
            yield Undecided(fn.id, where, f"runtime {runtime} not in the table (as of {TABLE_AS_OF})")
            continue
        yield fn, status


def _subject(fn: Function, status: RuntimeStatus) -> str:
    origin = f" (from {fn.runtime.origin})" if isinstance(fn.runtime, Derived) else ""
    return f"function {fn.id} uses runtime {status.runtime}{origin}"


def _advice(status: RuntimeStatus, day: date) -> str:
    parts = []
    if status.block_update is not None and day >= status.block_update:
        parts.append(f"function updates blocked since {status.block_update}")
    else:
        if status.block_create is not None:
            verb = "blocked since" if day >= status.block_create else "blocked from"
            parts.append(f"function creation {verb} {status.block_create}")
        if status.block_update is not None:
            parts.append(f"updates blocked from {status.block_update}")
    if status.replacement:
        parts.append(f"move to {status.replacement}")
    return ("; " + "; ".join(parts)) if parts else ""


@rule("FG-DEP-001", Layer.DEPENDENCIES, Severity.HIGH, rows=("DEP2",), references=_REFERENCES)
def deprecated_runtime(workload: Workload) -> Iterator[Hit | Undecided]:
    """Deprecated Lambda runtime.

    Why: once AWS deprecates a runtime it no longer applies security patches
    to it, functions on it lose technical support, and later AWS blocks
    creating and then updating such functions - a fix can then no longer be
    deployed without a runtime migration first.
    Fix: move the function to a supported runtime of the same language (the
    finding names one) and test it; for Go and other compiled languages use
    ``provided.al2023``.
    SAM: set ``Runtime`` on the function or in ``Globals.Function``.
    CloudFormation: set ``Runtime`` on the ``AWS::Lambda::Function``.
    Terraform: set ``runtime`` on the ``aws_lambda_function``.
    """
    day = today()
    for item in _statuses(workload, day):
        if isinstance(item, Undecided):
            yield item
            continue
        fn, status = item
        if status.state is RuntimeState.DEPRECATED:
            message = f"{_subject(fn, status)}, deprecated since {status.deprecation}" + _advice(status, day)
            yield Hit(fn.id, fn.resource_type, fn.line_of("Runtime"), message, detail=status.runtime)


@rule("FG-DEP-005", Layer.DEPENDENCIES, Severity.LOW, rows=("DEP2",), references=_REFERENCES)
def deprecating_runtime(workload: Workload) -> Iterator[Hit | Undecided]:
    """Lambda runtime deprecated within 180 days.

    Why: AWS stops patching the runtime on its deprecation date and soon
    after blocks creating and updating functions on it; migrating before
    then is cheaper than migrating under pressure.
    Fix: plan the move to the newer runtime the finding names, and test the
    function on it before the deprecation date.
    SAM: set ``Runtime`` on the function or in ``Globals.Function``.
    CloudFormation: set ``Runtime`` on the ``AWS::Lambda::Function``.
    Terraform: set ``runtime`` on the ``aws_lambda_function``.
    """
    day = today()
    for item in _statuses(workload, day):
        if isinstance(item, Undecided):
            yield item
            continue
        fn, status = item
        if status.state is RuntimeState.DEPRECATING and status.deprecation is not None:
            days = (status.deprecation - day).days
            message = (
                f"{_subject(fn, status)}, deprecated on {status.deprecation} (in {days} days, "
                f"warning window {DEPRECATING_WITHIN_DAYS})" + _advice(status, day)
            )
            yield Hit(fn.id, fn.resource_type, fn.line_of("Runtime"), message, detail=status.runtime)
