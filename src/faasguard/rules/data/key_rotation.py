"""FG-DP-003: KMS key rotation off."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import KmsKey, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_bool, text

#: ``KeySpec`` of the keys KMS can rotate automatically (the default when unset).
SYMMETRIC = "SYMMETRIC_DEFAULT"
#: The only ``Origin`` whose keys KMS rotates automatically (the default when unset):
#: imported material (``EXTERNAL``) and custom key stores (``AWS_CLOUDHSM``,
#: ``EXTERNAL_KEY_STORE``) cannot enable automatic rotation.
KMS_ORIGIN = "AWS_KMS"


def _origin(key: KmsKey) -> str | Unknown | None:
    """The key's ``Origin``; unknown when set but not carried by the model."""
    if hasattr(key, "origin"):
        return text(key.origin)
    if "Origin" in key.field_lines:
        return Unknown("Origin is set but its value is not in the model")
    return None


@rule("FG-DP-003", Layer.DATA, Severity.MEDIUM, rows=("DP2",))
def key_rotation(workload: Workload) -> Iterator[Hit | Undecided]:
    """KMS key without automatic rotation.

    Why: a key that never rotates keeps protecting new data with the same
    key material for its whole life, so a leaked or broken key exposes
    everything ever encrypted with it.  KMS rotates symmetric keys for you,
    keeping old material for decryption.  Asymmetric and HMAC keys cannot
    rotate automatically and are not reported, nor are keys with imported
    key material (``Origin: EXTERNAL``).
    Fix: set ``EnableKeyRotation: true`` (optionally ``RotationPeriodInDays``).
    CloudFormation: ``AWS::KMS::Key`` ``EnableKeyRotation: true``.
    """
    for key in workload.keys:
        spec = text(key.key_spec)
        rotation = as_bool(key.rotation)
        where = key.location.at(key.field_lines.get("EnableKeyRotation"))
        if rotation is True:
            continue
        if isinstance(spec, Unknown):
            yield Undecided(
                key.id, key.location.at(key.field_lines.get("KeySpec")), f"KeySpec: {spec.reason}"
            )
            continue
        if spec is not None and spec.strip().upper() != SYMMETRIC:
            continue
        origin = _origin(key)
        if isinstance(origin, Unknown):
            where_origin = key.location.at(key.field_lines.get("Origin"))
            yield Undecided(key.id, where_origin, f"Origin: {origin.reason}")
            continue
        if origin is not None and origin.strip().upper() != KMS_ORIGIN:
            continue
        if isinstance(rotation, Unknown):
            yield Undecided(key.id, where, f"EnableKeyRotation: {rotation.reason}")
            continue
        state = "disabled" if rotation is False else "not enabled (the default is off)"
        yield Hit(key.id, "AWS::KMS::Key", where, f"automatic rotation of key {key.id} is {state}")
