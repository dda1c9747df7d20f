"""Terraform resource instances to the CloudFormation resources that mean the same.

Each supported ``aws_*`` type becomes the CloudFormation resource with the
same meaning, under the instance's Terraform address as logical id; the
split-out resources Terraform prefers (bucket versioning, policy
attachments, event targets, method integrations ...) are merged into the
resource they configure.  Every key keeps the line it was written on, so
findings point at the ``.tf`` line.  The template loader then builds the
model, and every rule applies unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders.terraform._values import BlockBody, Blocks, EvalError, JsonDoc, LStr, is_intrinsic
from faasguard.model import SourceLine, Unknown

__all__ = ["SUPPORTED", "Compiler"]

_WORD = re.compile(r"_([a-z0-9])")


def pascal(name: str) -> str:
    """``kms_key_arn`` -> ``KmsKeyArn``."""
    return _WORD.sub(lambda m: m.group(1).upper(), name[:1].upper() + name[1:])


def convert(value: Any, lists: frozenset[str] = frozenset(), nested: dict[str, str] | None = None) -> Any:
    """Block arguments in CloudFormation's Pascal case; a single nested block becomes an object.

    Only block bodies are renamed: a map written as a value (environment
    variables, tags, request parameters) keeps its keys.
    """
    if isinstance(value, JsonDoc):
        return value.value
    if isinstance(value, BlockBody):
        out = LDict(line=value.line)
        for k, v in value.items():
            key = (nested or {}).get(k) or pascal(str(k))
            if isinstance(v, Blocks) and k not in lists:
                if not v:
                    continue
                v = v[0]
            out[key] = convert(v, lists, nested)
            out.lines[key] = value.lines.get(k, value.line)
        return out
    if isinstance(value, Blocks):
        items = LList(line=value.line)
        for i, v in enumerate(value):
            items.append(convert(v, lists, nested))
            items.lines.append(value.line_of(i))
        return items
    return value


def _json_value(value: Any) -> Any:
    """An attribute holding a JSON document (policy, event pattern): the document itself."""
    if isinstance(value, JsonDoc):
        return value.value
    if isinstance(value, str) and not is_intrinsic(value):
        from faasguard.loaders.terraform._json_text import decode

        try:
            return decode(value, getattr(value, "line", 0))
        except EvalError as exc:
            return Unknown(str(exc))
    if value is None or isinstance(value, Unknown):
        return value
    return Unknown("a JSON document known only after apply")


def _tags(value: Any, line: int) -> Any:
    if not isinstance(value, dict) or is_intrinsic(value):
        return value
    out = LList(line=getattr(value, "line", line))
    for k, v in value.items():
        item = LDict(line=value.lines.get(k, out.line) if isinstance(value, LDict) else out.line)
        item["Key"], item["Value"] = k, v
        item.lines["Key"] = item.lines["Value"] = item.line
        out.append(item)
        out.lines.append(item.line)
    return out


class Compiler:
    """Collects CloudFormation resources, then merges the split-out resources into them."""

    def __init__(self) -> None:
        self.resources = LDict(line=0)
        self.pending: list[Callable[[], None]] = []
        self.notes: list[tuple[SourceLine, str]] = []

    def add(self, inst: Any, cfn_type: str, props: LDict) -> LDict:
        """Add the CloudFormation resource for ``inst`` under its address."""
        line = inst.line
        res = LDict(line=line)
        res["Type"] = cfn_type
        res["Properties"] = props
        res.lines["Type"] = res.lines["Properties"] = line
        self.resources[inst.address] = res
        self.resources.lines[inst.address] = line
        return props

    def props_of(self, ref: Any, cfn_type: str, name_key: str = "") -> LDict | None:
        """The properties of the resource ``ref`` points at (a Ref/GetAtt to it, or its name)."""
        lid = _target(ref)
        if lid is not None:
            res = self.resources.get(lid)
            if isinstance(res, dict) and res.get("Type") == cfn_type:
                props = res.get("Properties")
                return props if isinstance(props, LDict) else None
            return None
        if isinstance(ref, str) and name_key:
            for res in self.resources.values():
                if isinstance(res, dict) and res.get("Type") == cfn_type:
                    props = res.get("Properties")
                    if isinstance(props, LDict) and props.get(name_key) == ref:
                        return props
        return None

    def compile(self, inst: Any) -> None:
        """Add what ``inst`` means to the template (or note that its type is not analysed)."""
        handler = SUPPORTED.get(inst.type)
        if handler is None:
            return
        body = inst.body()
        if not isinstance(body, LDict):
            return
        handler(self, inst, body)

    def finish(self) -> LDict:
        """Apply the merges and return the template."""
        for merge in self.pending:
            merge()
        _plain_strings(self.resources)
        doc = LDict(line=0)
        doc["AWSTemplateFormatVersion"] = "2010-09-09"
        doc["Resources"] = self.resources
        return doc


def _plain_strings(root: Any) -> None:
    """Turn the evaluator's ``LStr`` into plain ``str``, as a parsed template holds.

    Rules tell a literal written in the source by its exact type (``str``,
    not a ``Derived``); the lines stay on the containers.
    """
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, LStr):
                    node[k] = str(v)
                elif isinstance(v, dict | list):
                    stack.append(v)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                if isinstance(v, LStr):
                    node[i] = str(v)
                elif isinstance(v, dict | list):
                    stack.append(v)


def _target(ref: Any) -> str | None:
    if is_intrinsic(ref):
        ((key, arg),) = ref.items()
        if key == "Ref" and isinstance(arg, str):
            return str(arg)
        if key == "Fn::GetAtt" and isinstance(arg, list) and arg:
            return str(arg[0])
    return None


def _put(props: LDict, key: str, value: Any, line: int) -> None:
    props[key] = value
    props.lines[key] = line


def _append(props: LDict, key: str, value: Any, line: int) -> None:
    items = props.get(key)
    if not isinstance(items, LList):
        new = LList(line=line)
        if isinstance(items, list):
            new.extend(items)
            new.lines = [line] * len(items)
        items = new
        props[key] = items
        props.lines[key] = line
    items.append(value)
    items.lines.append(line)


def _simple(
    cfn_type: str,
    renames: dict[str, str] | None = None,
    nested: dict[str, str] | None = None,
    json_keys: tuple[str, ...] = (),
    lists: tuple[str, ...] = (),
    tags: bool = False,
    fix: Callable[[Compiler, Any, LDict, LDict], None] | None = None,
) -> Callable[[Compiler, Any, LDict], None]:
    """A handler that converts the body generically, with renames and JSON-document attributes."""
    renamed = dict(renames or {})
    list_set = frozenset(lists)

    def handler(c: Compiler, inst: Any, body: LDict) -> None:
        props = LDict(line=inst.line)
        for k, v in body.items():
            if k in ("tags_all", "region") or (k == "tags" and not tags):
                continue
            line = body.lines.get(k, inst.line)
            key = renamed.get(k, pascal(k))
            if not key:
                continue
            if k in json_keys:
                v = _json_value(v)
            elif k == "tags":
                v = _tags(v, line)
            else:
                if isinstance(v, Blocks) and k not in list_set:
                    if not v:
                        continue
                    v = v[0]
                v = convert(v, list_set, nested)
            _put_path(props, key, v, line)
        if fix is not None:
            fix(c, inst, body, props)
        c.add(inst, cfn_type, props)

    return handler


def _put_path(props: LDict, key: str, value: Any, line: int) -> None:
    """Set ``A.B`` paths (``Code.ImageUri``) creating the objects on the way."""
    parts = key.split(".")
    target = props
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, LDict):
            child = LDict(line=line)
            _put(target, part, child, line)
        target = child
    _put(target, parts[-1], value, line)


# --- per-type fixes ------------------------------------------------------------------------------


def _lambda_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    if props.get("ReservedConcurrentExecutions") == -1:  # -1 is Terraform's "not reserved"
        props["ReservedConcurrentExecutions"] = None  # unset, the line kept for findings
    if "Code" not in props and isinstance(body.get("filename"), str):
        line = body.lines.get("filename", inst.line)
        # a local archive, uploaded by Terraform; when archive_file builds it, the folder it zips
        local = getattr(body["filename"], "source", None) or body["filename"]
        code = LDict({"S3Key": local}, line=line)
        code.lines["S3Key"] = line
        _put(props, "Code", code, line)


def _role_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    inline = body.get("inline_policy")
    if isinstance(inline, list):
        policies = LList(line=body.lines.get("inline_policy", inst.line))
        for item in inline:
            if not isinstance(item, LDict) or item.get("policy") is None:
                continue
            p = LDict(line=item.line)
            _put(p, "PolicyName", item.get("name", "inline"), item.lines.get("name", item.line))
            _put(p, "PolicyDocument", _json_value(item.get("policy")), item.lines.get("policy", item.line))
            policies.append(p)
            policies.lines.append(item.line)
        props.pop("InlinePolicy", None)
        if policies:
            _put(props, "Policies", policies, policies.line)


def _trail_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    if "IsLogging" not in props:  # enable_logging defaults to true in Terraform
        _put(props, "IsLogging", True, inst.line)
    selectors = props.get("EventSelectors")
    if isinstance(selectors, list):
        for sel in selectors:
            if isinstance(sel, LDict) and "DataResource" in sel:
                sel["DataResources"] = sel.pop("DataResource")
                sel.lines["DataResources"] = sel.lines.get("DataResource", sel.line)
    advanced = props.get("AdvancedEventSelectors")
    if isinstance(advanced, list):
        for sel in advanced:
            if isinstance(sel, LDict) and "FieldSelector" in sel:
                sel["FieldSelectors"] = sel.pop("FieldSelector")
                sel.lines["FieldSelectors"] = sel.lines.get("FieldSelector", sel.line)


def _bucket_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    versioning = body.get("versioning")
    if isinstance(versioning, list) and versioning and isinstance(versioning[0], LDict):
        enabled = versioning[0].get("enabled")
        status = "Enabled" if enabled is True else ("Suspended" if enabled is False else enabled)
        line = body.lines.get("versioning", inst.line)
        props.pop("Versioning", None)
        _put(props, "VersioningConfiguration", LDict({"Status": status}, line=line), line)
    website = body.get("website")
    props.pop("Website", None)
    if isinstance(website, list) and website and isinstance(website[0], LDict):
        _website(props, inst, website[0])
    if body.get("object_lock_enabled") is True:
        _put(props, "ObjectLockEnabled", True, body.lines.get("object_lock_enabled", inst.line))
    lock = body.get("object_lock_configuration")
    if isinstance(lock, list) and lock and isinstance(lock[0], LDict):
        line = body.lines.get("object_lock_configuration", inst.line)
        if lock[0].get("object_lock_enabled") == "Enabled":
            _put(props, "ObjectLockEnabled", True, line)
    sse = body.get("server_side_encryption_configuration")
    if isinstance(sse, list) and sse:
        props.pop("ServerSideEncryptionConfiguration", None)
        _put(
            props,
            "BucketEncryption",
            _encryption(sse[0]),
            body.lines.get("server_side_encryption_configuration", inst.line),
        )
    if isinstance(body.get("acl"), str):
        _put(
            props, "AccessControl", _ACL.get(str(body["acl"]), body["acl"]), body.lines.get("acl", inst.line)
        )
        props.pop("Acl", None)
    props.pop("Bucket", None)
    if "bucket" in body:
        _put(props, "BucketName", body["bucket"], body.lines.get("bucket", inst.line))


_ACL = {
    "private": "Private",
    "public-read": "PublicRead",
    "public-read-write": "PublicReadWrite",
    "authenticated-read": "AuthenticatedRead",
    "log-delivery-write": "LogDeliveryWrite",
}


def _encryption(config: Any) -> Any:
    if not isinstance(config, LDict):
        return config
    rules = LList(line=config.line)
    for rule in config.get("rule") or []:
        if not isinstance(rule, LDict):
            continue
        out = LDict(line=rule.line)
        default = rule.get("apply_server_side_encryption_by_default")
        if isinstance(default, list) and default and isinstance(default[0], LDict):
            d = default[0]
            by_default = LDict(line=d.line)
            if "sse_algorithm" in d:
                _put(by_default, "SSEAlgorithm", d["sse_algorithm"], d.lines.get("sse_algorithm", d.line))
            if "kms_master_key_id" in d:
                _put(
                    by_default,
                    "KMSMasterKeyID",
                    d["kms_master_key_id"],
                    d.lines.get("kms_master_key_id", d.line),
                )
            _put(out, "ServerSideEncryptionByDefault", by_default, d.line)
        rules.append(out)
        rules.lines.append(rule.line)
    return LDict({"ServerSideEncryptionConfiguration": rules}, line=config.line)


def _bucket_part(apply: Callable[[LDict, Any, LDict], None]) -> Callable[[Compiler, Any, LDict], None]:
    """A split-out S3 bucket resource: merged into the bucket it names."""

    def handler(c: Compiler, inst: Any, body: LDict) -> None:
        def merge() -> None:
            props = c.props_of(body.get("bucket"), "AWS::S3::Bucket", "BucketName")
            if props is not None:
                apply(props, inst, body)

        c.pending.append(merge)

    return handler


def _versioning(props: LDict, inst: Any, body: LDict) -> None:
    config = body.get("versioning_configuration")
    if isinstance(config, list) and config and isinstance(config[0], LDict):
        line = config[0].lines.get("status", config[0].line)
        _put(props, "VersioningConfiguration", LDict({"Status": config[0].get("status")}, line=line), line)


def _object_lock(props: LDict, inst: Any, body: LDict) -> None:
    enabled = body.get("object_lock_enabled", "Enabled")
    line = body.lines.get("object_lock_enabled", inst.line)
    if enabled == "Enabled" and props.get("ObjectLockEnabled") is not True:
        # PutObjectLockConfiguration enables Object Lock on an existing (versioned) bucket too
        _put(props, "ObjectLockEnabled", True, line)
    config = LDict({"ObjectLockEnabled": enabled}, line=inst.line)
    rule = body.get("rule")
    if isinstance(rule, list) and rule:
        config["Rule"] = convert(rule[0])
    _put(props, "ObjectLockConfiguration", config, inst.line)


def _website(props: LDict, inst: Any, body: LDict) -> None:
    """``aws_s3_bucket_website_configuration`` (or the older inline ``website`` block)."""
    line = body.line or inst.line
    config = LDict(line=line)
    for tf, cfn, inner in (
        ("index_document", "IndexDocument", "suffix"),
        ("error_document", "ErrorDocument", "key"),
        ("redirect_all_requests_to", "RedirectAllRequestsTo", ""),
    ):
        value = body.get(tf)
        if isinstance(value, list):  # a block (the split resource)
            block = value[0] if value and isinstance(value[0], LDict) else None
            value = None if block is None else block.get(inner) if inner else convert(block)
        elif tf == "redirect_all_requests_to" and isinstance(value, str):  # the inline block: a URL
            value = LDict({"HostName": value}, line=body.lines.get(tf, line))
        if value is not None:
            _put(config, cfn, value, body.lines.get(tf, line))
    _put(props, "WebsiteConfiguration", config, line)


def _bucket_sse(props: LDict, inst: Any, body: LDict) -> None:
    _put(props, "BucketEncryption", _encryption(body), inst.line)


def _public_access(props: LDict, inst: Any, body: LDict) -> None:
    config = LDict(line=inst.line)
    for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"):
        if k in body:
            _put(config, pascal(k), body[k], body.lines.get(k, inst.line))
    _put(props, "PublicAccessBlockConfiguration", config, inst.line)


def _bucket_acl(props: LDict, inst: Any, body: LDict) -> None:
    if isinstance(body.get("acl"), str):
        _put(
            props, "AccessControl", _ACL.get(str(body["acl"]), body["acl"]), body.lines.get("acl", inst.line)
        )


def _notification(props: LDict, inst: Any, body: LDict) -> None:
    config = LDict(line=inst.line)
    for tf, cfn, target in (
        ("lambda_function", "LambdaConfigurations", "Function"),
        ("queue", "QueueConfigurations", "Queue"),
        ("topic", "TopicConfigurations", "Topic"),
    ):
        items = body.get(tf)
        if not isinstance(items, list):
            continue
        out = LList(line=body.lines.get(tf, inst.line))
        for item in items:
            if not isinstance(item, LDict):
                continue
            arn_key = {"Function": "lambda_function_arn", "Queue": "queue_arn", "Topic": "topic_arn"}[target]
            for event in item.get("events") or []:
                entry = LDict(line=item.line)
                _put(entry, target, item.get(arn_key), item.lines.get(arn_key, item.line))
                _put(entry, "Event", event, item.lines.get("events", item.line))
                out.append(entry)
                out.lines.append(item.line)
        _put(config, cfn, out, out.line)
    _put(props, "NotificationConfiguration", config, inst.line)


def _bucket_policy(c: Compiler, inst: Any, body: LDict) -> None:
    props = LDict(line=inst.line)
    _put(props, "Bucket", body.get("bucket"), body.lines.get("bucket", inst.line))
    _put(props, "PolicyDocument", _json_value(body.get("policy")), body.lines.get("policy", inst.line))
    c.add(inst, "AWS::S3::BucketPolicy", props)


# --- IAM -------------------------------------------------------------------------------------------


def _inline_policy(kind: str) -> Callable[[Compiler, Any, LDict], None]:
    """``aws_iam_{role,user,group}_policy``: an AWS::IAM::Policy attached to one principal."""
    key = {"role": "Roles", "user": "Users", "group": "Groups"}[kind]

    def handler(c: Compiler, inst: Any, body: LDict) -> None:
        props = LDict(line=inst.line)
        _put(props, "PolicyName", body.get("name", inst.address), body.lines.get("name", inst.line))
        _put(props, "PolicyDocument", _json_value(body.get("policy")), body.lines.get("policy", inst.line))
        owner = body.get(kind)
        owners = LList([owner], line=body.lines.get(kind, inst.line))
        owners.lines = [owners.line]
        _put(props, key, owners, owners.line)
        c.add(inst, "AWS::IAM::Policy", props)

    return handler


_PRINCIPAL = {
    "role": ("AWS::IAM::Role", "RoleName", "Roles"),
    "user": ("AWS::IAM::User", "UserName", "Users"),
    "group": ("AWS::IAM::Group", "GroupName", "Groups"),
}


def _attachment(kind: str) -> Callable[[Compiler, Any, LDict], None]:
    """``aws_iam_{role,user,group}_policy_attachment``: the policy ARN added to the principal."""
    cfn_type, name_key, _ = _PRINCIPAL[kind]

    def handler(c: Compiler, inst: Any, body: LDict) -> None:
        def merge() -> None:
            line = body.lines.get("policy_arn", inst.line)
            props = c.props_of(body.get(kind), cfn_type, name_key)
            if props is None:
                c.notes.append(
                    (inst.line, f"{inst.address}: attaches to a {kind} outside this configuration")
                )
                return
            _append(props, "ManagedPolicyArns", body.get("policy_arn"), line)

        c.pending.append(merge)

    return handler


def _policy_attachment(c: Compiler, inst: Any, body: LDict) -> None:
    """``aws_iam_policy_attachment``: one policy to lists of roles, users and groups."""

    def merge() -> None:
        line = body.lines.get("policy_arn", inst.line)
        for kind, (cfn_type, name_key, _) in _PRINCIPAL.items():
            for owner in body.get(f"{kind}s") or []:
                props = c.props_of(owner, cfn_type, name_key)
                if props is not None:
                    _append(props, "ManagedPolicyArns", body.get("policy_arn"), line)

    c.pending.append(merge)


def _membership(c: Compiler, inst: Any, body: LDict) -> None:
    """``aws_iam_user_group_membership`` / ``aws_iam_group_membership``."""

    def merge() -> None:
        if inst.type == "aws_iam_user_group_membership":
            props = c.props_of(body.get("user"), "AWS::IAM::User", "UserName")
            if props is not None:
                for group in body.get("groups") or []:
                    _append(props, "Groups", group, body.lines.get("groups", inst.line))
            return
        for user in body.get("users") or []:
            props = c.props_of(user, "AWS::IAM::User", "UserName")
            if props is not None:
                _append(props, "Groups", body.get("group"), body.lines.get("group", inst.line))

    c.pending.append(merge)


def _secret_version(c: Compiler, inst: Any, body: LDict) -> None:
    def merge() -> None:
        props = c.props_of(body.get("secret_id"), "AWS::SecretsManager::Secret", "Name")
        if props is not None and "secret_string" in body:
            _put(props, "SecretString", body["secret_string"], body.lines.get("secret_string", inst.line))

    c.pending.append(merge)


def _event_target(c: Compiler, inst: Any, body: LDict) -> None:
    def merge() -> None:
        props = c.props_of(body.get("rule"), "AWS::Events::Rule", "Name")
        if props is None:
            return
        target = LDict(line=inst.line)
        _put(target, "Arn", body.get("arn"), body.lines.get("arn", inst.line))
        _put(target, "Id", body.get("target_id", inst.address), body.lines.get("target_id", inst.line))
        _append(props, "Targets", target, inst.line)

    c.pending.append(merge)


def _event_rule_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    if "is_enabled" in body:
        enabled = body["is_enabled"]
        state = "ENABLED" if enabled is True else "DISABLED" if enabled is False else enabled
        _put(props, "State", state, body.lines.get("is_enabled", inst.line))
        props.pop("IsEnabled", None)


def _alarm_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    dims = body.get("dimensions")
    if isinstance(dims, dict) and not is_intrinsic(dims):
        _put(props, "Dimensions", _name_values(dims), body.lines.get("dimensions", inst.line))
    queries = body.get("metric_query")
    if isinstance(queries, list):
        metrics = LList(line=body.lines.get("metric_query", inst.line))
        for q in queries:
            if not isinstance(q, LDict):
                continue
            m = LDict(line=q.line)
            for k in ("id", "expression", "label", "return_data"):
                if k in q:
                    _put(m, pascal(k), q[k], q.lines.get(k, q.line))
            inner = q.get("metric")
            if isinstance(inner, list) and inner and isinstance(inner[0], LDict):
                mm = inner[0]
                metric = LDict(line=mm.line)
                for k, cfn in (("metric_name", "MetricName"), ("namespace", "Namespace")):
                    if k in mm:
                        _put(metric, cfn, mm[k], mm.lines.get(k, mm.line))
                if isinstance(mm.get("dimensions"), dict):
                    _put(
                        metric,
                        "Dimensions",
                        _name_values(mm["dimensions"]),
                        mm.lines.get("dimensions", mm.line),
                    )
                stat = LDict(line=mm.line)
                _put(stat, "Metric", metric, mm.line)
                for k, cfn in (("stat", "Stat"), ("period", "Period")):
                    if k in mm:
                        _put(stat, cfn, mm[k], mm.lines.get(k, mm.line))
                _put(m, "MetricStat", stat, mm.line)
            metrics.append(m)
            metrics.lines.append(q.line)
        props.pop("MetricQuery", None)
        _put(props, "Metrics", metrics, metrics.line)


def _name_values(dims: Any) -> LList:
    out = LList(line=getattr(dims, "line", 0))
    for k, v in dims.items():
        line = dims.lines.get(k, out.line) if isinstance(dims, LDict) else out.line
        item = LDict({"Name": k, "Value": v}, line=line)
        item.lines = {"Name": line, "Value": line}
        out.append(item)
        out.lines.append(line)
    return out


def _log_group_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    days = props.get("RetentionInDays")
    if not isinstance(days, bool) and days in (0, "0"):  # 0 is Terraform's "never expire": no retention
        props["RetentionInDays"] = None


def _metric_filter_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    transform = body.get("metric_transformation")
    if isinstance(transform, list) and transform and isinstance(transform[0], LDict):
        t = transform[0]
        out = LDict(line=t.line)
        for k, cfn in (("name", "MetricName"), ("namespace", "MetricNamespace"), ("value", "MetricValue")):
            if k in t:
                _put(out, cfn, t[k], t.lines.get(k, t.line))
        items = LList([out], line=t.line)
        items.lines = [t.line]
        props.pop("MetricTransformation", None)
        _put(props, "MetricTransformations", items, t.line)


def _sg_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    for tf, cfn in (("ingress", "SecurityGroupIngress"), ("egress", "SecurityGroupEgress")):
        rules = body.get(tf)
        props.pop(pascal(tf), None)
        if isinstance(rules, Unknown):
            _put(props, cfn, rules, body.lines.get(tf, inst.line))
            continue
        if rules is None and tf == "egress":
            rules = []  # Terraform removes the allow-all egress rule AWS adds to a new group
        if not isinstance(rules, list):
            continue
        out = LList(line=body.lines.get(tf, inst.line))
        for rule in rules:
            for entry in _sg_rule(rule):
                out.append(entry)
                out.lines.append(getattr(rule, "line", out.line))
        _put(props, cfn, out, out.line)


def _sg_rule(rule: Any) -> list[Any]:
    if not isinstance(rule, LDict):
        return [rule]
    base = LDict(line=rule.line)
    protocol = rule.get("protocol", rule.get("ip_protocol"))
    _put(base, "IpProtocol", protocol, rule.lines.get("protocol", rule.lines.get("ip_protocol", rule.line)))
    for k, cfn in (("from_port", "FromPort"), ("to_port", "ToPort")):
        if k in rule:
            _put(base, cfn, rule[k], rule.lines.get(k, rule.line))
    out: list[Any] = []
    for k, cfn in (("cidr_blocks", "CidrIp"), ("ipv6_cidr_blocks", "CidrIpv6")):
        cidrs = rule.get(k)
        if isinstance(cidrs, Unknown):
            entry = LDict(base, line=base.line)
            entry.lines = dict(base.lines)
            _put(entry, cfn, cidrs, rule.lines.get(k, rule.line))
            out.append(entry)
        elif isinstance(cidrs, list):
            for cidr in cidrs:
                entry = LDict(base, line=base.line)
                entry.lines = dict(base.lines)
                _put(entry, cfn, cidr, rule.lines.get(k, rule.line))
                out.append(entry)
    for k, cfn in (("cidr_ipv4", "CidrIp"), ("cidr_ipv6", "CidrIpv6")):
        if k in rule and rule[k] is not None:
            entry = LDict(base, line=base.line)
            entry.lines = dict(base.lines)
            _put(entry, cfn, rule[k], rule.lines.get(k, rule.line))
            out.append(entry)
    if not out:
        out.append(base)  # to other security groups or prefix lists
    return out


def _sg_rule_resource(c: Compiler, inst: Any, body: LDict) -> None:
    kind = (
        body.get("type")
        if inst.type == "aws_security_group_rule"
        else ("ingress" if inst.type.endswith("ingress_rule") else "egress")
    )
    cfn = "AWS::EC2::SecurityGroupIngress" if kind == "ingress" else "AWS::EC2::SecurityGroupEgress"
    if kind not in ("ingress", "egress"):
        return
    for i, entry in enumerate(_sg_rule(body)):
        if not isinstance(entry, LDict):
            continue
        _put(entry, "GroupId", body.get("security_group_id"), body.lines.get("security_group_id", inst.line))
        if i == 0:
            c.add(inst, cfn, entry)
        else:
            c.add(_Twin(f"{inst.address}#{i}", inst.line, inst.uncertain), cfn, entry)


@dataclass(frozen=True, slots=True)
class _Twin:
    """A second CloudFormation resource made from one Terraform block (a route, a rule per CIDR)."""

    address: str
    line: int
    uncertain: str


def _route_table(c: Compiler, inst: Any, body: LDict) -> None:
    props = LDict(line=inst.line)
    _put(props, "VpcId", body.get("vpc_id"), body.lines.get("vpc_id", inst.line))
    c.add(inst, "AWS::EC2::RouteTable", props)
    for i, route in enumerate(body.get("route") or []):
        if not isinstance(route, LDict):
            continue
        r = LDict(line=route.line)
        _put(r, "RouteTableId", LDict({"Ref": LStr(inst.address, inst.line)}, line=inst.line), route.line)
        for k, cfn in (
            ("cidr_block", "DestinationCidrBlock"),
            ("ipv6_cidr_block", "DestinationIpv6CidrBlock"),
            ("gateway_id", "GatewayId"),
            ("nat_gateway_id", "NatGatewayId"),
        ):
            if k in route:
                _put(r, cfn, route[k], route.lines.get(k, route.line))
        c.add(_Twin(f"{inst.address}#route{i}", route.line, inst.uncertain), "AWS::EC2::Route", r)


def _route_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    for tf, cfn in (("destination_cidr_block", "DestinationCidrBlock"),):
        if tf in body:
            _put(props, cfn, body[tf], body.lines.get(tf, inst.line))


# --- API Gateway --------------------------------------------------------------------------------


def _integration(c: Compiler, inst: Any, body: LDict) -> None:
    def merge() -> None:
        for res in c.resources.values():
            if not isinstance(res, dict) or res.get("Type") != "AWS::ApiGateway::Method":
                continue
            props = res["Properties"]
            if (
                props.get("RestApiId") == body.get("rest_api_id")
                and props.get("ResourceId") == body.get("resource_id")
                and props.get("HttpMethod") == body.get("http_method")
            ):
                integration = LDict(line=inst.line)
                for k, cfn in (
                    ("type", "Type"),
                    ("uri", "Uri"),
                    ("integration_http_method", "IntegrationHttpMethod"),
                    ("credentials", "Credentials"),
                ):
                    if k in body:
                        _put(integration, cfn, body[k], body.lines.get(k, inst.line))
                _put(props, "Integration", integration, inst.line)

    c.pending.append(merge)


def _integration_response(c: Compiler, inst: Any, body: LDict) -> None:
    """``aws_api_gateway_integration_response``: one of its method's ``Integration.IntegrationResponses``."""
    key = (body.get("rest_api_id"), body.get("resource_id"), body.get("http_method"))

    def merge() -> None:
        for res in c.resources.values():
            if not isinstance(res, dict) or res.get("Type") != "AWS::ApiGateway::Method":
                continue
            props = res["Properties"]
            if (props.get("RestApiId"), props.get("ResourceId"), props.get("HttpMethod")) != key:
                continue
            integration = props.get("Integration")
            if not isinstance(integration, LDict):
                integration = LDict(line=inst.line)
                _put(props, "Integration", integration, inst.line)
            entry = LDict(line=inst.line)
            for k, cfn in (
                ("status_code", "StatusCode"),
                ("selection_pattern", "SelectionPattern"),
                ("response_parameters", "ResponseParameters"),
                ("response_templates", "ResponseTemplates"),
            ):
                if k in body:
                    _put(entry, cfn, body[k], body.lines.get(k, inst.line))
            _append(integration, "IntegrationResponses", entry, inst.line)

    # after every aws_api_gateway_integration merge, which sets (and replaces) the method's Integration
    c.pending.append(lambda: c.pending.append(merge))


