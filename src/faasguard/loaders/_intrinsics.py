"""CloudFormation intrinsic functions, evaluated offline.

:func:`Resolver.resolve` turns a parsed node into plain values: literal
strings stay ``str``, computed strings become :class:`~faasguard.model.Derived`,
``{{resolve:...}}`` becomes :class:`~faasguard.model.DynamicRef`, and anything
undecidable becomes :class:`~faasguard.model.Unknown` - never a guess.
Containers keep their line tables, so a resolved value still points at
its source line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from faasguard.loaders._nodes import LDict, LList
from faasguard.model import Derived, DynamicRef, ExternalRef, Unknown

__all__ = ["NOVALUE", "Resolver", "resource_arn", "resource_name"]


class _NoValue:
    """``AWS::NoValue``: the property is removed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOVALUE"


NOVALUE = _NoValue()

_PSEUDO: dict[str, Any] = {
    "AWS::AccountId": Derived("${AWS::AccountId}", "pseudo"),
    "AWS::Region": Derived("${AWS::Region}", "pseudo"),
    "AWS::Partition": Derived("aws", "pseudo"),
    "AWS::URLSuffix": Derived("amazonaws.com", "pseudo"),
    "AWS::StackName": Derived("${AWS::StackName}", "pseudo"),
    "AWS::StackId": Derived("${AWS::StackId}", "pseudo"),
}
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")

# Resource types whose Ref returns a name we can read from a property.
_NAME_PROPERTY = {
    "AWS::Lambda::Function": "FunctionName",
    "AWS::Serverless::Function": "FunctionName",
    "AWS::S3::Bucket": "BucketName",
    "AWS::IAM::Role": "RoleName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::Kinesis::Stream": "Name",
    "AWS::SQS::Queue": "QueueName",
}


# Resource types whose Ref returns the ARN rather than a name or id.
_REF_IS_ARN = frozenset(
    {
        "AWS::SNS::Topic",
        "AWS::SecretsManager::Secret",
        "AWS::Lambda::LayerVersion",
        "AWS::Serverless::LayerVersion",
        "AWS::Lambda::Alias",
        "AWS::Lambda::Version",
        "AWS::StepFunctions::StateMachine",
        "AWS::Serverless::StateMachine",
        "AWS::IAM::ManagedPolicy",
        "AWS::WAFv2::WebACL",
    }
)


def resource_name(logical_id: str, resource: Any) -> str:
    """The physical name of a resource when written literally, else a ``${Id}`` placeholder."""
    if isinstance(resource, dict):
        prop = _NAME_PROPERTY.get(str(resource.get("Type")))
        props = resource.get("Properties")
        if prop and isinstance(props, dict):
            name = props.get(prop)
            if isinstance(name, str) and name and not name.startswith("{{"):
                return name
    return "${" + logical_id + "}"


