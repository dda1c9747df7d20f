"""API Gateway (REST, HTTP, WebSocket) and ALB resources into model APIs and triggers."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from faasguard.loaders._api_params import identity_query_sources, query_parameters
from faasguard.loaders._nodes import LDict, LList, first_set, key_line, line_of
from faasguard.loaders._nodes import child as _get
from faasguard.loaders._nodes import field_lines as _lines
from faasguard.loaders._openapi import read_definition
from faasguard.loaders._policy import parse_policy
from faasguard.loaders._sam_events import route_authorization
from faasguard.model import (
    Api,
    ApiDomain,
    ApiKind,
    ApiStage,
    Authorizer,
    Derived,
    ExternalRef,
    Policy,
    Route,
    Trigger,
    TriggerKind,
    Unknown,
)

if TYPE_CHECKING:
    from faasguard.loaders.cloudformation import _Builder

__all__ = ["Collector"]

Handler = Callable[["_Builder", str, LDict, LDict], None]


def _first(node: Any) -> Any:
    if isinstance(node, list):
        return node[0] if node else None
    return node


def _tag_pairs(tags: Any) -> tuple[tuple[str, Any], ...]:
    """(key, value) of ``Tags``: a list of ``{Key, Value}`` or a mapping (ApiGatewayV2)."""
    if isinstance(tags, list):
        return tuple(
            (str(t["Key"]), t.get("Value"))
            for t in tags
            if isinstance(t, dict) and isinstance(t.get("Key"), str)
        )
    if isinstance(tags, dict):
        return tuple((str(k), v) for k, v in tags.items())
    return ()


def _names_domain(target: Any, domain: ApiDomain) -> bool:
    """Whether a mapping's ``DomainName`` (a reference or the name itself) designates ``domain``."""
    if isinstance(target, Derived) and domain.id in target.refs:
        return True
    return isinstance(target, str) and isinstance(domain.domain_name, str) and target == domain.domain_name


# -- CORS ------------------------------------------------------------------

_ALLOW_ORIGIN = "method.response.header.access-control-allow-origin"
_BODY_KEYS = ("DefinitionBody", "DefinitionUri", "Body", "BodyS3Location")


def _header_origins(value: Any) -> tuple[Any, ...] | Unknown:
    """Origins an API Gateway header mapping value allows: a quoted literal (``"'*'"``, possibly a
    comma-separated list), or ``method.request.header.origin`` (the caller's origin reflected)."""
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, str) or "${" in value:
        return Unknown(f"Access-Control-Allow-Origin is computed: {value!r}")
    text = value.strip()
    if text.lower() == "method.request.header.origin":
        return (text,)
    if len(text) >= 2 and text[0] == text[-1] == "'":
        text = text[1:-1]
    elif text != "*":
        return Unknown(f"Access-Control-Allow-Origin is mapped from {text}")
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _wide(origin: Any) -> bool:
    """Whether an allowed origin admits every site (``*``, ``null`` or the caller's origin reflected)."""
    return isinstance(origin, str) and origin.strip().lower() in ("*", "null", "method.request.header.origin")


def _list_origins(value: Any) -> tuple[Any, ...] | Unknown:
    """``AllowOrigins`` of a CORS configuration as a tuple (an absent list allows no origin)."""
    if value is None:
        return ()
    if isinstance(value, Unknown):
        return Unknown(f"AllowOrigins: {value.reason}")
    if isinstance(value, list):
        return tuple(value)
    return (value,)


def _api_cors(props: LDict) -> tuple[tuple[Any, ...] | Unknown | None, int]:
    """(allowed origins, line) an API's own properties configure; ``None`` when they set no CORS.

    SAM ``Cors`` on a REST API (``__cors__``: quoted header values), ``CorsConfiguration`` on an
    HTTP API, ``x-amazon-apigateway-cors`` in an inline OpenAPI body; an API whose definition is
    elsewhere (a body in S3, a computed body) may configure CORS there: unknown.
    """
    if "__cors__" in props:
        cors = props["__cors__"]
        line = props.line_of("__cors__")
        if isinstance(cors, dict):
            line = key_line(cors, "AllowOrigin", line)
            cors = cors.get("AllowOrigin", Unknown("Cors has no AllowOrigin"))
        return _header_origins(cors), line
    config = props.get("CorsConfiguration")
    if config is not None:
        line = props.line_of("CorsConfiguration")
        if isinstance(config, Unknown):
            return Unknown(f"CorsConfiguration: {config.reason}"), line
        return _list_origins(_get(config, "AllowOrigins")), key_line(config, "AllowOrigins", line)
    for key in _BODY_KEYS:
        if key not in props:
            continue
        body = props[key]
        line = props.line_of(key)
        if isinstance(body, dict) and key in ("DefinitionBody", "Body"):
            ext = body.get("x-amazon-apigateway-cors")
            if ext is None:
                return None, line
            return _list_origins(_get(ext, "allowOrigins")), key_line(ext, "allowOrigins", line)
        return Unknown(f"CORS may be configured in the API definition ({key})"), line
    return None, 0