def _method_settings(c: Compiler, inst: Any, body: LDict) -> None:
    def merge() -> None:
        for res in c.resources.values():
            if not isinstance(res, dict) or res.get("Type") != "AWS::ApiGateway::Stage":
                continue
            props = res["Properties"]
            if props.get("RestApiId") != body.get("rest_api_id") or props.get("StageName") != body.get(
                "stage_name"
            ):
                continue
            settings = body.get("settings")
            if not isinstance(settings, list) or not settings or not isinstance(settings[0], LDict):
                continue
            s = settings[0]
            entry = LDict(line=s.line)
            path = body.get("method_path", "*/*")
            if isinstance(path, str) and "/" in path:
                resource, _, method = path.rpartition("/")
                _put(
                    entry, "ResourcePath", "/*" if resource == "*" else "/" + resource.lstrip("/"), inst.line
                )
                _put(entry, "HttpMethod", method, inst.line)
            for k in (
                "logging_level",
                "metrics_enabled",
                "data_trace_enabled",
                "throttling_burst_limit",
                "throttling_rate_limit",
                "caching_enabled",
            ):
                if k in s:
                    _put(entry, pascal(k), s[k], s.lines.get(k, s.line))
            _append(props, "MethodSettings", entry, s.line)

    c.pending.append(merge)


