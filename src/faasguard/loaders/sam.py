"""SAM (``AWS::Serverless-2016-10-31``) expansion into CloudFormation resources.

Only what matters for security is expanded, the way SAM itself would:
``Globals`` merged with SAM's semantics, the implicit function role from
``Policies`` (managed names, inline statements, policy templates),
``FunctionUrlConfig``, ``EventInvokeConfig``, ``Events`` (triggers and the
permissions SAM adds), ``Api``/``HttpApi`` with their stages, routes and
domains.  The output is a plain CloudFormation ``Resources`` mapping whose
nodes keep the lines of the SAM source, so findings on generated resources
point at the SAM lines that caused them.  Generated resources carry a
``__sam__`` key naming the SAM resource they came from.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources as importlib_resources
from typing import Any

from faasguard.loaders._nodes import LDict, LList, key_line, line_of
from faasguard.loaders._nodes import node as _node
from faasguard.loaders._nodes import put as _set
from faasguard.loaders._sam_events import expand_events

__all__ = ["SAM_TRANSFORM", "expand", "is_sam", "merge_globals"]

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"

_SERVICE_ROLE_POLICIES = frozenset(
    {
        "AWSLambdaBasicExecutionRole",
        "AWSLambdaVPCAccessExecutionRole",
        "AWSLambdaRole",
        "AWSLambdaDynamoDBExecutionRole",
        "AWSLambdaKinesisExecutionRole",
        "AWSLambdaSQSQueueExecutionRole",
        "AWSLambdaMSKExecutionRole",
        "AWSLambdaENIManagementAccess",
    }
)
_GLOBAL_SECTIONS = {
    "AWS::Serverless::Function": "Function",
    "AWS::Serverless::Api": "Api",
    "AWS::Serverless::HttpApi": "HttpApi",
    "AWS::Serverless::SimpleTable": "SimpleTable",
}


def is_sam(template: Any) -> bool:
    """True when the template declares the SAM transform."""
    transform = template.get("Transform") if isinstance(template, dict) else None
    names = transform if isinstance(transform, list) else [transform]
    return any(isinstance(t, str) and t == SAM_TRANSFORM for t in names)


@cache
def _policy_templates() -> dict[str, Any]:
    data = (
        importlib_resources.files("faasguard.data").joinpath("sam_policy_templates.json").read_text("utf-8")
    )
    templates: dict[str, Any] = json.loads(data)["templates"]
    return templates


def _is_intrinsic(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and str(next(iter(node))).startswith(("Ref", "Fn::"))


def merge_globals(global_node: Any, local: Any) -> Any:
    """SAM's merge: maps merge (local wins), lists concatenate (globals first), else local."""
    if isinstance(global_node, dict) and isinstance(local, dict):
        if _is_intrinsic(global_node) or _is_intrinsic(local):
            return local
        out = LDict(line=getattr(local, "line", 0))
        for source in (global_node, local):
            for k, v in source.items():
                out[k] = merge_globals(out[k], v) if k in out and source is local else v
                out.lines[k] = source.lines.get(k, 0) if isinstance(source, LDict) else 0
        return out
    if isinstance(global_node, list) and isinstance(local, list):
        merged = LList([*global_node, *local], line=getattr(local, "line", 0))
        merged.lines = [*getattr(global_node, "lines", []), *getattr(local, "lines", [])]
        return merged
    return local


