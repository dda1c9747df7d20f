"""CloudFormation resources around functions: keys, secrets, trails, logs, networks, queues."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from faasguard.loaders._nodes import LDict, LList, first_set
from faasguard.loaders._policy import parse_policy
from faasguard.model import (
    Alarm,
    Bucket,
    EventRule,
    KmsKey,
    LogGroup,
    MessageResource,
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


def _lines(node: Any) -> dict[str, int]:
    return {str(k): v for k, v in node.lines.items()} if isinstance(node, LDict) else {}


def _get(node: Any, key: str) -> Any:
    """``node[key]``; ``None`` when absent; an unknown node makes every child unknown."""
    if isinstance(node, Unknown):
        return node
    return node.get(key) if isinstance(node, dict) else None


def _items(node: Any) -> list[tuple[Any, int]]:
    if isinstance(node, list):
        lines = node.lines if isinstance(node, LList) else []
        return [(v, lines[i] if i < len(lines) else getattr(node, "line", 0)) for i, v in enumerate(node)]
    return []


class Collector:
    """Builds the non-function parts of a workload for a ``_Builder``."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.managed_policies: dict[str, Policy] = {}
        self.keys: list[KmsKey] = []
        self.secrets: list[dict[str, Any]] = []
        self.rotations: list[Any] = []
        self.trails: list[Trail] = []
        self.buckets: dict[str, dict[str, Any]] = {}
        self.bucket_policies: list[tuple[Any, Policy]] = []
        self.log_groups: list[LogGroup] = []
        self.alarms: list[Alarm] = []
        self.event_rules: list[EventRule] = []
        self.wafs: list[WafAssociation] = []
        self.groups: dict[str, dict[str, Any]] = {}
        self.extra_rules: list[tuple[Any, SecurityGroupRule]] = []
        self.subnets: dict[str, dict[str, Any]] = {}
        self.route_tables_igw: set[str] = set()
        self.subnet_tables: list[tuple[Any, Any]] = []
        self.messages: list[MessageResource] = []
        self._table: dict[str, Callable[[str, LDict, LDict], None]] = {
            "AWS::KMS::Key": self.kms_key,
            "AWS::SecretsManager::Secret": self.secret,
            "AWS::SecretsManager::RotationSchedule": self.rotation,
            "AWS::CloudTrail::Trail": self.trail,
            "AWS::S3::Bucket": self.bucket,
            "AWS::S3::BucketPolicy": self.bucket_policy,
            "AWS::Logs::LogGroup": self.log_group,
            "AWS::CloudWatch::Alarm": self.alarm,
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
            "AWS::Kinesis::Stream": self.message,
            "AWS::DynamoDB::Table": self.message,
        }

    def handler(self, rtype: str) -> Handler | None:
        """The handler for ``rtype`` in builder-call form, or ``None``."""
        method = self._table.get(rtype)
        if method is None:
            return None
        return lambda _b, lid, res, props: method(lid, res, props)

    def _loc(self, lid: str, res: LDict) -> Any:
        return self.b.loc(self.b.resources.lines.get(lid, res.line))

    def kms_key(self, lid: str, res: LDict, props: LDict) -> None:
        policy = props.get("KeyPolicy")
        loc = self._loc(lid, res)
        self.keys.append(
            KmsKey(
                lid,
                loc,
                props.get("EnableKeyRotation"),
                props.get("PendingWindowInDays"),
                props.get("KeySpec"),
                parse_policy(policy, "key policy", loc, "resource") if policy else None,
                _lines(props),
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

    def rotation(self, lid: str, res: LDict, props: LDict) -> None:
        self.rotations.append((self.b.ref(props.get("SecretId")), lid))

    def trail(self, lid: str, res: LDict, props: LDict) -> None:
        data_events: bool | Unknown = False
        for sel, _ in _items(props.get("EventSelectors")):
            for dr, _ in _items(_get(sel, "DataResources")):
                if _get(dr, "Type") == "AWS::Lambda::Function":
                    data_events = True
        for sel, _ in _items(props.get("AdvancedEventSelectors")):
            for fs, _ in _items(_get(sel, "FieldSelectors")):
                if _get(fs, "Field") == "resources.type" and "AWS::Lambda::Function" in (
                    _get(fs, "Equals") or []
                ):
                    data_events = True
        self.trails.append(
            Trail(
                lid,
                self._loc(lid, res),
                props.get("IsMultiRegionTrail"),
                props.get("EnableLogFileValidation"),
                props.get("KMSKeyId"),
                self.b.ref(props.get("S3BucketName")),
                props.get("IsLogging"),
                data_events,
                _lines(props),
            )
        )

    def bucket(self, lid: str, res: LDict, props: LDict) -> None:
        lock = props.get("ObjectLockEnabled")
        if lock is None and isinstance(props.get("ObjectLockConfiguration"), dict):
            lock = props["ObjectLockConfiguration"].get("ObjectLockEnabled") == "Enabled"
        self.buckets[lid] = {
            "id": lid,
            "location": self._loc(lid, res),
            "name": props.get("BucketName"),
            "object_lock": lock,
            "field_lines": _lines(props),
        }

    def bucket_policy(self, lid: str, res: LDict, props: LDict) -> None:
        policy = parse_policy(props.get("PolicyDocument"), lid, self._loc(lid, res), "resource")
        self.bucket_policies.append((self.b.ref(props.get("Bucket")), policy))

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
        dims = tuple((str(_get(d, "Name")), _get(d, "Value")) for d, _ in _items(props.get("Dimensions")))
        self.alarms.append(
            Alarm(lid, self._loc(lid, res), props.get("Namespace"), props.get("MetricName"), dims)
        )

    def event_rule(self, lid: str, res: LDict, props: LDict) -> None:
        targets = tuple(_get(t, "Arn") for t, _ in _items(props.get("Targets")))
        loc = self._loc(lid, res)
        self.event_rules.append(
            EventRule(lid, loc, props.get("EventPattern"), props.get("ScheduleExpression"), targets)
        )
        kind = (
            TriggerKind.SCHEDULE if props.get("ScheduleExpression") is not None else TriggerKind.EVENTBRIDGE
        )
        for target in targets:
            fn = self.b.ref(target)
            if isinstance(fn, str) and fn in self.b.ids:
                rtype = _get(self.b.resources.get(fn), "Type")
                if rtype in ("AWS::Lambda::Function", "AWS::Serverless::Function"):
                    self.b.triggers.append(Trigger(kind, fn, loc, lid))

    def waf(self, lid: str, res: LDict, props: LDict) -> None:
        self.wafs.append(
            WafAssociation(
                lid,
                self._loc(lid, res),
                props.get("ResourceArn"),
                props.get("WebACLArn", props.get("WebACLId")),
            )
        )

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

    def security_group(self, lid: str, res: LDict, props: LDict) -> None:
        egress = props.get("SecurityGroupEgress")
        self.groups[lid] = {
            "id": lid,
            "location": self._loc(lid, res),
            "egress": [self._rule("egress", r, ln) for r, ln in _items(egress)]
            if egress is not None
            else None,
            "ingress": [self._rule("ingress", r, ln) for r, ln in _items(props.get("SecurityGroupIngress"))],
        }

    def sg_rule(self, lid: str, res: LDict, props: LDict) -> None:
        direction = "egress" if res.get("Type") == "AWS::EC2::SecurityGroupEgress" else "ingress"
        self.extra_rules.append((self.b.ref(props.get("GroupId")), self._rule(direction, props, res.line)))

    def subnet(self, lid: str, res: LDict, props: LDict) -> None:
        self.subnets[lid] = {
            "id": lid,
            "location": self._loc(lid, res),
            "vpc": self.b.ref(props.get("VpcId")),
            "map_public_ip": props.get("MapPublicIpOnLaunch"),
        }

    def route(self, lid: str, res: LDict, props: LDict) -> None:
        gateway = self.b.ref(props.get("GatewayId"))
        if (
            isinstance(gateway, str)
            and _get(self.b.resources.get(gateway), "Type") == "AWS::EC2::InternetGateway"
        ):
            table = self.b.ref(props.get("RouteTableId"))
            if isinstance(table, str):
                self.route_tables_igw.add(table)

    def subnet_table(self, lid: str, res: LDict, props: LDict) -> None:
        self.subnet_tables.append((self.b.ref(props.get("SubnetId")), self.b.ref(props.get("RouteTableId"))))

    def message(self, lid: str, res: LDict, props: LDict) -> None:
        rtype = str(res.get("Type"))
        kind = {"AWS::SQS::Queue": "sqs", "AWS::SNS::Topic": "sns", "AWS::Kinesis::Stream": "kinesis"}.get(
            rtype, "dynamodb"
        )
        if kind in ("sqs", "sns"):
            enc = props.get("KmsMasterKeyId")
            if enc is None and kind == "sqs" and props.get("SqsManagedSseEnabled") is not False:
                enc = "sqs-managed"  # SQS encrypts with its own keys by default since 2022
        elif kind == "kinesis":
            enc = _get(props.get("StreamEncryption"), "KeyId")
        else:
            sse = props.get("SSESpecification")
            enabled = _get(sse, "SSEEnabled")
            if isinstance(enabled, Unknown):
                enc = enabled
            else:
                enc = (
                    first_set(_get(sse, "KMSMasterKeyId"), "aws-managed") if enabled is True else "aws-owned"
                )
        self.messages.append(MessageResource(lid, kind, self._loc(lid, res), enc, _lines(props)))

    def fields(self) -> dict[str, Any]:
        """The workload fields this collector filled."""
        rotated = {sid: rid for sid, rid in self.rotations if isinstance(sid, str)}
        for target, policy in self.bucket_policies:
            if isinstance(target, str) and target in self.buckets:
                self.buckets[target]["policy"] = policy
        for gid, rule in self.extra_rules:
            if isinstance(gid, str) and gid in self.groups:
                group = self.groups[gid]
                if rule.direction == "egress":
                    group["egress"] = [*(group["egress"] or []), rule]
                else:
                    group["ingress"].append(rule)
        public_subnets = {
            s for s, t in self.subnet_tables if isinstance(t, str) and t in self.route_tables_igw
        }
        return {
            "keys": tuple(self.keys),
            "secrets": tuple(Secret(rotation_id=rotated.get(s["id"]), **s) for s in self.secrets),
            "trails": tuple(self.trails),
            "buckets": tuple(Bucket(**b) for b in self.buckets.values()),
            "log_groups": tuple(self.log_groups),
            "alarms": tuple(self.alarms),
            "event_rules": tuple(self.event_rules),
            "waf_associations": tuple(self.wafs),
            "security_groups": tuple(
                SecurityGroup(
                    g["id"],
                    g["location"],
                    tuple(g["egress"]) if g["egress"] is not None else None,
                    tuple(g["ingress"]),
                )
                for g in self.groups.values()
            ),
            "subnets": tuple(
                Subnet(s["id"], s["location"], s["vpc"], s["map_public_ip"], s["id"] in public_subnets)
                for s in self.subnets.values()
            ),
            "message_resources": tuple(self.messages),
        }
