"""FG-DP-007: Secrets Manager secret encrypted with the AWS-managed key."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

#: The alias of the AWS-managed key Secrets Manager uses when no key is given.
AWS_MANAGED_SECRETS_KEY = "alias/aws/secretsmanager"


@rule("FG-DP-007", Layer.DATA, Severity.LOW, rows=("DP6",))
def secret_kms(workload: Workload) -> Iterator[Hit | Undecided]:
    """Secrets Manager secret encrypted with the AWS-managed key.

    Why: with the AWS-managed ``aws/secretsmanager`` key, whoever may call
    ``secretsmanager:GetSecretValue`` can read the secret; the key policy
    cannot add a second check, and the secret cannot be shared with another
    account.  A customer-managed key makes decryption a separate, audited
    permission.
    Fix: create a KMS key and set it as the secret's ``KmsKeyId``; grant
    ``kms:Decrypt`` only to the functions that read the secret.
    CloudFormation: ``AWS::SecretsManager::Secret`` ``KmsKeyId: !Ref SecretKey``.
    Terraform: ``kms_key_id = aws_kms_key.secrets.arn`` on the ``aws_secretsmanager_secret``.
    """
    for secret in workload.secrets:
        key = secret.kms_key
        where = secret.location.at(secret.field_lines.get("KmsKeyId"))
        if isinstance(key, Unknown):
            yield Undecided(secret.id, where, f"KmsKeyId: {key.reason}")
        elif key is None or (isinstance(key, str) and key.strip().endswith(AWS_MANAGED_SECRETS_KEY)):
            message = f"secret {secret.id} is encrypted with the AWS-managed key aws/secretsmanager"
            yield Hit(secret.id, "AWS::SecretsManager::Secret", where, message)
