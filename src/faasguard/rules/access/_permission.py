"""Whom a resource-based permission on a function or layer lets invoke it.

Shared by FG-AC-005 (the sentence saying what is wrong) and the exposure
view, which needs to know whether the permission opens the function to
anyone or to any AWS account (``Principal: "*"``, a service principal with
no ``SourceArn``/``SourceAccount``, an Alexa permission without a skill ID).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from faasguard.iam import (
    OWN_ACCOUNT,
    arn_account,
    is_own_account,
    principal_account,
    service_name,
    split_arn,
)
from faasguard.model import Derived, Function, Permission, Unknown, Workload

__all__ = ["LAYER", "Opening", "judge_permission", "permission_target", "upper"]

LAYER = "AWS::Lambda::LayerVersionPermission"
_CONDITIONS = "SourceArn, SourceAccount or PrincipalOrgID"
# ``${Topic}`` / ``${Pool.Arn}``: a Ref or GetAtt whose ARN the loader could not spell out.
_RESOURCE_VALUE = re.compile(r"^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$")


@dataclass(frozen=True, slots=True)
class Opening:
    """What is wrong with a permission; ``who`` says who can invoke the function through it.

    ``who`` is empty when the permission trusts someone narrower than any
    caller (one named account, an S3 bucket name only its owner holds today,
    a layer shared with everyone).
    """

    message: str
    who: str = ""
    via: str = ""


def permission_target(p: Permission, workload: Workload) -> Function | None:
    """The function of this workload ``p`` is on (``None``: a layer, or a function elsewhere)."""
    fn = workload.function(p.target)
    if fn is None and isinstance(p.target, Derived):
        found = [f for f in workload.functions if f.id in p.target.refs]
        fn = found[0] if len(found) == 1 else None
    return fn


def upper(value: Any) -> str | None:
    return value.strip().upper() if isinstance(value, str) else None


def _url_covers(p: Permission, fn: Function | None, workload: Workload) -> bool:
    """A public function-URL permission is the URL's finding (FG-AC-006), and the URL's entry point."""
    if upper(p.action) != "LAMBDA:INVOKEFUNCTIONURL" or upper(p.function_url_auth_type) != "NONE":
        return False
    if fn is None:
        return False
    return any(
        isinstance(url.auth_type, Unknown) or upper(url.auth_type) == "NONE"
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


def _any_bucket(source_arn: str) -> bool:
    """Whether an S3 SourceArn matches buckets anyone can create (``*``, ``arn:aws:s3:::*``)."""
    parts = split_arn(source_arn)
    name = parts[5] if parts is not None else source_arn.strip()
    return "*" in name or "?" in name


def judge_permission(
    p: Permission, workload: Workload, fn: Function | None, name: str
) -> Opening | Unknown | None:
    """The problem with ``p`` (``None`` when fine, unknown when undecidable), and whom it opens to."""
    principal = p.principal
    if isinstance(principal, Unknown):
        return principal
    if not isinstance(principal, str) or not principal.strip():
        return None
    text = principal.strip()
    if p.resource_type == LAYER:
        if text != "*":
            return None  # an account: sharing a layer with a named account is a deliberate grant
        if isinstance(p.principal_org_id, Unknown):
            return Unknown(f"OrganizationId: {p.principal_org_id.reason}")
        if p.principal_org_id is None:
            return Opening(
                f"layer permission {p.id} shares {name} with every AWS account (no OrganizationId)"
            )
        return None
    if text == "*":
        narrowed = [v for v in (p.source_arn, p.source_account, p.principal_org_id) if v is not None]
        if any(not (isinstance(v, str) and v.strip() == "*") for v in narrowed) or _url_covers(
            p, fn, workload
        ):
            return None
        via = f'permission {p.id} (Principal "*", no condition)'
        if upper(p.action) == "LAMBDA:INVOKEFUNCTIONURL":
            message = f'permission {p.id} lets principals of any AWS account invoke the URL of {name} ("*")'
            return Opening(message, "any AWS account", via)
        message = f'permission {p.id} lets anyone invoke {name}: Principal "*" with no {_CONDITIONS}'
        return Opening(message, "any AWS account", via)
    service = service_name(text)
    if service is not None:
        if service.startswith("alexa-"):
            if p.event_source_token is None:
                message = (
                    f"permission {p.id} lets any Alexa skill invoke {name}: no EventSourceToken (skill ID)"
                )
                return Opening(message, "any Alexa skill", f"permission {p.id} (no EventSourceToken)")
            return None
        if p.source_account is not None:
            return None
        through = f"any AWS account through {text}"
        if p.source_arn is None:
            message = (
                f"permission {p.id} lets {text} invoke {name} for any account: no SourceArn or SourceAccount"
            )
            return Opening(message, through, f"permission {p.id} (no SourceArn or SourceAccount)")
        pinned = _pinned_account(p.source_arn, workload)
        if isinstance(pinned, Unknown) or pinned:
            return pinned if isinstance(pinned, Unknown) else None
        why = " (bucket ARNs never do)" if service == "s3" else ""
        message = (
            f"permission {p.id} lets {text} invoke {name} with SourceArn {p.source_arn} that names no account"
            f"{why}: without SourceAccount, a same-named resource elsewhere can call it"
        )
        # a topic or queue name is anyone's to create; a bucket name is its owner's until deleted
        opened = service != "s3" or _any_bucket(str(p.source_arn))
        via = f"permission {p.id} (SourceArn {p.source_arn} names no account)"
        return Opening(message, through if opened else "", via if opened else "")
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
    return Opening(f"permission {p.id} lets account {account} invoke {name} with no PrincipalOrgID condition")