def _stage_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    if "xray_tracing_enabled" in body:
        props.pop("XrayTracingEnabled", None)
        _put(
            props,
            "TracingEnabled",
            body["xray_tracing_enabled"],
            body.lines.get("xray_tracing_enabled", inst.line),
        )
    log = props.pop("AccessLogSettings", None)
    if log is not None:
        _put(props, "AccessLogSetting", log, body.lines.get("access_log_settings", inst.line))


def _rest_api_policy(c: Compiler, inst: Any, body: LDict) -> None:
    def merge() -> None:
        props = c.props_of(body.get("rest_api_id"), "AWS::ApiGateway::RestApi", "Name")
        if props is not None:
            _put(props, "Policy", _json_value(body.get("policy")), body.lines.get("policy", inst.line))

    c.pending.append(merge)


def _v2_stage_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    props.pop("Name", None)
    if "name" in body:
        _put(props, "StageName", body["name"], body.lines.get("name", inst.line))


def _v2_domain_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    config = body.get("domain_name_configuration")
    if isinstance(config, list):
        props.pop("DomainNameConfiguration", None)
        items = LList(line=body.lines.get("domain_name_configuration", inst.line))
        for item in config:
            items.append(convert(item))
            items.lines.append(getattr(item, "line", items.line))
        _put(props, "DomainNameConfigurations", items, items.line)