def expand(template: LDict) -> tuple[LDict, list[tuple[int, str]]]:
    """Expand the SAM resources of ``template``; returns (Resources, notes as (line, text))."""
    resources = template.get("Resources")
    raw_globals = template.get("Globals")
    globals_: dict[Any, Any] = raw_globals if isinstance(raw_globals, dict) else {}
    out = LDict(line=getattr(resources, "line", 0))
    notes: list[tuple[int, str]] = []
    if not isinstance(resources, dict):
        return out, notes
    implicit_apis: dict[str, LDict] = {}
    contributors: dict[str, set[Any]] = {}  # implicit API -> the Conditions of the functions feeding it
    for lid, res in resources.items():
        rtype = res.get("Type") if isinstance(res, dict) else None
        if not isinstance(rtype, str) or not rtype.startswith("AWS::Serverless::"):
            out[lid] = res
            out.lines[lid] = resources.lines.get(lid, 0) if isinstance(resources, LDict) else 0
            continue
        raw = res.get("Properties")
        props = (
            raw if isinstance(raw, LDict) else LDict(raw if isinstance(raw, dict) else {}, line=line_of(res))
        )
        section = _GLOBAL_SECTIONS.get(rtype)
        if section and isinstance(globals_.get(section), dict):
            props = merge_globals(globals_[section], props)
        line = key_line(resources, lid, line_of(res))
        if rtype == "AWS::Serverless::Function":
            before = set(out)
            _function(lid, res, props, line, out, implicit_apis, globals_, resources)
            condition = res.get("Condition") if isinstance(res.get("Condition"), str) else None
            for api_id in _implicit_targets(props.get("Events")):
                contributors.setdefault(api_id, set()).add(condition)
            if condition is not None:  # what SAM makes from a conditional function exists only with it
                for key in set(out) - before:
                    _conditional(out[key], res)
        elif rtype == "AWS::Serverless::Api":
            _rest_api(lid, props, line, out)
        elif rtype == "AWS::Serverless::HttpApi":
            _http_api(lid, props, line, out)
        elif rtype == "AWS::Serverless::SimpleTable":
            table = _node(line, Type="AWS::DynamoDB::Table", __sam__=lid)
            sse = props.get("SSESpecification")
            _set(table, "Properties", _node(line, SSESpecification=sse) if sse else LDict(line=line), line)
            out[lid] = table
        elif rtype == "AWS::Serverless::LayerVersion":
            out[lid] = _node(line, Type="AWS::Lambda::LayerVersion", Properties=props, __sam__=lid)
        else:
            kind = rtype.rsplit("::", 1)[-1]
            notes.append((line, f"{lid} ({rtype}): SAM {kind} resources are not analysed"))
            out[lid] = _node(line, Type=rtype, __sam__=lid)
        out.lines.setdefault(lid, line)
    for api_id, api_props in implicit_apis.items():
        if api_id in out:
            continue
        before = set(out)
        if api_id == "ServerlessRestApi":
            _rest_api(api_id, api_props, api_props.line, out)
        else:
            _http_api(api_id, api_props, api_props.line, out)
        conditions = contributors.get(api_id, set())
        if (
            conditions and None not in conditions
        ):  # fed only by conditional functions: exists with one of them
            name = _any_of(template, api_id, sorted(conditions))
            only = LDict({"Condition": name}, line=api_props.line)
            for key in set(out) - before:
                _conditional(out[key], only)
    return out, notes


def _any_of(template: LDict, api_id: str, conditions: list[str]) -> str:
    """A Condition true when any of ``conditions`` is (added to the template's Conditions)."""
    if len(conditions) == 1:
        return conditions[0]
    table = template.get("Conditions")
    if not isinstance(table, LDict):
        table = LDict(table if isinstance(table, dict) else {}, line=0)
        template["Conditions"] = table
    name = f"FaasguardAnyOf{api_id}"
    parts = [LDict({"Condition": c}, line=0) for c in conditions]
    # Fn::Or takes 2 to 10 conditions: nest the rest
    while len(parts) > 10:
        parts = [LDict({"Fn::Or": parts[:10]}, line=0), *parts[10:]]
    table[name] = LDict({"Fn::Or": parts}, line=0)
    return name


def _implicit_targets(events: Any) -> set[str]:
    """The implicit APIs (ServerlessRestApi, ServerlessHttpApi) a function's events add routes to."""
    out: set[str] = set()
    if isinstance(events, dict):
        for event in events.values():
            props = event.get("Properties") if isinstance(event, dict) else None
            props = props if isinstance(props, dict) else {}
            if isinstance(event, dict) and event.get("Type") == "Api" and props.get("RestApiId") is None:
                out.add("ServerlessRestApi")
            if isinstance(event, dict) and event.get("Type") == "HttpApi" and props.get("ApiId") is None:
                out.add("ServerlessHttpApi")
    return out


def _conditional(resource: Any, owner: Any) -> None:
    """Give a generated resource its owner's ``Condition`` (unless it has one of its own)."""
    if isinstance(resource, LDict) and "Condition" not in resource:
        _set(resource, "Condition", owner["Condition"], owner.lines.get("Condition", resource.line))