# -- stage settings ----------------------------------------------------------

_REST_API = "AWS::ApiGateway::RestApi"
_V2_API = "AWS::ApiGatewayV2::Api"
#: ``ResourcePath``/``HttpMethod`` of the MethodSettings entry that sets the whole stage's defaults
_ALL_PATHS, _ALL_METHODS = "/*", "*"
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def _truth(value: Any) -> bool | Unknown | None:
    if value is None or isinstance(value, Unknown | bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in _TRUE or lowered in _FALSE:
        return lowered in _TRUE
    return Unknown(f"not a boolean: {value!r}")


def _writes_logs(level: Any) -> bool | Unknown:
    """Whether execution logging at ``level`` writes anything (unset counts as writing: not proven off)."""
    if isinstance(level, Unknown):
        return Unknown(f"LoggingLevel: {level.reason}")
    return not (isinstance(level, str) and level.strip().upper() == "OFF")


def _external_id(target: Any) -> str:
    """A readable id for an API that is not in the template (imported, a literal id, a parameter)."""
    if isinstance(target, ExternalRef) and target.key:
        return f"{target.source}:{target.key}"
    if isinstance(target, Unknown):
        return f"<{target.reason}>"
    return str(target)


def _v2_external_trace(api: str, data_trace: Any) -> Any:
    """Data tracing of a stage of an ApiGatewayV2 API defined elsewhere.

    Data tracing logs payloads on WebSocket APIs only (an HTTP API accepts the
    setting and ignores it), and the protocol of an API outside the template is
    unknown: "on" is therefore undecided, neither a finding nor a pass.
    """
    if _truth(data_trace) is True:
        return Unknown(
            f"data tracing is on, but it applies to WebSocket APIs only and API {api} "
            "is defined outside this template (HTTP or WebSocket is unknown)"
        )
    return data_trace


def _access_log(log: Any, key: str, line: int, lines: dict[str, int]) -> tuple[Any, Any]:
    """(destination, format) of an ``AccessLogSetting(s)`` value; records the lines of both keys."""
    if isinstance(log, Unknown):
        unknown = Unknown(f"{key}: {log.reason}")
        return unknown, unknown
    if log is None:
        return None, None
    if not isinstance(log, dict):
        unknown = Unknown(f"{key} is not a mapping")
        return unknown, unknown
    for name in ("DestinationArn", "Format"):
        if name in log:
            lines[name] = key_line(log, name, line)
    return log.get("DestinationArn"), log.get("Format")


class _Settings:
    """A stage's method settings in the order they apply: stage defaults, then each entry.

    An entry is a mapping (``ResourcePath``/``HttpMethod`` default to every
    resource and method, so a mapping without them configures the whole
    stage) or an ``Unknown`` for an entry, or a whole list, that cannot be
    read.  Entries for the same resource and method merge, later keys win
    (SAM puts ``Globals`` entries before the API's own).  Values come with
    the line of the key that decided them.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.entries: list[tuple[dict[Any, Any] | Unknown, int]] = []

    def add(self, entry: Any, line: int) -> None:
        if isinstance(entry, Unknown):
            self.entries.append((Unknown(f"{self.label}: {entry.reason}"), line))
        elif isinstance(entry, dict):
            self.entries.append((entry, line_of(entry, line)))
        elif entry is not None:
            self.entries.append((Unknown(f"{self.label} is not a mapping"), line))

    def add_list(self, entries: Any, line: int) -> None:
        if entries is None or isinstance(entries, Unknown):
            self.add(entries, line)
        elif not isinstance(entries, list):
            self.entries.append((Unknown(f"{self.label} is not a list"), line))
        else:
            for i, item in enumerate(entries):
                at = line_of(item, entries.line_of(i) if isinstance(entries, LList) else line)
                if isinstance(item, Unknown):
                    self.entries.append((Unknown(f"{self.label} entry: {item.reason}"), at))
                elif isinstance(item, dict):
                    self.entries.append((item, at))

    def _merged(self) -> list[tuple[dict[Any, Any] | Unknown, int]]:
        """The entries with those for the same resource path and method merged (later keys win)."""
        out: list[tuple[dict[Any, Any] | Unknown, int]] = []
        groups: dict[tuple[str, str], LDict] = {}
        for entry, at in self.entries:
            if isinstance(entry, Unknown):
                out.append((entry, at))
                continue
            path = entry.get("ResourcePath", _ALL_PATHS)
            method = entry.get("HttpMethod", _ALL_METHODS)
            if not (isinstance(path, str) and isinstance(method, str)):
                out.append((entry, at))  # unknown (or malformed) scope: stays on its own
                continue
            scope = (path.strip(), method.strip().upper())
            merged = groups.get(scope)
            if merged is None:
                merged = groups[scope] = LDict(line=at)
                out.append((merged, at))
            for key, value in entry.items():
                merged[key] = value
                merged.lines[key] = key_line(entry, key, at)
        return out

    def _scope(self, entry: dict[Any, Any] | Unknown) -> bool | Unknown:
        """Whether ``entry`` sets the stage-wide defaults (every resource, every method)."""
        if isinstance(entry, Unknown):
            return entry
        doubt: Unknown | None = None
        for key, everything in (("ResourcePath", _ALL_PATHS), ("HttpMethod", _ALL_METHODS)):
            value = entry.get(key, everything)
            if isinstance(value, Unknown):
                if doubt is None:
                    doubt = Unknown(f"{key} of a {self.label} entry: {value.reason}")
            elif not (isinstance(value, str) and value.strip() == everything):
                return False
        return doubt if doubt is not None else True

    def stage_wide(self, key: str) -> tuple[Any, int]:
        """The stage-wide ``key``: the last default entry setting it decides; an entry that may be
        the default and may set it makes it unknown when no known default entry does."""
        value: Any = None
        line = 0
        doubt: tuple[Any, int] | None = None
        for entry, at in self._merged():
            scope = self._scope(entry)
            if isinstance(entry, dict) and scope is True:
                if key in entry:
                    value, line = entry[key], key_line(entry, key, at)
            elif (
                isinstance(scope, Unknown) and doubt is None and (isinstance(entry, Unknown) or key in entry)
            ):
                doubt = (scope, at if isinstance(entry, Unknown) else key_line(entry, key, at))
        if value is None and doubt is not None:
            return doubt
        return value, line

    def data_trace(self) -> tuple[Any, int]:
        """Whether some entry logs full payloads: ``DataTraceEnabled`` on with its logging level
        (the entry's own, else the stage-wide one) not ``OFF``.  The first such entry decides;
        else an undecidable entry makes it unknown; else ``False`` when set anywhere, ``None``."""
        default_level, _ = self.stage_wide("LoggingLevel")
        doubt: tuple[Any, int] | None = None
        off: tuple[Any, int] | None = None
        for entry, at in self._merged():
            if isinstance(entry, Unknown):
                doubt = doubt or (entry, at)
                continue
            raw = entry.get("DataTraceEnabled")
            on = _truth(raw)
            if on is None:
                continue
            where = key_line(entry, "DataTraceEnabled", at)
            logs = _writes_logs(entry.get("LoggingLevel", default_level))
            if on is True and logs is True:
                return raw, where
            if on is False or logs is False:
                off = off or (False, where)
            else:
                doubt = doubt or (on if isinstance(on, Unknown) else logs, where)
        return doubt or off or (None, 0)


class Collector:
    """Builds APIs, stages, routes, domains and API/ALB triggers for a ``_Builder``."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self._apis: dict[str, dict[str, Any]] = {}
        self._routes: dict[str, list[Route]] = defaultdict(list)
        # routes an API's inline OpenAPI definition declares (they replace SAM event routes on the same
        # method and path: SAM does not add an event to a definition it did not generate)
        self._def_routes: dict[str, list[Route]] = defaultdict(list)
        self._def_triggers: list[Trigger] = []
        self._stages: dict[str, list[ApiStage]] = defaultdict(list)
        self._deploy_stages: list[tuple[str, ApiStage]] = []
        # APIs stages refer to that are not in the template: id -> (kind, resource type, location)
        self._external: dict[str, tuple[ApiKind, str, Any]] = {}
        self._route_kinds: dict[str, str] = {}  # api id -> rest | http, from SAM-style routes
        self._authorizers: dict[str, list[Authorizer]] = defaultdict(list)
        self._paths: dict[str, tuple[Any, Any]] = {}
        self._integrations: dict[str, Any] = {}
        self._pending_v2: list[tuple[str, LDict, LDict]] = []
        self._methods: list[tuple[str, LDict, LDict]] = []
        # api id -> (path, origins, line) of the Access-Control-Allow-Origin its methods' integrations answer
        self._method_cors: dict[str, list[tuple[str, tuple[Any, ...] | Unknown, int]]] = defaultdict(list)
        self._domains: list[ApiDomain] = []
        self._mappings: list[tuple[Any, Any]] = []  # (domain reference, API reference) of base path mappings
        self._triggers: list[Trigger] = []
        self._table: dict[str, Callable[[str, LDict, LDict], None]] = {
            "AWS::ApiGateway::RestApi": self.rest_api,
            "AWS::ApiGatewayV2::Api": self.v2_api,
            "AWS::ApiGateway::Stage": self.rest_stage,
            "AWS::ApiGatewayV2::Stage": self.v2_stage,
            "AWS::ApiGateway::Deployment": self.deployment,
            "AWS::ApiGateway::Resource": self.resource,
            "AWS::ApiGateway::Method": self.method,
            "AWS::ApiGatewayV2::Route": self.v2_route,
            "AWS::ApiGatewayV2::Integration": self.v2_integration,
            "AWS::ApiGateway::Authorizer": self.authorizer,
            "AWS::ApiGatewayV2::Authorizer": self.authorizer,
            "AWS::ApiGateway::DomainName": self.domain,
            "AWS::ApiGatewayV2::DomainName": self.domain,
            "AWS::ApiGateway::BasePathMapping": self.mapping,
            "AWS::ApiGatewayV2::ApiMapping": self.mapping,
            "AWS::ElasticLoadBalancingV2::TargetGroup": self.target_group,
            "FG::Route": self.pseudo_route,
        }

    def handler(self, rtype: str) -> Handler | None:
        """The handler for ``rtype`` in builder-call form, or ``None``."""
        method = self._table.get(rtype)
        if method is None:
            return None
        return lambda _b, lid, res, props: method(lid, res, props)

    def _loc(self, lid: str, res: LDict) -> Any:
        return self.b.loc(self.b.resources.lines.get(lid, res.line))

    def _function_of(self, uri: Any) -> str | None:
        if isinstance(uri, Derived):
            for ref in uri.refs:
                rtype = _get(self.b.resources.get(ref), "Type")
                if rtype == "AWS::Lambda::Function":
                    return ref
        return None

    # -- APIs -------------------------------------------------------------

    def rest_api(self, lid: str, res: LDict, props: LDict) -> None:
        endpoint = _first(_get(props.get("EndpointConfiguration"), "Types"))
        body_policy = self._definition(lid, res, props, ApiKind.REST)
        policy: Policy | None = None
        if props.get("Policy") is not None:
            where = self.b.loc(props.line_of("Policy"))
            policy = parse_policy(props["Policy"], f"{lid} resource policy", where, "resource")
        elif body_policy is not None:
            document, line = body_policy
            policy = parse_policy(document, f"{lid} x-amazon-apigateway-policy", self.b.loc(line), "resource")
        self._new_api(lid, res, props, ApiKind.REST, endpoint, policy is not None)
        self._apis[lid]["resource_policy"] = policy

    def v2_api(self, lid: str, res: LDict, props: LDict) -> None:
        proto = props.get("ProtocolType")
        kind = ApiKind.WEBSOCKET if proto == "WEBSOCKET" else ApiKind.HTTP
        self._new_api(lid, res, props, kind, "REGIONAL", False)
        if kind is ApiKind.HTTP:  # HTTP APIs have no resource policy; WebSocket APIs no OpenAPI import
            self._definition(lid, res, props, kind)
        target = props.get("Target")  # quick-create HTTP API: one default route to the target
        fn = self._function_of(target)
        if fn:
            self._routes[lid].append(Route(lid, "ANY", "$default", "NONE", self._loc(lid, res), fn))
            self._triggers.append(Trigger(TriggerKind.HTTP_API, fn, self._loc(lid, res), None, lid))

    def _lambda(self, ref: str) -> str | None:
        """``ref`` when it names a function of this template."""
        return ref if _get(self.b.resources.get(ref), "Type") == "AWS::Lambda::Function" else None

    def _definition(self, lid: str, res: LDict, props: LDict, kind: ApiKind) -> tuple[Any, int] | None:
        """Routes of the API's inline OpenAPI definition; its ``x-amazon-apigateway-policy`` and line.

        A definition kept elsewhere (``DefinitionUri``, ``BodyS3Location``, an ``AWS::Include``)
        or one that cannot be read is recorded as a note: its routes are not analysed.
        """
        key = next((k for k in ("DefinitionBody", "Body") if k in props), None)
        external = next((k for k in ("DefinitionUri", "BodyS3Location") if k in props), None)
        at = self._loc(lid, res)
        if key is None:
            if external is not None:
                self.b.notes.append(
                    (at.at(props.line_of(external)), f"{lid}: routes in {external} not analysed")
                )
            return None
        auth = props.get("__auth__") if res.get("__sam__") else None
        authorizers: dict[str, Any] | None = None
        default = None
        if isinstance(auth, dict):
            configured = auth.get("Authorizers")
            names = configured if isinstance(configured, dict) else {}
            http = kind is ApiKind.HTTP
            authorizers = {}
            for name in names:
                decided = route_authorization({"Authorizer": str(name)}, {"Auth": auth}, http)
                authorizers[str(name)] = (
                    Unknown(decided.split(":", 1)[1]) if decided.startswith("__unknown__:") else decided
                )
            default = auth.get("DefaultAuthorizer")
        definition = read_definition(
            props[key], functions=self._lambda, authorizers=authorizers, default_authorizer=default
        )
        line = props.line_of(key)
        if isinstance(definition, Unknown):
            self.b.notes.append((at.at(line), f"{lid}: routes in {key} not analysed ({definition.reason})"))
            return None
        # SAM's Auth.ApiKeyRequired is written into every integrated operation, like the default authorizer
        sam_key = _truth(_get(auth, "ApiKeyRequired")) if isinstance(auth, dict) else None
        for op in definition.operations:
            loc = self.b.loc(op.line or line)
            api_key: Any = op.api_key_required
            if op.has_integration and api_key is False and sam_key is not None:
                api_key = sam_key
            route = Route(
                lid, op.method, op.path, op.authorization, loc, op.function_id, api_key, op.request_validator
            )
            if op.query_parameters:
                query = tuple((name, self.b.loc(at or op.line or line)) for name, at in op.query_parameters)
                route = dataclasses.replace(route, query_parameters=query)
            self._def_routes[lid].append(route)
            if op.function_id:
                trigger = TriggerKind.API if kind is ApiKind.REST else TriggerKind.HTTP_API
                self._def_triggers.append(Trigger(trigger, op.function_id, loc, None, lid))
        if definition.policy is None:
            return None
        return definition.policy, definition.policy_line or line

    def _new_api(
        self, lid: str, res: LDict, props: LDict, kind: ApiKind, endpoint: Any, policy: bool
    ) -> None:
        auth = props.get("__auth__")
        default = _get(auth, "DefaultAuthorizer")
        loc = self._loc(lid, res)
        authorizers = _get(auth, "Authorizers")
        if isinstance(authorizers, dict):
            for name, cfg in authorizers.items():
                akind = (
                    "cognito"
                    if _get(cfg, "UserPoolArn") is not None
                    else "jwt"
                    if _get(cfg, "JwtConfiguration") is not None
                    else "lambda"
                )
                self._authorizers[lid].append(
                    Authorizer(str(name), akind, loc, self._sam_identity(cfg, loc.line))
                )
        self._apis[lid] = {
            "id": lid,
            "kind": kind,
            "location": loc,
            "resource_type": "AWS::Serverless::Api"
            if res.get("__sam__") and kind is ApiKind.REST
            else "AWS::Serverless::HttpApi"
            if res.get("__sam__")
            else str(res.get("Type")),
            "endpoint_type": endpoint,
            "default_authorizer": default,
            "disable_execute_api_endpoint": props.get("DisableExecuteApiEndpoint"),
            "has_resource_policy": policy,
            "field_lines": _lines(props),
        }
        origins, cline = _api_cors(props)
        if origins is not None:
            self._apis[lid]["cors_origins"] = origins
            self._apis[lid]["field_lines"]["__cors__"] = cline

    def _sam_identity(self, cfg: Any, line: int) -> tuple[tuple[str, Any], ...]:
        """Query strings a SAM authorizer reads (``Identity.QueryStrings``, ``IdentitySource``)."""
        at = line_of(cfg, line)
        identity = _get(cfg, "Identity")
        strings = _get(identity, "QueryStrings")
        found: list[tuple[str, Any]] = []
        if isinstance(strings, list):
            where = key_line(identity, "QueryStrings", at)
            for i, name in enumerate(strings):
                if isinstance(name, str):
                    found.append(
                        (name, self.b.loc(strings.line_of(i) if isinstance(strings, LList) else where))
                    )
        source = _get(cfg, "IdentitySource")
        return tuple(found) + self._query_sources(source, key_line(cfg, "IdentitySource", at))

    # -- stages -----------------------------------------------------------

    def _api_key(self, value: Any, kind: ApiKind, rtype: str, res: LDict, lid: str) -> str:
        """The id of the API a stage belongs to; an API outside the template is recorded for synthesis."""
        target = self.b.ref(value)
        if isinstance(target, str) and target in self.b.ids:
            return str(target)
        key = _external_id(target)
        self._external.setdefault(key, (kind, rtype, self._loc(lid, res)))
        return key

    def _stage(
        self,
        lid: str,
        res: LDict,
        api: str,
        name: Any,
        lines: dict[str, int],
        tracing: Any,
        log: tuple[Any, str, int],
        settings: _Settings,
    ) -> ApiStage:
        """An ``ApiStage``; ``field_lines`` gets the line of each key that decided a value."""
        lines = dict(lines)
        destination, fmt = _access_log(*log, lines)
        wide = {}
        for key in ("ThrottlingRateLimit", "ThrottlingBurstLimit", "LoggingLevel"):
            wide[key], line = settings.stage_wide(key)
            if line:
                lines[key] = line
        data_trace, line = settings.data_trace()
        if line:
            lines["DataTraceEnabled"] = line
        if api in self._external and self._external[api][0] is not ApiKind.REST:
            data_trace = _v2_external_trace(api, data_trace)
        return ApiStage(
            lid,
            api,
            self._loc(lid, res),
            name,
            destination,
            fmt,
            tracing,
            wide["ThrottlingRateLimit"],
            wide["ThrottlingBurstLimit"],
            wide["LoggingLevel"],
            data_trace,
            lines,
        )

    def rest_stage(self, lid: str, res: LDict, props: LDict) -> None:
        api = self._api_key(props.get("RestApiId"), ApiKind.REST, _REST_API, res, lid)
        settings = _Settings("MethodSettings")
        settings.add_list(props.get("MethodSettings"), props.line_of("MethodSettings"))
        log = (props.get("AccessLogSetting"), "AccessLogSetting", props.line_of("AccessLogSetting"))
        stage = self._stage(
            lid, res, api, props.get("StageName"), _lines(props), props.get("TracingEnabled"), log, settings
        )
        self._stages[api].append(stage)

    def v2_stage(self, lid: str, res: LDict, props: LDict) -> None:
        # the protocol of an API outside the template is unknown: it is modelled as a WebSocket API
        # (so data tracing is not skipped as on an HTTP API), "on" made undecided by _v2_external_trace
        api = self._api_key(props.get("ApiId"), ApiKind.WEBSOCKET, _V2_API, res, lid)
        settings = _Settings("DefaultRouteSettings")
        settings.add(props.get("DefaultRouteSettings"), props.line_of("DefaultRouteSettings"))
        log = (props.get("AccessLogSettings"), "AccessLogSettings", props.line_of("AccessLogSettings"))
        stage = self._stage(lid, res, api, props.get("StageName"), _lines(props), None, log, settings)
        self._stages[api].append(stage)

    def deployment(self, lid: str, res: LDict, props: LDict) -> None:
        """A Deployment with ``StageName`` creates that stage, configured by ``StageDescription``."""
        name = props.get("StageName")
        if name is None:
            return
        api = self._api_key(props.get("RestApiId"), ApiKind.REST, _REST_API, res, lid)
        desc = props.get("StageDescription")
        where = props.line_of("StageDescription")
        lines = _lines(props)
        settings = _Settings("MethodSettings")
        tracing: Any = None
        log: tuple[Any, str, int] = (None, "AccessLogSetting", where)
        if isinstance(desc, Unknown):
            unknown = Unknown(f"StageDescription: {desc.reason}")
            settings.add(unknown, where)
            tracing, log = unknown, (unknown, "AccessLogSetting", where)
        elif isinstance(desc, dict):
            lines.update(_lines(desc))
            # LoggingLevel, DataTraceEnabled and Throttling*Limit at the top are the stage defaults
            settings.add(desc, where)
            settings.add_list(desc.get("MethodSettings"), key_line(desc, "MethodSettings", where))
            tracing = desc.get("TracingEnabled")
            log = (
                desc.get("AccessLogSetting"),
                "AccessLogSetting",
                key_line(desc, "AccessLogSetting", where),
            )
        self._deploy_stages.append((api, self._stage(lid, res, api, name, lines, tracing, log, settings)))

    # -- routes -----------------------------------------------------------

    def resource(self, lid: str, res: LDict, props: LDict) -> None:
        self._paths[lid] = (self.b.ref(props.get("ParentId")), props.get("PathPart"))

    def _path(self, ref: Any, depth: int = 0) -> str:
        if not isinstance(ref, str) or ref not in self._paths or depth > 50:
            return "/"
        parent, part = self._paths[ref]
        base = self._path(parent, depth + 1).rstrip("/")
        return f"{base}/{part}" if isinstance(part, str) else f"{base}/{{?}}"

    def method(self, lid: str, res: LDict, props: LDict) -> None:
        self._methods.append((lid, res, props))

    def _method_origins(self, api: str, path: str, integration: Any, line: int) -> None:
        """The Access-Control-Allow-Origin a (typically OPTIONS, MOCK) integration answers with."""
        responses = _get(integration, "IntegrationResponses")
        found = self._method_cors[api]
        for response in responses if isinstance(responses, list) else []:
            params = _get(response, "ResponseParameters")
            if isinstance(params, Unknown):
                found.append((path, Unknown(f"ResponseParameters: {params.reason}"), line))
                continue
            for key, value in params.items() if isinstance(params, dict) else []:
                if isinstance(key, str) and key.strip().lower() == _ALLOW_ORIGIN:
                    at = key_line(params, key, line_of(params, line))
                    found.append((path, _header_origins(value), at))

    def _path_cors(self, api: str) -> tuple[tuple[Any, ...] | Unknown, int] | None:
        """(origins, line) of a REST API whose CORS its methods configure path by path.

        The union of every path's origins, when it cannot make a path look more open than it is:
        no path allows every origin, or every path with a method allows the same origins.
        Otherwise unknown (which paths a permissive origin covers is not modelled).
        """
        found = self._method_cors.get(api)
        if not found:
            return None
        per_path: dict[str, set[Any]] = defaultdict(set)
        for path, origins, _ in found:
            per_path[path].update(origins if isinstance(origins, tuple) else (origins,))
        union = tuple(dict.fromkeys(o for path, origins, _ in found for o in per_path[path]))
        wide = next(
            (at for _, origins, at in found if isinstance(origins, tuple) and any(map(_wide, origins))), 0
        )
        if not wide:
            return union, found[0][2]
        paths = {route.path for route in self._routes.get(api, ()) if route.method != "OPTIONS"} | set(
            per_path
        )
        if all(per_path.get(path) == per_path[found[0][0]] for path in paths):
            return union, wide
        return Unknown("CORS origins differ between the API's paths"), wide

    def _finish_method(self, lid: str, res: LDict, props: LDict) -> None:
        api = str(self.b.ref(props.get("RestApiId")))
        path = self._path(self.b.ref(props.get("ResourceId")))
        self._method_origins(api, path, props.get("Integration"), self._loc(lid, res).line)
        fn = self._function_of(_get(props.get("Integration"), "Uri"))
        auth = props.get("AuthorizationType", "NONE")
        loc = self._loc(lid, res).at(props.lines.get("AuthorizationType"))
        self._routes[api].append(
            Route(
                api,
                str(props.get("HttpMethod", "ANY")).upper(),
                self._path(self.b.ref(props.get("ResourceId"))),
                auth,
                loc,
                fn,
                props.get("ApiKeyRequired"),
                props.get("RequestValidatorId"),
                query_parameters=self._query(
                    props.get("RequestParameters"), props.line_of("RequestParameters")
                ),
            )
        )
        if fn:
            self._triggers.append(Trigger(TriggerKind.API, fn, self._loc(lid, res), None, api))

    def _query(self, params: Any, line: int) -> tuple[tuple[str, Any], ...]:
        """(name, location) of each query-string parameter a ``RequestParameters`` value declares."""
        return tuple((name, self.b.loc(at)) for name, at in query_parameters(params, line))

    def v2_integration(self, lid: str, res: LDict, props: LDict) -> None:
        self._integrations[lid] = self._function_of(props.get("IntegrationUri"))

    def v2_route(self, lid: str, res: LDict, props: LDict) -> None:
        self._pending_v2.append((lid, res, props))

    def _finish_v2_route(self, lid: str, res: LDict, props: LDict) -> None:
        api = str(self.b.ref(props.get("ApiId")))
        key = props.get("RouteKey")
        websocket = self._apis.get(api, {}).get("kind") is ApiKind.WEBSOCKET
        target = props.get("Target")
        fn = None
        if isinstance(target, Derived):
            fn = next((self._integrations[r] for r in target.refs if r in self._integrations), None)
        if websocket and key != "$connect":
            # only $connect takes an authorizer on WebSocket APIs; the other routes still invoke functions
            if fn:
                self._triggers.append(Trigger(TriggerKind.WEBSOCKET, fn, self._loc(lid, res), None, api))
            return
        method, _, path = str(key).partition(" ") if isinstance(key, str) else ("ANY", "", "?")
        loc = self._loc(lid, res).at(props.lines.get("AuthorizationType"))
        self._routes[api].append(
            Route(
                api,
                method if path else "ANY",
                path or method,
                props.get("AuthorizationType", "NONE"),
                loc,
                fn,
                props.get("ApiKeyRequired"),
            )
        )
        if fn:
            kind = (
                TriggerKind.WEBSOCKET
                if self._apis.get(api, {}).get("kind") is ApiKind.WEBSOCKET
                else TriggerKind.HTTP_API
            )
            self._triggers.append(Trigger(kind, fn, self._loc(lid, res), None, api))

    def pseudo_route(self, lid: str, res: LDict, props: LDict) -> None:
        api = str(self.b.ref(props.get("ApiId")))
        self._route_kinds.setdefault(api, str(props.get("Kind")))
        auth: Any = props.get("Authorization")
        if isinstance(auth, str) and auth.startswith("__unknown__:"):
            auth = Unknown(auth.split(":", 1)[1])
        loc = self.b.loc(props.lines.get("Authorization", res.line))
        self._routes[api].append(
            Route(
                api,
                str(props.get("Method")),
                str(props.get("Path")),
                auth,
                loc,
                props.get("FunctionId"),
                props.get("ApiKeyRequired"),
                props.get("RequestValidator"),
                props.get("Asynchronous") is True,
                self._query(props.get("QueryParameters"), loc.line),
            )
        )

    def authorizer(self, lid: str, res: LDict, props: LDict) -> None:
        api = str(self.b.ref(first_set(props.get("RestApiId"), props.get("ApiId"))))
        kind = str(first_set(props.get("Type"), props.get("AuthorizerType"), "")).lower()
        # Terraform's aws_apigatewayv2_authorizer says identity_sources
        key = "IdentitySource" if "IdentitySource" in props else "IdentitySources"
        query = self._query_sources(props.get(key), props.line_of(key))
        self._authorizers[api].append(Authorizer(lid, kind, self._loc(lid, res), query))

    def _query_sources(self, value: Any, line: int) -> tuple[tuple[str, Any], ...]:
        """(name, location) of each query-string parameter an ``IdentitySource`` names."""
        return tuple((name, self.b.loc(at)) for name, at in identity_query_sources(value, line))

    def domain(self, lid: str, res: LDict, props: LDict) -> None:
        config = _first(props.get("DomainNameConfigurations"))
        v2 = res.get("Type") == "AWS::ApiGatewayV2::DomainName"
        policy = _get(config, "SecurityPolicy") if v2 else props.get("SecurityPolicy")
        endpoint = (
            _get(config, "EndpointType") if v2 else _first(_get(props.get("EndpointConfiguration"), "Types"))
        )
        lines = _lines(props)
        if v2 and isinstance(config, LDict) and "SecurityPolicy" in config.lines:
            lines["SecurityPolicy"] = config.lines["SecurityPolicy"]
        sam_api = res.get("__sam__")  # SAM maps the domain it generates to the API that declares it
        self._domains.append(
            ApiDomain(
                lid,
                self._loc(lid, res),
                props.get("DomainName"),
                policy,
                props.get("MutualTlsAuthentication"),
                endpoint,
                str(res.get("Type")),
                (sam_api,) if isinstance(sam_api, str) else (),
                _tag_pairs(props.get("Tags")),
                lines,
            )
        )

    def mapping(self, lid: str, res: LDict, props: LDict) -> None:
        api = first_set(props.get("RestApiId"), props.get("ApiId"))
        self._mappings.append((props.get("DomainName"), self.b.ref(api)))

    def target_group(self, lid: str, res: LDict, props: LDict) -> None:
        if props.get("TargetType") != "lambda":
            return
        targets = props.get("Targets")
        for t in targets if isinstance(targets, LList) else []:
            fn = self._function_of(_get(t, "Id"))
            if fn:
                self._triggers.append(Trigger(TriggerKind.ALB, fn, self._loc(lid, res), lid))

    # -- results ----------------------------------------------------------

    def _finish(self) -> None:
        for item in self._methods:
            self._finish_method(*item)
        for item in self._pending_v2:
            self._finish_v2_route(*item)
        self._methods, self._pending_v2 = [], []
        for api, stage in self._deploy_stages:
            # an AWS::ApiGateway::Stage of the same name configures that stage instead
            if not any(s.name == stage.name for s in self._stages.get(api, [])):
                self._stages[api].append(stage)
        self._deploy_stages = []

    def apis(self) -> tuple[Api, ...]:
        """Every API with its routes, stages and authorizers.

        Stages of an API defined outside the template (``!ImportValue``, a
        literal id) hang off an API made up for that id: its endpoint type is
        unknown, and it carries no routes or authorizers (those of an API not
        in the template are not analysed).
        """
        self._finish()
        for api, routes in self._routes.items():
            # routes this template adds to an API defined elsewhere (a Serverless restApiId, say)
            if api not in self._apis and api not in self._external and routes:
                kind = ApiKind.REST if self._route_kinds.get(api) == "rest" else ApiKind.HTTP
                rtype = "AWS::ApiGateway::RestApi" if kind is ApiKind.REST else "AWS::ApiGatewayV2::Api"
                self._external[api] = (kind, rtype, routes[0].location)
        made = tuple(
            Api(
                api,
                kind,
                loc,
                rtype,
                Unknown("API defined outside this template"),
                routes=tuple(self._routes.get(api, ())),
                stages=tuple(self._stages.get(api, ())),
            )
            for api, (kind, rtype, loc) in self._external.items()
            if self._stages.get(api) or self._routes.get(api)
        )
        for lid, fields in self._apis.items():
            by_path = self._path_cors(lid)
            if by_path is not None and fields.get("cors_origins") is None:
                fields["cors_origins"], fields["field_lines"]["__cors__"] = by_path
        return (
            tuple(
                Api(
                    routes=self._api_routes(lid),
                    stages=tuple(self._stages.get(lid, ())),
                    authorizers=tuple(self._authorizers.get(lid, ())),
                    **fields,
                )
                for lid, fields in self._apis.items()
            )
            + made
        )

    def _api_routes(self, lid: str) -> tuple[Route, ...]:
        """The API's routes: its definition's, then the others not on a method and path it declares."""
        declared = self._def_routes.get(lid, [])
        taken = {(r.method.upper(), r.path) for r in declared}
        others = [r for r in self._routes.get(lid, ()) if (str(r.method).upper(), r.path) not in taken]
        return tuple(declared) + tuple(others)

    def domains(self) -> tuple[ApiDomain, ...]:
        """Custom domain names, each with the APIs its base path (API) mappings name."""
        out = []
        for domain in self._domains:
            apis = list(domain.apis)
            for target, api in self._mappings:
                if _names_domain(target, domain) and api not in apis:
                    apis.append(api if isinstance(api, str) else Unknown(f"API of a mapping: {api}"))
            out.append(dataclasses.replace(domain, apis=tuple(apis)) if apis != list(domain.apis) else domain)
        return tuple(out)

    def triggers(self) -> tuple[Trigger, ...]:
        """API and ALB triggers (a definition's integration only when no SAM event already says so)."""
        self._finish()
        known = {(t.kind, t.function_id, t.api_id) for t in (*self.b.triggers, *self._triggers)}
        extra: dict[tuple[Any, str, Any], Trigger] = {}
        for t in self._def_triggers:
            if (t.kind, t.function_id, t.api_id) not in known:
                extra.setdefault((t.kind, t.function_id, t.api_id), t)
        return tuple(self._triggers) + tuple(extra.values())
