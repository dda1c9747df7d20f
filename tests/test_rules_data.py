"""Data-protection rules and the CloudFormation resources they read, from small templates.

Each test loads a template the way the scanner does, so a loader that reads an
unknown value as "absent" fails here as well as in the rule.
"""

from __future__ import annotations

import textwrap

from faasguard.loaders._yaml import parse_yaml
from faasguard.loaders.cloudformation import load_template
from faasguard.model import TriggerKind, Unknown, Workload
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.access.resource_policy import resource_policy
from faasguard.rules.data.key_deletion_window import key_deletion_window
from faasguard.rules.data.key_rotation import key_rotation
from faasguard.rules.data.secret_rotation import secret_rotation
from faasguard.rules.runtime.async_failure_destination import async_failure_destination

HEAD = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Free:
    Type: String
Resources:
"""


def load(resources: str) -> Workload:
    text = HEAD + textwrap.indent(textwrap.dedent(resources), "  ")
    return load_template(parse_yaml(text, "t.yaml"), "t.yaml")


def verdicts(rule: Rule, workload: Workload) -> list[tuple[str, str]]:
    return [
        ("hit" if isinstance(v, Hit) else "undecided", v.resource)
        for v in rule.check(workload)
        if isinstance(v, Hit | Undecided)
    ]


FN = """\
Fn:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.13
    Handler: a.h
    Role: arn:aws:iam::111122223333:role/r
    Code: {ZipFile: x}
"""


# -- FG-RT-003: asynchronous triggers declared outside the function ----------------


def test_bucket_notification_and_subscriptions_are_triggers() -> None:
    w = load(
        FN
        + """\
Bucket:
  Type: AWS::S3::Bucket
  Properties:
    NotificationConfiguration:
      LambdaConfigurations:
        - {Event: "s3:ObjectCreated:*", Function: !GetAtt Fn.Arn}
Topic:
  Type: AWS::SNS::Topic
  Properties:
    Subscription:
      - {Protocol: lambda, Endpoint: !GetAtt Fn.Arn}
Sub:
  Type: AWS::SNS::Subscription
  Properties: {TopicArn: !Ref Topic, Protocol: lambda, Endpoint: !GetAtt Fn.Arn}
QueueSub:
  Type: AWS::SNS::Subscription
  Properties: {TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Fn.Arn}
"""
    )
    kinds = sorted((t.kind.value, str(t.source)) for t in w.triggers if t.function_id == "Fn")
    assert [k for k, _ in kinds] == ["s3", "sns", "sns"]
    assert verdicts(async_failure_destination, w) == [("hit", "Fn")]


def test_unresolvable_subscription_endpoint_is_a_note_not_a_trigger() -> None:
    w = load(
        FN
        + """\
Sub:
  Type: AWS::SNS::Subscription
  Properties: {TopicArn: arn:aws:sns:eu-west-1:111122223333:t, Protocol: lambda, Endpoint: !Ref Free}
Bucket:
  Type: AWS::S3::Bucket
  Properties:
    NotificationConfiguration: !Ref Free
"""
    )
    assert not w.triggers
    notes = [text for _, text in w.notes]
    assert any(n.startswith("Sub:") for n in notes) and any(n.startswith("Bucket:") for n in notes)


def test_unknown_protocol_to_a_function_of_the_template_is_a_trigger() -> None:
    w = load(
        FN
        + """\
Sub:
  Type: AWS::SNS::Subscription
  Properties: {TopicArn: arn:aws:sns:eu-west-1:111122223333:t, Protocol: !Ref Free, Endpoint: !GetAtt Fn.Arn}
"""
    )
    assert [t.kind for t in w.triggers] == [TriggerKind.SNS]


# -- FG-DP-006: which secret a rotation schedule rotates --------------------------


def test_schedule_by_name_leaves_secrets_with_unknown_names_not_assessed() -> None:
    w = load(
        """\
Known:
  Type: AWS::SecretsManager::Secret
  Properties: {Name: app/known}
Unnamed:
  Type: AWS::SecretsManager::Secret
Computed:
  Type: AWS::SecretsManager::Secret
  Properties: {Name: !Ref Free}
Rotation:
  Type: AWS::SecretsManager::RotationSchedule
  Properties: {SecretId: app/other, RotationLambdaARN: arn:aws:lambda:eu-west-1:111122223333:function:r}
"""
    )
    assert sorted(verdicts(secret_rotation, w)) == [
        ("hit", "Known"),
        ("hit", "Unnamed"),
        ("undecided", "Computed"),
    ]


def test_schedule_through_attachment_and_arn() -> None:
    w = load(
        """\
Db:
  Type: AWS::SecretsManager::Secret
Attachment:
  Type: AWS::SecretsManager::SecretTargetAttachment
  Properties: {SecretId: !Ref Db, TargetId: c, TargetType: AWS::RDS::DBCluster}
