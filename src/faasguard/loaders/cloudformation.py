"""CloudFormation (and expanded SAM) templates into the ``Workload`` model."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from faasguard.errors import InputError
from faasguard.loaders import _cfn_api, _cfn_misc
from faasguard.loaders._cfn_stores import STORE_TYPES, data_store
from faasguard.loaders._intrinsics import Resolver
from faasguard.loaders._metadata import declared_resources
from faasguard.loaders._nodes import LDict, LList, first_set, key_line, line_of
from faasguard.loaders._nodes import child as _get
from faasguard.loaders._nodes import field_lines as _lines
from faasguard.loaders._policy import parse_policy
from faasguard.loaders.sam import expand, is_sam
from faasguard.model import (
    DataStore,
    Derived,
    EnvVar,
    Function,
    FunctionUrl,
    Group,
    Location,
    Permission,
    Role,
    Trigger,
    TriggerKind,
    Unknown,
    User,
    VpcConfig,
    Workload,
)

__all__ = ["is_template", "load_template", "target_id"]


def is_template(doc: Any) -> bool:
    """True when a parsed document looks like a CloudFormation or SAM template."""
    if not isinstance(doc, dict):
        return False
    if "AWSTemplateFormatVersion" in doc or is_sam(doc):
        return True
    resources = doc.get("Resources")
    if isinstance(resources, dict):
        return any(
            isinstance(r, dict) and isinstance(r.get("Type"), str) and "::" in r["Type"]
            for r in resources.values()
        )
    return False


def target_id(value: Any, ids: Mapping[str, Any] | set[str]) -> Any:
    """The logical id a (resolved) reference points at, or the value itself."""
    if isinstance(value, Derived):
        hits = [r for r in value.refs if r in ids]
        if len(hits) == 1:
            return hits[0]
    if isinstance(value, str) and value in ids:
        return value
    return value


class _Builder:
    """Collects model items from one template's resolved resources."""

    def __init__(self, file: str, resolver: Resolver, resources: LDict) -> None:
        self.file = file
        self.resolver = resolver
        self.resources = resources
        self.ids = set(resources)
        self.functions: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, dict[str, Any]] = {}
        self.permissions: list[Permission] = []
        self.triggers: list[Trigger] = []
        self.notes: list[tuple[Location, str]] = []
        self.problems: list[tuple[Location, str]] = []
        self.aliases: dict[str, Any] = {}  # alias/version logical id -> the function it points at
        self.condition: str | None = None  # the undecided Condition of the resource being mapped
        self.source_format = "cloudformation"
        self.urls: list[tuple[Any, FunctionUrl]] = []
        self.invoke_configs: list[tuple[Any, Any, Any, int]] = []
        self.role_policies: list[tuple[Any, Any]] = []  # (role refs, Policy)
        self.users: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self.member_policies: list[tuple[str, Any, Any]] = []  # ("users"|"groups", refs, Policy)
        self.memberships: list[tuple[str, Any, Any]] = []  # (id, group ref, user refs) of UserToGroupAddition
        self.data_stores: list[DataStore] = []
        self.misc = _cfn_misc.Collector(self)
        self.api = _cfn_api.Collector(self)

    def loc(self, line: int) -> Location:
        return Location(self.file, line)

    def ref(self, value: Any) -> Any:
        return target_id(value, self.ids)

    # -- functions --------------------------------------------------------

    def function(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        loc = self.loc(line)
        code = props.get("Code")
        env: tuple[EnvVar, ...] | Unknown = ()
        environment = props.get("Environment")
        if isinstance(environment, Unknown):
            env = environment
        elif isinstance(environment, dict):
            variables = environment.get("Variables")
            if isinstance(variables, Unknown):
                env = variables
            elif isinstance(variables, dict):
                env = tuple(
                    EnvVar(str(k), v, self.loc(key_line(variables, k, line_of(variables, line))))
                    for k, v in variables.items()
                )
        vpc = props.get("VpcConfig")
        vpc_config: Any = None
        if isinstance(vpc, Unknown):
            vpc_config = vpc
        elif isinstance(vpc, dict):
            vpc_config = VpcConfig(
                _tuple(vpc.get("SubnetIds")),
                _tuple(vpc.get("SecurityGroupIds")),
                self.loc(line_of(vpc, line)),
            )
        tags = props.get("Tags")
        tag_items: list[tuple[str, Any, Location]] = []
        if isinstance(tags, list):
            for i, t in enumerate(tags):
                if isinstance(t, dict) and isinstance(t.get("Key"), str):
                    tline = tags.lines[i] if isinstance(tags, LList) and i < len(tags.lines) else line
                    tag_items.append((t["Key"], t.get("Value"), self.loc(tline)))
        field_lines = _lines(props)
        role = self.ref(props.get("Role"))
        self.functions[lid] = {
            "id": lid,
            "location": loc,
            # the Serverless Framework deploys plain Lambda functions (its SAM form is our own compilation)
            "resource_type": "AWS::Serverless::Function"
            if res.get("__sam__") and self.source_format != "serverless"
            else "AWS::Lambda::Function",
            "name": props.get("FunctionName"),
            "runtime": props.get("Runtime"),
            "handler": props.get("Handler"),
            "package_type": props.get("PackageType"),
            "code_uri": _code_location(code),
            "image_uri": _get(code, "ImageUri"),
            "role": role,
            "environment": env,
            "kms_key": props.get("KmsKeyArn"),
            "timeout": props.get("Timeout"),
            "memory": props.get("MemorySize"),
            "reserved_concurrency": props.get("ReservedConcurrentExecutions"),
            "vpc": vpc_config,
            "tracing": _get(props.get("TracingConfig"), "Mode"),
            "dead_letter_target": _get(props.get("DeadLetterConfig"), "TargetArn"),
            "code_signing_config": props.get("CodeSigningConfigArn"),
            # how `sam build` makes the package (Metadata): a BuildMethod, or "docker" for an image
            "build": _build_of(res.get("Metadata")),
            "layers": _tuple(props.get("Layers")),
            "layer_lines": _item_lines(props.get("Layers")),
            "ephemeral_storage": _get(props.get("EphemeralStorage"), "Size"),
            "tags": tuple(tag_items),
            "log_group": _get(props.get("LoggingConfig"), "LogGroup"),
            "recursive_loop": props.get("RecursiveLoop"),
            "condition": self.condition,
            "field_lines": field_lines,
        }

    def data_store(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        self.data_stores.append(data_store(lid, str(res.get("Type")), props, self.loc(line)))

    def alias(self, lid: str, res: LDict, props: LDict) -> None:
        self.aliases[lid] = self.ref(props.get("FunctionName"))

    def function_of(self, ref: Any) -> Any:
        """The function a reference points at, through aliases and versions."""
        seen: set[str] = set()
        while isinstance(ref, str) and ref in self.aliases and ref not in seen:
            seen.add(ref)
            ref = self.aliases[ref]
        return ref

    def url(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        target = self.ref(props.get("TargetFunctionArn"))
        cors = props.get("Cors")
        origins = _tuple(_get(cors, "AllowOrigins")) if cors is not None else None
        qualifier = props.get("Qualifier")
        if isinstance(target, str) and target in self.aliases:
            qualifier = target
        url = FunctionUrl(
            lid,
            target if isinstance(target, str) else Unknown("target function not in this template"),
            props.get("AuthType", Unknown("AuthType missing")),
            self.loc(line),
            origins,
            qualifier,
            _lines(props),
        )
        self.urls.append((target, url))

    def permission(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        self.permissions.append(
            Permission(
                id=lid,
                location=self.loc(line),
                target=self.ref(props.get("FunctionName")),
                action=props.get("Action"),
                principal=props.get("Principal"),
                source_arn=props.get("SourceArn"),
                source_account=props.get("SourceAccount"),
                principal_org_id=props.get("PrincipalOrgID"),
                function_url_auth_type=props.get("FunctionUrlAuthType"),
                event_source_token=props.get("EventSourceToken"),
                implicit=bool(res.get("__implicit__")),
                field_lines=_lines(props),
            )
        )

    def invoke_config(self, lid: str, res: LDict, props: LDict) -> None:
        dest = props.get("DestinationConfig")
        on_failure = _get(_get(dest, "OnFailure"), "Destination")
        if on_failure is None and isinstance(_get(dest, "OnFailure"), dict):
            on_failure = Derived("<destination created by SAM>", "sam")
        on_success = _get(_get(dest, "OnSuccess"), "Destination")
        self.invoke_configs.append((self.ref(props.get("FunctionName")), on_failure, on_success, res.line))

    def event_source_mapping(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        source = props.get("EventSourceArn")
        kind = TriggerKind.OTHER
        if isinstance(source, str):
            service = source.split(":")[2] if source.count(":") >= 2 else ""
            kind = {
                "sqs": TriggerKind.SQS,
                "kinesis": TriggerKind.KINESIS,
                "dynamodb": TriggerKind.DYNAMODB,
                "kafka": TriggerKind.MSK,
                "mq": TriggerKind.MQ,
            }.get(service, TriggerKind.OTHER)
        fn = self.ref(props.get("FunctionName"))
        if isinstance(fn, str) and fn in self.ids:
            on_failure = _get(props.get("DestinationConfig"), "OnFailure")
            has_dest = on_failure if isinstance(on_failure, Unknown) else isinstance(on_failure, dict)
            self.triggers.append(Trigger(kind, fn, self.loc(line), source, None, has_dest))

    def pseudo_trigger(self, lid: str, res: LDict, props: LDict) -> None:
        kind = props.get("Kind")
        try:
            tkind = TriggerKind(str(kind))
        except ValueError:
            tkind = TriggerKind.OTHER
        has_dest = props.get("HasFailureDestination", False)
        self.triggers.append(
            Trigger(
                tkind,
                str(props.get("FunctionId")),
                self.loc(res.line),
                props.get("Source"),
                props.get("ApiId"),
                has_dest if isinstance(has_dest, bool) else False,
            )
        )

    # -- IAM --------------------------------------------------------------

    def _identity_policies(self, lid: str, props: LDict, line: int) -> tuple[list[Any], list[Any]]:
        """The inline ``Policies`` and the ``ManagedPolicyArns`` of a role, user or group."""
        policies = []
        inline = props.get("Policies")
        if isinstance(inline, list):
            for i, p in enumerate(inline):
                if isinstance(p, dict):
                    pline = inline.lines[i] if isinstance(inline, LList) and i < len(inline.lines) else line
                    source = "sam-template" if p.get("__template__") else "inline"
                    name = _name(first_set(p.get("__template__"), p.get("PolicyName")), f"{lid}Policy{i}")
                    policies.append(parse_policy(p.get("PolicyDocument"), name, self.loc(pline), source))
        managed: list[tuple[Any, Location]] = []
        arns = props.get("ManagedPolicyArns")
        if isinstance(arns, list):
            for i, arn in enumerate(arns):
                aline = arns.lines[i] if isinstance(arns, LList) and i < len(arns.lines) else line
                managed.append((self.ref(arn), self.loc(aline)))
        elif isinstance(arns, Unknown):
            managed.append((arns, self.loc(props.lines.get("ManagedPolicyArns", line))))
        return policies, managed

    def role(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        loc = self.loc(line)
        trust = props.get("AssumeRolePolicyDocument")
        policies, managed = self._identity_policies(lid, props, line)
        self.roles[lid] = {
            "id": lid,
            "location": loc,
            "name": props.get("RoleName"),
            "trust": parse_policy(
                trust, "trust", self.loc(props.lines.get("AssumeRolePolicyDocument", line)), "trust"
            )
            if trust is not None
            else None,
            "policies": policies,
            "managed_policy_arns": managed,
            "permissions_boundary": props.get("PermissionsBoundary"),
            "implicit": bool(res.get("__implicit__")),
            "field_lines": _lines(props),
        }

    def policy(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        source = "managed" if res.get("Type") == "AWS::IAM::ManagedPolicy" else "inline"
        name = _name(first_set(props.get("PolicyName"), props.get("ManagedPolicyName")), lid)
        policy = parse_policy(props.get("PolicyDocument"), str(name), self.loc(line), source)
        self.role_policies.append((props.get("Roles"), policy))
        self.member_policies.append(("users", props.get("Users"), policy))
        self.member_policies.append(("groups", props.get("Groups"), policy))
        if source == "managed":
            self.misc.managed_policies[lid] = policy

    def user(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        policies, managed = self._identity_policies(lid, props, line)
        groups = props.get("Groups")
        groups = groups if isinstance(groups, list) else [] if groups is None else [groups]
        self.users[lid] = {
            "id": lid,
            "location": self.loc(line),
            "name": props.get("UserName"),
            "policies": policies,
            "managed_policy_arns": managed,
            "groups": [self.ref(g) for g in groups],
            "field_lines": _lines(props),
        }

    def group(self, lid: str, res: LDict, props: LDict) -> None:
        line = self.resources.lines.get(lid, res.line)
        policies, managed = self._identity_policies(lid, props, line)
        self.groups[lid] = {
            "id": lid,
            "location": self.loc(line),
            "name": props.get("GroupName"),
            "policies": policies,
            "managed_policy_arns": managed,
            "field_lines": _lines(props),
        }

    def user_to_group(self, lid: str, res: LDict, props: LDict) -> None:
        self.memberships.append((lid, self.ref(props.get("GroupName")), props.get("Users")))

    def _member_id(self, ref: Any, items: dict[str, dict[str, Any]]) -> Any:
        """The logical id of the user or group ``ref`` (a reference or a name) names, else ``ref``."""
        ref = self.ref(ref)
        if isinstance(ref, str) and ref not in items and not isinstance(ref, Derived):
            named = [k for k, v in items.items() if isinstance(v["name"], str) and v["name"] == ref]
            return named[0] if len(named) == 1 else ref
        return ref

    def _identities(self) -> tuple[tuple[User, ...], tuple[Group, ...]]:
        """Users and groups with the policies attached to them from elsewhere in the template."""
        for lid, group_ref, user_refs in self.memberships:
            gid = self._member_id(group_ref, self.groups)
            if not isinstance(user_refs, list):  # unknown members: any user may be in the group
                maybe = Unknown(f"{lid} adds unknown users to group {gid}")
                for user in self.users.values():
                    user["groups"].append(maybe)
                continue
            for ref in user_refs:
                uid = self._member_id(ref, self.users)
                if isinstance(uid, str) and uid in self.users:
                    self.users[uid]["groups"].append(gid)
        for kind, refs, policy in self.member_policies:
            items = self.users if kind == "users" else self.groups
            for ref in refs if isinstance(refs, list) else []:
                mid = self._member_id(ref, items)
                if isinstance(mid, str) and mid in items:
                    items[mid]["policies"].append(policy)
        for item in (*self.users.values(), *self.groups.values()):
            arns = item["managed_policy_arns"]
            item["policies"] = tuple(
                item["policies"]
                + [self.misc.managed_policies[a] for a, _ in arns if a in self.misc.managed_policies]
            )
            item["managed_policy_arns"] = tuple(
                (a, at) for a, at in arns if a not in self.misc.managed_policies
            )
        for user in self.users.values():
            user["groups"] = tuple(dict.fromkeys(self._member_id(g, self.groups) for g in user["groups"]))
        return (
            tuple(User(**kw) for kw in self.users.values()),
            tuple(Group(**kw) for kw in self.groups.values()),
        )

    # -- assembly ---------------------------------------------------------

    def workload(self, fmt: str) -> Workload:
        urls = []
        for fn_ref, url in self.urls:
            fn_id = self.function_of(fn_ref)
            if isinstance(fn_id, str) and fn_id != fn_ref:  # a URL on an alias or version
                url = dataclasses.replace(
                    url, function_id=fn_id, qualifier=url.qualifier if url.qualifier is not None else fn_ref
                )
            urls.append(url)
            if isinstance(fn_id, str) and fn_id in self.functions and url.qualifier is None:
                self.functions[fn_id].setdefault("url", url)
        self.permissions = [
            dataclasses.replace(p, target=self.function_of(p.target)) if p.target in self.aliases else p
            for p in self.permissions
        ]
        for fn_ref, on_failure, on_success, _ in self.invoke_configs:
            if isinstance(fn_ref, str) and fn_ref in self.functions:
                self.functions[fn_ref]["on_failure_destination"] = on_failure
                self.functions[fn_ref]["on_success_destination"] = on_success
        for role_refs, policy in self.role_policies:
            for ref in role_refs if isinstance(role_refs, list) else []:
                rid = self.ref(ref)
                if isinstance(rid, str) and rid in self.roles:
                    self.roles[rid]["policies"].append(policy)
        for role in self.roles.values():
            for arn, _loc in role["managed_policy_arns"]:
                if isinstance(arn, str) and arn in self.misc.managed_policies:
                    role["policies"].append(self.misc.managed_policies[arn])
            role["policies"] = tuple(role["policies"])
            role["managed_policy_arns"] = tuple(
                (a, loc) for a, loc in role["managed_policy_arns"] if a not in self.misc.managed_policies
            )
        users, groups = self._identities()
        return Workload(
            source=self.file,
            format=fmt,
            functions=tuple(Function(**kw) for kw in self.functions.values()),
            roles=tuple(Role(**kw) for kw in self.roles.values()),
            users=users,
            groups=groups,
            permissions=tuple(self.permissions),
            triggers=tuple(self.triggers) + self.api.triggers(),
            apis=self.api.apis(),
            domains=self.api.domains(),
            function_urls=tuple(urls),
            data_stores=tuple(self.data_stores),
            notes=tuple(self.notes),
            problems=tuple(self.problems),
            **self.misc.fields(),
        )


def _build_of(metadata: Any) -> str | None:
    """``sam build``'s way of building the function: its BuildMethod, or docker for a Dockerfile."""
    if not isinstance(metadata, dict):
        return None
    if "Dockerfile" in metadata or "DockerContext" in metadata:
        return "docker"
    method = metadata.get("BuildMethod")
    return str(method) if isinstance(method, str) and method else None


def _code_location(code: Any) -> Any:
    """Where a function's code comes from: a path or S3 key, ``<inline>``, or ``None``."""
    if isinstance(code, str):  # a local path, as `aws cloudformation package` takes it
        return code
    for key in ("CodeUri", "S3Key"):
        value = _get(code, key)
        if value is not None:
            return value
    return "<inline>" if _get(code, "ZipFile") is not None else None


def _name(value: Any, fallback: str) -> str:
    """A display name: the value when it is a known string, else ``fallback``."""
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else fallback


def _item_lines(node: Any) -> tuple[int, ...]:
    """The line of each item of a list, when the list recorded them all."""
    if isinstance(node, LList) and len(node.lines) == len(node) and all(node.lines):
        return tuple(node.lines)
    return ()


def _tuple(node: Any) -> Any:
    if node is None:
        return ()
    if isinstance(node, Unknown):
        return node
    if isinstance(node, list):
        return tuple(node)
    return (node,)


_HANDLERS: dict[str, Callable[[_Builder, str, LDict, LDict], None]] = {
    "AWS::Lambda::Function": _Builder.function,
    "AWS::Lambda::Url": _Builder.url,
    "AWS::Lambda::Alias": _Builder.alias,
    "AWS::Lambda::Version": _Builder.alias,
    "AWS::Lambda::Permission": _Builder.permission,
    "AWS::Lambda::EventInvokeConfig": _Builder.invoke_config,
    "AWS::Lambda::EventSourceMapping": _Builder.event_source_mapping,
    "FG::Trigger": _Builder.pseudo_trigger,
    "AWS::IAM::Role": _Builder.role,
    "AWS::IAM::Policy": _Builder.policy,
    "AWS::IAM::ManagedPolicy": _Builder.policy,
    "AWS::IAM::User": _Builder.user,
    "AWS::IAM::Group": _Builder.group,
    "AWS::IAM::UserToGroupAddition": _Builder.user_to_group,
    **dict.fromkeys(STORE_TYPES, _Builder.data_store),
}


def load_template(
    doc: Any, file: str, overrides: Mapping[str, str] | None = None, *, fmt: str | None = None
) -> Workload:
    """The workload a parsed template declares; ``InputError`` when it is not a template."""
    if not isinstance(doc, dict):
        raise InputError(file, "not a CloudFormation template (top level is not a mapping)")
    resources = doc.get("Resources")
    if not isinstance(resources, dict):
        kind = type(resources).__name__ if resources is not None else "missing"
        if resources is None and "Resources" in doc:
            kind = "an empty value"
        raise InputError(
            file, f"Resources must be a mapping, found {kind}", getattr(doc, "lines", {}).get("Resources", 0)
        )
    notes: list[tuple[Location, str]] = []
    source_format = fmt or "cloudformation"
    written = resources
    if is_sam(doc):
        source_format = fmt or "sam"
        expanded, sam_notes = expand(doc if isinstance(doc, LDict) else LDict(doc))
        notes.extend((Location(file, line), text) for line, text in sam_notes)
        doc = LDict(doc, line=getattr(doc, "line", 0))
        doc["Resources"] = expanded
        resources = expanded
    if not isinstance(resources, LDict):
        resources = LDict(resources)
    resolver = Resolver(doc, overrides)
    builder = _Builder(file, resolver, resources)
    builder.source_format = source_format
    builder.notes.extend(notes)
    for lid, res in resources.items():
        line = resources.lines.get(lid, 0)
        if isinstance(lid, str) and lid.startswith("Fn::ForEach"):
            builder.notes.append((Location(file, line), f"{lid}: Fn::ForEach loops are not expanded"))
            continue
        if lid == "Fn::Transform" or (isinstance(res, dict) and "Fn::Transform" in res and "Type" not in res):
            name = _get(res.get("Fn::Transform") if lid != "Fn::Transform" else res, "Name")
            what = (
                "AWS::Include"
                if name == "AWS::Include"
                else f"macro {name}"
                if isinstance(name, str)
                else "macro"
            )
            builder.notes.append(
                (Location(file, line), f"{lid}: resources inserted by {what} are not analysed")
            )
            continue
        if isinstance(res, Unknown):  # e.g. a Serverless ${file()} that could not be read
            builder.notes.append((Location(file, line), f"resource {lid} not analysed: {res.reason}"))
            continue
        if not isinstance(res, dict):
            builder.problems.append((Location(file, line), f"resource {lid} is not a mapping; skipped"))
            continue
        if not isinstance(res, LDict):
            res = LDict(res, line=line)
        rtype = res.get("Type")
        if not isinstance(rtype, str):
            builder.problems.append((Location(file, line), f"resource {lid} has no Type; skipped"))
            continue
        condition = res.get("Condition")
        decided = resolver.condition(condition) if isinstance(condition, str) else True
        if decided is False:
            continue
        builder.condition = condition if isinstance(decided, Unknown) and isinstance(condition, str) else None
        handler = _HANDLERS.get(rtype) or builder.misc.handler(rtype) or builder.api.handler(rtype)
        if handler is None:
            continue
        props = resolver.resolve(res.get("Properties") or LDict(line=line))
        if isinstance(props, Unknown):
            builder.notes.append((Location(file, line), f"{lid}: properties not analysed ({props.reason})"))
            continue
        if not isinstance(props, LDict):
            where = Location(file, res.line_of("Properties") or line)
            builder.problems.append((where, f"Properties of {lid} must be a mapping; resource skipped"))
            continue
        handler(builder, lid, res, props)
    workload = builder.workload(source_format)
    return dataclasses.replace(workload, declared=declared_resources(written, resources, file))
