"""API Gateway (REST, HTTP, WebSocket) and ALB resources into model APIs and triggers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from faasguard.loaders._nodes import LDict, LList
from faasguard.model import (
    Api,
    ApiDomain,
    ApiKind,
    ApiStage,
    Authorizer,
    Derived,
    Route,
    Trigger,
    TriggerKind,
    Unknown,
)

if TYPE_CHECKING:
    from faasguard.loaders.cloudformation import _Builder

__all__ = ["Collector"]

Handler = Callable[["_Builder", str, LDict, LDict], None]


def _get(node: Any, key: str) -> Any:
    """``node[key]``; ``None`` when absent; an unknown node makes every child unknown."""
    if isinstance(node, Unknown):
        return node
    return node.get(key) if isinstance(node, dict) else None


def _lines(node: Any) -> dict[str, int]:
    return {str(k): v for k, v in node.lines.items()} if isinstance(node, LDict) else {}


def _first(node: Any) -> Any:
    if isinstance(node, list):
        return node[0] if node else None
    return node


class Collector:
    """Builds APIs, stages, routes, domains and API/ALB triggers for a ``_Builder``."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self._apis: dict[str, dict[str, Any]] = {}
        self._routes: dict[str, list[Route]] = defaultdict(list)
        self._stages: dict[str, list[ApiStage]] = defaultdict(list)
        self._deploy_stages: list[tuple[str, str, Any]] = []
        self._authorizers: dict[str, list[Authorizer]] = defaultdict(list)
        self._paths: dict[str, tuple[Any, Any]] = {}
        self._integrations: dict[str, Any] = {}
        self._pending_v2: list[tuple[str, LDict, LDict]] = []
        self._methods: list[tuple[str, LDict, LDict]] = []
        self._domains: list[ApiDomain] = []
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
        self._new_api(lid, res, props, ApiKind.REST, endpoint, props.get("Policy") is not None)

    def v2_api(self, lid: str, res: LDict, props: LDict) -> None:
        proto = props.get("ProtocolType")
        kind = ApiKind.WEBSOCKET if proto == "WEBSOCKET" else ApiKind.HTTP
        self._new_api(lid, res, props, kind, "REGIONAL", False)
        target = props.get("Target")  # quick-create HTTP API: one default route to the target
        fn = self._function_of(target)
        if fn:
            self._routes[lid].append(Route(lid, "ANY", "$default", "NONE", self._loc(lid, res), fn))
            self._triggers.append(Trigger(TriggerKind.HTTP_API, fn, self._loc(lid, res), None, lid))

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
                self._authorizers[lid].append(Authorizer(str(name), akind, loc))
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

    # -- stages -----------------------------------------------------------

    def rest_stage(self, lid: str, res: LDict, props: LDict) -> None:
        api = self.b.ref(props.get("RestApiId"))
        settings = props.get("MethodSettings")
        rate = burst = level = None
        data_trace: Any = None
        for s in settings if isinstance(settings, list) else []:
            if not isinstance(s, dict):
                continue
            rate = s.get("ThrottlingRateLimit", rate)
            burst = s.get("ThrottlingBurstLimit", burst)
            level = s.get("LoggingLevel", level)
            if s.get("DataTraceEnabled") is not None and data_trace is not True:
                data_trace = s.get("DataTraceEnabled")
        log = props.get("AccessLogSetting")
        stage = ApiStage(
            lid,
            str(api),
            self._loc(lid, res),
            props.get("StageName"),
            _get(log, "DestinationArn") if isinstance(log, dict) else log,
            _get(log, "Format"),
            props.get("TracingEnabled"),
            rate,
            burst,
            level,
            data_trace,
            _lines(props),
        )
        self._stages[str(api)].append(stage)

    def v2_stage(self, lid: str, res: LDict, props: LDict) -> None:
        api = self.b.ref(props.get("ApiId"))
        log = props.get("AccessLogSettings")
        route = props.get("DefaultRouteSettings")
        stage = ApiStage(
            lid,
            str(api),
            self._loc(lid, res),
            props.get("StageName"),
            _get(log, "DestinationArn") if isinstance(log, dict) else log,
            _get(log, "Format"),
            None,
            _get(route, "ThrottlingRateLimit"),
            _get(route, "ThrottlingBurstLimit"),
            _get(route, "LoggingLevel"),
            _get(route, "DataTraceEnabled"),
            _lines(props),
        )
        self._stages[str(api)].append(stage)

    def deployment(self, lid: str, res: LDict, props: LDict) -> None:
        name = props.get("StageName")
        if name is not None:
            self._deploy_stages.append((str(self.b.ref(props.get("RestApiId"))), lid, name))

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

    def _finish_method(self, lid: str, res: LDict, props: LDict) -> None:
        api = str(self.b.ref(props.get("RestApiId")))
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
            )
        )
        if fn:
            self._triggers.append(Trigger(TriggerKind.API, fn, self._loc(lid, res), None, api))

    def v2_integration(self, lid: str, res: LDict, props: LDict) -> None:
        self._integrations[lid] = self._function_of(props.get("IntegrationUri"))

    def v2_route(self, lid: str, res: LDict, props: LDict) -> None:
        self._pending_v2.append((lid, res, props))

    def _finish_v2_route(self, lid: str, res: LDict, props: LDict) -> None:
        api = str(self.b.ref(props.get("ApiId")))
        key = props.get("RouteKey")
        if self._apis.get(api, {}).get("kind") is ApiKind.WEBSOCKET and key != "$connect":
            return  # only $connect takes an authorizer on WebSocket APIs
        target = props.get("Target")
        fn = None
        if isinstance(target, Derived):
            fn = next((self._integrations[r] for r in target.refs if r in self._integrations), None)
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
            )
        )

    def authorizer(self, lid: str, res: LDict, props: LDict) -> None:
        api = str(self.b.ref(props.get("RestApiId") or props.get("ApiId")))
        kind = str(props.get("Type") or props.get("AuthorizerType") or "").lower()
        self._authorizers[api].append(Authorizer(lid, kind, self._loc(lid, res)))

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
        self._domains.append(
            ApiDomain(
                lid,
                self._loc(lid, res),
                props.get("DomainName"),
                policy,
                props.get("MutualTlsAuthentication"),
                endpoint,
                lines,
            )
        )

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
        for api, lid, name in self._deploy_stages:
            if not any(s.name == name for s in self._stages.get(api, [])):
                res = self.b.resources.get(lid)
                loc = self.b.loc(self.b.resources.lines.get(lid, getattr(res, "line", 0)))
                self._stages[api].append(ApiStage(lid, api, loc, name))
        self._deploy_stages = []

    def apis(self) -> tuple[Api, ...]:
        """Every API with its routes, stages and authorizers."""
        self._finish()
        return tuple(
            Api(
                routes=tuple(self._routes.get(lid, ())),
                stages=tuple(self._stages.get(lid, ())),
                authorizers=tuple(self._authorizers.get(lid, ())),
                **fields,
            )
            for lid, fields in self._apis.items()
        )

    def domains(self) -> tuple[ApiDomain, ...]:
        """Custom domain names."""
        return tuple(self._domains)

    def triggers(self) -> tuple[Trigger, ...]:
        """API and ALB triggers."""
        self._finish()
        return tuple(self._triggers)