def _function(
    lid: str,
    res: LDict,
    props: LDict,
    line: int,
    out: LDict,
    implicit_apis: dict[str, LDict],
    globals_: Any,
    resources: Any,
) -> None:
    lines = props.lines
    fn = LDict(line=props.line or line)
    copy = (
        *("FunctionName", "Handler", "Runtime", "Timeout", "MemorySize", "Environment", "KmsKeyArn"),
        *("VpcConfig", "CodeSigningConfigArn", "Layers", "ReservedConcurrentExecutions", "EphemeralStorage"),
        *("LoggingConfig", "RecursiveLoop", "PackageType", "Architectures", "ImageConfig"),
    )
    for key in copy:
        if key in props:
            _set(fn, key, props[key], lines.get(key, line))
    if "ImageUri" in props:
        _set(
            fn,
            "Code",
            _node(lines.get("ImageUri", line), ImageUri=props["ImageUri"]),
            lines.get("ImageUri", line),
        )
        fn.setdefault("PackageType", "Image")
    elif "InlineCode" in props:
        _set(
            fn,
            "Code",
            _node(lines.get("InlineCode", line), ZipFile="<inline>"),
            lines.get("InlineCode", line),
        )
    elif "CodeUri" in props:
        _set(
            fn,
            "Code",
            _node(lines.get("CodeUri", line), CodeUri=props["CodeUri"]),
            lines.get("CodeUri", line),
        )
    if "Tracing" in props:
        _set(fn, "TracingConfig", _node(lines["Tracing"], Mode=props["Tracing"]), lines["Tracing"])
    dlq = props.get("DeadLetterQueue")
    if isinstance(dlq, dict):
        target = dlq.get("TargetArn")
        _set(
            fn,
            "DeadLetterConfig",
            _node(lines["DeadLetterQueue"], TargetArn=target),
            lines["DeadLetterQueue"],
        )
    tags = props.get("Tags")
    if isinstance(tags, dict) and not _is_intrinsic(tags):
        tag_list = LList(line=lines.get("Tags", line))
        for k, v in tags.items():
            tag_list.append(
                _node(tags.lines.get(k, line) if isinstance(tags, LDict) else line, Key=k, Value=v)
            )
            tag_list.lines.append(tags.lines.get(k, line) if isinstance(tags, LDict) else line)
        _set(fn, "Tags", tag_list, lines.get("Tags", line))
    if "Role" in props:
        _set(fn, "Role", props["Role"], lines["Role"])
    else:
        role_id = f"{lid}Role"
        out[role_id] = _implicit_role(lid, props, line)
        out.lines[role_id] = out[role_id].line
        _set(fn, "Role", _node(lines.get("Policies", line), **{"Fn::GetAtt": [role_id, "Arn"]}), 0)
        fn.lines["Role"] = lines.get("Policies", line)
    resource = _node(line, Type="AWS::Lambda::Function", Properties=fn, __sam__=lid)
    if "Condition" in res:
        _set(resource, "Condition", res["Condition"], res.lines.get("Condition", line))
    if "Metadata" in res:  # sam build's settings (BuildMethod, Dockerfile) travel with the function
        _set(resource, "Metadata", res["Metadata"], res.lines.get("Metadata", line))
    out[lid] = resource
    # AutoPublishAlias: SAM publishes a version and an alias, and puts the URL and the event
    # permissions on the alias
    invoked: Any = {"Ref": lid}
    alias = props.get("AutoPublishAlias")
    if alias is not None:
        aline = lines.get("AutoPublishAlias", line)
        alias_id = f"{lid}Alias" + (
            "".join(c for c in alias if c.isalnum()) if isinstance(alias, str) else ""
        )
        version_id = f"{lid}Version"
        vprops = _node(aline, FunctionName={"Ref": lid})
        out[version_id] = _node(aline, Type="AWS::Lambda::Version", Properties=vprops, __sam__=lid)
        aprops = _node(
            aline,
            FunctionName={"Ref": lid},
            FunctionVersion={"Fn::GetAtt": [version_id, "Version"]},
            Name=alias,
        )
        out[alias_id] = _node(aline, Type="AWS::Lambda::Alias", Properties=aprops, __sam__=lid)
        out.lines[version_id] = out.lines[alias_id] = aline
        invoked = {"Ref": alias_id}
    url = props.get("FunctionUrlConfig")
    if isinstance(url, dict):
        uline = lines.get("FunctionUrlConfig", line)
        uprops = _node(uline, TargetFunctionArn=invoked)
        for key in ("AuthType", "Cors", "InvokeMode"):
            if key in url:
                _set(uprops, key, url[key], key_line(url, key, uline))
        out[f"{lid}Url"] = _node(uline, Type="AWS::Lambda::Url", Properties=uprops, __sam__=lid)
    invoke = props.get("EventInvokeConfig")
    if isinstance(invoke, dict):
        iline = lines.get("EventInvokeConfig", line)
        iprops = _node(iline, FunctionName={"Ref": lid})
        if alias is not None:
            _set(iprops, "Qualifier", alias, lines.get("AutoPublishAlias", line))
        for key in ("DestinationConfig", "MaximumRetryAttempts", "MaximumEventAgeInSeconds"):
            if key in invoke:
                _set(iprops, key, invoke[key], key_line(invoke, key, iline))
        out[f"{lid}EventInvokeConfig"] = _node(
            iline, Type="AWS::Lambda::EventInvokeConfig", Properties=iprops, __sam__=lid
        )
    events = props.get("Events")
    if isinstance(events, dict):
        events = events if isinstance(events, LDict) else LDict(events, line=lines.get("Events", line))
        for rid, node in expand_events(lid, events, globals_, resources, implicit_apis, invoked):
            out[rid] = node
            out.lines[rid] = node.line


