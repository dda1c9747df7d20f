"""SAM ``Api`` and ``HttpApi`` resources as the CloudFormation resources SAM makes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.loaders._nodes import LDict, LList, key_line, line_of
from faasguard.loaders._nodes import node as _node

__all__ = ["http_api", "resource_policy", "rest_api"]

_INVOKE = "execute-api:Invoke"
_EVERYTHING = "execute-api:/*"
# SAM ResourcePolicy list -> (condition key, Deny operator) of the statement SAM writes: a whitelist
# denies every caller outside the list, a blacklist the callers in it (and allows everyone else)
_CONDITION_LISTS: dict[str, tuple[str, str]] = {
    "IpRangeWhitelist": ("aws:SourceIp", "NotIpAddress"),
    "IpRangeBlacklist": ("aws:SourceIp", "IpAddress"),
    "IntrinsicVpcWhitelist": ("aws:SourceVpc", "StringNotEquals"),
    "IntrinsicVpcBlacklist": ("aws:SourceVpc", "StringEquals"),
    "IntrinsicVpceWhitelist": ("aws:SourceVpce", "StringNotEquals"),
    "IntrinsicVpceBlacklist": ("aws:SourceVpce", "StringEquals"),
}


def _copy(
    src: dict[Any, Any], dst: LDict, keys: tuple[str, ...], rename: dict[str, str] | None = None
) -> None:
    rename = rename or {}
    for key in keys:
        if key in src:
            target = rename.get(key, key)
            dst[target] = src[key]
            dst.lines[target] = key_line(src, key, line_of(src))


def _statement(line: int, effect: str, principal: Any, condition: Any = None) -> LDict:
    out = _node(line, Effect=effect, Principal=principal, Action=_INVOKE, Resource=_EVERYTHING)
    if condition is not None:
        out["Condition"] = condition
        out.lines["Condition"] = line
    return out


def resource_policy(spec: Any, line: int) -> Any:
    """The policy document SAM writes for ``Auth.ResourcePolicy`` (applied to every path).

    ``CustomStatements`` are kept as written; the account, IP-range and VPC lists become the
    Allow/Deny pairs SAM generates.  A spec that is not a mapping stays as written (unreadable).
    """
    if not isinstance(spec, dict):
        return spec
    statements = LList(line=line)

    def add(node: Any, at: int) -> None:
        statements.append(node)
        statements.lines.append(at)

    custom = spec.get("CustomStatements")
    at = key_line(spec, "CustomStatements", line)
    for i, item in enumerate(custom if isinstance(custom, list) else [] if custom is None else [custom]):
        add(item, line_of(item, custom.line_of(i) if isinstance(custom, LList) else at))
    for key, effect in (("AwsAccountWhitelist", "Allow"), ("AwsAccountBlacklist", "Deny")):
        if key in spec:
            at = key_line(spec, key, line)
            add(_statement(at, effect, _node(at, AWS=spec[key])), at)
    vpcs = {"StringNotEquals": spec.get("SourceVpcWhitelist"), "StringEquals": spec.get("SourceVpcBlacklist")}
    for operator, ids in vpcs.items():
        if ids is None:
            continue
        at = key_line(
            spec, "SourceVpcWhitelist" if operator == "StringNotEquals" else "SourceVpcBlacklist", line
        )
        items = ids if isinstance(ids, list) else [ids]
        vpce = [i for i in items if not (isinstance(i, str) and i.startswith("vpc-"))]
        vpc = [i for i in items if isinstance(i, str) and i.startswith("vpc-")]
        add(_statement(at, "Allow", "*"), at)
        for cond_key, group in (("aws:SourceVpce", vpce), ("aws:SourceVpc", vpc)):
            if group:
                add(_statement(at, "Deny", "*", _node(at, **{operator: _node(at, **{cond_key: group})})), at)
    for key, (cond_key, operator) in _CONDITION_LISTS.items():
        if key in spec:
            at = key_line(spec, key, line)
            add(_statement(at, "Allow", "*"), at)
            add(_statement(at, "Deny", "*", _node(at, **{operator: _node(at, **{cond_key: spec[key]})})), at)
    return _node(line, Version="2012-10-17", Statement=statements)


def _stage_suffix(name: Any, default: str) -> str:
    return name if isinstance(name, str) and name.isalnum() else default


def rest_api(lid: str, props: LDict, line: int) -> Iterator[tuple[str, LDict]]:
    """RestApi, its stage and its domain for an ``AWS::Serverless::Api``."""
    api = LDict(line=line)
    _copy(props, api, ("Name", "DisableExecuteApiEndpoint", "DefinitionBody", "DefinitionUri"))
    endpoint = props.get("EndpointConfiguration")
    if isinstance(endpoint, str):
        endpoint = _node(props.lines.get("EndpointConfiguration", line), Types=[endpoint])
    elif isinstance(endpoint, dict) and "Type" in endpoint:
        endpoint = _node(line_of(endpoint, line), Types=[endpoint["Type"]])
    if endpoint is not None:
        api["EndpointConfiguration"] = endpoint
        api.lines["EndpointConfiguration"] = props.lines.get("EndpointConfiguration", line)
    auth = props.get("Auth")
    if isinstance(auth, dict):
        if "ResourcePolicy" in auth:
            pline = key_line(auth, "ResourcePolicy", props.lines.get("Auth", line))
            api["Policy"] = resource_policy(auth["ResourcePolicy"], pline)
            api.lines["Policy"] = pline
        api["__auth__"] = auth
        api.lines["__auth__"] = props.lines.get("Auth", line)
    if "Cors" in props:  # SAM's quoted header value(s): the allowed origins of every path
        api["__cors__"] = props["Cors"]
        api.lines["__cors__"] = props.lines.get("Cors", line)
    yield lid, _node(line, Type="AWS::ApiGateway::RestApi", Properties=api, __sam__=lid)
    stage_name = props.get("StageName", "Prod")
    stage = _node(line, RestApiId={"Ref": lid}, StageName=stage_name)
    _copy(props, stage, ("AccessLogSetting", "MethodSettings", "TracingEnabled", "CacheClusterEnabled"))
    yield (
        f"{lid}{_stage_suffix(stage_name, '')}Stage",
        _node(line, Type="AWS::ApiGateway::Stage", Properties=stage, __sam__=lid),
    )
    domain = props.get("Domain")
    if isinstance(domain, dict):
        dline = props.lines.get("Domain", line)
        dprops = LDict(line=dline)
        _copy(domain, dprops, ("DomainName", "SecurityPolicy", "MutualTlsAuthentication"))
        dtype = domain.get("EndpointConfiguration", "REGIONAL")
        dprops["EndpointConfiguration"] = _node(dline, Types=[dtype])
        yield (
            f"{lid}DomainName",
            _node(dline, Type="AWS::ApiGateway::DomainName", Properties=dprops, __sam__=lid),
        )


def http_api(lid: str, props: LDict, line: int) -> Iterator[tuple[str, LDict]]:
    """ApiGatewayV2 Api, its stage and its domain for an ``AWS::Serverless::HttpApi``."""
    api = _node(line, ProtocolType="HTTP")
    _copy(props, api, ("Name", "DisableExecuteApiEndpoint", "DefinitionBody", "DefinitionUri"))
    cors = props.get("CorsConfiguration")
    if cors is not None and cors is not False:
        if cors is True or isinstance(cors, str):  # true: every origin; a string: that one origin
            cors = _node(
                props.lines.get("CorsConfiguration", line),
                AllowOrigins=["*" if cors is True else cors.strip().strip("'")],
            )
        api["CorsConfiguration"] = cors
        api.lines["CorsConfiguration"] = props.lines.get("CorsConfiguration", line)
    auth = props.get("Auth")
    if isinstance(auth, dict):
        api["__auth__"] = auth
        api.lines["__auth__"] = props.lines.get("Auth", line)
    yield lid, _node(line, Type="AWS::ApiGatewayV2::Api", Properties=api, __sam__=lid)
    stage_name = props.get("StageName", "$default")
    stage = _node(line, ApiId={"Ref": lid}, StageName=stage_name)
    _copy(props, stage, ("AccessLogSettings", "DefaultRouteSettings", "RouteSettings"))
    yield (
        f"{lid}{_stage_suffix(stage_name, '')}Stage",
        _node(line, Type="AWS::ApiGatewayV2::Stage", Properties=stage, __sam__=lid),
    )
    domain = props.get("Domain")
    if isinstance(domain, dict):
        dline = props.lines.get("Domain", line)
        dprops = LDict(line=dline)
        _copy(domain, dprops, ("DomainName", "MutualTlsAuthentication"))
        config = _node(dline, EndpointType=domain.get("EndpointConfiguration", "REGIONAL"))
        if "SecurityPolicy" in domain:
            config["SecurityPolicy"] = domain["SecurityPolicy"]
            config.lines["SecurityPolicy"] = key_line(domain, "SecurityPolicy", dline)
        dprops["DomainNameConfigurations"] = [config]
        yield (
            f"{lid}DomainName",
            _node(dline, Type="AWS::ApiGatewayV2::DomainName", Properties=dprops, __sam__=lid),
        )
