"""FG-DP-002: secret-like literal in a function's environment variables or tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import Derived, Function, Location, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.secrets import SecretMatch, find_secret

__all__ = ["secret_in_environment"]

_REFERENCES = (
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html",
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
)


#: ``Derived`` origins whose text is mostly written in the template: the
#: literal parts of an ``Fn::Sub`` / ``Fn::Join`` (``postgres://app:pw@${Db.Endpoint.Address}``)
#: are as much in the source as a plain string.  Unresolved parts stay ``${...}``
#: placeholders, which the detectors treat as references.
_LITERAL_ORIGINS = frozenset({"sub", "join"})


def _literal_secret(name: str, value: Any) -> SecretMatch | None:
    # A plain str is a literal written in the template, and so is the text
    # of a Sub/Join around references.  Other Derived values (a Ref to a
    # parameter or resource, a GetAtt), DynamicRef ({{resolve:...}}) and
    # Unknown are references whose value is not in the source.
    if type(value) is str or (isinstance(value, Derived) and value.origin in _LITERAL_ORIGINS):
        return find_secret(name, str(value))
    return None


def _article(kind: str) -> str:
    """``kind`` with its indefinite article: a password..., an API key..., credentials in URL."""
    if kind.startswith("credentials"):
        return kind
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


def _hit(fn: Function, where: Location, what: str, match: SecretMatch, detail: str) -> Hit:
    message = (
        f"{what} of function {fn.id} holds {_article(match.kind)} as a plain literal "
        f"(value {match.masked}, fingerprint {match.fingerprint})"
    )
    return Hit(fn.id, fn.resource_type, where, message, detail=detail)


@rule("FG-DP-002", Layer.DATA, Severity.HIGH, rows=("DP5",), references=_REFERENCES)
def secret_in_environment(workload: Workload) -> Iterator[Hit | Undecided]:
    """Secret-like literal in function environment variables.

    Why: environment variables and tags are not secret stores - their values
    are readable by anyone who may call ``lambda:GetFunctionConfiguration``
    or list tags, they appear in the template, in version control, in
    CloudFormation and in deployment logs, and they cannot be rotated without
    a redeploy.
    Fix: store the secret in AWS Secrets Manager (or SSM Parameter Store as a
    SecureString), put only its name or ARN in the environment, grant the
    function ``secretsmanager:GetSecretValue`` on it, and read it at run time
    (for example with the AWS Parameters and Secrets Lambda Extension); then
    rotate the exposed secret, since it has already been disclosed.
    SAM: ``Environment: {Variables: {DB_SECRET_ARN: !Ref DbSecret}}`` plus the
    ``AWSSecretsManagerGetSecretValuePolicy`` policy template.
    CloudFormation: reference an ``AWS::SecretsManager::Secret`` by ARN in
    ``Environment.Variables`` and allow ``secretsmanager:GetSecretValue``.
    Terraform: ``DB_SECRET_ARN = aws_secretsmanager_secret.db.arn`` in ``environment { variables }``
    and ``secretsmanager:GetSecretValue`` on that secret in the role's policy.
    """
    for fn in workload.functions:
        if isinstance(fn.environment, Unknown):
            where = fn.line_of("Environment")
            yield Undecided(fn.id, where, f"Environment: {fn.environment.reason}")
        else:
            for var in fn.environment:
                match = _literal_secret(var.name, var.value)
                if match is not None:
                    yield _hit(fn, var.location, f"environment variable {var.name}", match, var.name)
        for key, value, where in fn.tags:
            match = _literal_secret(key, value)
            if match is not None:
                yield _hit(fn, where, f"tag {key}", match, f"tag:{key}")
