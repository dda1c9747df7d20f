"""FG-DP-008: a secret store read into a plain environment variable at deploy time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from faasguard.model import ExternalRef, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.secrets import secret_kind_of_name

__all__ = ["secret_resolved_at_deploy"]

_SECRET_STORE_REF = re.compile(r"\{\{resolve:(secretsmanager|ssm-secure):(.*?)\}\}")
_PLAIN_SSM_REF = re.compile(r"\{\{resolve:ssm:(.*?)\}\}")


def _secret_id(reference: str) -> str:
    """The secret or parameter a dynamic reference names (its ARN's name part when given an ARN)."""
    if reference.startswith("arn:"):
        _, _, rest = reference.partition(":secret:")
        return rest.split(":", 1)[0] if rest else reference
    return reference.split(":", 1)[0]


def _looks_secret(name: str, path: str) -> bool:
    """A parameter holds a secret when its variable or the last parts of its path say so."""
    if secret_kind_of_name(name) is not None:
        return True
    parts = [p for p in re.split(r"[/:.]", path) if p][-2:]
    return any(secret_kind_of_name(p) is not None for p in parts)


#: keys of a JSON secret (an RDS secret's, typically) that hold no secret themselves
_PLAIN_KEYS = frozenset(
    {
        "username",
        "user",
        "host",
        "hostname",
        "port",
        "dbname",
        "database",
        "engine",
        "dbinstanceidentifier",
        "dbclusteridentifier",
        "proxy",
        "region",
        "endpoint",
    }
)


def _plain_key(key: str) -> bool:
    """A selected JSON key that names connection details, not the secret (``username``, ``host``)."""
    return bool(key) and key.lower() in _PLAIN_KEYS and secret_kind_of_name(key) is None


def _store(name: str, value: Any) -> str | None:
    """The secret reference resolved into ``value`` at deploy time, in words, or ``None``."""
    if isinstance(value, ExternalRef):
        if value.source == "secretsmanager":
            secret, _, key = value.key.partition("#")  # a key selected from a JSON secret
            if _plain_key(key):
                return None
            return f"Secrets Manager secret {secret}" + (f" (key {key})" if key else "")
        if value.source == "ssm" and _looks_secret(name, value.key):
            return f"SSM parameter {value.key}"
        return None
    if not isinstance(value, str):
        return None
    found = _SECRET_STORE_REF.search(value)
    if found and found.group(1) == "secretsmanager":
        # secret-id:SecretString:json-key:version-stage:version-id
        parts = found.group(2).split(":")
        at = parts.index("SecretString") if "SecretString" in parts else -1
        if at >= 0 and at + 1 < len(parts) and _plain_key(parts[at + 1]):
            return None
    if found:
        what = "Secrets Manager secret" if found.group(1) == "secretsmanager" else "SecureString parameter"
        return f"{what} {_secret_id(found.group(2))}"
    found = _PLAIN_SSM_REF.search(value)
    if found and _looks_secret(name, found.group(1)):
        return f"SSM parameter {_secret_id(found.group(1))}"
    return None


@rule("FG-DP-008", Layer.DATA, Severity.MEDIUM, rows=("DP5", "DP6"))
def secret_resolved_at_deploy(workload: Workload) -> Iterator[Hit | Undecided]:
    """Secret resolved into a plain environment variable at deploy time.

    Why: a ``{{resolve:secretsmanager:...}}`` dynamic reference, a Serverless
    ``${ssm:...}`` variable or an SSM-typed parameter is replaced by the
    secret's value when the stack is deployed, so the plain text ends up in
    the function's configuration: anyone allowed ``lambda:GetFunctionConfiguration``
    reads it, it appears in the console, and rotating the secret does not
    reach the function until the next deploy.  The secret store is used, but
    not as one.
    Fix: put the secret's name or ARN in the environment and read the value
    at run time (AWS SDK or the Parameters and Secrets Lambda Extension),
    with ``secretsmanager:GetSecretValue`` (or ``ssm:GetParameter``) on that
    secret only.
    SAM: ``DB_SECRET_ARN: !Ref DbSecret`` and the ``AWSSecretsManagerGetSecretValuePolicy`` template.
    CloudFormation: pass the secret ARN, not a ``{{resolve:...}}`` reference.
    Serverless: ``DB_SECRET_NAME: prod/db`` instead of ``${ssm:/aws/reference/secretsmanager/prod/db}``.
    Terraform: ``DB_SECRET_ARN = aws_secretsmanager_secret.db.arn`` instead of
    ``data.aws_secretsmanager_secret_version.db.secret_string`` (or an ``aws_ssm_parameter``'s ``value``).
    """
    for fn in workload.functions:
        if isinstance(fn.environment, Unknown):
            yield Undecided(fn.id, fn.line_of("Environment"), f"Environment: {fn.environment.reason}")
            continue
        for var in fn.environment:
            store = _store(var.name, var.value)
            if store is None:
                continue
            message = (
                f"environment variable {var.name} of function {fn.id} receives the value of {store} "
                "in plain text at deploy time"
            )
            yield Hit(fn.id, fn.resource_type, var.location, message, detail=var.name)