def _rest_api_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    body_doc = props.get("Body")
    if isinstance(body_doc, str | JsonDoc):
        _put(
            props,
            "Body",
            _json_value(body_doc) if not isinstance(body_doc, JsonDoc) else body_doc.value,
            body.lines.get("body", inst.line),
        )


def _layer_permission_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    props.pop("LayerName", None)
    props.pop("VersionNumber", None)
    props.pop("StatementId", None)
    layer = body.get("layer_name")
    _put(props, "LayerVersionArn", layer, body.lines.get("layer_name", inst.line))


def _permission_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    props.pop("StatementId", None)
    props.pop("StatementIdPrefix", None)


def _url_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    props.pop("FunctionName", None)
    _put(props, "TargetFunctionArn", body.get("function_name"), body.lines.get("function_name", inst.line))


def _recursion_config(c: Compiler, inst: Any, body: LDict) -> None:
    """``aws_lambda_function_recursion_config``: the function's ``RecursiveLoop``."""

    def merge() -> None:
        props = c.props_of(body.get("function_name"), "AWS::Lambda::Function", "FunctionName")
        if props is not None:
            line = body.lines.get("recursive_loop", inst.line)
            _put(props, "RecursiveLoop", body.get("recursive_loop"), line)

    c.pending.append(merge)


