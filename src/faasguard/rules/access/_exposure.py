"""Who can invoke a function: its entry points open to anyone, or to any AWS account.

The "who" half of the exposure view (:mod:`faasguard.exposure`) and of
FG-AC-014.  Four kinds of entry point are read from the model, with the
same judgments as the rules that report each one alone: a function URL with
``AuthType: NONE`` (FG-AC-006); an API route without authorization on a
public API (FG-AC-007, :mod:`._api_access`); a resource-based permission
open to ``"*"`` or to a service principal for any account (FG-AC-005,
:mod:`._permission`); a bucket whose policy lets anyone write objects, when
it notifies the function.  SNS topic policies and load balancers are not in
the model, so a public topic or an internet-facing ALB is not seen.  Each
entry point is open, or possibly open (a value is unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from faasguard.iam import grants, is_public_statement, line_of, principal_account
from faasguard.iam.resources import may_apply
from faasguard.model import Bucket, Derived, Function, Location, Trigger, TriggerKind, Unknown, Workload
from faasguard.rules._values import as_bool
from faasguard.rules.access._api_access import open_route, route_label
from faasguard.rules.access._permission import LAYER, judge_permission, permission_target, upper

__all__ = ["INTERNET", "EntryKind", "EntryPoint", "entry_points"]

INTERNET = "anyone on the internet"


class EntryKind(StrEnum):
    """How a caller reaches the function."""

    FUNCTION_URL = "function_url"
    API_ROUTE = "api_route"
    PERMISSION = "permission"
    BUCKET = "bucket"


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """One way in: who can use it, through what, and the line that opens it.

    ``undecided`` is empty when the entry point is open; otherwise it says
    which value leaves it possibly open.
    """

    kind: EntryKind
    who: str  #: "anyone on the internet", "any AWS account through sns.amazonaws.com"
    via: str  #: "function URL (AuthType NONE)", "route POST /orders of API Api (no authorization)"
    resource: str  #: the URL, API, permission or bucket that opens it
    location: Location
    undecided: str = ""


def _urls(workload: Workload, fn: Function) -> list[EntryPoint]:
    found = []
    for url in workload.function_urls:
        if url.function_id != fn.id:
            continue
        on = f" on {url.qualifier}" if isinstance(url.qualifier, str) else ""
        where = url.location.at(url.field_lines.get("AuthType"))
        if isinstance(url.auth_type, Unknown):
            via = f"function URL{on}"
            found.append(
                EntryPoint(EntryKind.FUNCTION_URL, INTERNET, via, url.id, where, url.auth_type.reason)
            )
        elif upper(url.auth_type) == "NONE":
            via = f"function URL{on} (AuthType NONE)"
            found.append(EntryPoint(EntryKind.FUNCTION_URL, INTERNET, via, url.id, where))
    return found


def _routes(workload: Workload, fn: Function) -> list[EntryPoint]:
    found = []
    for api in workload.apis:
        for route in api.routes:
            if route.function_id != fn.id:
                continue
            verdict = open_route(api, route)
            if verdict is False:
                continue
            via = f"route {route_label(route)} of API {api.id}"
            doubt = verdict.reason if isinstance(verdict, Unknown) else ""
            if not doubt:
                via += " (no authorization)"
            found.append(EntryPoint(EntryKind.API_ROUTE, INTERNET, via, api.id, route.location, doubt))
    return found


def _permissions(workload: Workload, fn: Function) -> list[EntryPoint]:
    found = []
    for p in workload.permissions:
        target = permission_target(p, workload)
        if p.resource_type == LAYER or target is None or target.id != fn.id:
            continue
        where = p.location.at(p.field_lines.get("Principal"))
        verdict = judge_permission(p, workload, fn, fn.id)
        named = isinstance(p.principal, str) and principal_account(p.principal.strip()) is not None
        if isinstance(verdict, Unknown) and named:
            continue  # one named account at most (is it ours?): never anyone's way in
        if isinstance(verdict, Unknown):
            via = f"permission {p.id}"
            found.append(EntryPoint(EntryKind.PERMISSION, "any caller", via, p.id, where, verdict.reason))
        elif verdict is not None and verdict.who:
            found.append(EntryPoint(EntryKind.PERMISSION, verdict.who, verdict.via, p.id, where))
    return found


def _bucket_of(trigger: Trigger, workload: Workload) -> Bucket | None:
    source = trigger.source
    for bucket in workload.buckets:
        if isinstance(source, str) and (
            source == bucket.id or (isinstance(source, Derived) and bucket.id in source.refs)
        ):
            return bucket
    return None


def _public_write(bucket: Bucket) -> tuple[Location, str] | None:
    """Where the bucket's policy lets anyone put objects (reason empty), or why that is undecided."""
    policy = bucket.policy
    if policy is None:
        return None  # no bucket policy: ACLs decide, not modelled
    restrict = as_bool(bucket.restrict_public)
    if restrict is True:
        return None  # RestrictPublicBuckets: a public policy admits only this account and AWS services
    if isinstance(policy.statements, Unknown):
        return policy.location, f"bucket policy of {bucket.id}: {policy.statements.reason}"
    doubt: tuple[Location, str] | None = None
    for stmt in policy.statements:
        public = is_public_statement(stmt)
        writes = grants(stmt, "s3:PutObject")
        on_objects = any(
            isinstance(r, Unknown) or may_apply("s3:PutObject", r) is not False for r in stmt.resources
        ) or bool(stmt.not_resources)
        if public is False or writes is False or not on_objects:
            continue
        where = line_of(stmt, "Principal")
        if public is True and writes is True and isinstance(restrict, Unknown):
            return where, f"RestrictPublicBuckets of {bucket.id}: {restrict.reason}"
        if public is True and writes is True:
            return where, ""
        unknown = public if isinstance(public, Unknown) else writes
        if doubt is None and isinstance(unknown, Unknown):
            doubt = where, f"bucket policy of {bucket.id}: {unknown.reason}"
    return doubt


def _buckets(workload: Workload, fn: Function) -> list[EntryPoint]:
    found = []
    for trigger in workload.triggers:
        if trigger.kind is not TriggerKind.S3 or trigger.function_id != fn.id:
            continue
        bucket = _bucket_of(trigger, workload)
        written = _public_write(bucket) if bucket is not None else None
        if bucket is None or written is None:
            continue
        where, doubt = written
        wide = "" if doubt else ' (anyone may put objects: s3:PutObject to "*")'
        via = f"bucket {bucket.id}{wide} and its event notification"
        found.append(EntryPoint(EntryKind.BUCKET, INTERNET, via, bucket.id, where, doubt))
    return found


def entry_points(workload: Workload, fn: Function) -> tuple[EntryPoint, ...]:
    """The entry points of ``fn`` open (or possibly open) to anyone or to any AWS account.

    Function URLs first, then API routes, permissions and buckets, each in
    source order.
    """
    found = _urls(workload, fn) + _routes(workload, fn) + _permissions(workload, fn) + _buckets(workload, fn)
    return tuple(found)
