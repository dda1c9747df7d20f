"""Inline OpenAPI (Swagger 2 / OpenAPI 3) definitions of API Gateway APIs: operations and their security.

API Gateway imports a definition written in ``DefinitionBody`` (SAM) or
``Body`` (``AWS::ApiGateway::RestApi``, ``AWS::ApiGatewayV2::Api``).  For
each path and method (``x-amazon-apigateway-any-method`` is ``ANY``) this
module works out what API Gateway enforces:

* the effective ``security``: the operation's own, else the document's; an
  empty list means none.  API Gateway reads the requirement objects as a
  union: an authorizer named anywhere authorises the method, an API-key
  scheme anywhere makes the method require a key.
* the kind of each scheme from ``securityDefinitions`` (Swagger 2) or
  ``components.securitySchemes`` (OpenAPI 3): ``x-amazon-apigateway-authtype:
  awsSigv4`` is ``AWS_IAM``; an ``x-amazon-apigateway-authorizer`` of type
  ``token``/``request`` is ``CUSTOM``, ``cognito_user_pools`` is
  ``COGNITO_USER_POOLS``, ``jwt`` is ``JWT``; an ``apiKey`` scheme named
  ``x-api-key`` in the header, without authorizer, is an API key (usage
  plans, not authentication).  Anything else is unknown.
* the function the integration invokes (an ``uri`` referring to a
  function's ARN through ``Fn::Sub``/``Fn::GetAtt``, resolved or not),
* the request validator (``x-amazon-apigateway-request-validator(s)``),
* the line of each operation.

SAM adds its own ``Auth`` to the definition: authorizer names from
``Auth.Authorizers`` (and ``AWS_IAM``/``NONE``) are known schemes, and a
``DefaultAuthorizer`` is set on every operation with an integration whose
own security names none of SAM's authorizers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from faasguard.loaders._nodes import key_line, line_of
from faasguard.model import Derived, Unknown

__all__ = ["Definition", "Operation", "integration_refs", "read_definition", "scheme_kinds"]

AWS_IAM = "AWS_IAM"
CUSTOM = "CUSTOM"
COGNITO = "COGNITO_USER_POOLS"
JWT = "JWT"
API_KEY = "API_KEY"
NONE = "NONE"

_METHODS = {
    "get": "GET",
    "put": "PUT",
    "post": "POST",
    "delete": "DELETE",
    "options": "OPTIONS",
    "head": "HEAD",
    "patch": "PATCH",
    "trace": "TRACE",
    "x-amazon-apigateway-any-method": "ANY",
}
_AUTHORIZER_TYPES = {"token": CUSTOM, "request": CUSTOM, "cognito_user_pools": COGNITO, "jwt": JWT}
_INTEGRATION = "x-amazon-apigateway-integration"
_VALIDATOR = "x-amazon-apigateway-request-validator"
_VALIDATORS = "x-amazon-apigateway-request-validators"
_POLICY = "x-amazon-apigateway-policy"
_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


@dataclass(frozen=True, slots=True)
class Operation:
    """One path and method of a definition and how API Gateway authorises it."""

    path: str
    method: str  # upper case; ANY for x-amazon-apigateway-any-method
    line: int
    authorization: str | Unknown  # NONE | AWS_IAM | CUSTOM | COGNITO_USER_POOLS | JWT
    api_key_required: bool | Unknown = False
    function_refs: frozenset[str] = frozenset()  # logical ids the integration uri refers to
    function_id: str | None = None  # the function among them, when the caller can tell
    request_validator: str | Unknown | None = None  # the validator's name when it validates something
    has_integration: bool = False
    # (name, line) of its query-string parameters, and of API-key schemes its security reads from the query
    query_parameters: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Definition:
    """What an inline definition declares."""

    version: int  # 2 (swagger) | 3 (openapi)
    operations: tuple[Operation, ...]
    policy: Any = None  # the x-amazon-apigateway-policy document, when written
    policy_line: int = 0


def _refs(node: Any, depth: int = 0) -> set[str]:
    """Logical ids a (resolved or raw) value refers to through ``Ref``/``Fn::GetAtt``/``Fn::Sub``."""
    if depth > 20:
        return set()
    if isinstance(node, Derived):
        return set(node.refs)
    if isinstance(node, list):
        return {r for item in node for r in _refs(item, depth + 1)}
    if not isinstance(node, dict) or len(node) != 1:
        return set()
    key, arg = next(iter(node.items()))
    if key == "Ref":
        return {arg} if isinstance(arg, str) and "::" not in arg else set()
    if key == "Fn::GetAtt":
        if isinstance(arg, list) and arg and isinstance(arg[0], str):
            return {arg[0]}
        return {arg.split(".", 1)[0]} if isinstance(arg, str) else set()
    if key == "Fn::Sub":
        template, variables = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
        names = set(_SUB_NAME.findall(template)) if isinstance(template, str) else set()
        if isinstance(variables, dict):
            names -= set(variables)
            for value in variables.values():
                names |= _refs(value, depth + 1)
        return names
    if key in ("Fn::Join", "Fn::If", "Fn::Select"):
        return _refs(arg, depth + 1)
    return set()


def integration_refs(uri: Any) -> frozenset[str]:
    """The logical ids an integration ``uri`` refers to (a resolved ``Derived`` or a raw intrinsic)."""
    return frozenset(_refs(uri))


def _lower(value: Any) -> str | None:
    return value.strip().lower() if isinstance(value, str) else None


def _scheme_kind(name: str, scheme: Any) -> str | Unknown:
    """What a security scheme makes API Gateway enforce (see the module docs)."""
    if isinstance(scheme, Unknown):
        return Unknown(f"security scheme {name}: {scheme.reason}")
    if not isinstance(scheme, dict):
        return Unknown(f"security scheme {name} is not a mapping")
    authtype = scheme.get("x-amazon-apigateway-authtype")
    authorizer = scheme.get("x-amazon-apigateway-authorizer")
    if isinstance(authtype, Unknown):
        return Unknown(f"x-amazon-apigateway-authtype of {name}: {authtype.reason}")
    if _lower(authtype) == "awssigv4":
        return AWS_IAM
    if authorizer is not None:
        if isinstance(authorizer, Unknown):
            return Unknown(f"x-amazon-apigateway-authorizer of {name}: {authorizer.reason}")
        atype = authorizer.get("type") if isinstance(authorizer, dict) else None
        if isinstance(atype, Unknown):
            return Unknown(f"authorizer type of {name}: {atype.reason}")
        kind = _AUTHORIZER_TYPES.get(_lower(atype) or "")
        if kind is None:
            return Unknown(f"security scheme {name} has an authorizer of unknown type {atype!r}")
        return kind
    if _lower(authtype) == "cognito_user_pools":
        return COGNITO
    stype, header, where = scheme.get("type"), scheme.get("name"), scheme.get("in")
    if _lower(stype) == "apikey" and _lower(header) == "x-api-key" and _lower(where) in (None, "header"):
        return API_KEY
    return Unknown(f"security scheme {name} ({stype}) is not an API Gateway authorizer faasguard reads")


def scheme_kinds(doc: Mapping[Any, Any]) -> dict[str, str | Unknown]:
    """Scheme name -> kind for ``securityDefinitions`` / ``components.securitySchemes``."""
    out: dict[str, str | Unknown] = {}
    schemes: Any = doc.get("securityDefinitions")
    components = doc.get("components")
    if schemes is None and isinstance(components, dict):
        schemes = components.get("securitySchemes")
    elif schemes is None and isinstance(components, Unknown):
        schemes = components
    if isinstance(schemes, Unknown):
        out["*"] = Unknown(f"security schemes: {schemes.reason}")
    elif isinstance(schemes, dict):
        for name, scheme in schemes.items():
            out[str(name)] = _scheme_kind(str(name), scheme)
    return out


class _Reader:
    def __init__(
        self,
        doc: Mapping[Any, Any],
        functions: Callable[[str], str | None] | None,
        authorizers: Mapping[str, str | Unknown] | None,
        default_authorizer: Any,
    ) -> None:
        self.doc = doc
        self.functions = functions
        self.kinds = scheme_kinds(doc)
        components = doc.get("components")
        self.schemes: Any = doc.get("securityDefinitions")
        if self.schemes is None and isinstance(components, dict):
            self.schemes = components.get("securitySchemes")
        self.sam = dict(authorizers or {})
        if authorizers is not None:
            self.sam.setdefault("AWS_IAM", AWS_IAM)
            self.sam.setdefault("NONE", NONE)
        self.default = default_authorizer
        self.doc_security = doc.get("security")
        validators = doc.get(_VALIDATORS)
        self.validators = validators if isinstance(validators, dict | Unknown) else {}
        self.doc_validator = doc.get(_VALIDATOR)

    def kind(self, name: str) -> str | Unknown:
        if name in self.sam:
            return self.sam[name]
        if name in self.kinds:
            return self.kinds[name]
        if "*" in self.kinds:
            return self.kinds["*"]
        return Unknown(f"security scheme {name} is not defined in the definition")

    def evaluate(self, security: Any) -> tuple[str | Unknown, bool | Unknown]:
        """(authorization, API key required) of a ``security`` list (union of its requirements)."""
        if security is None:
            return NONE, False
        if isinstance(security, Unknown):
            return Unknown(f"security: {security.reason}"), Unknown(f"security: {security.reason}")
        if not isinstance(security, list):
            unknown = Unknown("security is not a list")
            return unknown, unknown
        found: list[str] = []
        api_key = False
        for item in security:
            if isinstance(item, Unknown):
                return Unknown(f"security requirement: {item.reason}"), Unknown(item.reason)
            if not isinstance(item, dict):
                unknown = Unknown("security requirement is not a mapping")
                return unknown, unknown
            for name in item:
                kind = self.kind(str(name))
                if isinstance(kind, Unknown):
                    return kind, kind
                if kind == API_KEY:
                    api_key = True
                elif kind != NONE and kind not in found:
                    found.append(kind)
        if len(found) > 1:
            return Unknown(f"security names authorizers of several kinds ({', '.join(found)})"), api_key
        return (found[0] if found else NONE), api_key

    def security(self, op: Mapping[Any, Any], integrated: bool) -> Any:
        """The security list API Gateway sees for an operation (SAM's default authorizer added)."""
        own = op.get("security")
        if self.default is None or not integrated:
            return own if own is not None else self.doc_security
        if isinstance(own, list) and any(
            isinstance(item, dict) and any(str(name) in self.sam for name in item) for item in own
        ):
            return own  # SAM keeps an authorizer (or NONE) the operation names itself
        if isinstance(own, Unknown):
            return own
        if isinstance(self.default, Unknown) or not isinstance(self.default, str):
            return Unknown("SAM DefaultAuthorizer is computed")
        if self.default == "NONE":
            return own if own is not None else self.doc_security
        items = [item for item in own if isinstance(item, dict)] if isinstance(own, list) else []
        return [*items, {self.default: []}]

    def validator(self, op: Mapping[Any, Any]) -> str | Unknown | None:
        name = op.get(_VALIDATOR, self.doc_validator)
        if name is None or isinstance(name, Unknown):
            return name
        if not isinstance(name, str) or not name.strip():
            return None
        if isinstance(self.validators, Unknown):
            return Unknown(f"{_VALIDATORS}: {self.validators.reason}")
        spec = self.validators.get(name)
        if isinstance(spec, dict):
            flags = [spec.get("validateRequestBody"), spec.get("validateRequestParameters")]
            if any(isinstance(f, Unknown) for f in flags):
                return Unknown(f"request validator {name} is computed")
            if not any(f is True or _lower(f) == "true" for f in flags):
                return None  # a validator that validates nothing
        return name

    def _parameter(self, item: Any) -> Any:
        """A parameter object, following a local ``$ref`` (``#/parameters/x``, ``#/components/...``)."""
        ref = item.get("$ref") if isinstance(item, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return item
        target: Any = self.doc
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        return target

    def query(self, op: Mapping[Any, Any], shared: Any, security: Any) -> tuple[tuple[str, int], ...]:
        """(name, line) of the query-string parameters of an operation (its own and its path's), and
        of the API-key schemes its security reads from the query string."""
        out: list[tuple[str, int]] = []
        for params in (shared, op.get("parameters")):
            for item in params if isinstance(params, list) else []:
                param = self._parameter(item)
                if isinstance(param, dict) and _lower(param.get("in")) == "query":
                    name = param.get("name")
                    if isinstance(name, str):
                        out.append((name, key_line(param, "name", line_of(param, line_of(item)))))
        for requirement in security if isinstance(security, list) else []:
            for scheme_name in requirement if isinstance(requirement, dict) else ():
                scheme = self.schemes.get(str(scheme_name)) if isinstance(self.schemes, dict) else None
                if isinstance(scheme, dict) and _lower(scheme.get("in")) == "query":
                    name = scheme.get("name")
                    if _lower(scheme.get("type")) == "apikey" and isinstance(name, str):
                        out.append((name, key_line(scheme, "name", line_of(scheme))))
        return tuple(dict.fromkeys(out))

    def operation(self, path: str, method: str, op: Any, line: int, shared: Any = None) -> Operation:
        verb = _METHODS[method]
        if isinstance(op, Unknown):
            unknown = Unknown(f"operation {verb} {path}: {op.reason}")
            return Operation(path, verb, line, unknown, unknown)
        if not isinstance(op, dict):
            return Operation(path, verb, line, Unknown(f"operation {verb} {path} is not a mapping"))
        integration = op.get(_INTEGRATION)
        integrated = integration is not None
        security = self.security(op, integrated)
        auth, api_key = self.evaluate(security)
        uri = integration.get("uri") if isinstance(integration, dict) else None
        refs = integration_refs(uri)
        function = None
        if self.functions is not None:
            function = next((f for f in map(self.functions, sorted(refs)) if f), None)
        query = self.query(op, shared, security)
        validator = self.validator(op)
        return Operation(path, verb, line, auth, api_key, refs, function, validator, integrated, query)

    def operations(self, paths: Any) -> tuple[Operation, ...] | Unknown:
        if paths is None:
            return ()
        if isinstance(paths, Unknown):
            return Unknown(f"paths: {paths.reason}")
        if not isinstance(paths, dict):
            return Unknown("paths is not a mapping")
        out: list[Operation] = []
        for path, item in paths.items():
            pline = key_line(paths, path, line_of(paths))
            if not isinstance(item, dict):
                reason = item.reason if isinstance(item, Unknown) else "not a mapping"
                out.append(Operation(str(path), "ANY", pline, Unknown(f"path {path}: {reason}")))
                continue
            if "$ref" in item:
                out.append(Operation(str(path), "ANY", pline, Unknown(f"path {path} is a $ref, not read")))
            for method, op in item.items():
                if isinstance(method, str) and method.lower() in _METHODS:
                    line = key_line(item, method, pline)
                    out.append(self.operation(str(path), method.lower(), op, line, item.get("parameters")))
        return tuple(out)


def read_definition(
    body: Any,
    *,
    functions: Callable[[str], str | None] | None = None,
    authorizers: Mapping[str, str | Unknown] | None = None,
    default_authorizer: Any = None,
) -> Definition | Unknown:
    """The operations of an inline definition; ``Unknown`` when it cannot be read.

    ``functions`` maps a logical id the integration refers to onto the
    function it names (``None`` for anything else).  ``authorizers`` and
    ``default_authorizer`` are a SAM API's ``Auth``: authorizer name -> kind,
    and the ``DefaultAuthorizer`` name (``None`` outside SAM or when unset).
    """
    if isinstance(body, str) and not isinstance(body, Derived):
        try:
            body = json.loads(body)
        except ValueError:
            return Unknown("the definition is not valid JSON")
    if isinstance(body, Unknown):
        return Unknown(f"the definition: {body.reason}")
    if not isinstance(body, dict):
        return Unknown("the definition is not a mapping")
    version = 3 if "openapi" in body else 2
    reader = _Reader(body, functions, authorizers, default_authorizer)
    operations = reader.operations(body.get("paths"))
    if isinstance(operations, Unknown):
        return operations
    policy = body.get(_POLICY)
    line = key_line(body, _POLICY, line_of(body)) if policy is not None else 0
    return Definition(version, operations, policy, line)