def resource_arn(logical_id: str, resource: Any) -> str | None:
    """The ARN shape of a resource (placeholders for region/account), when the type is known."""
    rtype = str(resource.get("Type")) if isinstance(resource, dict) else ""
    name = resource_name(logical_id, resource)
    region, account = "${AWS::Region}", "${AWS::AccountId}"
    version = "${" + logical_id + ".Version}"
    shapes = {
        "AWS::Lambda::Function": f"arn:aws:lambda:{region}:{account}:function:{name}",
        "AWS::Serverless::Function": f"arn:aws:lambda:{region}:{account}:function:{name}",
        "AWS::S3::Bucket": f"arn:aws:s3:::{name}",
        "AWS::SQS::Queue": f"arn:aws:sqs:{region}:{account}:{name}",
        "AWS::SNS::Topic": f"arn:aws:sns:{region}:{account}:{name}",
        "AWS::Kinesis::Stream": f"arn:aws:kinesis:{region}:{account}:stream/{name}",
        "AWS::DynamoDB::Table": f"arn:aws:dynamodb:{region}:{account}:table/{name}",
        "AWS::Serverless::SimpleTable": f"arn:aws:dynamodb:{region}:{account}:table/{name}",
        "AWS::IAM::Role": f"arn:aws:iam::{account}:role/{name}",
        "AWS::Logs::LogGroup": f"arn:aws:logs:{region}:{account}:log-group:{name}:*",
        "AWS::KMS::Key": f"arn:aws:kms:{region}:{account}:key/{name}",
        "AWS::Events::Rule": f"arn:aws:events:{region}:{account}:rule/{name}",
        "AWS::SecretsManager::Secret": f"arn:aws:secretsmanager:{region}:{account}:secret:{name}",
        "AWS::StepFunctions::StateMachine": f"arn:aws:states:{region}:{account}:stateMachine:{name}",
        "AWS::Serverless::StateMachine": f"arn:aws:states:{region}:{account}:stateMachine:{name}",
        "AWS::Lambda::LayerVersion": f"arn:aws:lambda:{region}:{account}:layer:{name}:{version}",
        "AWS::Serverless::LayerVersion": f"arn:aws:lambda:{region}:{account}:layer:{name}:{version}",
        "AWS::IAM::ManagedPolicy": f"arn:aws:iam::{account}:policy/{name}",
    }
    if rtype in ("AWS::Lambda::Alias", "AWS::Lambda::Version"):
        # an alias/version ARN is its function's ARN plus a qualifier: same account and region
        return f"arn:aws:lambda:{region}:{account}:function:${{{logical_id}}}"
    return shapes.get(rtype)


def _refs_of(*values: Any) -> frozenset[str]:
    out: set[str] = set()
    for v in values:
        if isinstance(v, Derived):
            out |= v.refs
    return frozenset(out)


def _is_plain(value: Any) -> bool:
    return type(value) is str or isinstance(value, bool | int | float)


