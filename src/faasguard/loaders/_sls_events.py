"""Serverless Framework function ``events`` as SAM events and the resources the framework adds.

Each event keeps the line of its list item in ``serverless.yml``, so findings
about a route, a permission or a trigger point at the event that made it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from faasguard.loaders._nodes import LDict, key_line
from faasguard.loaders._nodes import node as _node
from faasguard.loaders._nodes import put as _put
from faasguard.loaders._sls_map import HTTP_API, REST_API, _items, _list, _mapping, normalize
from faasguard.model import Unknown

if TYPE_CHECKING:
    from faasguard.loaders._sls_map import _Compiler

__all__ = ["compile_events"]

_WEBSOCKET_API = "WebsocketsApi"


def _arn_of(compiler: _Compiler, value: Any) -> Any:
    """An ARN (or intrinsic) given as a string or as ``{arn: ...}``."""
    if isinstance(value, dict) and "arn" in value:
        return value["arn"]
    return value


class _Events:
    def __init__(self, compiler: _Compiler, name: str, lid: str) -> None:
        self.c = compiler
        self.name = name
        self.lid = lid
        self.events = LDict(line=0)
        self.count: dict[str, int] = {}

    def add(self, kind: str, props: LDict, line: int) -> None:
        n = self.count.get(kind, 0) + 1
        self.count[kind] = n
        event_id = f"{kind}{n}"
        _put(self.events, event_id, _node(line, Type=kind, Properties=props), line)

    def raw(self, rid: str, node: LDict, line: int) -> None:
        self.c.out[rid] = node
        self.c.out.lines[rid] = line

    # -- REST API (http) ------------------------------------------------------

    def _rest_api(self, line: int) -> Any:
        """The ``RestApiId`` of the service's REST API (created on first use)."""
        settings = _mapping(self.c.provider.get("apiGateway"))
        if "restApiId" in settings:
            return settings["restApiId"]
        if self.c.rest_api is None:
            props = _node(line, StageName=self.c.stage, Name=f"{self.c.stage}-{self.c.service}")
            endpoint = self.c.provider.get("endpointType")
            if endpoint is not None:
                _put(
                    props, "EndpointConfiguration", endpoint, key_line(self.c.provider, "endpointType", line)
                )
            policy = settings.get("resourcePolicy")
            if policy is not None:
                pline = key_line(settings, "resourcePolicy", line)
                _put(props, "Auth", _node(pline, ResourcePolicy=_node(pline, CustomStatements=policy)), pline)
            self._rest_logs(props, line)
            tracing = self.c.provider.get("tracing")
            if isinstance(tracing, dict) and "apiGateway" in tracing:
                _put(props, "TracingEnabled", tracing["apiGateway"], key_line(tracing, "apiGateway", line))
            self.c.rest_api = props
            self.raw(REST_API, _node(line, Type="AWS::Serverless::Api", Properties=props), line)
        return {"Ref": REST_API}

    def _rest_logs(self, props: LDict, line: int) -> None:
        logs = _mapping(self.c.provider.get("logs"))
        if "restApi" not in logs:
            return
        config = logs["restApi"]
        lline = key_line(logs, "restApi", line)
        if isinstance(config, Unknown):
            _put(props, "AccessLogSetting", config, lline)
            _put(props, "MethodSettings", config, lline)
            return
        if config is not True and not isinstance(config, dict):
            return
        options = _mapping(config)
        access = options.get("accessLogging", True)
        if access is not False:
            destination = {"Fn::GetAtt": ["ApiGatewayLogGroup", "Arn"]}
            setting = _node(
                lline, DestinationArn=destination, Format=options.get("format", "<framework default>")
            )
            _put(props, "AccessLogSetting", setting, key_line(options, "accessLogging", lline))
            self._log_group("ApiGatewayLogGroup", f"/aws/api-gateway/{self.c.service}-{self.c.stage}", lline)
        if options.get("executionLogging", True) is not False:
            entry = _node(lline, ResourcePath="/*", HttpMethod="*")
            _put(entry, "LoggingLevel", options.get("level", "INFO"), key_line(options, "level", lline))
            # the framework logs full request and response data unless told otherwise
            trace = options.get("fullExecutionData", True)
            _put(entry, "DataTraceEnabled", trace, key_line(options, "fullExecutionData", lline))
            _put(props, "MethodSettings", _list([(entry, lline)], lline), lline)

    def _log_group(self, rid: str, name: str, line: int) -> None:
        """An access-log group the framework creates, with the provider's retention."""
        group = _node(line, LogGroupName=name)
        retention = self.c.provider.get("logRetentionInDays")
        if retention is not None:
            _put(group, "RetentionInDays", retention, key_line(self.c.provider, "logRetentionInDays", line))
        self.raw(rid, _node(line, Type="AWS::Logs::LogGroup", Properties=group), line)

    def _rest_authorizer(self, auth: Any, line: int) -> tuple[Any, Any]:
        """(SAM ``Auth.Authorizer`` name, authorizer config to declare or None)."""
        if isinstance(auth, Unknown):
            return auth, None
        if isinstance(auth, str):
            if auth.lower() == "aws_iam":
                return "AWS_IAM", None
            auth = {"arn": auth} if auth.startswith("arn:") else {"name": auth}
        if not isinstance(auth, dict):
            return None, None
        kind = auth.get("type")
        if isinstance(kind, str) and kind.lower() == "aws_iam":
            return "AWS_IAM", None
        arn = auth.get("arn")
        name = auth.get("name")
        if not isinstance(name, str):
            name = arn.rsplit(":", 1)[-1].rsplit("/", 1)[-1] if isinstance(arn, str) else "Authorizer"
        key = normalize(name) or "Authorizer"
        is_pool = (isinstance(kind, str) and kind.upper() == "COGNITO_USER_POOLS") or (
            isinstance(arn, str) and ":cognito-idp:" in arn
        )
        if is_pool:
            return key, _node(
                line, UserPoolArn=arn if arn is not None else Unknown("user pool ARN not given")
            )
        target = arn if arn is not None else {"Fn::GetAtt": [f"{normalize(name)}LambdaFunction", "Arn"]}
        config = _node(line, FunctionArn=target)
        if "identitySource" in auth:  # where the authorizer reads the caller's credential
            _put(config, "IdentitySource", auth["identitySource"], key_line(auth, "identitySource", line))
        return key, config

    def _rest_cors(self, path: Any, cors: Any, line: int) -> None:
        """An http event's ``cors``, kept as SAM's API-wide ``Cors`` (quoted origins).

        The framework answers OPTIONS on the event's path with these origins (``true``, or a
        mapping without ``origin``/``origins``: ``*``).  CORS is per path here and per API in the
        model: when some path allows every origin and the paths differ, the API's origins are
        unknown rather than made more open than they are.
        """
        api = self.c.rest_api
        if api is None:
            return
        origins: Any = None
        if isinstance(cors, Unknown):
            origins = cors
        elif cors is True or isinstance(cors, dict):
            origins = ["*"]
            if isinstance(cors, dict):
                origins = cors.get("origins", cors.get("origin", ["*"]))
                origins = origins if isinstance(origins, list | Unknown) else [origins]
            if isinstance(origins, list):
                known = all(isinstance(o, str) for o in origins)
                origins = (
                    tuple(str(o).strip() for o in origins) if known else Unknown("a cors origin is computed")
                )
        paths: dict[Any, Any] = api.setdefault("__cors_paths__", {})
        paths[path] = origins
        if "*" in (origins if isinstance(origins, tuple) else ()) and "__cors_line__" not in api:
            api["__cors_line__"] = line
        configured = [o for o in paths.values() if o is not None]
        if not configured:
            return
        unknown = next((o for o in configured if isinstance(o, Unknown)), None)
        wide = "__cors_line__" in api
        where = api.get("__cors_line__", line) if wide else api.line_of("Cors") if "Cors" in api else line
        if unknown is not None:
            _put(api, "Cors", unknown, where)
        elif wide and len(set(paths.values())) > 1:
            _put(api, "Cors", Unknown("CORS origins differ between the API's paths"), where)
        else:
            union = dict.fromkeys(o for found in configured for o in found)
            _put(api, "Cors", "'" + ",".join(union) + "'", where)

    def http(self, spec: Any, line: int) -> None:
        method, path, options = "ANY", "/", LDict(line=line)
        if isinstance(spec, str):
            parts = spec.split()
            method, path = (parts[0], parts[1]) if len(parts) >= 2 else ("ANY", parts[0] if parts else "/")
        elif isinstance(spec, dict):
            options = _mapping(spec)
            method, path = options.get("method", "ANY"), options.get("path", "/")
        path_text = path if isinstance(path, str) else "/{?}"
        props = _node(
            line,
            RestApiId=self._rest_api(line),
            Path="/" + path_text.lstrip("/"),
            Method=method.lower() if isinstance(method, str) else method,
        )
        auth = LDict(line=line)
        if "authorizer" in options:
            aline = key_line(options, "authorizer", line)
            name, config = self._rest_authorizer(options["authorizer"], aline)
            if name is not None:
                _put(auth, "Authorizer", name, aline)
            if config is not None and self.c.rest_api is not None and isinstance(name, str):
                declared = self.c.rest_api.get("Auth")
                if not isinstance(declared, LDict):
                    declared = LDict(line=aline)
                    _put(self.c.rest_api, "Auth", declared, aline)
                authorizers = declared.get("Authorizers")
                if not isinstance(authorizers, LDict):
                    authorizers = LDict(line=aline)
                    _put(declared, "Authorizers", authorizers, aline)
                _put(authorizers, name, config, aline)
        else:
            _put(auth, "Authorizer", "NONE", line)
        if "private" in options:
            _put(auth, "ApiKeyRequired", options["private"], key_line(options, "private", line))
        _put(props, "Auth", auth, auth.line)
        if options.get("async") is True:
            _put(props, "__async__", True, key_line(options, "async", line))
        self._rest_cors(props["Path"], options.get("cors"), key_line(options, "cors", line))
        request = options.get("request")
        if isinstance(request, dict) and ("schemas" in request or "schema" in request):
            # the framework validates the body against the schema (it creates a request validator)
            _put(props, "RequestModel", _node(line, ValidateBody=True), key_line(options, "request", line))
        strings = _mapping(_mapping(_mapping(request).get("parameters")).get("querystrings"))
        if strings:
            query = LDict(line=strings.line)
            for name in strings:
                _put(query, f"method.request.querystring.{name}", strings[name], strings.line_of(name))
            _put(props, "__query__", query, strings.line)
        self.add("Api", props, line)

    # -- HTTP API (httpApi) ---------------------------------------------------

    def _http_api(self, line: int) -> Any:
        settings = _mapping(self.c.provider.get("httpApi"))
        if "id" in settings:
            return settings["id"]
        if self.c.http_api is None:
            props = _node(line, StageName="$default")
            cors = settings.get("cors")
            if cors is not None and cors is not False:
                cline = key_line(settings, "cors", line)
                if isinstance(cors, dict):  # the framework's default origins: every site
                    cors = _node(cline, AllowOrigins=cors.get("allowedOrigins", ["*"]))
                _put(props, "CorsConfiguration", cors, cline)
            if "disableDefaultEndpoint" in settings:
                _put(props, "DisableExecuteApiEndpoint", settings["disableDefaultEndpoint"], line)
            declared = _mapping(settings.get("authorizers"))
            if declared:
                authorizers = LDict(line=key_line(settings, "authorizers", line))
                for name, cfg in declared.items():
                    cline = key_line(declared, name, authorizers.line)
                    spec = _mapping(cfg)
                    kind = spec.get("type", "jwt")
                    if isinstance(kind, str) and kind.lower() == "request":
                        fn = spec.get(
                            "functionArn",
                            {
                                "Fn::GetAtt": [
                                    f"{normalize(str(spec.get('functionName')))}LambdaFunction",
                                    "Arn",
                                ]
                            },
                        )
                        config = _node(cline, FunctionArn=fn, IdentitySource=spec.get("identitySource"))
                    else:
                        jwt = _node(cline, issuer=spec.get("issuerUrl"), audience=spec.get("audience"))
                        config = _node(cline, JwtConfiguration=jwt, IdentitySource=spec.get("identitySource"))
                    _put(authorizers, str(name), config, cline)
                _put(props, "Auth", _node(authorizers.line, Authorizers=authorizers), authorizers.line)
            logs = _mapping(self.c.provider.get("logs"))
            if "httpApi" in logs and logs["httpApi"] not in (False, None):
                lline = key_line(logs, "httpApi", line)
                value = logs["httpApi"]
                setting = (
                    value
                    if isinstance(value, Unknown)
                    else _node(
                        lline,
                        DestinationArn={"Fn::GetAtt": ["HttpApiLogGroup", "Arn"]},
                        Format="<framework default>",
                    )
                )
                _put(props, "AccessLogSettings", setting, lline)
                self._log_group("HttpApiLogGroup", f"/aws/http-api/{self.c.service}-{self.c.stage}", lline)
            self.c.http_api = props
            self.raw(HTTP_API, _node(line, Type="AWS::Serverless::HttpApi", Properties=props), line)
        return {"Ref": HTTP_API}

    def http_api(self, spec: Any, line: int) -> None:
        method, path, options = "ANY", "$default", LDict(line=line)
        if isinstance(spec, str):
            parts = spec.split()
            if len(parts) >= 2:
                method, path = parts[0], parts[1]
        elif isinstance(spec, dict):
            options = _mapping(spec)
            method, path = options.get("method", "ANY"), options.get("path", "$default")
        props = _node(line, ApiId=self._http_api(line), Method=method, Path=path)
        if method == "*":
            props["Method"] = "ANY"
        if "authorizer" in options:
            aline = key_line(options, "authorizer", line)
            auth = options["authorizer"]
            name: Any = None
            if isinstance(auth, Unknown):
                name = auth
            elif isinstance(auth, str):
                name = "AWS_IAM" if auth.lower() == "aws_iam" else auth
            elif isinstance(auth, dict):
                kind = auth.get("type")
                name = "AWS_IAM" if isinstance(kind, str) and kind.lower() == "aws_iam" else auth.get("name")
                if name is None and "id" in auth:
                    name = Unknown("authorizer given by id, defined outside this service")
            if name is not None:
                _put(props, "Auth", _node(aline, Authorizer=name), aline)
        self.add("HttpApi", props, line)

    # -- other event sources ----------------------------------------------------

    def s3(self, spec: Any, line: int) -> None:
        options = _mapping(spec) if isinstance(spec, dict) else LDict({"bucket": spec}, line=line)
        bucket = options.get("bucket")
        if isinstance(bucket, dict) and "Ref" in bucket:
            source: Any = bucket
        elif options.get("existing") is True or not isinstance(bucket, str):
            source = bucket
        else:
            rid = f"S3Bucket{normalize(bucket)}"
            if rid not in self.c.out:
                self.raw(
                    rid, _node(line, Type="AWS::S3::Bucket", Properties=_node(line, BucketName=bucket)), line
                )
            source = {"Ref": rid}
        self.add("S3", _node(line, Bucket=source, Events=options.get("event", "s3:ObjectCreated:*")), line)

    def sns(self, spec: Any, line: int) -> None:
        options = _mapping(spec) if isinstance(spec, dict) else LDict({"topicName": spec}, line=line)
        topic = _arn_of(self.c, options)
        if isinstance(topic, dict) and "topicName" in topic:
            topic = topic["topicName"]
        if isinstance(topic, str) and not topic.startswith("arn:"):
            rid = f"SNSTopic{normalize(topic)}"
            if rid not in self.c.out:
                self.raw(
                    rid, _node(line, Type="AWS::SNS::Topic", Properties=_node(line, TopicName=topic)), line
                )
            topic = {"Ref": rid}
        self.add("SNS", _node(line, Topic=topic), line)

    def sqs(self, spec: Any, line: int) -> None:
        self.add("SQS", _node(line, Queue=_arn_of(self.c, spec)), line)

    def stream(self, spec: Any, line: int) -> None:
        arn = _arn_of(self.c, spec)
        options = _mapping(spec)
        kind = options.get("type")
        if not isinstance(kind, str):
            kind = "dynamodb" if isinstance(arn, str) and ":dynamodb:" in arn else "kinesis"
        props = _node(line, Stream=arn, StartingPosition=options.get("startingPosition", "TRIM_HORIZON"))
        failure = _mapping(options.get("destinations")).get("onFailure")
        if failure is not None:
            target = _arn_of(self.c, failure)
            _put(props, "DestinationConfig", _node(line, OnFailure=_node(line, Destination=target)), line)
        self.add("DynamoDB" if kind.lower() == "dynamodb" else "Kinesis", props, line)

    def schedule(self, spec: Any, line: int) -> None:
        options = _mapping(spec) if isinstance(spec, dict) else LDict({"rate": spec}, line=line)
        rates = options.get("rate")
        for rate, _ in _items(rates) if isinstance(rates, list) else [(rates, line)]:
            props = _node(line, Schedule=rate)
            if "enabled" in options:
                _put(props, "Enabled", options["enabled"], line)
            self.add("Schedule", props, line)

    def event_bridge(self, spec: Any, line: int) -> None:
        options = _mapping(spec)
        if "schedule" in options and "pattern" not in options:
            self.add("Schedule", _node(line, Schedule=options["schedule"]), line)
            return
        props = _node(line, Pattern=options.get("pattern", {}))
        if "eventBus" in options:
            _put(props, "EventBusName", options["eventBus"], line)
        self.add("EventBridgeRule", props, line)

    def cloudwatch_log(self, spec: Any, line: int) -> None:
        options = _mapping(spec) if isinstance(spec, dict) else LDict({"logGroup": spec}, line=line)
        props = _node(line, LogGroupName=options.get("logGroup"), FilterPattern=options.get("filter", ""))
        self.add("CloudWatchLogs", props, line)

    def alexa_skill(self, spec: Any, line: int) -> None:
        if isinstance(spec, dict) and spec.get("enabled") is False:
            return  # the framework then grants lambda:DisableInvokeFunction, not an invoke permission
        props = _node(line)
        app_id = spec.get("appId") if isinstance(spec, dict) else spec
        if app_id is not None and app_id is not True:
            _put(props, "SkillId", app_id, line)
        self.add("AlexaSkill", props, line)

    def iot(self, spec: Any, line: int) -> None:
        self.add("IoTRule", _node(line, Sql=_mapping(spec).get("sql", "")), line)

    def alb(self, spec: Any, line: int) -> None:
        n = self.count.get("Alb", 0) + 1
        self.count["Alb"] = n
        group = f"{normalize(self.name)}AlbTargetGroup{n}"
        target = _list([(_node(line, Id={"Fn::GetAtt": [self.lid, "Arn"]}), line)], line)
        props = _node(line, TargetType="lambda", Targets=target)
        self.raw(group, _node(line, Type="AWS::ElasticLoadBalancingV2::TargetGroup", Properties=props), line)
        perm = _node(
            line,
            FunctionName={"Fn::GetAtt": [self.lid, "Arn"]},
            Action="lambda:InvokeFunction",
            Principal="elasticloadbalancing.amazonaws.com",
            SourceArn={"Ref": group},
        )
        self.raw(
            f"{normalize(self.name)}LambdaPermissionAlb{n}",
            _node(line, Type="AWS::Lambda::Permission", Properties=perm),
            line,
        )

    def websocket(self, spec: Any, line: int) -> None:
        options = _mapping(spec) if isinstance(spec, dict) else LDict({"route": spec}, line=line)
        route = options.get("route")
        if _WEBSOCKET_API not in self.c.out:
            api = _node(line, ProtocolType="WEBSOCKET", Name=f"{self.c.stage}-{self.c.service}-websockets")
            self.raw(_WEBSOCKET_API, _node(line, Type="AWS::ApiGatewayV2::Api", Properties=api), line)
            stage = _node(line, ApiId={"Ref": _WEBSOCKET_API}, StageName=self.c.stage)
            logs = _mapping(self.c.provider.get("logs"))
            if "websocket" in logs and logs["websocket"] not in (False, None):
                lline = key_line(logs, "websocket", line)
                options_ = _mapping(logs["websocket"])
                setting = _node(
                    lline,
                    DestinationArn={"Fn::GetAtt": ["WebsocketsLogGroup", "Arn"]},
                    Format="<framework default>",
                )
                _put(stage, "AccessLogSettings", setting, lline)
                self._log_group(
                    "WebsocketsLogGroup", f"/aws/websocket/{self.c.service}-{self.c.stage}", lline
                )
                route_settings = _node(lline, LoggingLevel=options_.get("level", "INFO"))
                _put(route_settings, "DataTraceEnabled", options_.get("fullExecutionData", True), lline)
                _put(stage, "DefaultRouteSettings", route_settings, lline)
            self.raw(
                "WebsocketsDeploymentStage",
                _node(line, Type="AWS::ApiGatewayV2::Stage", Properties=stage),
                line,
            )
        integration = f"{normalize(self.name)}WebsocketsIntegration"
        if integration not in self.c.out:
            props = _node(
                line,
                ApiId={"Ref": _WEBSOCKET_API},
                IntegrationType="AWS_PROXY",
                IntegrationUri={"Fn::GetAtt": [self.lid, "Arn"]},
            )
            self.raw(integration, _node(line, Type="AWS::ApiGatewayV2::Integration", Properties=props), line)
        route_props = _node(
            line,
            ApiId={"Ref": _WEBSOCKET_API},
            RouteKey=route,
            AuthorizationType="CUSTOM" if "authorizer" in options else "NONE",
            Target={"Fn::Join": ["/", ["integrations", {"Ref": integration}]]},
        )
        route_id = f"{normalize(str(route).lstrip('$'))}WebsocketsRoute"
        self.raw(route_id, _node(line, Type="AWS::ApiGatewayV2::Route", Properties=route_props), line)

    def other(self, kind: str, line: int) -> None:
        trigger = _node(line, Kind=kind, FunctionId=self.lid)
        self.raw(
            f"{self.lid}{normalize(kind)}Trigger{line}",
            _node(line, Type="FG::Trigger", Properties=trigger),
            line,
        )