def _dynamo_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    for tf, cfn, inner in (
        (
            "server_side_encryption",
            "SSESpecification",
            {"enabled": "SSEEnabled", "kms_key_arn": "KMSMasterKeyId"},
        ),
        (
            "point_in_time_recovery",
            "PointInTimeRecoverySpecification",
            {"enabled": "PointInTimeRecoveryEnabled"},
        ),
    ):
        blocks = body.get(tf)
        props.pop(pascal(tf), None)
        if isinstance(blocks, list) and blocks and isinstance(blocks[0], LDict):
            b = blocks[0]
            spec = LDict(line=b.line)
            for k, v in inner.items():
                if k in b:
                    _put(spec, v, b[k], b.lines.get(k, b.line))
            _put(props, cfn, spec, body.lines.get(tf, inst.line))


def _kms_key_fix(c: Compiler, inst: Any, body: LDict, props: LDict) -> None:
    # a key in a custom key store: CloudHSM, or an external key store when it names the external key
    for tf, origin in (("xks_key_id", "EXTERNAL_KEY_STORE"), ("custom_key_store_id", "AWS_CLOUDHSM")):
        value = body.get(tf)
        if value is not None:
            line = body.lines.get(tf, inst.line)
            _put(props, "Origin", value if isinstance(value, Unknown) else origin, line)
            return