ByAttachment:
  Type: AWS::SecretsManager::RotationSchedule
  Properties: {SecretId: !Ref Attachment}
Named:
  Type: AWS::SecretsManager::Secret
  Properties: {Name: app/named}
ByArn:
  Type: AWS::SecretsManager::RotationSchedule
  Properties: {SecretId: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/named-Ab12Cd"}
"""
    )
    rotation = {s.id: s.rotation_id for s in w.secrets}
    assert rotation == {"Db": "ByAttachment", "Named": "ByArn"}
    assert verdicts(secret_rotation, w) == []


def test_schedule_computed_from_another_resource_is_not_assessed() -> None:
    w = load(
        """\
Secret:
  Type: AWS::SecretsManager::Secret
Custom:
  Type: Custom::SecretMaker
  Properties: {ServiceToken: arn:aws:lambda:eu-west-1:111122223333:function:m}
Rotation:
  Type: AWS::SecretsManager::RotationSchedule
  Properties: {SecretId: !GetAtt Custom.SecretArn}
"""
    )
    assert verdicts(secret_rotation, w) == [("undecided", "Secret")]


# -- FG-DP-003 / FG-DP-004: origin and replica keys ---------------------------------


def test_key_origin_and_replica() -> None:
    w = load(
        """\
Plain:
  Type: AWS::KMS::Key
Kms:
  Type: AWS::KMS::Key
  Properties: {Origin: AWS_KMS}
External:
  Type: AWS::KMS::Key
  Properties: {Origin: EXTERNAL}
Chosen:
  Type: AWS::KMS::Key
  Properties: {Origin: !Ref Free}
Replica:
  Type: AWS::KMS::ReplicaKey
  Properties: {PrimaryKeyArn: !GetAtt Plain.Arn, PendingWindowInDays: 7, KeyPolicy: !Ref Free}
"""
    )
    keys = {k.id: k for k in w.keys}
    assert keys["External"].origin == "EXTERNAL" and keys["Kms"].field_lines["Origin"] == 10
    replica_policy = keys["Replica"].policy
    assert replica_policy is not None and isinstance(replica_policy.statements, Unknown)
    assert sorted(verdicts(key_rotation, w)) == [("hit", "Kms"), ("hit", "Plain"), ("undecided", "Chosen")]
    hits = [h for h in key_deletion_window.check(w) if isinstance(h, Hit)]
    assert [(h.resource, h.resource_type) for h in hits] == [("Replica", "AWS::KMS::ReplicaKey")]


def test_unknown_key_policy_does_not_crash() -> None:
    w = load(
        """\
Key:
  Type: AWS::KMS::Key
  Properties: {KeyPolicy: !Ref Free, EnableKeyRotation: true}
"""
    )
    (key,) = w.keys
    assert key.policy is not None and isinstance(key.policy.statements, Unknown)


# -- FG-AC-005: layer permissions ----------------------------------------------------


def test_layer_permission_is_loaded() -> None:
    w = load(
        """\
Layer:
  Type: AWS::Lambda::LayerVersion
  Properties: {Content: {S3Bucket: b, S3Key: k}}
Public:
  Type: AWS::Lambda::LayerVersionPermission
  Properties: {Action: lambda:GetLayerVersion, LayerVersionArn: !Ref Layer, Principal: "*"}
Org:
  Type: AWS::Lambda::LayerVersionPermission
  Properties:
    Action: lambda:GetLayerVersion
    LayerVersionArn: !Ref Layer
    Principal: "*"
    OrganizationId: o-abc123defg
"""
    )
    perms = {p.id: p for p in w.permissions}
    assert perms["Public"].resource_type == "AWS::Lambda::LayerVersionPermission"
    assert perms["Public"].target == "Layer" and perms["Org"].principal_org_id == "o-abc123defg"
    assert verdicts(resource_policy, w) == [("hit", "Public")]


# -- unknown values stay unknown in the other resources ------------------------------


def test_trail_data_events_keep_unknowns() -> None:
    w = load(
        """\
Unknown:
  Type: AWS::CloudTrail::Trail
  Properties: {IsLogging: true, S3BucketName: b, EventSelectors: !Ref Free}
UnknownEquals:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: b
    AdvancedEventSelectors:
      - FieldSelectors:
          - {Field: resources.type, Equals: !Ref Free}
Lambda:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: b
    EventSelectors:
      - DataResources: [{Type: !Ref Free}, {Type: AWS::Lambda::Function, Values: [arn:aws:lambda]}]
None:
  Type: AWS::CloudTrail::Trail
  Properties: {IsLogging: true, S3BucketName: b}
"""
    )
    events = {t.id: t.lambda_data_events for t in w.trails}
    assert isinstance(events["Unknown"], Unknown) and isinstance(events["UnknownEquals"], Unknown)
    assert events["Lambda"] is True and events["None"] is False


def test_bucket_object_lock_keeps_unknowns() -> None:
    w = load(
        """\
Unknown:
  Type: AWS::S3::Bucket
  Properties: {ObjectLockConfiguration: {ObjectLockEnabled: !Ref Free}}
Whole:
  Type: AWS::S3::Bucket
  Properties: {ObjectLockConfiguration: !Ref Free}
Enabled:
  Type: AWS::S3::Bucket
  Properties: {ObjectLockConfiguration: {ObjectLockEnabled: Enabled}}
Plain:
  Type: AWS::S3::Bucket
"""
    )
    lock = {b.id: b.object_lock for b in w.buckets}
    assert isinstance(lock["Unknown"], Unknown) and isinstance(lock["Whole"], Unknown)
    assert lock["Enabled"] is True and lock["Plain"] is None


def test_security_group_rules_keep_unknowns() -> None:
    w = load(
        """\
Group:
  Type: AWS::EC2::SecurityGroup
  Properties: {GroupDescription: g, SecurityGroupEgress: !Ref Free, SecurityGroupIngress: !Ref Free}
Closed:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: g
    SecurityGroupEgress: [{IpProtocol: "-1", CidrIp: 127.0.0.1/32}]
Elsewhere:
  Type: AWS::EC2::SecurityGroupEgress
  Properties: {GroupId: !ImportValue some-group, IpProtocol: "-1", CidrIp: 0.0.0.0/0}
"""
    )
    groups = {g.id: g for g in w.security_groups}
    assert isinstance(groups["Group"].egress, Unknown) and isinstance(groups["Group"].ingress, Unknown)
    closed = groups["Closed"].egress
    assert closed is not None and not isinstance(closed, Unknown) and len(closed) == 2
    assert isinstance(closed[1].cidr, Unknown)  # the separate rule may belong to this group


def test_alarms_event_rules_and_messages_keep_unknowns() -> None:
    w = load(
        FN
        + """\
Alarm:
  Type: AWS::CloudWatch::Alarm
  Properties: {Namespace: AWS/Lambda, MetricName: Errors, Dimensions: !Ref Free}
Rule:
  Type: AWS::Events::Rule
  Properties: {ScheduleExpression: rate(1 hour), Targets: !Ref Free}
Queue:
  Type: AWS::SQS::Queue
  Properties: {SqsManagedSseEnabled: !Ref Free}
Table:
  Type: AWS::DynamoDB::Table
  Properties: {SSESpecification: {SSEEnabled: "true"}}
"""
    )
    (alarm,) = w.alarms
    (rule,) = w.event_rules
    assert isinstance(alarm.dimensions, Unknown) and isinstance(rule.targets, Unknown)
    assert any(text.startswith("Rule:") for _, text in w.notes)
    enc = {m.id: m.encryption for m in w.message_resources}
    assert isinstance(enc["Queue"], Unknown) and enc["Table"] == "aws-managed"


def test_subnet_route_to_unknown_gateway_is_unknown() -> None:
    w = load(
        """\
Public:
  Type: AWS::EC2::Subnet
  Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}
