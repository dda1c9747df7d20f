"""FG-DP-009..012: the subtle cases, from small templates loaded the way the scanner loads them."""

from __future__ import annotations

import textwrap

from faasguard.loaders._yaml import parse_yaml
from faasguard.loaders.cloudformation import load_template
from faasguard.model import Unknown, Workload
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.data.bucket_secure_transport import bucket_secure_transport
from faasguard.rules.data.log_group_kms import log_group_kms
from faasguard.rules.data.message_encryption import message_encryption
from faasguard.rules.data.secret_names import secret_in_names

HEAD = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Free:
    Type: String
  Empty:
    Type: String
    Default: ""
Resources:
"""

FN = """\
Fn:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.13
    Handler: a.h
    Role: arn:aws:iam::111122223333:role/r
    Code: {ZipFile: x}
"""


def load(resources: str) -> Workload:
    text = HEAD + textwrap.indent(textwrap.dedent(resources), "  ")
    return load_template(parse_yaml(text, "t.yaml"), "t.yaml")


def verdicts(rule: Rule, workload: Workload) -> list[tuple[str, str]]:
    return sorted(("hit" if isinstance(v, Hit) else "undecided", v.resource) for v in rule.check(workload))


def _policy(bucket: str, statement: str) -> str:
    body = textwrap.indent(textwrap.dedent(statement), " " * 10)
    return f"""\
