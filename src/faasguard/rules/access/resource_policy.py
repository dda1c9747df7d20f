"""FG-AC-005: public or unconditioned resource-based permission on a function or layer."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._permission import judge_permission, permission_target


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
        fn = permission_target(p, workload)
        name = fn.id if fn is not None else str(p.target)
        if p.implicit and fn is not None:
            resource, rtype, detail = fn.id, fn.resource_type, p.id
        else:
            resource, rtype, detail = p.id, p.resource_type, ""
        where = p.location.at(p.field_lines.get("Principal"))
        verdict = judge_permission(p, workload, fn, name)
        if isinstance(verdict, Unknown):
            yield Undecided(resource, where, f"permission {p.id}: {verdict.reason}")
        elif verdict is not None:
            yield Hit(resource, rtype, where, verdict.message, detail=detail)