def _store(cfn_type: str) -> Callable[[Compiler, Any, LDict], None]:
    """A data store (database, cache, search domain ...): declared, with its VPC options only.

    Rules need to know what a reference to it points at, not its settings
    (a master password written here is not an environment variable).
    """

    def handler(c: Compiler, inst: Any, body: LDict) -> None:
        props = LDict(line=inst.line)
        options = body.get("vpc_options")
        if isinstance(options, list):  # a nested block (a list in plan JSON): its only instance
            options = options[0] if options else None
        if isinstance(options, dict):
            line = body.lines.get("vpc_options", inst.line)
            _put(props, "VpcOptions", LDict({"SubnetIds": options.get("subnet_ids")}, line=line), line)
        elif options is not None:  # unknown
            _put(props, "VpcOptions", options, body.lines.get("vpc_options", inst.line))
        if isinstance(body.get("publicly_accessible"), bool):
            _put(
                props,
                "PubliclyAccessible",
                body["publicly_accessible"],
                body.lines.get("publicly_accessible", inst.line),
            )
        c.add(inst, cfn_type, props)

    return handler


_STORES = {
    "aws_db_instance": "AWS::RDS::DBInstance",
    "aws_rds_cluster": "AWS::RDS::DBCluster",
    "aws_rds_cluster_instance": "AWS::RDS::DBInstance",
    "aws_db_proxy": "AWS::RDS::DBProxy",
    "aws_db_proxy_endpoint": "AWS::RDS::DBProxyEndpoint",
    "aws_elasticache_cluster": "AWS::ElastiCache::CacheCluster",
    "aws_elasticache_replication_group": "AWS::ElastiCache::ReplicationGroup",
    "aws_elasticache_serverless_cache": "AWS::ElastiCache::ServerlessCache",
    "aws_memorydb_cluster": "AWS::MemoryDB::Cluster",
    "aws_redshift_cluster": "AWS::Redshift::Cluster",
    "aws_redshiftserverless_workgroup": "AWS::RedshiftServerless::Workgroup",
    "aws_opensearch_domain": "AWS::OpenSearchService::Domain",
    "aws_elasticsearch_domain": "AWS::Elasticsearch::Domain",
    "aws_docdb_cluster": "AWS::DocDB::DBCluster",
    "aws_docdb_cluster_instance": "AWS::DocDB::DBInstance",
    "aws_docdb_elastic_cluster": "AWS::DocDBElastic::Cluster",
    "aws_neptune_cluster": "AWS::Neptune::DBCluster",
    "aws_neptune_cluster_instance": "AWS::Neptune::DBInstance",
    "aws_msk_cluster": "AWS::MSK::Cluster",
    "aws_msk_serverless_cluster": "AWS::MSK::ServerlessCluster",
    "aws_efs_file_system": "AWS::EFS::FileSystem",
    "aws_dax_cluster": "AWS::DAX::Cluster",
}

