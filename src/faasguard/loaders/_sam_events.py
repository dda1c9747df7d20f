"""SAM function ``Events``: triggers, API routes and the permissions SAM adds.

Each event becomes an ``FG::Trigger`` pseudo-resource (and an ``FG::Route``
for API events) plus, where SAM creates one, an ``AWS::Lambda::Permission``
marked ``__implicit__`` with the ``SourceArn``/``SourceAccount`` SAM sets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.loaders._nodes import LDict, LList, key_line
from faasguard.loaders._nodes import node as _node

__all__ = ["expand_events", "route_authorization"]

# SAM event type -> (trigger kind, permission principal or None, source property)
_EVENTS: dict[str, tuple[str, str | None, str | None]] = {
    "S3": ("s3", "s3.amazonaws.com", "Bucket"),
    "SNS": ("sns", "sns.amazonaws.com", "Topic"),
    "SQS": ("sqs", None, "Queue"),
    "Kinesis": ("kinesis", None, "Stream"),
    "DynamoDB": ("dynamodb", None, "Stream"),
    "MSK": ("msk", None, "Stream"),
    "MQ": ("mq", None, "Broker"),
    "SelfManagedKafka": ("msk", None, None),
    "DocumentDB": ("other", None, "Cluster"),
    "Schedule": ("schedule", "events.amazonaws.com", None),
    "ScheduleV2": ("schedule", None, None),
    "CloudWatchEvent": ("eventbridge", "events.amazonaws.com", None),
    "EventBridgeRule": ("eventbridge", "events.amazonaws.com", None),
    "CloudWatchLogs": ("cloudwatch_logs", "logs.amazonaws.com", "LogGroupName"),
    "IoTRule": ("iot", "iot.amazonaws.com", None),
    "AlexaSkill": ("alexa", "alexa-appkit.amazon.com", None),
    "Cognito": ("cognito", "cognito-idp.amazonaws.com", "UserPool"),
    "Api": ("api", "apigateway.amazonaws.com", None),
    "HttpApi": ("http_api", "apigateway.amazonaws.com", None),
}
_STREAMS = frozenset({"Kinesis", "DynamoDB", "MSK", "SelfManagedKafka", "MQ", "DocumentDB", "SQS"})
# events for which SAM creates an ``AWS::Events::Rule`` named ``<Function><Event>``; the loader
# maps that rule (targeting the function) to the trigger, so no ``FG::Trigger`` is added for them
_RULE_EVENTS = frozenset({"Schedule", "CloudWatchEvent", "EventBridgeRule"})


def _api_props(api_ref: Any, default_id: str, globals_: Any, resources: Any, section: str) -> tuple[str, Any]:
    """The (logical id, merged properties) of the API an event attaches to."""
    from faasguard.loaders.sam import merge_globals

    api_id = default_id
    if isinstance(api_ref, dict) and "Ref" in api_ref and isinstance(api_ref["Ref"], str):
        api_id = api_ref["Ref"]
    elif isinstance(api_ref, str):
        api_id = api_ref
    elif api_ref is not None:
        return "", None
    res = resources.get(api_id) if isinstance(resources, dict) else None
    props = res.get("Properties") if isinstance(res, dict) else None
    glob = globals_.get(section) if isinstance(globals_, dict) else None
    if api_ref is None:
        return api_id, glob if isinstance(glob, dict) else LDict()
    if isinstance(glob, dict) and isinstance(props, dict):
        props = merge_globals(glob, props)
    return api_id, props


def route_authorization(event_auth: Any, api_props: Any, http: bool) -> str:
    """The authorization type SAM gives a route (``__unknown__:why`` when undecidable)."""
    auth = api_props.get("Auth") if isinstance(api_props, dict) else None
    authorizers = auth.get("Authorizers") if isinstance(auth, dict) else None
    name = event_auth.get("Authorizer") if isinstance(event_auth, dict) else None
    if name is None and isinstance(auth, dict):
        name = auth.get("DefaultAuthorizer")
    if name is None:
        if isinstance(api_props, dict) and ("DefinitionBody" in api_props or "DefinitionUri" in api_props):
            return "__unknown__:the API's OpenAPI definition may set security"
        return "NONE"
    if not isinstance(name, str):
        return "__unknown__:authorizer name is computed"
    if name == "NONE":
        return "NONE"
    if name == "AWS_IAM":
        return "AWS_IAM"
    config = authorizers.get(name) if isinstance(authorizers, dict) else None
    if http:
        if isinstance(config, dict) and ("JwtConfiguration" in config or "IdentitySource" in config):
            return "JWT" if "JwtConfiguration" in config else "CUSTOM"
        return "CUSTOM" if isinstance(config, dict) else "JWT"
    if isinstance(config, dict) and "UserPoolArn" in config:
        return "COGNITO_USER_POOLS"
    return "CUSTOM"


def expand_events(
    fn_id: str,
    events: LDict,
    globals_: Any,
    resources: Any,
    implicit_apis: dict[str, LDict],
    fn_ref: Any = None,
) -> Iterator[tuple[str, LDict]]:
    """Pseudo-resources for each event of function ``fn_id``.

    ``fn_ref`` is what SAM's permissions name as ``FunctionName``: ``{"Ref": <alias>}`` with
    ``AutoPublishAlias``, else (``None``) the function itself.
    """
    invoked = fn_ref if fn_ref is not None else {"Ref": fn_id}
    for name, event in events.items():
        if not isinstance(event, dict):
            continue
        line = events.lines.get(name, events.line)
        etype = event.get("Type")
        raw = event.get("Properties")
        props = raw if isinstance(raw, LDict) else LDict(raw if isinstance(raw, dict) else {}, line=line)
        kind, principal, source_key = _EVENTS.get(str(etype), ("other", None, None))
        source = props.get(source_key) if source_key else None
        trigger = _node(line, Kind=kind, FunctionId=fn_id, Source=source)
        if etype == "Api" and props.get("__async__") is True:
            trigger["Kind"] = "api_async"  # an API that invokes the function with InvocationType Event
        if etype in _STREAMS:
            dest = props.get("DestinationConfig")
            trigger["HasFailureDestination"] = isinstance(dest, dict) and "OnFailure" in dest
        if etype in ("Api", "HttpApi"):
            yield from _api_event(
                fn_id, name, str(etype), props, line, globals_, resources, implicit_apis, trigger, invoked
            )
        if etype in _RULE_EVENTS or etype == "ScheduleV2":
            yield f"{fn_id}{name}", _event_rule(fn_id, name, str(etype), props, line)
        if etype not in _RULE_EVENTS:
            yield f"{fn_id}{name}Trigger", _node(line, Type="FG::Trigger", Properties=trigger, __sam__=fn_id)
        if principal is None or etype in ("Api", "HttpApi"):
            continue
        perm = _node(line, FunctionName=invoked, Action="lambda:InvokeFunction", Principal=principal)
        if etype == "S3":
            perm["SourceAccount"] = {"Ref": "AWS::AccountId"}
            perm["SourceArn"] = {"Fn::Sub": ["arn:aws:s3:::${B}", {"B": source}]}
        elif etype == "SNS" and source is not None:
            perm["SourceArn"] = source
        elif etype in ("Schedule", "CloudWatchEvent", "EventBridgeRule"):
            perm["SourceArn"] = {"Fn::GetAtt": [f"{fn_id}{name}", "Arn"]}
        elif etype == "CloudWatchLogs":
            perm["SourceArn"] = {
                "Fn::Sub": ["arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${G}:*", {"G": source}]
            }
        elif etype == "IoTRule":
            perm["SourceAccount"] = {"Ref": "AWS::AccountId"}
        elif etype == "AlexaSkill" and "SkillId" in props:
            perm["EventSourceToken"] = props["SkillId"]
        elif etype == "Cognito" and source is not None:
            perm["SourceArn"] = {
                "Fn::GetAtt": [source.get("Ref", "") if isinstance(source, dict) else "", "Arn"]
            }
        yield (
            f"{fn_id}{name}Permission",
            _node(line, Type="AWS::Lambda::Permission", Properties=perm, __sam__=fn_id, __implicit__=True),
        )


def _event_rule(fn_id: str, name: str, etype: str, props: LDict, line: int) -> LDict:
    """The ``AWS::Events::Rule`` (``AWS::Scheduler::Schedule`` for ScheduleV2) SAM creates for an event."""
    arn = {"Fn::GetAtt": [fn_id, "Arn"]}
    rule = LDict(line=line)
    if etype == "ScheduleV2":
        rtype = "AWS::Scheduler::Schedule"
        copied = {"ScheduleExpression": "ScheduleExpression", "State": "State", "GroupName": "GroupName"}
        rule["Target"] = _node(line, Arn=arn)
        rule.lines["Target"] = line
    else:
        rtype = "AWS::Events::Rule"
        copied = {"Schedule": "ScheduleExpression", "Pattern": "EventPattern", "EventBusName": "EventBusName"}
        copied.update({"State": "State", "Name": "Name", "RuleName": "Name"})
        targets = LList([_node(line, Arn=arn, Id=f"{fn_id}{name}LambdaTarget")], line=line)
        targets.lines = [line]
        rule["Targets"] = targets
        rule.lines["Targets"] = line
    for source, dest in copied.items():
        if source in props:
            rule[dest] = props[source]
            rule.lines[dest] = props.lines.get(source, line)
    return _node(line, Type=rtype, Properties=rule, __sam__=fn_id)


def _api_event(
    fn_id: str,
    name: str,
    etype: str,
    props: LDict,
    line: int,
    globals_: Any,
    resources: Any,
    implicit_apis: dict[str, LDict],
    trigger: LDict,
    invoked: Any,
) -> Iterator[tuple[str, LDict]]:
    http = etype == "HttpApi"
    ref_key = "ApiId" if http else "RestApiId"
    default_id = "ServerlessHttpApi" if http else "ServerlessRestApi"
    api_id, api_props = _api_props(
        props.get(ref_key), default_id, globals_, resources, "HttpApi" if http else "Api"
    )
    if props.get(ref_key) is None:
        if not isinstance(api_props, LDict) or not api_props.line:
            api_props = LDict(api_props or {}, line=line)  # no Globals: the first event stands for the API
        implicit_apis.setdefault(default_id, api_props)
    trigger["ApiId"] = api_id or None
    method = str(props.get("Method", "ANY")).upper() if http or "Method" in props else "ANY"
    path = props.get("Path", "$default" if http else "/")
    auth = route_authorization(props.get("Auth"), api_props, http)
    event_auth = props.get("Auth") if isinstance(props.get("Auth"), dict) else {}
    api_key = event_auth.get("ApiKeyRequired") if isinstance(event_auth, dict) else None
    if api_key is None and isinstance(api_props, dict) and isinstance(api_props.get("Auth"), dict):
        api_key = api_props["Auth"].get("ApiKeyRequired")
    # the line that decides the route's authorization: the event's Authorizer, else its Auth block
    route_line = key_line(event_auth, "Authorizer", props.lines.get("Auth", line))
    route = _node(
        line,
        ApiId=api_id,
        Kind="http" if http else "rest",
        Method=method,
        Path=path,
        Authorization=auth,
        FunctionId=fn_id,
        ApiKeyRequired=api_key,
    )
    route.lines["Authorization"] = route_line
    if "RequestModel" in props or "RequestParameters" in props:
        route["RequestValidator"] = True
    # the Serverless Framework's request.parameters arrive as __query__ (they validate nothing)
    for key in ("RequestParameters", "__query__"):
        if key in props:
            route["QueryParameters"] = props[key]
            route.lines["QueryParameters"] = props.lines.get(key, line)
            break
    if props.get("__async__") is True:
        route["Asynchronous"] = True
    yield f"{fn_id}{name}Route", _node(line, Type="FG::Route", Properties=route, __sam__=fn_id)
    if api_id:
        source = {
            "Fn::Sub": ["arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${A}/*", {"A": {"Ref": api_id}}]
        }
        perm = _node(
            line,
            FunctionName=invoked,
            Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=source,
        )
        yield (
            f"{fn_id}{name}Permission",
            _node(line, Type="AWS::Lambda::Permission", Properties=perm, __sam__=fn_id, __implicit__=True),
        )