_HANDLERS = {
    "http": _Events.http,
    "httpApi": _Events.http_api,
    "s3": _Events.s3,
    "sns": _Events.sns,
    "sqs": _Events.sqs,
    "stream": _Events.stream,
    "schedule": _Events.schedule,
    "eventBridge": _Events.event_bridge,
    "cloudwatchEvent": _Events.event_bridge,
    "cloudwatchLog": _Events.cloudwatch_log,
    "alexaSkill": _Events.alexa_skill,
    "iot": _Events.iot,
    "alb": _Events.alb,
    "websocket": _Events.websocket,
}
_OTHER = {
    "cognitoUserPool": "cognito",
    "msk": "msk",
    "kafka": "msk",
    "activemq": "mq",
    "rabbitmq": "mq",
    "alexaSmartHome": "alexa",
    "iotFleetProvisioning": "iot",
}


def compile_events(compiler: _Compiler, name: str, lid: str, fn: LDict) -> LDict:
    """The SAM ``Events`` of function ``name``; raw resources go straight into the template."""
    events = _Events(compiler, name, lid)
    raw = fn.get("events")
    events.events.line = key_line(fn, "events", fn.line)
    if isinstance(raw, Unknown):
        compiler.notes.append((events.events.line, f"function {name}: events not analysed ({raw.reason})"))
        return events.events
    for item, line in _items(raw):
        if isinstance(item, str):
            item = {item: True}
        if not isinstance(item, dict) or len(item) != 1:
            compiler.notes.append((line, f"function {name}: event not understood; skipped"))
            continue
        kind, spec = next(iter(item.items()))
        handler = _HANDLERS.get(str(kind))
        if handler is not None:
            handler(events, spec, line)
        elif str(kind) in _OTHER:
            events.other(_OTHER[str(kind)], line)
        else:
            compiler.notes.append((line, f"function {name}: event type {kind} is not analysed"))
    return events.events
