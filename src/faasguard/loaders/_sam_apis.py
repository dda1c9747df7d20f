"""SAM ``Api`` and ``HttpApi`` resources as the CloudFormation resources SAM makes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.loaders._nodes import LDict, key_line, line_of

__all__ = ["http_api", "rest_api"]


def _node(line: int, **items: Any) -> LDict:
    out = LDict(line=line)
    for k, v in items.items():
        out[k] = v
        out.lines[k] = line
    return out


def _copy(
    src: dict[Any, Any], dst: LDict, keys: tuple[str, ...], rename: dict[str, str] | None = None
) -> None:
    rename = rename or {}
    for key in keys:
        if key in src:
            target = rename.get(key, key)
            dst[target] = src[key]
            dst.lines[target] = key_line(src, key, line_of(src))


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
            api["Policy"] = {"__sam_resource_policy__": True}
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