def _managed_arn(name: Any) -> Any:
    if isinstance(name, str) and not name.startswith("arn:"):
        prefix = "service-role/" if name in _SERVICE_ROLE_POLICIES else ""
        return f"arn:aws:iam::aws:policy/{prefix}{name}"
    return name


def _implicit_role(lid: str, props: LDict, line: int) -> LDict:
    """The role SAM creates for a function without ``Role``."""
    pline = props.lines.get("Policies", line)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com"]},
                "Action": ["sts:AssumeRole"],
            }
        ],
    }
    managed = LList(line=pline)
    managed.append("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    managed.lines.append(pline)
    inline = LList(line=pline)
    policies = props.get("Policies")
    items: list[tuple[Any, int]] = []
    if isinstance(policies, list):
        items = [
            (p, policies.line_of(i) if isinstance(policies, LList) else pline) for i, p in enumerate(policies)
        ]
    elif policies is not None:
        items = [(policies, pline)]
    templates = _policy_templates()
    for index, (item, iline) in enumerate(items):
        if isinstance(item, dict) and "Statement" in item:
            inline.append(_node(iline, PolicyName=f"{lid}RolePolicy{index}", PolicyDocument=item))
            inline.lines.append(iline)
        elif isinstance(item, dict) and len(item) == 1 and next(iter(item)) in templates:
            name = next(iter(item))
            doc = _expand_template(name, item[name], templates[name], iline)
            policy = _node(iline, PolicyName=f"{lid}RolePolicy{index}", PolicyDocument=doc, __template__=name)
            inline.append(policy)
            inline.lines.append(iline)
        else:
            managed.append(_managed_arn(item))
            managed.lines.append(iline)
    if isinstance(props.get("VpcConfig"), dict):
        managed.append("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")
        managed.lines.append(props.lines.get("VpcConfig", line))
    role = _node(pline, AssumeRolePolicyDocument=trust, ManagedPolicyArns=managed, Policies=inline)
    if "AssumeRolePolicyDocument" in props:  # SAM uses the function's (or Globals') trust policy as given
        _set(
            role,
            "AssumeRolePolicyDocument",
            props["AssumeRolePolicyDocument"],
            props.lines.get("AssumeRolePolicyDocument", pline),
        )
    if "RolePath" in props:
        _set(role, "Path", props["RolePath"], props.lines.get("RolePath", pline))
    if "PermissionsBoundary" in props:
        _set(
            role,
            "PermissionsBoundary",
            props["PermissionsBoundary"],
            props.lines.get("PermissionsBoundary", pline),
        )
    return _node(pline, Type="AWS::IAM::Role", Properties=role, __sam__=lid, __implicit__=True)


def _expand_template(name: str, args: Any, template: Any, line: int) -> Any:
    """A SAM policy template's statements with its parameters substituted."""
    values = args if isinstance(args, dict) else {}

    params = set(template.get("parameters", ()))

    def subst(node: Any) -> Any:
        if isinstance(node, dict):
            if len(node) == 1 and "Ref" in node and node["Ref"] in params:
                return values.get(node["Ref"], {"Fn::ImportValue": f"missing parameter {node['Ref']}"})
            out = LDict(line=line)
            for k, v in node.items():
                out[k] = subst(v)
                out.lines[k] = line
            return out
        if isinstance(node, list):
            items = LList([subst(v) for v in node], line=line)
            items.lines = [line] * len(items)
            return items
        return node

    return subst({"Version": "2012-10-17", "Statement": template["statements"]})


def _rest_api(lid: str, props: LDict, line: int, out: LDict) -> None:
    from faasguard.loaders._sam_apis import rest_api

    for rid, node in rest_api(lid, props, line):
        out[rid] = node
        out.lines[rid] = node.line


def _http_api(lid: str, props: LDict, line: int, out: LDict) -> None:
    from faasguard.loaders._sam_apis import http_api

    for rid, node in http_api(lid, props, line):
        out[rid] = node
        out.lines[rid] = node.line