_R = dict[str, str]
_LAMBDA: _R = {
    "image_uri": "Code.ImageUri",
    "s3_bucket": "Code.S3Bucket",
    "s3_key": "Code.S3Key",
    "filename": "",
    "source_code_hash": "",
    "publish": "",
    "skip_destroy": "",
    "replace_security_groups_on_destroy": "",
    "replacement_security_group_ids": "",
    "file_system_config": "FileSystemConfigs",
}

SUPPORTED: dict[str, Callable[[Compiler, Any, LDict], None]] = {
    "aws_lambda_function": _simple(
        "AWS::Lambda::Function", _LAMBDA, tags=True, lists=("file_system_config",), fix=_lambda_fix
    ),
    "aws_lambda_permission": _simple(
        "AWS::Lambda::Permission", {"principal_org_id": "PrincipalOrgID"}, fix=_permission_fix
    ),
    "aws_lambda_function_url": _simple("AWS::Lambda::Url", {"authorization_type": "AuthType"}, fix=_url_fix),
    "aws_lambda_function_recursion_config": _recursion_config,
    "aws_lambda_event_source_mapping": _simple(
        "AWS::Lambda::EventSourceMapping", nested={"destination_arn": "Destination"}
    ),
    "aws_lambda_function_event_invoke_config": _simple("AWS::Lambda::EventInvokeConfig"),
    "aws_lambda_alias": _simple("AWS::Lambda::Alias"),
    "aws_lambda_layer_version": _simple(
        "AWS::Lambda::LayerVersion",
        {
            "s3_bucket": "Content.S3Bucket",
            "s3_key": "Content.S3Key",
            "filename": "Content.S3Key",
            "s3_object_version": "Content.S3ObjectVersion",
            "source_code_hash": "",
            "skip_destroy": "",
        },
    ),
    "aws_lambda_layer_version_permission": _simple(
        "AWS::Lambda::LayerVersionPermission",
        {"organization_id": "OrganizationId"},
        fix=_layer_permission_fix,
    ),
    "aws_lambda_code_signing_config": _simple(
        "AWS::Lambda::CodeSigningConfig", {"policies": "CodeSigningPolicies"}
    ),
    "aws_iam_role": _simple(
        "AWS::IAM::Role",
        {"name": "RoleName", "assume_role_policy": "AssumeRolePolicyDocument", "name_prefix": ""},
        json_keys=("assume_role_policy",),
        tags=True,
        lists=("inline_policy",),
        fix=_role_fix,
    ),
    "aws_iam_policy": _simple(
        "AWS::IAM::ManagedPolicy",
        {"name": "ManagedPolicyName", "policy": "PolicyDocument", "name_prefix": ""},
        json_keys=("policy",),
    ),
    "aws_iam_user": _simple("AWS::IAM::User", {"name": "UserName"}, tags=True),
    "aws_iam_group": _simple("AWS::IAM::Group", {"name": "GroupName"}),
    "aws_iam_role_policy": _inline_policy("role"),
    "aws_iam_user_policy": _inline_policy("user"),
    "aws_iam_group_policy": _inline_policy("group"),
    "aws_iam_role_policy_attachment": _attachment("role"),
    "aws_iam_user_policy_attachment": _attachment("user"),
    "aws_iam_group_policy_attachment": _attachment("group"),
    "aws_iam_policy_attachment": _policy_attachment,
    "aws_iam_user_group_membership": _membership,
    "aws_iam_group_membership": _membership,
    "aws_kms_key": _simple(
        "AWS::KMS::Key",
        {
            "deletion_window_in_days": "PendingWindowInDays",
            "customer_master_key_spec": "KeySpec",
            "policy": "KeyPolicy",
            "is_enabled": "Enabled",
        },
        json_keys=("policy",),
        tags=True,
        fix=_kms_key_fix,
    ),
    "aws_kms_replica_key": _simple(
        "AWS::KMS::ReplicaKey",
        {"deletion_window_in_days": "PendingWindowInDays", "policy": "KeyPolicy"},
        json_keys=("policy",),
        tags=True,
    ),
    "aws_kms_replica_external_key": _simple(
        "AWS::KMS::ReplicaKey",
        {"deletion_window_in_days": "PendingWindowInDays", "policy": "KeyPolicy"},
        json_keys=("policy",),
        tags=True,
    ),
    "aws_secretsmanager_secret": _simple("AWS::SecretsManager::Secret", {"policy": ""}, tags=True),
    "aws_secretsmanager_secret_version": _secret_version,
    "aws_secretsmanager_secret_rotation": _simple(
        "AWS::SecretsManager::RotationSchedule", {"rotation_lambda_arn": "RotationLambdaARN"}
    ),
    "aws_cloudtrail": _simple(
        "AWS::CloudTrail::Trail",
        {
            "kms_key_id": "KMSKeyId",
            "enable_logging": "IsLogging",
            "event_selector": "EventSelectors",
            "advanced_event_selector": "AdvancedEventSelectors",
            "cloud_watch_logs_group_arn": "CloudWatchLogsLogGroupArn",
            "name": "TrailName",
        },
        lists=("event_selector", "advanced_event_selector", "data_resource", "field_selector"),
        tags=True,
        fix=_trail_fix,
    ),
    "aws_s3_bucket": _simple(
        "AWS::S3::Bucket", {"bucket_prefix": "", "force_destroy": ""}, tags=True, fix=_bucket_fix
    ),
    "aws_s3_bucket_versioning": _bucket_part(_versioning),
    "aws_s3_bucket_object_lock_configuration": _bucket_part(_object_lock),
    "aws_s3_bucket_server_side_encryption_configuration": _bucket_part(_bucket_sse),
    "aws_s3_bucket_public_access_block": _bucket_part(_public_access),
    "aws_s3_bucket_acl": _bucket_part(_bucket_acl),
    "aws_s3_bucket_notification": _bucket_part(_notification),
    "aws_s3_bucket_website_configuration": _bucket_part(_website),
    "aws_s3_bucket_policy": _bucket_policy,
    "aws_cloudwatch_log_group": _simple(
        "AWS::Logs::LogGroup", {"name": "LogGroupName", "name_prefix": ""}, tags=True, fix=_log_group_fix
    ),
    "aws_cloudwatch_metric_alarm": _simple(
        "AWS::CloudWatch::Alarm",
        {"alarm_name": "AlarmName", "dimensions": ""},
        lists=("metric_query",),
        fix=_alarm_fix,
    ),
    "aws_cloudwatch_event_rule": _simple(
        "AWS::Events::Rule",
        {"event_pattern": "EventPattern", "is_enabled": ""},
        json_keys=("event_pattern",),
        fix=_event_rule_fix,
    ),
    "aws_cloudwatch_event_target": _event_target,
    "aws_cloudwatch_log_metric_filter": _simple(
        "AWS::Logs::MetricFilter", {"pattern": "FilterPattern"}, fix=_metric_filter_fix
    ),
    "aws_api_gateway_rest_api": _simple(
        "AWS::ApiGateway::RestApi",
        {"policy": "Policy", "body": "Body"},
        json_keys=("policy",),
        fix=_rest_api_fix,
    ),
    "aws_api_gateway_rest_api_policy": _rest_api_policy,
    "aws_api_gateway_resource": _simple("AWS::ApiGateway::Resource"),
    "aws_api_gateway_method": _simple(
        "AWS::ApiGateway::Method",
        {"authorization": "AuthorizationType", "request_validator_id": "RequestValidatorId"},
    ),
    "aws_api_gateway_request_validator": _simple("AWS::ApiGateway::RequestValidator"),
    "aws_api_gateway_integration": _integration,
    "aws_api_gateway_integration_response": _integration_response,
    "aws_api_gateway_method_settings": _method_settings,
    "aws_api_gateway_stage": _simple(
        "AWS::ApiGateway::Stage", {"cache_cluster_enabled": "CacheClusterEnabled"}, tags=True, fix=_stage_fix
    ),
    "aws_api_gateway_deployment": _simple("AWS::ApiGateway::Deployment", {"triggers": ""}),
    "aws_api_gateway_authorizer": _simple("AWS::ApiGateway::Authorizer", {"provider_arns": "ProviderARNs"}),
    "aws_api_gateway_domain_name": _simple("AWS::ApiGateway::DomainName", tags=True),
    "aws_api_gateway_base_path_mapping": _simple(
        "AWS::ApiGateway::BasePathMapping", {"api_id": "RestApiId", "stage_name": "Stage"}
    ),
    "aws_apigatewayv2_api": _simple(
        "AWS::ApiGatewayV2::Api", {"cors_configuration": "CorsConfiguration"}, tags=True
    ),
    "aws_apigatewayv2_route": _simple("AWS::ApiGatewayV2::Route"),
    "aws_apigatewayv2_integration": _simple("AWS::ApiGatewayV2::Integration"),
    "aws_apigatewayv2_stage": _simple("AWS::ApiGatewayV2::Stage", tags=True, fix=_v2_stage_fix),
    "aws_apigatewayv2_authorizer": _simple("AWS::ApiGatewayV2::Authorizer"),
    "aws_apigatewayv2_domain_name": _simple("AWS::ApiGatewayV2::DomainName", tags=True, fix=_v2_domain_fix),
    "aws_apigatewayv2_api_mapping": _simple("AWS::ApiGatewayV2::ApiMapping"),
    "aws_wafv2_web_acl_association": _simple("AWS::WAFv2::WebACLAssociation", {"web_acl_arn": "WebACLArn"}),
    "aws_wafregional_web_acl_association": _simple(
        "AWS::WAFRegional::WebACLAssociation", {"web_acl_id": "WebACLId"}
    ),
    "aws_security_group": _simple(
        "AWS::EC2::SecurityGroup",
        {"name": "GroupName", "description": "GroupDescription"},
        lists=("ingress", "egress"),
        fix=_sg_fix,
    ),
    "aws_security_group_rule": _sg_rule_resource,
    "aws_vpc_security_group_ingress_rule": _sg_rule_resource,
    "aws_vpc_security_group_egress_rule": _sg_rule_resource,
    "aws_subnet": _simple("AWS::EC2::Subnet", tags=True),
    "aws_vpc": _simple("AWS::EC2::VPC", tags=True),
    "aws_internet_gateway": _simple("AWS::EC2::InternetGateway", tags=True),
    "aws_vpn_gateway": _simple("AWS::EC2::VPNGateway", tags=True),
    "aws_route_table": _route_table,
    "aws_route": _simple(
        "AWS::EC2::Route", {"destination_cidr_block": "DestinationCidrBlock"}, fix=_route_fix
    ),
    "aws_route_table_association": _simple("AWS::EC2::SubnetRouteTableAssociation"),
    "aws_sqs_queue": _simple(
        "AWS::SQS::Queue",
        {
            "visibility_timeout_seconds": "VisibilityTimeout",
            "redrive_policy": "RedrivePolicy",
            "name": "QueueName",
            "policy": "",
        },
        json_keys=("redrive_policy",),
        tags=True,
    ),
    "aws_sns_topic": _simple("AWS::SNS::Topic", {"name": "TopicName", "policy": ""}, tags=True),
    "aws_sns_topic_subscription": _simple("AWS::SNS::Subscription"),
    "aws_kinesis_stream": _simple(
        "AWS::Kinesis::Stream",
        {"encryption_type": "StreamEncryption.EncryptionType", "kms_key_id": "StreamEncryption.KeyId"},
        tags=True,
    ),
    "aws_dynamodb_table": _simple(
        "AWS::DynamoDB::Table",
        {"name": "TableName"},
        lists=("attribute", "global_secondary_index", "local_secondary_index", "replica"),
        tags=True,
        fix=_dynamo_fix,
    ),
    "aws_kms_external_key": _simple(
        "AWS::KMS::Key",
        {"deletion_window_in_days": "PendingWindowInDays", "policy": "KeyPolicy"},
        json_keys=("policy",),
        tags=True,
        fix=lambda c, i, b, p: _put(p, "Origin", "EXTERNAL", i.line),
    ),
    "aws_lb_target_group": _simple("AWS::ElasticLoadBalancingV2::TargetGroup", tags=True),
    "aws_ecr_repository": _simple("AWS::ECR::Repository", {"name": "RepositoryName"}, tags=True),
    **{tf: _store(cfn) for tf, cfn in _STORES.items()},
}
