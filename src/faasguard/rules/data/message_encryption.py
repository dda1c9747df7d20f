"""FG-DP-010: queue, topic or stream feeding a function is not encrypted at rest."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Derived, MessageResource, TriggerKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

__all__ = ["message_encryption"]

_REFERENCES = (
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
    "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
    "https://owasp.org/www-project-serverless-top-10/",
)

#: Trigger kinds -> the message resource kind they read from.
_KINDS = {TriggerKind.SQS: "sqs", TriggerKind.SNS: "sns", TriggerKind.KINESIS: "kinesis"}
_TYPES = {"sqs": "AWS::SQS::Queue", "sns": "AWS::SNS::Topic", "kinesis": "AWS::Kinesis::Stream"}
_KEY_PROPERTY = {"sqs": "KmsMasterKeyId", "sns": "KmsMasterKeyId", "kinesis": "StreamEncryption"}


def _feeders(workload: Workload) -> tuple[dict[str, list[str]], list[Undecided]]:
    """Message resource id -> functions it feeds; and the triggers whose source cannot be told."""
    by_id = {m.id: m for m in workload.message_resources}
    feeds: dict[str, list[str]] = {}
    unsure: list[Undecided] = []
    for trigger in workload.triggers:
        source = trigger.source
        if trigger.kind is TriggerKind.OTHER and isinstance(source, Unknown):
            # an event source mapping whose source is unknown may read any queue or stream
            kinds = {"sqs", "kinesis"}
        elif trigger.kind in _KINDS:
            kinds = {_KINDS[trigger.kind]}
        else:
            continue
        if isinstance(source, Unknown):
            if any(m.kind in kinds for m in workload.message_resources):
                why = f"the source of a trigger of {trigger.function_id} is unknown: {source.reason}"
                unsure.append(Undecided(trigger.function_id, trigger.location, why))
            continue
        kind = _KINDS[trigger.kind]
        refs = source.refs if isinstance(source, Derived) else frozenset()
        if isinstance(source, str) and source in by_id:
            refs = frozenset({source})
        # a literal ARN names a queue, topic or stream of another stack: judged where it is declared
        for rid in sorted(refs):
            if rid in by_id and by_id[rid].kind == kind:
                feeds.setdefault(rid, [])
                if trigger.function_id not in feeds[rid]:
                    feeds[rid].append(trigger.function_id)
    return feeds, unsure


def _unencrypted(res: MessageResource) -> bool | Unknown:
    """Whether ``res`` stores messages unencrypted (a KMS key of any kind, or SSE-SQS, encrypts)."""
    enc = res.encryption
    if isinstance(enc, Unknown):
        return enc
    if res.kind == "sqs" and enc is None and "SqsManagedSseEnabled" in res.field_lines:
        return True  # SqsManagedSseEnabled: false and no key
    if isinstance(enc, str):
        return not enc.strip()
    return enc is None


@rule("FG-DP-010", Layer.DATA, Severity.MEDIUM, rows=("DP7",), references=_REFERENCES)
def message_encryption(workload: Workload) -> Iterator[Hit | Undecided]:
    """Queue, topic or stream feeding a function is not encrypted at rest.

    Why: messages that trigger functions carry the workload's data (orders,
    user records, tokens); stored unencrypted, they are readable by anyone
    who reaches the underlying storage or a misrouted backup, and no key
    policy limits who may read them.  SNS topics and Kinesis streams are
    unencrypted unless a KMS key is set; SQS queues are encrypted with
    SQS-owned keys (SSE-SQS) by default unless ``SqsManagedSseEnabled`` is
    false; DynamoDB tables are always encrypted and never reported.  An
    AWS-owned or AWS-managed key (SSE-SQS, ``alias/aws/sns``...) counts as
    encrypted here; a customer-managed key is still better, since its key
    policy decides who may decrypt.  Only resources of the template that feed
    one of its functions are judged (a source given as a literal ARN is
    judged in the stack that declares it).
    Fix: encrypt the resource with a customer-managed KMS key whose policy
    lets the producers (for example ``sns.amazonaws.com``,
    ``events.amazonaws.com``, ``s3.amazonaws.com``) use it and the function's
    role decrypt it.  Do not use ``alias/aws/sqs`` on a queue fed by SNS, S3
    or EventBridge: its key policy cannot grant them, and delivery fails.
    SAM: ``KmsMasterKeyId: !Ref MessagesKey`` on the ``AWS::SNS::Topic`` or
    ``AWS::SQS::Queue`` (or remove ``SqsManagedSseEnabled: false``);
    ``StreamEncryption: {EncryptionType: KMS, KeyId: !Ref MessagesKey}`` on the
    ``AWS::Kinesis::Stream``.
    CloudFormation: the same properties on the queue, topic or stream.
    Serverless: declare the topic, queue or stream under ``resources.Resources``
    with its key, and point the event at it (``sns: {arn: !Ref Topic, topicName: orders}``).
    Terraform: ``kms_master_key_id = aws_kms_key.messages.id`` on the ``aws_sns_topic`` or ``aws_sqs_queue``
    (or remove ``sqs_managed_sse_enabled = false``); ``encryption_type = "KMS"`` and ``kms_key_id`` on the
    ``aws_kinesis_stream``.
    """
    feeds, unsure = _feeders(workload)
    yield from unsure
    for res in workload.message_resources:
        functions = feeds.get(res.id)
        if not functions or res.kind not in _TYPES:
            continue
        key = _KEY_PROPERTY[res.kind]
        line = res.field_lines.get(key) or res.field_lines.get("SqsManagedSseEnabled")
        where = res.location.at(line)
        state = _unencrypted(res)
        if isinstance(state, Unknown):
            yield Undecided(res.id, where, f"{key}: {state.reason}")
        elif state:
            kind = {"sqs": "queue", "sns": "topic", "kinesis": "stream"}[res.kind]
            how = (
                "SqsManagedSseEnabled is false and no KmsMasterKeyId is set"
                if res.kind == "sqs"
                else f"no {key}"
            )
            message = (
                f"{kind} {res.id} feeding {', '.join(functions)} stores messages unencrypted at rest ({how})"
            )
            yield Hit(res.id, _TYPES[res.kind], where, message)