Maybe:
  Type: AWS::EC2::Subnet
  Properties: {VpcId: vpc-1, CidrBlock: 10.0.1.0/24}
Private:
  Type: AWS::EC2::Subnet
  Properties: {VpcId: vpc-1, CidrBlock: 10.0.2.0/24}
Igw:
  Type: AWS::EC2::InternetGateway
PublicTable:
  Type: AWS::EC2::RouteTable
  Properties: {VpcId: vpc-1}
MaybeTable:
  Type: AWS::EC2::RouteTable
  Properties: {VpcId: vpc-1}
PrivateTable:
  Type: AWS::EC2::RouteTable
  Properties: {VpcId: vpc-1}
PublicRoute:
  Type: AWS::EC2::Route
  Properties: {RouteTableId: !Ref PublicTable, GatewayId: !Ref Igw, DestinationCidrBlock: 0.0.0.0/0}
MaybeRoute:
  Type: AWS::EC2::Route
  Properties: {RouteTableId: !Ref MaybeTable, GatewayId: !Ref Free, DestinationCidrBlock: 0.0.0.0/0}
PublicAssoc:
  Type: AWS::EC2::SubnetRouteTableAssociation
  Properties: {SubnetId: !Ref Public, RouteTableId: !Ref PublicTable}
MaybeAssoc:
  Type: AWS::EC2::SubnetRouteTableAssociation
  Properties: {SubnetId: !Ref Maybe, RouteTableId: !Ref MaybeTable}
PrivateAssoc:
  Type: AWS::EC2::SubnetRouteTableAssociation
  Properties: {SubnetId: !Ref Private, RouteTableId: !Ref PrivateTable}
"""
    )
    igw = {s.id: s.routes_to_igw for s in w.subnets}
    assert igw["Public"] is True and igw["Private"] is False and isinstance(igw["Maybe"], Unknown)
