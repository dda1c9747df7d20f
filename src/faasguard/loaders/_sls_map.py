"""A resolved ``serverless.yml`` as the SAM template the framework would deploy.

The Serverless Framework compiles its configuration to CloudFormation.  This
module does the security-relevant part of that compilation offline and emits
a SAM-flavoured template, so the SAM/CloudFormation loader (and every rule)
applies unchanged:

* each function becomes an ``AWS::Serverless::Function`` named as the
  framework names it (``hello-world`` -> ``HelloDashworldLambdaFunction``),
  with provider defaults applied (runtime, memory, timeout, environment
  merged, tracing, KMS key, VPC, layers, tags) and the value's own line:
  a value inherited from ``provider`` points at the provider line;
* the execution role: the one role the framework shares between all
  functions (``IamRoleLambdaExecution``, from ``provider.iam.role`` or the
  older ``iamRoleStatements``/``iamManagedPolicies``), a role given by ARN or
  logical id, or one role per function when the per-function roles plugin is
  configured;
* the log group the framework creates for each function, with
  ``logRetentionInDays``;
* events as SAM events (``http`` -> Api on ``ApiGatewayRestApi``, ``httpApi``
  -> HttpApi on ``HttpApi``, ``sqs``, ``stream``, ``sns``, ``schedule``,
  ``eventBridge``, ``cloudwatchLog``, ``alexaSkill``, ``iot``) or as the raw
  resources the framework creates (``s3`` buckets and their notifications,
  ``alb`` target groups, ``websocket`` APIs);
* ``url``, ``destinations``, ``onError``;
* ``resources.Resources``/``Conditions``/``Outputs`` merged in, and
  ``resources.extensions`` applied to the generated resources.

Nothing here reads files or the environment: variables are resolved before.
"""

from __future__ import annotations

import re
from typing import Any

from faasguard.loaders._nodes import LDict, LList, key_line, line_of
from faasguard.loaders._nodes import node as _node
from faasguard.loaders._nodes import put as _put
from faasguard.model import Unknown

__all__ = ["SHARED_ROLE", "function_id", "is_serverless", "to_template"]

SHARED_ROLE = "IamRoleLambdaExecution"
REST_API = "ApiGatewayRestApi"
HTTP_API = "HttpApi"
_PER_FUNCTION_ROLES_PLUGIN = "serverless-iam-roles-per-function"
_PSEUDO_PARAMETERS_PLUGIN = "serverless-pseudo-parameters"
_DOMAIN_MANAGER_PLUGIN = "serverless-domain-manager"
_PSEUDO = re.compile(r"#\{([A-Za-z0-9:._]+)\}")
_VPC_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
_NORMALIZE = re.compile(r"[^A-Za-z0-9]")
_LAMBDA_LOGS = "/aws/lambda/*"


def is_serverless(doc: Any) -> bool:
    """True for a mapping that looks like a Serverless Framework service definition."""
    return isinstance(doc, dict) and "service" in doc and ("provider" in doc or "functions" in doc)


def normalize(name: str) -> str:
    """The framework's logical-id form of a name: ``-`` -> ``Dash``, ``_`` -> ``Underscore``."""
    text = name.replace("-", "Dash").replace("_", "Underscore")
    text = _NORMALIZE.sub("", text)
    return text[:1].upper() + text[1:]


def function_id(name: str) -> str:
    """Logical id of function ``name`` in the compiled template."""
    return f"{normalize(name)}LambdaFunction"


def _list(items: list[tuple[Any, int]], line: int) -> LList:
    out = LList([v for v, _ in items], line=line)
    out.lines = [ln for _, ln in items]
    return out


def _items(node: Any) -> list[tuple[Any, int]]:
    """(item, line) pairs of a list (a single value counts as a one-item list)."""
    if isinstance(node, list):
        return [
            (v, node.line_of(i) if isinstance(node, LList) else line_of(node)) for i, v in enumerate(node)
        ]
    if node is None:
        return []
    return [(node, line_of(node))]


