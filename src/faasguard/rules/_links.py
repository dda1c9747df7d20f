"""How model items relate, for rules that look at more than one item.

Which declared log group holds a function's logs, where a finding about an
API stage belongs, whether a web ACL is associated with a stage.  Every
answer keeps the three-way split of the model: a value, "none", or
:class:`~faasguard.model.Unknown` when the template does not say.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from faasguard.model import Api, ApiKind, ApiStage, Derived, Function, Location, LogGroup, Unknown, Workload

__all__ = [
    "LAMBDA_LOG_PREFIX",
    "function_log_groups",
    "log_group_of",
    "param_note",
    "stage_line",
    "stage_name",
    "stage_target",
    "stage_waf",
]

#: Lambda writes to ``/aws/lambda/<function name>`` unless LoggingConfig names another group.
LAMBDA_LOG_PREFIX = "/aws/lambda/"


def param_note(value: Any) -> str:
    """`` (default of parameter X)`` when ``value`` is a parameter's default, else ``""``."""
    if isinstance(value, Derived) and value.origin.startswith("parameter:"):
        return f" (default of parameter {value.origin.split(':', 1)[1]})"
    return ""


# -- log groups ------------------------------------------------------------


def _default_names(fn: Function) -> dict[str, bool]:
    """Names of the group Lambda writes to by default -> whether a ref to the function is required."""
    names = {LAMBDA_LOG_PREFIX + "${" + fn.id + "}": True}
    if isinstance(fn.name, str):
        names.setdefault(LAMBDA_LOG_PREFIX + str(fn.name), False)
    return names


def _is_default_group(fn: Function, group: LogGroup) -> bool:
    if not isinstance(group.name, str):
        return False
    needs_ref = _default_names(fn).get(str(group.name))
    if needs_ref is None:
        return False
    return not needs_ref or (isinstance(group.name, Derived) and fn.id in group.name.refs)


def _names_group(ref: str, group: LogGroup) -> bool:
    """True when a LoggingConfig.LogGroup value designates ``group``."""
    if isinstance(ref, Derived) and group.id in ref.refs:
        return True
    return isinstance(group.name, str) and str(group.name) == str(ref)


def log_group_of(workload: Workload, fn: Function) -> LogGroup | Unknown | None:
    """The declared log group holding ``fn``'s logs.

    ``None`` means no declared group: Lambda creates ``/aws/lambda/<name>``
    itself on first invocation (without retention).  ``Unknown`` means the
    template does not let us decide which group it is.
    """
    groups = workload.log_groups
    custom = fn.log_group
    if custom is not None:
        if isinstance(custom, Unknown):
            return Unknown(f"LoggingConfig.LogGroup: {custom.reason}")
        if not isinstance(custom, str):
            return Unknown(f"LoggingConfig.LogGroup is not a name: {custom!r}")
        for group in groups:
            if _names_group(custom, group):
                return group
        return Unknown(f"log group {custom} is not declared in this workload")
    for group in groups:
        if _is_default_group(fn, group):
            return group
    for group in groups:
        if isinstance(group.name, Unknown):
            return Unknown(f"the name of log group {group.id} is unknown: {group.name.reason}")
    if isinstance(fn.name, Unknown):
        claimed = {g.id for other in workload.functions if other is not fn for g in _groups_of(other, groups)}
        for group in groups:
            name = group.name
            if isinstance(name, str) and name.startswith(LAMBDA_LOG_PREFIX) and group.id not in claimed:
                return Unknown(f"FunctionName: {fn.name.reason}")
    return None


def _groups_of(fn: Function, groups: tuple[LogGroup, ...]) -> tuple[LogGroup, ...]:
    custom = fn.log_group
    if isinstance(custom, str):
        return tuple(g for g in groups if _names_group(custom, g))
    if custom is None:
        return tuple(g for g in groups if _is_default_group(fn, g))
    return ()


def function_log_groups(workload: Workload) -> dict[str, tuple[str, ...]]:
    """Log group id -> ids of the functions that write to it (declared groups only)."""
    out: dict[str, list[str]] = {}
    for fn in workload.functions:
        for group in _groups_of(fn, workload.log_groups):
            out.setdefault(group.id, []).append(fn.id)
    return {k: tuple(v) for k, v in out.items()}


# -- API stages --------------------------------------------------------------

_STAGE_TYPES = {ApiKind.REST: "AWS::ApiGateway::Stage"}


def stage_name(stage: ApiStage) -> str:
    """The stage's name when written literally, else its id."""
    return str(stage.name) if isinstance(stage.name, str) else stage.id


def stage_target(api: Api, stage: ApiStage) -> tuple[str, str, str]:
    """``(resource, resource_type, detail)`` a stage finding is reported on.

    SAM configures a stage on the ``AWS::Serverless::Api``/``HttpApi`` itself
    (the stage resource is generated), so findings go on the API, with the
    stage name as detail; otherwise they go on the stage resource.
    """
    if api.resource_type.startswith("AWS::Serverless::"):
        return api.id, api.resource_type, stage_name(stage)
    return stage.id, _STAGE_TYPES.get(api.kind, "AWS::ApiGatewayV2::Stage"), ""


def stage_line(stage: ApiStage, *keys: str) -> Location:
    """Location of the first of ``keys`` the stage was built from (the stage itself when none)."""
    for key in keys:
        line = stage.field_lines.get(key)
        if line:
            return stage.location.at(line)
    return stage.location


def _arn_stage(text: str) -> str | None:
    """The stage segment of an API Gateway stage ARN (``.../stages/<name>``)."""
    _, sep, rest = text.partition("/stages/")
    return rest.split("/", 1)[0] if sep else None


def _association_covers(arn: str, api: Api, stage: ApiStage) -> bool:
    refs = arn.refs if isinstance(arn, Derived) else frozenset()
    if stage.id in refs:
        return True
    if api.id in refs or f"/restapis/{api.id}/" in str(arn):
        segment = _arn_stage(str(arn))
        if segment is None:
            return False
        if isinstance(stage.name, str) and segment == str(stage.name):
            return True
        # "${MyApi.Stage}" and similar placeholders: decidable only when the API has one stage
        return segment.startswith("${") and len(api.stages) == 1
    return False


def stage_waf(workload: Workload, api: Api, stage: ApiStage) -> bool | Unknown:
    """Whether a web ACL association in the workload covers ``stage`` of ``api``."""
    unknown: Unknown | None = None
    for assoc in workload.waf_associations:
        arn = assoc.resource_arn
        if isinstance(arn, Unknown):
            unknown = unknown if unknown is not None else Unknown(f"ResourceArn of {assoc.id}: {arn.reason}")
        elif isinstance(arn, str) and _association_covers(arn, api, stage):
            return True
        elif isinstance(arn, Mapping | list | tuple):
            unknown = (
                unknown if unknown is not None else Unknown(f"ResourceArn of {assoc.id} is not a string")
            )
    return unknown if unknown is not None else False