class Resolver:
    """Evaluates intrinsics against one template's parameters, resources and conditions."""

    def __init__(
        self,
        template: Mapping[str, Any],
        overrides: Mapping[str, str] | None = None,
        extra_refs: Mapping[str, Any] | None = None,
    ) -> None:
        self.resources: Mapping[str, Any] = _mapping(template.get("Resources"))
        self.mappings: Mapping[str, Any] = _mapping(template.get("Mappings"))
        self.conditions: Mapping[str, Any] = _mapping(template.get("Conditions"))
        self.parameters: dict[str, Any] = {}
        self.extra_refs = dict(extra_refs or {})
        self._cond_cache: dict[str, bool | Unknown] = {}
        self._cond_active: set[str] = set()
        overrides = overrides or {}
        for name, spec in _mapping(template.get("Parameters")).items():
            self.parameters[str(name)] = self._parameter(str(name), spec, overrides.get(str(name)))

    def with_refs(self, extra: Mapping[str, Any]) -> Resolver:
        """A resolver that also knows ``extra`` names (SAM policy-template parameters)."""
        clone = object.__new__(Resolver)
        clone.__dict__.update(self.__dict__)
        clone.extra_refs = {**self.extra_refs, **extra}
        return clone

    @staticmethod
    def _parameter(name: str, spec: Any, override: str | None) -> Any:
        origin = f"parameter:{name}"
        ptype = str(spec.get("Type", "String")) if isinstance(spec, dict) else "String"
        if override is not None:
            raw: Any = override
        elif isinstance(spec, dict) and "Default" in spec:
            raw = spec["Default"]
        else:
            return ExternalRef(f"parameter {name} has no default", "parameter", name)
        if ptype.startswith("AWS::SSM::Parameter::Value"):
            return ExternalRef(f"parameter {name} is read from SSM at deploy time", "ssm", str(raw))
        if ptype.startswith("List<") or ptype == "CommaDelimitedList":
            items = raw if isinstance(raw, list) else str(raw).split(",")
            return LList([Derived(str(i).strip(), origin) for i in items])
        if isinstance(raw, bool):
            raw = "true" if raw else "false"
        return Derived(str(raw), origin)

    # -- public ---------------------------------------------------------

    def resolve(self, node: Any) -> Any:
        """The value of ``node`` with every intrinsic evaluated."""
        return self._resolve(node, 0)

    def condition(self, name: str) -> bool | Unknown:
        """The value of a named condition (``Unknown`` when undecidable)."""
        if name in self._cond_cache:
            return self._cond_cache[name]
        if name not in self.conditions:
            return Unknown(f"condition {name} is not defined")
        if name in self._cond_active:
            return Unknown(f"condition {name} refers to itself")
        self._cond_active.add(name)
        try:
            value = self._truth(self._resolve(self.conditions[name], 0))
        finally:
            self._cond_active.discard(name)
        self._cond_cache[name] = value
        return value

    # -- evaluation -----------------------------------------------------

    def _resolve(self, node: Any, depth: int) -> Any:
        if depth > 200:
            return Unknown("intrinsics nested too deeply")
        if isinstance(node, dict):
            if len(node) == 1:
                key = next(iter(node))
                if (
                    key == "Ref"
                    or (isinstance(key, str) and key.startswith("Fn::"))
                    or (key == "Condition" and isinstance(node[key], str))
                ):
                    return self._intrinsic(key, node[key], depth + 1)
            out = LDict(line=getattr(node, "line", 0))
            lines = getattr(node, "lines", {})
            for k, v in node.items():
                value = self._resolve(v, depth + 1)
                if value is not NOVALUE:
                    out[k] = value
                    if k in lines:
                        out.lines[k] = lines[k]
            return out
        if isinstance(node, list):
            items = LList(line=getattr(node, "line", 0))
            node_lines = getattr(node, "lines", [])
            for i, v in enumerate(node):
                value = self._resolve(v, depth + 1)
                if value is not NOVALUE:
                    items.append(value)
                    items.lines.append(node_lines[i] if i < len(node_lines) else items.line)
            return items
        if isinstance(node, str) and "{{resolve:" in node:
            return DynamicRef(node)
        return node

    def _intrinsic(self, name: str, arg: Any, depth: int) -> Any:
        handler = _HANDLERS.get(name)
        if handler is None:
            if name.startswith("Fn::ForEach"):
                return Unknown("Fn::ForEach loop not expanded")
            return Unknown(f"{name} is not evaluated")
        return handler(self, arg, depth)

    def _ref(self, arg: Any, depth: int) -> Any:
        name = self._resolve(arg, depth)
        if not isinstance(name, str):
            return Unknown("Ref with a computed name")
        name = str(name)
        if name == "AWS::NoValue":
            return NOVALUE
        if name in self.extra_refs:
            return self.extra_refs[name]
        if name in _PSEUDO:
            return _PSEUDO[name]
        if name.startswith("AWS::"):
            return Unknown(f"pseudo parameter {name}")
        if name in self.parameters:
            return self.parameters[name]
        if name in self.resources:
            resource = self.resources[name]
            if isinstance(resource, dict) and resource.get("Type") in _REF_IS_ARN:
                arn = resource_arn(name, resource)
                if arn is not None:
                    return Derived(arn, "ref", frozenset({name}))
            return Derived(resource_name(name, resource), "ref", frozenset({name}))
        return Unknown(f"Ref to undefined {name}")

    def _import_value(self, arg: Any, depth: int) -> Any:
        name = self._resolve(arg, depth)
        export = name if isinstance(name, str) else ""
        what = f" {export}" if export else ""
        return ExternalRef(f"imported from another stack (Fn::ImportValue{what})", "import", export)

    def _getatt(self, arg: Any, depth: int) -> Any:
        if isinstance(arg, str):
            arg = arg.split(".", 1)
        if not isinstance(arg, list) or len(arg) != 2:
            return Unknown("malformed Fn::GetAtt")
        target, attr = self._resolve(arg[0], depth), self._resolve(arg[1], depth)
        if not isinstance(target, str) or not isinstance(attr, str):
            return Unknown("Fn::GetAtt with a computed name")
        target, attr = str(target), str(attr)
        if target not in self.resources:
            return Unknown(f"Fn::GetAtt on undefined {target}")
        refs = frozenset({target})
        if attr == "Arn":
            arn = resource_arn(target, self.resources[target])
            if arn:
                return Derived(arn, "getatt", refs)
        if attr == "StreamArn":
            arn = resource_arn(target, self.resources[target]) or "${" + target + "}"
            return Derived(arn + "/stream/*", "getatt", refs)
        return Derived("${" + f"{target}.{attr}" + "}", "getatt", refs)

    def _sub(self, arg: Any, depth: int) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            template = self._resolve(arg[0], depth)
            for k, v in arg[1].items():
                variables[str(k)] = self._resolve(v, depth)
        else:
            template = self._resolve(arg, depth)
        if isinstance(template, Unknown):
            return template
        if not isinstance(template, str):
            return Unknown("malformed Fn::Sub")
        refs: set[str] = set()
        unknown: list[Unknown] = []

        def value_of(match: re.Match[str]) -> str:
            var = match.group(1)
            if var.startswith("!"):
                return "${" + var[1:] + "}"
            if var in variables:
                value = variables[var]
            elif "." in var and var.split(".", 1)[0] in self.resources:
                value = self._getatt(var.split(".", 1), depth)
            else:
                value = self._ref(var, depth)
            if isinstance(value, Unknown):
                unknown.append(value)
                return ""
            if isinstance(value, Derived):
                refs.update(value.refs)
            if isinstance(value, list):
                unknown.append(Unknown(f"list value in Fn::Sub variable {var}"))
                return ""
            return str(value)

        text = _SUB_VAR.sub(value_of, str(template))
        if unknown:
            return Unknown(unknown[0].reason)
        if "{{resolve:" in text:
            return DynamicRef(text)
        return Derived(text, "sub", frozenset(refs))

    def _join(self, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            return Unknown("malformed Fn::Join")
        sep, items = self._resolve(arg[0], depth), self._resolve(arg[1], depth)
        if isinstance(items, Unknown) or isinstance(sep, Unknown):
            return items if isinstance(items, Unknown) else sep
        if not isinstance(items, list) or not isinstance(sep, str):
            return Unknown("malformed Fn::Join")
        for item in items:
            if isinstance(item, Unknown):
                return item
            if isinstance(item, dict | list):
                return Unknown("Fn::Join over a non-string value")
        text = str(sep).join(str(i) for i in items)
        if all(_is_plain(i) for i in items):
            return text
        if "{{resolve:" in text:
            return DynamicRef(text)
        return Derived(text, "join", _refs_of(*items))

    def _select(self, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            return Unknown("malformed Fn::Select")
        index, items = self._resolve(arg[0], depth), self._resolve(arg[1], depth)
        if isinstance(items, Unknown):
            return items
        try:
            i = int(index)
        except (TypeError, ValueError):
            return Unknown("Fn::Select with a computed index")
        if isinstance(items, list) and 0 <= i < len(items):
            return items[i]
        return Unknown("Fn::Select index out of range")

    def _split(self, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            return Unknown("malformed Fn::Split")
        sep, source = self._resolve(arg[0], depth), self._resolve(arg[1], depth)
        if not isinstance(sep, str) or not isinstance(source, str) or not sep:
            return source if isinstance(source, Unknown) else Unknown("Fn::Split of a computed value")
        parts = str(source).split(str(sep))
        if type(source) is str:
            return LList(parts)
        refs = _refs_of(source)
        return LList([Derived(p, "split", refs) for p in parts])

    def _find_in_map(self, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or len(arg) < 3:
            return Unknown("malformed Fn::FindInMap")
        keys = [self._resolve(a, depth) for a in arg[:3]]
        default = arg[3].get("DefaultValue") if len(arg) > 3 and isinstance(arg[3], dict) else None
        for k in keys:
            if not isinstance(k, str | int):
                return Unknown("Fn::FindInMap with a computed key")
        node: Any = self.mappings
        for k in keys:
            node = node.get(str(k)) if isinstance(node, dict) else None
            if node is None:
                break
        if node is None:
            if default is not None:
                return self._resolve(default, depth)
            return Unknown("Fn::FindInMap key not in the mapping")
        return self._resolve(node, depth)

    def _if(self, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or len(arg) != 3 or not isinstance(arg[0], str):
            return Unknown("malformed Fn::If")
        truth = self.condition(arg[0])
        if isinstance(truth, Unknown):
            a, b = self._resolve(arg[1], depth), self._resolve(arg[2], depth)
            if _is_plain(a) and type(a) is type(b) and a == b:
                return a
            return Unknown(f"Fn::If on undecidable condition {arg[0]}: {truth.reason}")
        return self._resolve(arg[1] if truth else arg[2], depth)

    def _equals(self, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or len(arg) != 2:
            return Unknown("malformed Fn::Equals")
        a, b = self._resolve(arg[0], depth), self._resolve(arg[1], depth)
        for v in (a, b):
            if isinstance(v, Unknown):
                return v
            if isinstance(v, str) and "${" in v and isinstance(v, Derived) and v.origin in ("pseudo", "ref"):
                return Unknown("Fn::Equals on a deploy-time value")
        return _scalar_text(a) == _scalar_text(b)

    def _logic(self, name: str, arg: Any, depth: int) -> Any:
        if not isinstance(arg, list) or not arg:
            return Unknown(f"malformed {name}")
        values = [self._truth(self._resolve(a, depth)) for a in arg]
        if name == "Fn::Not":
            v = values[0]
            return v if isinstance(v, Unknown) else not v
        known = [v for v in values if not isinstance(v, Unknown)]
        if name == "Fn::And":
            if any(v is False for v in known):
                return False
            return True if len(known) == len(values) else next(v for v in values if isinstance(v, Unknown))
        if any(v is True for v in known):
            return True
        return False if len(known) == len(values) else next(v for v in values if isinstance(v, Unknown))

    def _truth(self, value: Any) -> bool | Unknown:
        if isinstance(value, Unknown | bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return Unknown("condition is not a boolean")

    def _condition_ref(self, arg: Any, depth: int) -> Any:
        return self.condition(str(arg)) if isinstance(arg, str) else Unknown("malformed Condition")

    def _to_json(self, arg: Any, depth: int) -> Any:
        value = self._resolve(arg, depth)
        if _contains_unknown(value):
            return Unknown("Fn::ToJsonString of an unknown value")
        return Derived(json.dumps(value, separators=(",", ":")), "tojson", frozenset())

    def _length(self, arg: Any, depth: int) -> Any:
        value = self._resolve(arg, depth)
        return len(value) if isinstance(value, list) else Unknown("Fn::Length of a computed value")

    def _passthrough(self, arg: Any, depth: int) -> Any:
        value = self._resolve(arg, depth)
        if isinstance(value, str) and type(value) is str:
            return Derived(value, "base64")
        return value


def _scalar_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _contains_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(_contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_unknown(v) for v in value)
    return False


def _mapping(node: Any) -> Mapping[str, Any]:
    return node if isinstance(node, dict) else {}


def _unknown(reason: str) -> Any:
    return lambda self, arg, depth: Unknown(reason)


_HANDLERS: dict[str, Any] = {
    "Ref": Resolver._ref,
    "Condition": Resolver._condition_ref,
    "Fn::GetAtt": Resolver._getatt,
    "Fn::Sub": Resolver._sub,
    "Fn::Join": Resolver._join,
    "Fn::Select": Resolver._select,
    "Fn::Split": Resolver._split,
    "Fn::FindInMap": Resolver._find_in_map,
    "Fn::If": Resolver._if,
    "Fn::Equals": Resolver._equals,
    "Fn::And": lambda self, arg, depth: self._logic("Fn::And", arg, depth),
    "Fn::Or": lambda self, arg, depth: self._logic("Fn::Or", arg, depth),
    "Fn::Not": lambda self, arg, depth: self._logic("Fn::Not", arg, depth),
    "Fn::ToJsonString": Resolver._to_json,
    "Fn::Length": Resolver._length,
    "Fn::Base64": Resolver._passthrough,
    "Fn::ImportValue": Resolver._import_value,
    "Fn::GetAZs": _unknown("availability zones are known at deploy time"),
    "Fn::Cidr": _unknown("Fn::Cidr is computed at deploy time"),
    "Fn::Transform": _unknown("a macro (Fn::Transform) is not analysed"),
}