def _mapping(node: Any) -> LDict:
    if isinstance(node, LDict):
        return node
    return LDict(node if isinstance(node, dict) else {})


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


class _Compiler:
    """Compiles one resolved serverless document; collects notes as (line, text)."""

    def __init__(self, doc: LDict) -> None:
        self.doc = doc
        self.provider = _mapping(doc.get("provider"))
        service = doc.get("service")
        name = service.get("name") if isinstance(service, dict) else service
        self.service = name if isinstance(name, str) else "service"
        stage = self.provider.get("stage", "dev")
        self.stage = stage if isinstance(stage, str) else "dev"
        self.functions = _mapping(doc.get("functions"))
        plugins = doc.get("plugins")
        names = plugins.get("modules") if isinstance(plugins, dict) else plugins
        self.plugins = {p for p in names if isinstance(p, str)} if isinstance(names, list) else set()
        self.out = LDict(line=line_of(doc.get("functions"), 1))
        self.notes: list[tuple[int, str]] = []
        self.rest_api: LDict | None = None
        self.http_api: LDict | None = None
        self.uses_shared_role = False
        self.any_vpc = False

    # -- provider settings -------------------------------------------------

    def _setting(self, fn: LDict, fn_key: str, provider_key: str | None = None) -> tuple[Any, int] | None:
        """A function setting or the provider default, with the line it was written on."""
        if fn_key in fn:
            return fn[fn_key], key_line(fn, fn_key, fn.line)
        key = provider_key or fn_key
        if key in self.provider:
            return self.provider[key], key_line(self.provider, key, self.provider.line)
        return None

    def _iam(self) -> LDict:
        iam = self.provider.get("iam")
        return _mapping(iam)

    def _provider_role(self) -> tuple[Any, int] | None:
        """A role the provider names for every function (ARN, logical id, intrinsic)."""
        role = self._iam().get("role")
        if role is not None and not isinstance(role, dict):
            return role, key_line(self._iam(), "role", self.provider.line)
        if "role" in self.provider:
            return self.provider["role"], key_line(self.provider, "role", self.provider.line)
        return None

    def _provider_statements(self) -> tuple[Any, int]:
        role = self._iam().get("role")
        if isinstance(role, dict) and "statements" in role:
            return role["statements"], key_line(role, "statements", line_of(role))
        if "iamRoleStatements" in self.provider:
            return self.provider["iamRoleStatements"], key_line(self.provider, "iamRoleStatements")
        return [], self.provider.line

    def _provider_managed(self) -> tuple[Any, int]:
        role = self._iam().get("role")
        if isinstance(role, dict) and "managedPolicies" in role:
            return role["managedPolicies"], key_line(role, "managedPolicies", line_of(role))
        if "iamManagedPolicies" in self.provider:
            return self.provider["iamManagedPolicies"], key_line(self.provider, "iamManagedPolicies")
        return [], self.provider.line

    # -- roles ---------------------------------------------------------------

    def _role(
        self,
        role_id: str,
        statements: list[tuple[Any, int]],
        managed: Any,
        line: int,
        boundary: Any = None,
    ) -> LDict:
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": ["lambda.amazonaws.com"]},
                    "Action": ["sts:AssumeRole"],
                }
            ],
        }
        logs = _node(
            line,
            Effect="Allow",
            Action=["logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents"],
            Resource=[
                {
                    "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                    + _LAMBDA_LOGS
                }
            ],
        )
        items: list[tuple[Any, int]] = [(logs, line)]
        for node, node_line in statements:
            if isinstance(node, Unknown):
                items.append((node, node_line))
            else:
                items.extend(_items(node))
        document = _node(line, Version="2012-10-17", Statement=_list(items, line))
        policy = _node(line, PolicyName=f"{self.service}-{self.stage}-lambda", PolicyDocument=document)
        props = _node(line, AssumeRolePolicyDocument=trust, Policies=_list([(policy, line)], line))
        arns: list[tuple[Any, int]] = (
            _items(managed) if not isinstance(managed, Unknown) else [(managed, line)]
        )
        if self.any_vpc:
            arns.append((_VPC_POLICY, line))
        if arns:
            _put(props, "ManagedPolicyArns", _list(arns, line), line)
        role = self._iam().get("role")
        if boundary is None and role_id == SHARED_ROLE:
            boundary = role.get("permissionsBoundary") if isinstance(role, dict) else None
            if boundary is None:
                boundary = self.provider.get("rolePermissionsBoundary")
        if boundary is not None:
            _put(props, "PermissionsBoundary", boundary, line)
        return _node(line, Type="AWS::IAM::Role", Properties=props)

    def _function_role(self, name: str, fn: LDict) -> tuple[Any, int]:
        """The ``Role`` value of a function and its line; creates the roles it needs."""
        if "role" in fn:
            return self._role_ref(fn["role"]), key_line(fn, "role", fn.line)
        per_function = _PER_FUNCTION_ROLES_PLUGIN in self.plugins
        if per_function and "iamRoleStatements" in fn:
            # the plugin's own settings: custom.serverless-iam-roles-per-function
            plugin = _mapping(_mapping(self.doc.get("custom")).get(_PER_FUNCTION_ROLES_PLUGIN))
            line = key_line(fn, "iamRoleStatements", fn.line)
            statements = [(fn["iamRoleStatements"], line)]
            inherit = fn.get("iamRoleStatementsInherit", plugin.get("defaultInherit"))
            if _is_true(inherit):
                statements.insert(0, self._provider_statements())
            role_id = f"{normalize(name)}IamRoleLambdaExecution"
            boundary = fn.get("iamPermissionsBoundary", plugin.get("iamGlobalPermissionsBoundary"))
            if "iamManagedPolicies" in fn:  # the plugin gives per-function roles no managed policies
                self.notes.append(
                    (
                        key_line(fn, "iamManagedPolicies", line),
                        f"function {name}: iamManagedPolicies are not attached by the "
                        f"{_PER_FUNCTION_ROLES_PLUGIN} plugin",
                    )
                )
            self.out[role_id] = self._role(role_id, statements, [], line, boundary)
            self.out.lines[role_id] = line
            return {"Fn::GetAtt": [role_id, "Arn"]}, line
        if "iamRoleStatements" in fn:
            self.notes.append(
                (
                    key_line(fn, "iamRoleStatements", fn.line),
                    f"function {name}: iamRoleStatements are ignored without the "
                    f"{_PER_FUNCTION_ROLES_PLUGIN} plugin; the function gets the shared role",
                )
            )
        provider_role = self._provider_role()
        if provider_role is not None:
            return self._role_ref(provider_role[0]), provider_role[1]
        self.uses_shared_role = True
        return {"Fn::GetAtt": [SHARED_ROLE, "Arn"]}, self.functions.line_of(name)

    def _role_ref(self, value: Any) -> Any:
        """A ``role:`` value: an ARN or intrinsic as given, a bare name as a logical id."""
        if isinstance(value, str) and not value.startswith("arn:") and "/" not in value:
            return {"Fn::GetAtt": [value, "Arn"]}
        return value

    # -- functions -----------------------------------------------------------

    def function(self, name: str, fn: LDict) -> None:
        lid = function_id(name)
        line = self.functions.line_of(name)
        fn.line = line  # fallbacks point at the function's name, not at its first setting
        props = LDict(line=line)
        fn_name = fn.get("name", f"{self.service}-{self.stage}-{name}")
        _put(props, "FunctionName", fn_name, key_line(fn, "name", line))
        for fn_key, cfn_key, provider_key in (
            ("handler", "Handler", None),
            ("runtime", "Runtime", None),
            ("memorySize", "MemorySize", None),
            ("timeout", "Timeout", None),
            ("kmsKeyArn", "KmsKeyArn", None),
            ("layers", "Layers", None),
            ("architecture", "Architectures", None),
            ("reservedConcurrency", "ReservedConcurrentExecutions", None),
        ):
            found = self._setting(fn, fn_key, provider_key) if fn_key != "reservedConcurrency" else None
            if fn_key == "reservedConcurrency" and fn_key in fn:
                found = fn[fn_key], key_line(fn, fn_key, line)
            if found is None:
                continue
            value, vline = found
            if cfn_key == "Architectures" and isinstance(value, str):
                value = [value]
            _put(props, cfn_key, value, vline)
        self._image(fn, props, line)
        if "Runtime" not in props and "PackageType" not in props:
            reason = "no runtime set: the framework deploys its own default, which depends on its version"
            _put(props, "Runtime", Unknown(reason), line)
        self._environment(fn, props)
        self._vpc(fn, props)
        self._tracing(fn, props)
        self._tags(fn, props)
        if "ephemeralStorageSize" in fn:
            eline = key_line(fn, "ephemeralStorageSize", line)
            _put(props, "EphemeralStorage", _node(eline, Size=fn["ephemeralStorageSize"]), eline)
        if "onError" in fn:
            eline = key_line(fn, "onError", line)
            target = self._target_arn(fn["onError"])
            kind = "SQS" if isinstance(target, str) and ":sqs:" in target else "SNS"
            _put(props, "DeadLetterQueue", _node(eline, Type=kind, TargetArn=target), eline)
        self._destinations(fn, props)
        self._url(fn, props)
        role, rline = self._function_role(name, fn)
        _put(props, "Role", role, rline)
        events = self._events(name, lid, fn)
        if events:
            _put(props, "Events", events, key_line(fn, "events", line))
        self.out[lid] = _node(line, Type="AWS::Serverless::Function", Properties=props)
        self.out.lines[lid] = line
        self._log_group(name, fn, fn_name, line)

    def _image(self, fn: LDict, props: LDict, line: int) -> None:
        if "image" not in fn:
            return
        iline = key_line(fn, "image", line)
        image = fn["image"]
        if isinstance(image, dict):
            image = image.get("uri", image.get("name"))
        uri: Any = image
        if isinstance(image, str) and not any(c in image for c in "/:@"):
            ecr = _mapping(_mapping(self.provider.get("ecr")).get("images")).get(image)
            if isinstance(ecr, dict) and "uri" in ecr:
                uri = ecr["uri"]
            elif isinstance(ecr, dict):
                # built and pushed by the framework, which then references the image by digest
                uri = f"<image {image} built by the framework>@sha256:{'0' * 64}"
            else:
                uri = Unknown(f"image {image} is not defined under provider.ecr.images")
        _put(props, "PackageType", "Image", iline)
        _put(props, "ImageUri", uri, iline)

    def _environment(self, fn: LDict, props: LDict) -> None:
        merged = LDict(line=line_of(fn.get("environment"), fn.line))
        for source in (self.provider.get("environment"), fn.get("environment")):
            if isinstance(source, Unknown):
                _put(props, "Environment", _node(fn.line, Variables=source), fn.line)
                return
            if isinstance(source, dict):
                for key, value in source.items():
                    _put(merged, key, value, key_line(source, key, line_of(source)))
        if merged:
            eline = key_line(fn, "environment", key_line(self.provider, "environment", fn.line))
            _put(props, "Environment", _node(eline, Variables=merged), eline)

    def _vpc(self, fn: LDict, props: LDict) -> None:
        found = self._setting(fn, "vpc")
        if found is None or found[0] is None:
            return
        vpc, vline = found
        if isinstance(vpc, dict):
            config = LDict(line=line_of(vpc, vline))
            for src, dst in (("securityGroupIds", "SecurityGroupIds"), ("subnetIds", "SubnetIds")):
                if src in vpc:
                    _put(config, dst, vpc[src], key_line(vpc, src, vline))
            vpc = config
        self.any_vpc = True
        _put(props, "VpcConfig", vpc, vline)

    def _tracing(self, fn: LDict, props: LDict) -> None:
        if "tracing" in fn:
            value, tline = fn["tracing"], key_line(fn, "tracing", fn.line)
        else:
            tracing = self.provider.get("tracing")
            if not isinstance(tracing, dict) or "lambda" not in tracing:
                return
            value, tline = tracing["lambda"], key_line(tracing, "lambda", line_of(tracing))
        if value is True or value == "Active":
            _put(props, "Tracing", "Active", tline)
        elif value is False or value == "PassThrough":
            _put(props, "Tracing", "PassThrough", tline)
        elif isinstance(value, Unknown):
            _put(props, "Tracing", value, tline)

    def _tags(self, fn: LDict, props: LDict) -> None:
        merged = LDict(line=fn.line)
        for source in (self.provider.get("tags"), fn.get("tags")):
            if isinstance(source, dict):
                for key, value in source.items():
                    _put(merged, key, value, key_line(source, key, line_of(source)))
        if merged:
            _put(props, "Tags", merged, key_line(fn, "tags", key_line(self.provider, "tags", fn.line)))

    def _target_arn(self, value: Any) -> Any:
        """A destination: a function of this service by name, else the ARN or intrinsic as given."""
        if isinstance(value, str) and value in self.functions:
            return {"Fn::GetAtt": [function_id(value), "Arn"]}
        return value

    def _destinations(self, fn: LDict, props: LDict) -> None:
        dest = fn.get("destinations")
        if dest is None:
            return
        dline = key_line(fn, "destinations", fn.line)
        if isinstance(dest, Unknown):
            _put(props, "EventInvokeConfig", _node(dline, DestinationConfig=dest), dline)
            return
        if not isinstance(dest, dict):
            return
        config = LDict(line=dline)
        for src, dst in (("onSuccess", "OnSuccess"), ("onFailure", "OnFailure")):
            if src in dest:
                target = dest[src]
                if isinstance(target, dict) and "arn" in target:
                    target = target["arn"]
                _put(
                    config,
                    dst,
                    _node(key_line(dest, src, dline), Destination=self._target_arn(target)),
                    dline,
                )
        _put(props, "EventInvokeConfig", _node(dline, DestinationConfig=config), dline)

    def _url(self, fn: LDict, props: LDict) -> None:
        url = fn.get("url")
        if url is None or url is False:
            return
        uline = key_line(fn, "url", fn.line)
        if isinstance(url, Unknown):
            _put(props, "FunctionUrlConfig", _node(uline, AuthType=url), uline)
            return
        auth: Any = "NONE"
        config = _node(uline)
        if isinstance(url, dict):
            authorizer = url.get("authorizer")
            if isinstance(authorizer, Unknown):
                auth = authorizer
            elif isinstance(authorizer, str) and authorizer.lower() == "aws_iam":
                auth = "AWS_IAM"
            if "authorizer" in url:
                uline = key_line(url, "authorizer", uline)
            if "cors" in url:
                cors = url["cors"]
                origins = cors.get("allowedOrigins", ["*"]) if isinstance(cors, dict) else ["*"]
                _put(config, "Cors", _node(key_line(url, "cors", uline), AllowOrigins=origins), uline)
        _put(config, "AuthType", auth, uline)
        _put(props, "FunctionUrlConfig", config, uline)

    def _log_group(self, name: str, fn: LDict, fn_name: Any, line: int) -> None:
        if _is_true(fn.get("disableLogs")):
            return
        group = LDict(line=line)
        log_name: Any = {"Fn::Sub": f"/aws/lambda/{fn_name}"} if isinstance(fn_name, str) else fn_name
        if isinstance(fn_name, str):
            log_name = f"/aws/lambda/{fn_name}"
        _put(group, "LogGroupName", log_name, line)
        found = self._setting(fn, "logRetentionInDays")
        if found is not None:
            _put(group, "RetentionInDays", found[0], found[1])
        lid = f"{normalize(name)}LogGroup"
        self.out[lid] = _node(line, Type="AWS::Logs::LogGroup", Properties=group)
        self.out.lines[lid] = line

    # -- events: in _sls_events ---------------------------------------------

    def _events(self, name: str, lid: str, fn: LDict) -> LDict:
        from faasguard.loaders._sls_events import compile_events

        return compile_events(self, name, lid, fn)

    # -- the whole template ---------------------------------------------------

    def layers(self) -> None:
        """Top-level ``layers:``: a layer version each, and the permissions ``allowedAccounts`` grant."""
        layers = self.doc.get("layers")
        if not isinstance(layers, LDict):
            return
        for name, spec in layers.items():
            line = layers.line_of(name)
            rid = f"{normalize(str(name))}LambdaLayer"
            props = _node(
                line, LayerName=spec.get("name", str(name)) if isinstance(spec, dict) else str(name)
            )
            self.out[rid] = _node(line, Type="AWS::Lambda::LayerVersion", Properties=props)
            self.out.lines[rid] = line
            accounts = spec.get("allowedAccounts") if isinstance(spec, dict) else None
            aline = key_line(spec, "allowedAccounts", line)
            for index, (account, account_line) in enumerate(_items(accounts)):
                perm = _node(
                    account_line or aline,
                    Action="lambda:GetLayerVersion",
                    LayerVersionArn={"Ref": rid},
                    Principal=account,
                )
                pid = f"{rid}Permission{index}"
                self.out[pid] = _node(
                    account_line or aline, Type="AWS::Lambda::LayerVersionPermission", Properties=perm
                )
                self.out.lines[pid] = account_line or aline

    def domains(self) -> None:
        """Custom domains of the serverless-domain-manager plugin (``custom.customDomain(s)``)."""
        if _DOMAIN_MANAGER_PLUGIN not in self.plugins:
            return
        custom = _mapping(self.doc.get("custom"))
        configs: list[tuple[Any, str]] = []
        if isinstance(custom.get("customDomain"), dict):
            configs.append((custom["customDomain"], "rest"))
        for item, _ in _items(custom.get("customDomains")):
            for api_type, config in _mapping(item).items():
                if isinstance(config, dict):
                    configs.append((config, str(api_type)))
        for index, (config, api_type) in enumerate(configs):
            line = line_of(config, custom.line)
            kind = str(config.get("apiType", api_type)).lower()
            policy = config.get("securityPolicy", "tls_1_2")
            pline = key_line(config, "securityPolicy", line)
            if isinstance(policy, str):
                policy = policy.upper()
            endpoint = config.get("endpointType", "edge")
            endpoint = endpoint.upper() if isinstance(endpoint, str) else endpoint
            props = _node(line, DomainName=config.get("domainName"))
            if kind == "rest":
                _put(props, "SecurityPolicy", policy, pline)
                _put(props, "EndpointConfiguration", _node(line, Types=[endpoint]), line)
                rtype = "AWS::ApiGateway::DomainName"
            else:
                entry = _node(line, EndpointType=endpoint)
                _put(entry, "SecurityPolicy", policy, pline)
                _put(props, "DomainNameConfigurations", _list([(entry, line)], line), line)
                rtype = "AWS::ApiGatewayV2::DomainName"
            if "tlsTruststoreUri" in config:  # the plugin turns on mutual TLS with this trust store
                tline = key_line(config, "tlsTruststoreUri", line)
                mtls = _node(tline, TruststoreUri=config["tlsTruststoreUri"])
                if "tlsTruststoreVersion" in config:
                    _put(mtls, "TruststoreVersion", config["tlsTruststoreVersion"], tline)
                _put(props, "MutualTlsAuthentication", mtls, tline)
            rid = "CustomDomain" if index == 0 else f"CustomDomain{index + 1}"
            self.out[rid] = _node(line, Type=rtype, Properties=props)
            self.out.lines[rid] = line
            # the plugin maps the domain to the service's API of that type
            api = {"rest": REST_API, "http": HTTP_API, "websocket": "WebsocketsApi"}.get(kind)
            if api is not None:
                mapping = _node(line, DomainName={"Ref": rid}, ApiId={"Ref": api})
                mtype = "AWS::ApiGatewayV2::ApiMapping"
                if kind == "rest":
                    mtype = "AWS::ApiGateway::BasePathMapping"
                self.out[f"{rid}ApiMapping"] = _node(line, Type=mtype, Properties=mapping)
                self.out.lines[f"{rid}ApiMapping"] = line

    def compile(self) -> LDict:
        self.layers()
        self.domains()
        for name, fn in self.functions.items():
            if isinstance(fn, dict):
                self.function(str(name), _mapping(fn))
            else:
                self.notes.append(
                    (self.functions.line_of(name), f"function {name} is not a mapping; skipped")
                )
        if self.uses_shared_role:
            line = self.provider.line or 1
            statements = [self._provider_statements()]
            self.out[SHARED_ROLE] = self._role(SHARED_ROLE, statements, self._provider_managed()[0], line)
            self.out.lines[SHARED_ROLE] = line
        template = _node(1, AWSTemplateFormatVersion="2010-09-09", Transform="AWS::Serverless-2016-10-31")
        resources = self.doc.get("resources")
        conditions = LDict(line=1)
        for part, part_line in _items(resources):
            if not isinstance(part, dict):
                continue
            for section, target in (("Resources", self.out), ("Conditions", conditions)):
                extra = part.get(section)
                if isinstance(extra, dict):
                    for key, value in extra.items():
                        _put(target, key, value, key_line(extra, key, part_line))
            self._extensions(part.get("extensions"))
        _put(template, "Resources", self.out, self.out.line)
        if conditions:
            _put(template, "Conditions", conditions, conditions.line)
        return template

    def _extensions(self, extensions: Any) -> None:
        """``resources.extensions``: properties merged into the generated resources."""
        if not isinstance(extensions, dict):
            return
        for lid, ext in extensions.items():
            target = self.out.get(lid)
            if not isinstance(target, dict) or not isinstance(ext, dict):
                continue
            props = ext.get("Properties")
            if isinstance(props, dict) and isinstance(target.get("Properties"), LDict):
                sam_props = target["Properties"]
                for key, value in props.items():
                    _put(sam_props, key, value, key_line(props, key, line_of(props)))


def _pseudo_parameters(node: Any) -> Any:
    """What the pseudo-parameters plugin does: ``#{AWS::Region}`` strings become ``Fn::Sub``."""
    if isinstance(node, str) and "#{" in node and _PSEUDO.search(node):
        return {"Fn::Sub": _PSEUDO.sub(lambda m: "${" + m.group(1) + "}", node)}
    if isinstance(node, LDict):
        for key, value in node.items():
            node[key] = _pseudo_parameters(value)
    elif isinstance(node, LList):
        for index, value in enumerate(node):
            node[index] = _pseudo_parameters(value)
    return node


def to_template(doc: LDict) -> tuple[LDict, list[tuple[int, str]]]:
    """The SAM template a resolved serverless document compiles to, and notes as (line, text)."""
    compiler = _Compiler(doc)
    template = compiler.compile()
    if _PSEUDO_PARAMETERS_PLUGIN in compiler.plugins:
        template = _pseudo_parameters(template)
    return template, compiler.notes