Policy:
  Type: AWS::S3::BucketPolicy
  Properties:
    Bucket: {bucket}
    PolicyDocument:
      Statement:
        - Effect: Deny
          Principal: "*"
{body}"""


TLS_DENY = """\
Action: s3:*
Resource: arn:aws:s3:::data/*
Condition: {Bool: {aws:SecureTransport: "false"}}
"""


# -- FG-DP-009 ------------------------------------------------------------------------


def test_policy_with_unknown_bucket_is_undecided_for_buckets_without_policy() -> None:
    w = load("B1: {Type: AWS::S3::Bucket}\nB2: {Type: AWS::S3::Bucket}\n" + _policy("!Ref Free", TLS_DENY))
    assert verdicts(bucket_secure_transport, w) == [("undecided", "B1"), ("undecided", "B2")]


def test_policy_naming_an_outside_bucket_leaves_template_buckets_without_policy() -> None:
    w = load("B1: {Type: AWS::S3::Bucket, Properties: {BucketName: mine}}\n" + _policy("theirs", TLS_DENY))
    assert verdicts(bucket_secure_transport, w) == [("hit", "B1")]


def test_policy_by_literal_name_when_bucket_name_is_unknown() -> None:
    w = load("B1: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref Free}}\n" + _policy("data", TLS_DENY))
    assert verdicts(bucket_secure_transport, w) == [("undecided", "B1")]


def test_tls_version_threshold_below_1_2_does_not_count() -> None:
    weak = "Action: s3:*\nResource: arn:aws:s3:::data/*\nCondition: {NumericLessThan: {s3:TlsVersion: 1.1}}\n"
    strong = weak.replace("1.1", "1.3")
    assert verdicts(
        bucket_secure_transport, load("B: {Type: AWS::S3::Bucket}\n" + _policy("!Ref B", weak))
    ) == [("hit", "B")]
    assert (
        verdicts(bucket_secure_transport, load("B: {Type: AWS::S3::Bucket}\n" + _policy("!Ref B", strong)))
        == []
    )


def test_unknown_condition_or_action_is_undecided_not_a_pass() -> None:
    cond = (
        "Action: s3:*\nResource: arn:aws:s3:::data/*\nCondition: {Bool: {aws:SecureTransport: !Ref Free}}\n"
    )
    action = (
        "Action: !Ref Free\nResource: arn:aws:s3:::data/*\nCondition: {Bool: {aws:SecureTransport: false}}\n"
    )
    for statement in (cond, action):
        w = load("B: {Type: AWS::S3::Bucket}\n" + _policy("!Ref B", statement))
        assert verdicts(bucket_secure_transport, w) == [("undecided", "B")]


def test_true_secure_transport_deny_is_not_a_tls_deny() -> None:
    # Deny when SecureTransport is *true* blocks HTTPS, not HTTP
    statement = (
        "Action: s3:*\nResource: arn:aws:s3:::data/*\nCondition: {Bool: {aws:SecureTransport: true}}\n"
    )
    w = load("B: {Type: AWS::S3::Bucket}\n" + _policy("!Ref B", statement))
    assert verdicts(bucket_secure_transport, w) == [("hit", "B")]


# -- FG-DP-010 ------------------------------------------------------------------------


def _mapping(source: str) -> str:
    return f"""\
Map:
  Type: AWS::Lambda::EventSourceMapping
  Properties:
    FunctionName: !Ref Fn
    EventSourceArn: {source}
"""


def test_sqs_managed_sse_unknown_is_undecided() -> None:
    w = load(
        FN
        + "Q: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: !Ref Free}}\n"
        + _mapping("!GetAtt Q.Arn")
    )
    assert verdicts(message_encryption, w) == [("undecided", "Q")]


def test_empty_key_parameter_on_a_queue_falls_back_to_sse_sqs() -> None:
    w = load(
        FN
        + "Q: {Type: AWS::SQS::Queue, Properties: {KmsMasterKeyId: !Ref Empty}}\n"
        + _mapping("!GetAtt Q.Arn")
    )
    assert verdicts(message_encryption, w) == []


def test_unknown_trigger_source_is_undecided_when_the_template_has_such_resources() -> None:
    w = load(
        FN + "Q: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: false}}\n" + _mapping("!Ref Free")
    )
    found = list(message_encryption.check(w))
    assert [type(v) for v in found] == [Undecided]


def test_unencrypted_table_stream_is_never_reported() -> None:
    table = "T: {Type: AWS::DynamoDB::Table, Properties: {SSESpecification: {SSEEnabled: false}}}\n"
    w = load(FN + table + _mapping("!GetAtt T.StreamArn"))
    assert verdicts(message_encryption, w) == []


# -- FG-DP-011 ------------------------------------------------------------------------


def test_unknown_log_group_key_is_undecided() -> None:
    w = load("G: {Type: AWS::Logs::LogGroup, Properties: {KmsKeyId: !Ref Free}}\n")
    assert verdicts(log_group_kms, w) == [("undecided", "G")]


def test_log_group_message_names_its_writers() -> None:
    w = load(FN + "G: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: !Sub '/aws/lambda/${Fn}'}}\n")
    (hit,) = log_group_kms.check(w)
    assert isinstance(hit, Hit) and "logs of Fn" in hit.message


# -- FG-DP-012 ------------------------------------------------------------------------


def test_name_findings_never_print_the_secret() -> None:
    w = load("R: {Type: AWS::IAM::Role, Properties: {RoleName: svc-AKIAQWGIGSUMZHDOZ2XZ}}\n")
    (hit,) = secret_in_names.check(w)
    assert isinstance(hit, Hit)
    assert "AKIAQWGIGSUMZHDOZ2XZ" not in hit.message + hit.detail
    assert "fingerprint" in hit.message


def test_names_from_parameters_are_references_not_literals() -> None:
    w = load("R: {Type: AWS::IAM::Role, Properties: {RoleName: !Ref Free}}\n")
    assert isinstance(w.roles[0].name, Unknown)
    assert list(secret_in_names.check(w)) == []


def test_sam_event_with_unknown_queue_is_undecided() -> None:
    text = HEAD.replace(
        '"2010-09-09"', '"2010-09-09"\nTransform: AWS::Serverless-2016-10-31'
    ) + textwrap.indent(
        textwrap.dedent(
            """\
            Q: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: false}}
            Fn:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: python3.13
                Handler: a.h
                CodeUri: src/
                Events:
                  Jobs: {Type: SQS, Properties: {Queue: !Ref Free}}
            """
        ),
        "  ",
    )
    w = load_template(parse_yaml(text, "t.yaml"), "t.yaml")
    assert verdicts(message_encryption, w) == [("undecided", "Fn")]
