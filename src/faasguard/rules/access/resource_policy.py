"""FG-AC-005: public or unconditioned resource-based permission on a function or layer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from faasguard.iam import OWN_ACCOUNT, arn_account, is_own_account, principal_account, service_name
from faasguard.model import Derived, Function, Permission, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule

_LAYER = "AWS::Lambda::LayerVersionPermission"
_CONDITIONS = "SourceArn, SourceAccount or PrincipalOrgID"
# ``${Topic}`` / ``${Pool.Arn}``: a Ref or GetAtt whose ARN the loader could not spell out.
_RESOURCE_VALUE = re.compile(r"^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$")


def _target(p: Permission, workload: Workload) -> Function | None:
    fn = workload.function(p.target)
    if fn is None and isinstance(p.target, Derived):
        found = [f for f in workload.functions if f.id in p.target.refs]
        fn = found[0] if len(found) == 1 else None
    return fn


def _upper(value: Any) -> str | None:
    return value.strip().upper() if isinstance(value, str) else None


def _url_rule_covers(p: Permission, fn: Function | None, workload: Workload) -> bool:
    """A public function-URL permission is FG-AC-006's finding on the function's URL."""
    if _upper(p.action) != "LAMBDA:INVOKEFUNCTIONURL" or _upper(p.function_url_auth_type) != "NONE":
        return False
    if fn is None:
        return False
    return any(
        isinstance(url.auth_type, Unknown) or _upper(url.auth_type) == "NONE"
        for url in workload.function_urls
        if url.function_id == fn.id
    )


def _pinned_account(source_arn: Any, workload: Workload) -> str | Unknown:
    """The account a SourceArn pins ("" when none: S3 bucket ARNs carry no account)."""
    if isinstance(source_arn, Unknown):
        return source_arn
    if not isinstance(source_arn, str):
        return Unknown(f"SourceArn is not a string: {source_arn!r}")
    if source_arn.strip() == "*":
        return ""
    if isinstance(source_arn, Derived) and source_arn.refs & {b.id for b in workload.buckets}:
        return ""
    account = arn_account(source_arn)
    if account is None:
        whole = _RESOURCE_VALUE.match(source_arn.strip())
        if isinstance(source_arn, Derived) and whole and whole.group(1) in source_arn.refs:
            return OWN_ACCOUNT  # the ARN of a resource of this stack: it lives in the deploying account
        return Unknown(f"SourceArn {source_arn!r} is not an ARN faasguard can read")
    return "" if "*" in account or "?" in account else account


def _judge(p: Permission, workload: Workload, fn: Function | None, name: str) -> str | Unknown | None:
    """The problem with ``p`` in words, ``None`` when fine, unknown when undecidable."""
    principal = p.principal
    if isinstance(principal, Unknown):
        return principal
    if not isinstance(principal, str) or not principal.strip():
        return None
    text = principal.strip()
    if p.resource_type == _LAYER:
        if text != "*":
            return None  # an account: sharing a layer with a named account is a deliberate grant
        if isinstance(p.principal_org_id, Unknown):
            return Unknown(f"OrganizationId: {p.principal_org_id.reason}")
        if p.principal_org_id is None:
            return f"layer permission {p.id} shares {name} with every AWS account (no OrganizationId)"
        return None
    if text == "*":
        narrowed = [v for v in (p.source_arn, p.source_account, p.principal_org_id) if v is not None]
        if any(not (isinstance(v, str) and v.strip() == "*") for v in narrowed) or _url_rule_covers(
            p, fn, workload
        ):
            return None
        if _upper(p.action) == "LAMBDA:INVOKEFUNCTIONURL":
            return f'permission {p.id} lets principals of any AWS account invoke the URL of {name} ("*")'
        return f'permission {p.id} lets anyone invoke {name}: Principal "*" with no {_CONDITIONS}'
    service = service_name(text)
    if service is not None:
        if service.startswith("alexa-"):
            if p.event_source_token is None:
                return f"permission {p.id} lets any Alexa skill invoke {name}: no EventSourceToken (skill ID)"
            return None
        if p.source_account is not None:
            return None
        if p.source_arn is None:
            return (
                f"permission {p.id} lets {text} invoke {name} for any account: no SourceArn or SourceAccount"
            )
        pinned = _pinned_account(p.source_arn, workload)
        if isinstance(pinned, Unknown) or pinned:
            return pinned if isinstance(pinned, Unknown) else None
        why = " (bucket ARNs never do)" if service == "s3" else ""
        return (
            f"permission {p.id} lets {text} invoke {name} with SourceArn {p.source_arn} that names no account"
            f"{why}: without SourceAccount, a same-named resource elsewhere can call it"
        )
    account = principal_account(text)
    if account is None:
        return Unknown(f"principal {text!r} is not a form faasguard can judge")
    if p.principal_org_id is not None:
        return None
    own = is_own_account(account)
    if own is True:
        return None
    if isinstance(own, Unknown):
        return own
    return f"permission {p.id} lets account {account} invoke {name} with no PrincipalOrgID condition"


@rule("FG-AC-005", Layer.ACCESS, Severity.HIGH, rows=("AC7",))
def resource_policy(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function or layer permission is public or lacks a source condition.

    Why: a resource-based permission decides who may invoke the function.
    ``Principal: "*"`` without a condition lets anyone call it.  A service
    principal (``sns.amazonaws.com``) without ``SourceArn``/``SourceAccount``
    lets that service invoke it on behalf of *any* account (the confused
    deputy).  S3 bucket ARNs carry no account, so an S3 permission needs
    ``SourceAccount`` too: if the bucket is deleted, anyone can recreate the
    name.  Another account without ``PrincipalOrgID`` is trusted outright.
    A public layer can be used by every account.  Public function URLs are
    reported by FG-AC-006 instead.
    Fix: add ``SourceArn`` (the exact topic, rule, API or bucket) and
    ``SourceAccount`` to service permissions; replace ``"*"`` by the caller;
    add ``PrincipalOrgID`` to cross-account grants; an Alexa permission needs
    ``EventSourceToken``.
    CloudFormation: ``AWS::Lambda::Permission`` ``SourceAccount: !Ref AWS::AccountId``
    and ``SourceArn: !GetAtt Bucket.Arn``.
    Terraform: ``aws_lambda_permission`` with ``source_arn = aws_s3_bucket.b.arn``
    and ``source_account = data.aws_caller_identity.current.account_id``;
    ``organization_id`` on an ``aws_lambda_layer_version_permission`` for ``"*"``.
    """
    for p in workload.permissions:
        fn = _target(p, workload)
        name = fn.id if fn is not None else str(p.target)
        if p.implicit and fn is not None:
            resource, rtype, detail = fn.id, fn.resource_type, p.id
        else:
            resource, rtype, detail = p.id, p.resource_type, ""
        where = p.location.at(p.field_lines.get("Principal"))
        verdict = _judge(p, workload, fn, name)
        if isinstance(verdict, Unknown):
            yield Undecided(resource, where, f"permission {p.id}: {verdict.reason}")
        elif verdict is not None:
            yield Hit(resource, rtype, where, verdict, detail=detail)
