"""FG-DP-012: secret-like literal in a resource name or a tag key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import Derived, Location, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import LAMBDA_LOG_PREFIX, stage_line, stage_target
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.secrets import SecretMatch, find_secret

__all__ = ["secret_in_names"]

_REFERENCES = (
    "https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html",
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/intro.html",
    "https://owasp.org/www-project-serverless-top-10/",
)

#: ``Derived`` origins whose text is written in the template (see FG-DP-002).
_LITERAL_ORIGINS = frozenset({"sub", "join"})

#: A neutral label: names are matched against known token formats only, never by keyword.
_LABEL = "name"

Named = tuple[str, str, str, Any, Location]  # (resource, type, what, value, where)


def _names(workload: Workload) -> Iterator[Named]:
    """Every resource name the model keeps, and the tag keys of functions."""
    for fn in workload.functions:
        yield fn.id, fn.resource_type, "FunctionName", fn.name, fn.line_of("FunctionName")
        for key, _value, where in fn.tags:
            yield fn.id, fn.resource_type, "tag key", key, where
    kinds: tuple[tuple[str, str, str, Any], ...] = (
        ("AWS::IAM::Role", "RoleName", "name", workload.roles),
        ("AWS::IAM::User", "UserName", "name", workload.users),
        ("AWS::IAM::Group", "GroupName", "name", workload.groups),
        ("AWS::S3::Bucket", "BucketName", "name", workload.buckets),
        ("AWS::Logs::LogGroup", "LogGroupName", "name", workload.log_groups),
    )
    for rtype, prop, attr, items in kinds:
        for item in items:
            where = item.location.at(item.field_lines.get(prop))
            yield item.id, rtype, prop, getattr(item, attr), where
    for api in workload.apis:
        for stage in api.stages:
            resource, rtype, _ = stage_target(api, stage)
            yield resource, rtype, "StageName", stage.name, stage_line(stage, "StageName")


def _literal_secret(value: Any) -> SecretMatch | None:
    if type(value) is str or (isinstance(value, Derived) and value.origin in _LITERAL_ORIGINS):
        return find_secret(_LABEL, str(value))
    return None


@rule("FG-DP-012", Layer.DATA, Severity.HIGH, rows=("DP5",), references=_REFERENCES)
def secret_in_names(workload: Workload) -> Iterator[Hit | Undecided]:
    """Secret-like literal in a resource name or tag key.

    Why: names and tag keys are not secret: they appear in ARNs, in the
    console, in CloudTrail, in billing reports and in every log line that
    names the resource, and cannot be changed without replacing the
    resource.  A credential that ends up in one (a pasted access key id, a
    token used as a suffix) is disclosed to everyone who can list the
    account's resources.  Names are matched against known credential formats
    only (AWS keys, GitHub, Slack, Stripe... tokens, private keys, JWTs,
    passwords in URLs), never by keyword, so ordinary names stay silent.
    Function names, role, user, group, bucket and log group names, API stage
    names and the keys of function tags are checked (a log group named
    ``/aws/lambda/<function name>`` is reported once, on the function); tag
    values are checked by FG-DP-002.
    Fix: rename the resource (or tag) to something that is not a credential,
    then revoke and rotate the exposed credential, since it has already been
    disclosed; keep the secret in AWS Secrets Manager.
    SAM: change the ``FunctionName``/``RoleName``/``BucketName``... property.
    CloudFormation: change the name property (the resource is replaced).
    Serverless: change the function or service name (or ``name:``) and the
    ``resources.Resources`` name properties.
    Terraform: change ``function_name``, ``name``, ``bucket``, ``stage_name`` or the ``tags`` key (Terraform
    replaces the resource).
    """
    # the log group Lambda writes to is named after the function: one finding, on the function's name
    follows = {LAMBDA_LOG_PREFIX + str(fn.name) for fn in workload.functions if isinstance(fn.name, str)}
    for resource, rtype, what, value, where in _names(workload):
        match = _literal_secret(value)
        if match is None or (what == "LogGroupName" and str(value) in follows):
            continue
        label = f"tag key of {resource}" if what == "tag key" else f"{what} of {resource}"
        message = (
            f"{label} holds {_article(match.kind)} as a plain literal "
            f"(value {match.masked}, fingerprint {match.fingerprint})"
        )
        detail = f"tag key {match.fingerprint}" if what == "tag key" else what
        yield Hit(resource, rtype, where, message, detail=detail)


def _article(kind: str) -> str:
    if kind.startswith("credentials"):
        return kind
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"
