"""FG-DP-006: Secrets Manager secret without rotation."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule


@rule("FG-DP-006", Layer.DATA, Severity.MEDIUM, rows=("DP6",))
def secret_rotation(workload: Workload) -> Iterator[Hit | Undecided]:
    """Secrets Manager secret without automatic rotation.

    Why: a secret that never changes stays valid for as long as anyone who
    ever saw it - a former colleague, a log line, a leaked backup - keeps a
    copy.  Rotation limits how long a leaked value is useful.  A schedule
    counts when its ``SecretId`` names the secret (``Ref``, ``GetAtt``, a
    ``SecretTargetAttachment`` of it, its name or ARN); a schedule whose
    ``SecretId`` cannot be resolved leaves the secrets it may name not assessed.
    Fix: add a rotation schedule with a rotation function (AWS provides
    hosted rotation for RDS, Redshift and DocumentDB secrets).
    CloudFormation: ``AWS::SecretsManager::RotationSchedule`` with ``SecretId: !Ref Secret``
    and ``HostedRotationLambda`` or ``RotationLambdaARN``.
    Terraform: an ``aws_secretsmanager_secret_rotation`` with ``secret_id = aws_secretsmanager_secret.db.id``,
    ``rotation_lambda_arn`` and a ``rotation_rules`` block.
    """
    for secret in workload.secrets:
        # a loader sets an unknown when a schedule may point at this secret but cannot be resolved
        rotation: object = secret.rotation_id
        if isinstance(rotation, Unknown):
            yield Undecided(secret.id, secret.location, f"rotation schedule: {rotation.reason}")
        elif rotation is None:
            message = f"secret {secret.id} has no rotation schedule"
            yield Hit(secret.id, "AWS::SecretsManager::Secret", secret.location, message)
