"""FG-DP-003: KMS key rotation off."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import KmsKey, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool, text

#: ``KeySpec`` of the keys KMS can rotate automatically (the default when unset).
SYMMETRIC = "SYMMETRIC_DEFAULT"
#: The only ``Origin`` whose keys KMS rotates automatically (the default when unset):
#: imported material (``EXTERNAL``) and custom key stores (``AWS_CLOUDHSM``,
#: ``EXTERNAL_KEY_STORE``) cannot enable automatic rotation.
KMS_ORIGIN = "AWS_KMS"


def is_replica(key: KmsKey) -> bool:
    """True for an ``AWS::KMS::ReplicaKey`` (the loader always records its ``PrimaryKeyArn``)."""
    return "PrimaryKeyArn" in key.field_lines


@rule("FG-DP-003", Layer.DATA, Severity.MEDIUM, rows=("DP2",))
def key_rotation(workload: Workload) -> Iterator[Hit | Undecided]:
    """KMS key without automatic rotation.

    Why: a key that never rotates keeps protecting new data with the same
    key material for its whole life, so a leaked or broken key exposes
    everything ever encrypted with it.  KMS rotates symmetric keys for you,
    keeping old material for decryption.  Asymmetric and HMAC keys cannot
    rotate automatically and are not reported, nor are keys whose material
    KMS does not generate (``Origin: EXTERNAL``, ``AWS_CLOUDHSM`` or
    ``EXTERNAL_KEY_STORE``).  A multi-Region replica key rotates with its
    primary key, so only the primary is judged.
    Fix: set ``EnableKeyRotation: true`` (optionally ``RotationPeriodInDays``).
    CloudFormation: ``AWS::KMS::Key`` ``EnableKeyRotation: true``.
    Terraform: ``enable_key_rotation = true`` on the ``aws_kms_key``.
    """
    for key in workload.keys:
        if is_replica(key):
            continue  # rotation is a property of the primary key
        rotation = as_bool(key.rotation)
        if rotation is True:
            continue
        spec, origin = text(key.key_spec), text(key.origin)
        if isinstance(spec, str) and spec.strip().upper() != SYMMETRIC:
            continue
        if isinstance(origin, str) and origin.strip().upper() != KMS_ORIGIN:
            continue
        if spec is not None and not isinstance(spec, str):
            where = key.location.at(key.field_lines.get("KeySpec"))
            yield Undecided(key.id, where, f"KeySpec: {spec.reason}")
            continue
        if origin is not None and not isinstance(origin, str):
            where = key.location.at(key.field_lines.get("Origin"))
            yield Undecided(key.id, where, f"Origin: {origin.reason}")
            continue
        where = key.location.at(key.field_lines.get("EnableKeyRotation"))
        if rotation is not None and rotation is not False:
            yield Undecided(key.id, where, f"EnableKeyRotation: {rotation.reason}")
            continue
        state = "disabled" if rotation is False else "not enabled (the default is off)"
        yield Hit(key.id, "AWS::KMS::Key", where, f"automatic rotation of key {key.id} is {state}")
