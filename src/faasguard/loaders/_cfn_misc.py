"""CloudFormation resources around functions: keys, secrets, trails, logs, networks, queues."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from faasguard.loaders._nodes import LDict, LList, first_set
from faasguard.loaders._nodes import child as _get
from faasguard.loaders._nodes import field_lines as _lines
from faasguard.loaders._policy import parse_policy
from faasguard.model import (
    Alarm,
    Bucket,
    Derived,
    EventRule,
    KmsKey,
    LogGroup,
    MessageResource,
    MetricFilter,
    Permission,
    Policy,
    Secret,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
    Trail,
    Trigger,
    TriggerKind,
    Unknown,
    WafAssociation,
)

if TYPE_CHECKING:
    from faasguard.loaders.cloudformation import _Builder

__all__ = ["Collector"]

Handler = Callable[["_Builder", str, LDict, LDict], None]


def _management_events(props: Any) -> bool | Unknown:
    """Whether a trail records management events (the default) given its event selectors."""
    advanced = props.get("AdvancedEventSelectors")
    basic = props.get("EventSelectors")
    if isinstance(advanced, Unknown) or isinstance(basic, Unknown):
        return advanced if isinstance(advanced, Unknown) else basic
    if isinstance(advanced, list) and advanced:
        categories: list[Any] = []
        for sel in advanced:
            fields = _get(sel, "FieldSelectors")
            if isinstance(fields, Unknown):
                return fields
            for f in fields if isinstance(fields, list) else []:
                if _get(f, "Field") == "eventCategory":
                    categories.append(_get(f, "Equals"))
        if any(isinstance(c, Unknown) for c in categories):
            return Unknown("an advanced event selector's eventCategory is computed")
        return any(isinstance(c, list) and "Management" in c for c in categories)
    if isinstance(basic, list) and basic:
        flags = [_get(sel, "IncludeManagementEvents") for sel in basic]
        if any(isinstance(f, Unknown) for f in flags):
            return Unknown("IncludeManagementEvents is computed")
        return any(f is None or f is True or str(f).lower() == "true" for f in flags)
    return True


def _items(node: Any) -> list[tuple[Any, int]]:
    """The items of a list with their lines; ``[]`` for anything else (test for ``Unknown`` first)."""
    if isinstance(node, list):
        lines = node.lines if isinstance(node, LList) else []
        return [(v, lines[i] if i < len(lines) else getattr(node, "line", 0)) for i, v in enumerate(node)]
    return []


def _flag(value: Any) -> bool | Unknown | None:
    """A boolean property: ``None`` when absent, unknown when not readable as a boolean."""
    if value is None or isinstance(value, Unknown | bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return Unknown(f"not a boolean: {value!r}")


def _any_true(values: list[bool | Unknown]) -> bool | Unknown:
    """True when one value is true, else the first unknown, else False."""
    if any(v is True for v in values):
        return True
    return next((v for v in values if isinstance(v, Unknown)), False)


#: The resource types a Lambda function is declared with (SAM functions are expanded).
_FUNCTION_TYPES = ("AWS::Lambda::Function", "AWS::Serverless::Function")
#: Resources whose Ref/ARN invokes a function through a qualifier.
_QUALIFIER_TYPES = ("AWS::Lambda::Alias", "AWS::Lambda::Version")
#: ``arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`` (the region and
#: account may be ``${AWS::Region}`` placeholders, which hold colons themselves)
_FUNCTION_ARN = re.compile(r"^arn:.*:lambda:.*:function:([^:]+)(?::[^:]+)?$")


class Collector:
    """Builds the non-function parts of a workload for a ``_Builder``."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.managed_policies: dict[str, Policy] = {}
        self.keys: list[KmsKey] = []
        self.secrets: list[dict[str, Any]] = []
        self.secret_names: dict[str, Any] = {}  # secret id -> its Name property (None when unset)
        self.attachments: dict[str, Any] = {}  # SecretTargetAttachment id -> its SecretId
        self.rotations: list[tuple[Any, str]] = []  # (resolved SecretId, schedule id)
        self.trails: list[Trail] = []
        self.buckets: dict[str, dict[str, Any]] = {}
        self.bucket_policies: list[tuple[Any, Policy]] = []
        self.log_groups: list[LogGroup] = []
        self.alarms: list[Alarm] = []
        self.metric_filters: list[MetricFilter] = []
        self.event_rules: list[EventRule] = []
        self.wafs: list[WafAssociation] = []
        self.groups: dict[str, dict[str, Any]] = {}
        self.extra_rules: list[tuple[Any, SecurityGroupRule, str]] = []  # (group, rule, resource id)
        self.subnets: dict[str, dict[str, Any]] = {}
        self.route_tables_igw: set[str] = set()
        self.route_tables_maybe: dict[str, Unknown] = {}  # table -> why it may route to a gateway
        self.any_table_maybe: Unknown | None = None  # a route to a gateway from an unknown table
        self.subnet_tables: list[tuple[Any, Any]] = []
        self.messages: list[MessageResource] = []
        self._table: dict[str, Callable[[str, LDict, LDict], None]] = {
            "AWS::KMS::Key": self.kms_key,
            "AWS::KMS::ReplicaKey": self.replica_key,
            "AWS::SecretsManager::Secret": self.secret,
            "AWS::SecretsManager::RotationSchedule": self.rotation,
            "AWS::SecretsManager::SecretTargetAttachment": self.secret_attachment,
            "AWS::CloudTrail::Trail": self.trail,
            "AWS::S3::Bucket": self.bucket,
            "AWS::S3::BucketPolicy": self.bucket_policy,
            "AWS::Logs::LogGroup": self.log_group,
            "AWS::CloudWatch::Alarm": self.alarm,
            "AWS::Logs::MetricFilter": self.metric_filter,
            "AWS::Events::Rule": self.event_rule,
            "AWS::WAFv2::WebACLAssociation": self.waf,
            "AWS::WAFRegional::WebACLAssociation": self.waf,
            "AWS::EC2::SecurityGroup": self.security_group,
            "AWS::EC2::SecurityGroupEgress": self.sg_rule,
            "AWS::EC2::SecurityGroupIngress": self.sg_rule,
            "AWS::EC2::Subnet": self.subnet,
            "AWS::EC2::Route": self.route,
            "AWS::EC2::SubnetRouteTableAssociation": self.subnet_table,
            "AWS::SQS::Queue": self.message,
            "AWS::SNS::Topic": self.message,
            "AWS::SNS::Subscription": self.sns_subscription,
            "AWS::Kinesis::Stream": self.message,
            "AWS::DynamoDB::Table": self.message,
            "AWS::Lambda::LayerVersionPermission": self.layer_permission,
        }

    def handler(self, rtype: str) -> Handler | None:
        """The handler for ``rtype`` in builder-call form, or ``None``."""
        method = self._table.get(rtype)
        if method is None:
            return None
        return lambda _b, lid, res, props: method(lid, res, props)

    def _loc(self, lid: str, res: LDict) -> Any:
        return self.b.loc(self.b.resources.lines.get(lid, res.line))

    def _note(self, line: int, text: str) -> None:
        self.b.notes.append((self.b.loc(line), text))

    # -- functions invoked by other resources -------------------------------

    def _rtype(self, lid: str) -> Any:
        return _get(self.b.resources.get(lid), "Type")

    def function_id(self, value: Any, depth: int = 0) -> str | Unknown | None:
        """The function of this template ``value`` (an ARN, name or reference) invokes.

        ``None`` when it names no function of this template (a function
        elsewhere), unknown when it cannot be told.  Aliases and versions
        lead to their function.
        """
        if isinstance(value, Unknown):
            return value
        if not isinstance(value, str):
            return Unknown(f"not a function ARN: {value!r}")
        target = self.b.ref(value)
        if isinstance(target, str) and target in self.b.ids:
            rtype = self._rtype(target)
            if rtype in _FUNCTION_TYPES:
                return target
            if rtype in _QUALIFIER_TYPES and depth < 5:
                raw = _get(_get(self.b.resources.get(target), "Properties"), "FunctionName")
                return self.function_id(self.b.resolver.resolve(raw), depth + 1)
            return None
        if isinstance(value, Derived) and value.refs & self.b.ids:
            return Unknown(f"{value} is computed from resources of this template")
        match = _FUNCTION_ARN.match(value.strip())
        name = match.group(1) if match else value.strip()
        for lid, res in self.b.resources.items():
            if _get(res, "Type") in _FUNCTION_TYPES:
                fn_name = self.b.resolver.resolve(_get(_get(res, "Properties"), "FunctionName"))
                if isinstance(fn_name, str) and fn_name == name:
                    return str(lid)
        return None

    def _async_trigger(
        self, kind: TriggerKind, lid: str, target: Any, line: int, source: Any, what: str
    ) -> None:
        fn = self.function_id(target)
        if isinstance(fn, Unknown):
            self._note(
                line, f"{lid}: the function {what} invokes cannot be resolved ({fn.reason}); not analysed"
            )
        elif fn is not None:
            self.b.triggers.append(Trigger(kind, fn, self.b.loc(line), source))

    def _sns_endpoint(self, lid: str, protocol: Any, endpoint: Any, line: int, topic: Any) -> None:
        if isinstance(protocol, str) and protocol.strip().lower() != "lambda":
            return
        if endpoint is None:
            return
        if isinstance(protocol, Unknown) and not isinstance(endpoint, Unknown):
            fn = self.function_id(endpoint)
            if fn is None:  # not a function of this template: whatever the protocol, no trigger here
                return
        self._async_trigger(TriggerKind.SNS, lid, endpoint, line, topic, "the subscription")

    def sns_subscription(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.b.resources.lines.get(lid, res.line)
        topic = props.get("TopicArn")
        self._sns_endpoint(lid, props.get("Protocol"), props.get("Endpoint"), line, topic)

    def _topic_subscriptions(self, lid: str, props: LDict, line: int) -> None:
        subs = props.get("Subscription")
        if isinstance(subs, Unknown):
            self._note(
                props.line_of("Subscription") or line, f"{lid}: Subscription not analysed ({subs.reason})"
            )
            return
        topic = Derived("${" + lid + "}", "ref", frozenset({lid}))
        for sub, sline in _items(subs):
            if isinstance(sub, Unknown):
                self._note(sline, f"{lid}: a subscription is not analysed ({sub.reason})")
                continue
            self._sns_endpoint(lid, _get(sub, "Protocol"), _get(sub, "Endpoint"), sline, topic)

    def _bucket_notifications(self, lid: str, props: LDict, line: int) -> None:
        config = props.get("NotificationConfiguration")
        lambdas = _get(config, "LambdaConfigurations")
        if isinstance(lambdas, Unknown):
            where = props.line_of("NotificationConfiguration") or line
            self._note(where, f"{lid}: NotificationConfiguration not analysed ({lambdas.reason})")
            return
        for item, iline in _items(lambdas):
            self._async_trigger(TriggerKind.S3, lid, _get(item, "Function"), iline, lid, "the notification")

    # -- keys and secrets ---------------------------------------------------

    def _key_policy(self, props: LDict, loc: Any) -> Policy | None:
        policy = props.get("KeyPolicy")
        return parse_policy(policy, "key policy", loc, "resource") if policy is not None else None

    def kms_key(self, lid: str, res: LDict, props: LDict) -> None:
        loc = self._loc(lid, res)
        self.keys.append(
            KmsKey(
                id=lid,
                location=loc,
                rotation=props.get("EnableKeyRotation"),
                pending_window_days=props.get("PendingWindowInDays"),
                key_spec=props.get("KeySpec"),
                policy=self._key_policy(props, loc),
                origin=props.get("Origin"),
                field_lines=_lines(props),
            )
        )

    def replica_key(self, lid: str, res: LDict, props: LDict) -> None:
        """A multi-Region replica key.

        It has its own deletion window, but its key spec, origin and rotation
        are the primary key's (a replica cannot set them).  ``field_lines``
        always holds ``PrimaryKeyArn``: that is how rules tell a replica.
        """
        loc = self._loc(lid, res)
        lines = _lines(props)
        lines.setdefault("PrimaryKeyArn", self.b.resources.lines.get(lid, res.line))
        self.keys.append(
            KmsKey(
                id=lid,
                location=loc,
                pending_window_days=props.get("PendingWindowInDays"),
                policy=self._key_policy(props, loc),
                field_lines=lines,
            )
        )

    def secret(self, lid: str, res: LDict, props: LDict) -> None:
        self.secrets.append(
            {
                "id": lid,
                "location": self._loc(lid, res),
                "kms_key": props.get("KmsKeyId"),
                "field_lines": _lines(props),
            }
        )
        self.secret_names[lid] = props.get("Name")

    def secret_attachment(self, lid: str, res: LDict, props: LDict) -> None:
        self.attachments[lid] = props.get("SecretId")

    def rotation(self, lid: str, res: LDict, props: LDict) -> None:
        self.rotations.append((props.get("SecretId"), lid))

    def _secret_of(self, value: Any, depth: int = 0) -> tuple[str | None, dict[str, Unknown]]:
        """The secret of this template a ``SecretId`` names, and the secrets it may name (with why).

        ``(None, {})`` means a secret elsewhere.
        """
        ids = [s["id"] for s in self.secrets]
        if isinstance(value, Unknown):
            return None, {
                s: Unknown(f"a rotation schedule's SecretId is unknown: {value.reason}") for s in ids
            }
        if not isinstance(value, str):
            return None, {
                s: Unknown(f"a rotation schedule's SecretId is not a string: {value!r}") for s in ids
            }
        target = self.b.ref(value)
        if isinstance(target, str) and target in self.secret_names:
            return target, {}
        if isinstance(target, str) and target in self.attachments and depth < 5:
            return self._secret_of(self.attachments[target], depth + 1)
        if isinstance(target, str) and target in self.b.ids:
            why = Unknown(
                f"a rotation schedule's SecretId comes from {target}, not a secret of this template"
            )
            return None, dict.fromkeys(ids, why)
        if isinstance(value, Derived) and value.refs & self.b.ids:
            why = Unknown(f"a rotation schedule's SecretId {value} is computed from several resources")
            return None, dict.fromkeys(ids, why)
        name = value.strip()
        arn = name.startswith("arn:") and ":secret:" in name
        if arn:
            name = name.split(":secret:", 1)[1]
        maybe: dict[str, Unknown] = {}
        for sid, sname in self.secret_names.items():
            if isinstance(sname, Unknown):
                maybe[sid] = Unknown(
                    f"a rotation schedule names secret {name!r} and this secret's Name is unknown"
                )
            elif isinstance(sname, str) and (
                # a full ARN ends in "-" and six random characters
                name == sname or (arn and name.startswith(sname + "-") and len(name) == len(sname) + 7)
            ):
                return sid, {}
        return None, maybe

    def _rotation_ids(self) -> dict[str, Any]:
        """Secret id -> the rotation schedule that rotates it, or why that cannot be told (``Unknown``).

        ``Secret.rotation_id`` is annotated ``str | None`` in the model; an
        unknown there means "a schedule may rotate this secret".
        """
        rotated: dict[str, Any] = {}
        maybe: dict[str, Unknown] = {}
        for secret_id, schedule in self.rotations:
            found, could = self._secret_of(secret_id)
            if found is not None:
                rotated.setdefault(found, schedule)
            for sid, why in could.items():
                maybe.setdefault(sid, why)
        return {**maybe, **rotated}

    # -- logging and monitoring -----------------------------------------------

    def _lambda_data_events(self, props: LDict) -> bool | Unknown:
        found: list[bool | Unknown] = []
        selectors = props.get("EventSelectors")
        if isinstance(selectors, Unknown):
            found.append(selectors)
        for sel, _ in _items(selectors):
            resources = _get(sel, "DataResources")
            if isinstance(resources, Unknown):
                found.append(resources)
            for dr, _ in _items(resources):
                rtype = _get(dr, "Type")
                found.append(rtype if isinstance(rtype, Unknown) else rtype == "AWS::Lambda::Function")
        advanced = props.get("AdvancedEventSelectors")
        if isinstance(advanced, Unknown):
            found.append(advanced)
        for sel, _ in _items(advanced):
            fields = _get(sel, "FieldSelectors")
            if isinstance(fields, Unknown):
                found.append(fields)
            for fs, _ in _items(fields):
                field_name, equals = _get(fs, "Field"), _get(fs, "Equals")
                if isinstance(field_name, Unknown):
                    found.append(field_name)
                elif field_name == "resources.type":
                    if isinstance(equals, Unknown):
                        found.append(equals)
                    elif isinstance(equals, list):
                        found.append("AWS::Lambda::Function" in equals)
                        found.extend(v for v in equals if isinstance(v, Unknown))
        return _any_true(found)

    def trail(self, lid: str, res: LDict, props: LDict) -> None:
        self.trails.append(
            Trail(
                lid,
                self._loc(lid, res),
                props.get("IsMultiRegionTrail"),
                props.get("EnableLogFileValidation"),
                props.get("KMSKeyId"),
                self.b.ref(props.get("S3BucketName")),
                props.get("IsLogging"),
                self._lambda_data_events(props),
                field_lines=_lines(props),
                management_events=_management_events(props),
            )
        )

    def bucket(self, lid: str, res: LDict, props: LDict) -> None:
        lock = props.get("ObjectLockEnabled")
        if lock is None:
            config = props.get("ObjectLockConfiguration")
            enabled = _get(config, "ObjectLockEnabled")
            if isinstance(enabled, Unknown):
                lock = enabled
            elif enabled is not None:
                lock = enabled == "Enabled"
        line = self.b.resources.lines.get(lid, res.line)
        self._bucket_notifications(lid, props, line)
        self.buckets[lid] = {
            "id": lid,
            "location": self._loc(lid, res),
            "name": props.get("BucketName"),
            "object_lock": lock,
            "restrict_public": _get(props.get("PublicAccessBlockConfiguration"), "RestrictPublicBuckets"),
            "field_lines": _lines(props),
        }

    def bucket_policy(self, lid: str, res: LDict, props: LDict) -> None:
        doc = props.get("PolicyDocument")
        policy = parse_policy(doc, lid, self._loc(lid, res), "resource")
        # point at the statement list (where a statement is added), else at PolicyDocument
        line = doc.line_of("Statement") if isinstance(doc, LDict) else 0
        line = line or props.line_of("PolicyDocument")
        if line:
            policy = dataclasses.replace(policy, location=policy.location.at(line))
        self.bucket_policies.append((self.b.ref(props.get("Bucket")), policy))

    def _policy_buckets(self, target: Any) -> tuple[list[str], Unknown | None]:
        """The buckets a bucket policy's ``Bucket`` names: ``([id], None)`` when known, else the
        buckets it may name and why it is unsure (no bucket: one outside this template)."""
        if isinstance(target, str) and target in self.buckets:
            return [target], None
        everyone = list(self.buckets)
        if isinstance(target, Unknown):
            return everyone, Unknown(f"a bucket policy's Bucket is unknown ({target.reason})")
        if not isinstance(target, str):
            return everyone, Unknown(f"a bucket policy's Bucket is not a name: {target!r}")
        named = [k for k, b in self.buckets.items() if isinstance(b["name"], str) and b["name"] == target]
        if named:
            return named[:1], None
        if target in self.b.ids or (
            isinstance(target, Derived) and (target.refs & self.b.ids or "${" in target)
        ):
            return everyone, Unknown(f"a bucket policy's Bucket is computed ({target})")
        maybe = [k for k, b in self.buckets.items() if isinstance(b["name"], Unknown)]
        return maybe, Unknown(
            f"a bucket policy names bucket {target!r} and this bucket's BucketName is unknown"
        )

    def log_group(self, lid: str, res: LDict, props: LDict) -> None:
        self.log_groups.append(
            LogGroup(
                lid,
                self._loc(lid, res),
                props.get("LogGroupName"),
                props.get("RetentionInDays"),
                props.get("KmsKeyId"),
                _lines(props),
            )
        )

    def alarm(self, lid: str, res: LDict, props: LDict) -> None:
        queries = props.get("Metrics")
        metrics: Any = queries
        expressions: list[Any] = []
        if not isinstance(queries, Unknown):
            found = []
            for query, _ in _items(queries):
                metric = _get(_get(query, "MetricStat"), "Metric")
                if isinstance(metric, Unknown):
                    found.append((metric, metric, metric))
                elif metric is not None:
                    found.append((_get(metric, "Namespace"), _get(metric, "MetricName"), _dimensions(metric)))
                if _get(query, "Expression") is not None:
                    expressions.append(_get(query, "Expression"))
            metrics = tuple(found)
        self.alarms.append(
            Alarm(
                lid,
                self._loc(lid, res),
                props.get("Namespace"),
                props.get("MetricName"),
                _dimensions(props),
                metrics,
                tuple(expressions),
            )
        )

    def metric_filter(self, lid: str, res: LDict, props: LDict) -> None:
        raw = props.get("MetricTransformations")
        metrics: Any = (
            raw
            if isinstance(raw, Unknown)
            else tuple((_get(t, "MetricNamespace"), _get(t, "MetricName")) for t, _ in _items(raw))
        )
        self.metric_filters.append(
            MetricFilter(
                lid,
                self._loc(lid, res),
                self.b.ref(props.get("LogGroupName")),
                props.get("FilterPattern"),
                metrics,
            )
        )

    def event_rule(self, lid: str, res: LDict, props: LDict) -> None:
        raw = props.get("Targets")
        targets: Any = raw if isinstance(raw, Unknown) else tuple(_get(t, "Arn") for t, _ in _items(raw))
        loc = self._loc(lid, res)
        self.event_rules.append(
            EventRule(
                lid,
                loc,
                props.get("EventPattern"),
                props.get("ScheduleExpression"),
                targets,
                props.get("State"),
            )
        )
        kind = (
            TriggerKind.SCHEDULE if props.get("ScheduleExpression") is not None else TriggerKind.EVENTBRIDGE
        )
        if isinstance(targets, Unknown):
            self._note(
                props.line_of("Targets") or loc.line, f"{lid}: Targets not analysed ({targets.reason})"
            )
            return
        for target in targets:
            fn = self.function_id(target)
            if isinstance(fn, Unknown):
                self._note(loc.line, f"{lid}: a target cannot be resolved ({fn.reason}); not analysed")
            elif fn is not None:
                self.b.triggers.append(Trigger(kind, fn, loc, lid))

    def waf(self, lid: str, res: LDict, props: LDict) -> None:
        self.wafs.append(
            WafAssociation(
                lid,
                self._loc(lid, res),
                props.get("ResourceArn"),
                first_set(props.get("WebACLArn"), props.get("WebACLId")),
            )
        )

    # -- networks -----------------------------------------------------------

    def _rule(self, direction: str, node: Any, line: int) -> SecurityGroupRule:
        cidr = first_set(
            *(
                _get(node, key)
                for key in (
                    "CidrIp",
                    "CidrIpv6",
                    "DestinationSecurityGroupId",
                    "DestinationPrefixListId",
                    "SourceSecurityGroupId",
                    "SourcePrefixListId",
                )
            )
        )
        return SecurityGroupRule(
            direction,
            _get(node, "IpProtocol"),
            cidr,
            _get(node, "FromPort"),
            _get(node, "ToPort"),
            self.b.loc(line),
        )

    def _rules(self, direction: str, node: Any) -> Any:
        """The rules of a rule list; the unknown itself when the list is unknown."""
        if isinstance(node, Unknown):
            return node
        return [self._rule(direction, r, ln) for r, ln in _items(node)]

    def security_group(self, lid: str, res: LDict, props: LDict) -> None:
        egress = props.get("SecurityGroupEgress")
        self.groups[lid] = {
            "id": lid,
            "location": self._loc(lid, res),
            "egress": self._rules("egress", egress) if egress is not None else None,
            "ingress": self._rules("ingress", props.get("SecurityGroupIngress")),
        }

    def sg_rule(self, lid: str, res: LDict, props: LDict) -> None:
        direction = "egress" if res.get("Type") == "AWS::EC2::SecurityGroupEgress" else "ingress"
        line = self.b.resources.lines.get(lid, res.line)
        self.extra_rules.append((self.b.ref(props.get("GroupId")), self._rule(direction, props, line), lid))

    def _add_rule(self, group: dict[str, Any], rule: SecurityGroupRule) -> None:
        key = rule.direction
        current = group[key]
        if isinstance(current, Unknown):
            return  # the group's rules are unknown already
        group[key] = [*(current if current is not None else []), rule]

    def subnet(self, lid: str, res: LDict, props: LDict) -> None:
        self.subnets[lid] = {
            "id": lid,
            "location": self._loc(lid, res),
            "vpc": self.b.ref(props.get("VpcId")),
            "map_public_ip": props.get("MapPublicIpOnLaunch"),
        }

    def route(self, lid: str, res: LDict, props: LDict) -> None:
        gateway = self.b.ref(props.get("GatewayId"))
        table = self.b.ref(props.get("RouteTableId"))
        if gateway is None or not isinstance(table, str | Unknown):
            return  # a NAT gateway, instance, peering, ... route
        maybe: Unknown | None = None
        if isinstance(gateway, Unknown):
            maybe = Unknown(f"route {lid}: GatewayId is unknown ({gateway.reason})")
        elif not isinstance(gateway, str) or isinstance(gateway, Derived):
            maybe = Unknown(f"route {lid}: GatewayId {gateway} is computed")
        elif not (self._rtype(gateway) == "AWS::EC2::InternetGateway" or gateway.strip().startswith("igw-")):
            return  # another kind of gateway
        if isinstance(table, Unknown | Derived):
            if self.any_table_maybe is None:
                self.any_table_maybe = (
                    maybe
                    if maybe is not None
                    else Unknown(f"route {lid} to an internet gateway: RouteTableId {table}")
                )
        elif maybe is None:
            self.route_tables_igw.add(table)
        else:
            self.route_tables_maybe.setdefault(table, maybe)

    def subnet_table(self, lid: str, res: LDict, props: LDict) -> None:
        self.subnet_tables.append((self.b.ref(props.get("SubnetId")), self.b.ref(props.get("RouteTableId"))))

    def _routes_to_igw(self, subnet: str) -> bool | Unknown:
        """Whether ``subnet`` is associated with a route table that routes to an internet gateway."""
        some_igw = bool(self.route_tables_igw or self.route_tables_maybe) or self.any_table_maybe is not None
        found: list[bool | Unknown] = []
        for sid, table in self.subnet_tables:
            unsure_subnet = isinstance(sid, Unknown | Derived)
            if not unsure_subnet and sid != subnet:
                continue
            state: bool | Unknown = False
            if isinstance(table, Unknown | Derived):
                if some_igw:
                    state = Unknown(f"a route table association of subnet {subnet} names an unknown table")
            elif table in self.route_tables_igw:
                state = True
            elif table in self.route_tables_maybe:
                state = self.route_tables_maybe[table]
            elif self.any_table_maybe is not None:
                state = self.any_table_maybe
            if unsure_subnet and state is True:
                state = Unknown(f"an association with route table {table} names an unknown subnet: {sid}")
            found.append(state)
        return _any_true(found)

    # -- queues, topics, streams, tables ------------------------------------

    def message(self, lid: str, res: LDict, props: LDict) -> None:
        rtype = str(res.get("Type"))
        kind = {"AWS::SQS::Queue": "sqs", "AWS::SNS::Topic": "sns", "AWS::Kinesis::Stream": "kinesis"}.get(
            rtype, "dynamodb"
        )
        enc: Any
        if kind in ("sqs", "sns"):
            enc = props.get("KmsMasterKeyId")
            if isinstance(enc, str) and not enc.strip():
                enc = None  # an empty key id (a parameter left at "") sets no key
            if enc is None and kind == "sqs":
                managed = _flag(props.get("SqsManagedSseEnabled"))
                if isinstance(managed, Unknown):
                    enc = managed
                elif managed is not False:
                    enc = "sqs-managed"  # SQS encrypts with its own keys by default since 2022
            if kind == "sns":
                self._topic_subscriptions(lid, props, self.b.resources.lines.get(lid, res.line))
        elif kind == "kinesis":
            enc = _get(props.get("StreamEncryption"), "KeyId")
        else:
            sse = props.get("SSESpecification")
            enabled = _flag(_get(sse, "SSEEnabled"))
            if isinstance(enabled, Unknown):
                enc = enabled
            else:
                enc = (
                    first_set(_get(sse, "KMSMasterKeyId"), "aws-managed") if enabled is True else "aws-owned"
                )
        # SQS: None when unset (the AWS default of 30 s applies)
        visibility = props.get("VisibilityTimeout") if kind == "sqs" else None
        self.messages.append(
            MessageResource(lid, kind, self._loc(lid, res), enc, visibility, field_lines=_lines(props))
        )

    # -- layers -------------------------------------------------------------

    def layer_permission(self, lid: str, res: LDict, props: LDict) -> None:
        self.b.permissions.append(
            Permission(
                id=lid,
                location=self._loc(lid, res),
                target=self.b.ref(props.get("LayerVersionArn")),
                action=props.get("Action"),
                principal=props.get("Principal"),
                principal_org_id=props.get("OrganizationId"),
                resource_type="AWS::Lambda::LayerVersionPermission",
                field_lines=_lines(props),
            )
        )

    # -- assembly -----------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        """The workload fields this collector filled."""
        rotated = self._rotation_ids()
        maybe_policies: list[tuple[list[str], Unknown, Policy]] = []
        for target, policy in self.bucket_policies:
            ids, why = self._policy_buckets(target)
            if why is None:
                for bid in ids:
                    self.buckets[bid]["policy"] = policy
            else:
                maybe_policies.append((ids, why, policy))
        for ids, why, policy in maybe_policies:  # a bucket without a known policy may have this one
            for bid in ids:
                if "policy" not in self.buckets[bid]:
                    self.buckets[bid]["policy"] = dataclasses.replace(policy, statements=why)
        for gid, rule, rule_id in self.extra_rules:
            if isinstance(gid, str) and gid in self.groups:
                self._add_rule(self.groups[gid], rule)
            elif not (isinstance(gid, str) and not isinstance(gid, Derived)):
                # GroupId is unknown or computed: the rule may belong to any group of this template
                why = Unknown(f"{rule_id} may belong to this group: its GroupId is {gid}")
                maybe = SecurityGroupRule(rule.direction, why, why, why, why, rule.location)
                for group in self.groups.values():
                    self._add_rule(group, maybe)
        return {
            "keys": tuple(self.keys),
            "secrets": tuple(Secret(rotation_id=rotated.get(s["id"]), **s) for s in self.secrets),
            "trails": tuple(self.trails),
            "buckets": tuple(Bucket(**b) for b in self.buckets.values()),
            "log_groups": tuple(self.log_groups),
            "alarms": tuple(self.alarms),
            "metric_filters": tuple(self.metric_filters),
            "event_rules": tuple(self.event_rules),
            "waf_associations": tuple(self.wafs),
            "security_groups": tuple(
                SecurityGroup(
                    g["id"],
                    g["location"],
                    _frozen(g["egress"]),
                    _frozen(g["ingress"]),
                )
                for g in self.groups.values()
            ),
            "subnets": tuple(
                Subnet(s["id"], s["location"], s["vpc"], s["map_public_ip"], self._routes_to_igw(s["id"]))
                for s in self.subnets.values()
            ),
            "message_resources": tuple(self.messages),
        }


def _dimensions(node: Any) -> Any:
    """The ``Dimensions`` of an alarm or metric as (name, value) pairs; the unknown itself when unknown."""
    raw = _get(node, "Dimensions")
    if isinstance(raw, Unknown):
        return raw
    return tuple(
        (d, d) if isinstance(d, Unknown) else (_get(d, "Name"), _get(d, "Value")) for d, _ in _items(raw)
    )


def _frozen(rules: Any) -> Any:
    """A rule list as a tuple; ``None`` and unknown unchanged."""
    return tuple(rules) if isinstance(rules, list) else rules
