"""FG-DP-013: custom domain of an internal API without mutual TLS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from faasguard.model import Api, ApiDomain, ApiKind, Policy, Statement, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text

#: words that say, in a domain name or a tag, that callers are internal
_INTERNAL_WORDS = frozenset({"internal", "intranet"})
#: tag keys whose value says who the callers are ("private" counts there too)
_AUDIENCE_KEYS = frozenset({"visibility", "exposure", "audience", "access", "scope", "network", "facing"})
#: condition keys that tie a caller to a VPC, an organisation or an account (not an IP range)
_PRIVATE_KEYS = frozenset(
    {
        "aws:sourcevpce",
        "aws:sourcevpc",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceaccount",
    }
)
_WORDS = re.compile(r"[^a-z0-9]+")


def _words(value: Any) -> set[str]:
    return set(_WORDS.split(value.lower())) if isinstance(value, str) else set()


def _has_truststore(value: Any) -> bool | Unknown:
    """Whether ``MutualTlsAuthentication`` names a trust store (an unresolved one still does)."""
    if value is None:
        return False
    if isinstance(value, Unknown):
        return Unknown(f"MutualTlsAuthentication: {value.reason}")
    store = value.get("TruststoreUri") if isinstance(value, dict) else None
    return isinstance(store, Unknown) or (isinstance(store, str) and bool(store.strip()))


def _endpoint(domain: ApiDomain) -> str | Unknown:
    """REGIONAL, EDGE or PRIVATE (an ApiGatewayV2 domain is regional; a REST one defaults to EDGE)."""
    if domain.resource_type == "AWS::ApiGatewayV2::DomainName":
        return "REGIONAL"
    value = domain.endpoint_type
    value = value[0] if isinstance(value, list | tuple) and value else value
    found = text(value)
    if isinstance(found, Unknown):
        return Unknown(f"endpoint type: {found.reason}")
    return found.strip().upper() if found else "EDGE"


def _whole_api(resource: Any) -> bool:
    """Whether an ``execute-api`` resource covers every stage, method and path of the API."""
    if not isinstance(resource, str):
        return False
    value = resource.strip()
    if value == "*":
        return True
    _, slash, rest = value.partition("/")
    return bool(slash) and set(rest) <= {"*", "/"} and rest.startswith("*")


def _public(stmt: Statement) -> bool | Unknown:
    if stmt.not_principals:
        return True
    for principal in stmt.principals:
        if isinstance(principal.value, Unknown):
            return principal.value
        if principal.kind == "*" or principal.value.strip() == "*":
            return True
    return False


def _ties(stmt: Statement, negated: bool) -> bool:
    """Whether a condition ties callers to a VPC/organisation/account: positively, or (``negated``)
    by excluding everyone else."""
    if isinstance(stmt.conditions, Unknown):
        return False
    for operator, keys in stmt.conditions.items():
        op = operator.lower()
        if op.endswith("ifexists") or op == "null":
            continue
        if ("not" in op) is negated and any(key in _PRIVATE_KEYS for key in keys):
            return True
    return False


def _policy_limits(policy: Policy) -> bool:
    """Whether the resource policy keeps the whole API to callers of named accounts, an
    organisation or a VPC (endpoint): a Deny of everyone else on the whole API, or every Allow
    naming principals or requiring such a condition."""
    statements = policy.statements
    if isinstance(statements, Unknown) or not statements:
        return False
    allows = [st for st in statements if st.allows]
    for st in statements:
        denies_others = st.effect == "Deny" and _public(st) is True and _ties(st, negated=True)
        if denies_others and any(_whole_api(r) for r in st.resources):
            return True
    return bool(allows) and all(_public(st) is False or _ties(st, negated=False) for st in allows)


def _iam_only(api: Api) -> bool:
    routes = [r for r in api.routes if str(r.method).strip().upper() != "OPTIONS"]
    auth = [r.authorization for r in routes]
    return bool(auth) and all(isinstance(a, str) and a.strip().upper() == "AWS_IAM" for a in auth)


def _private(api: Api) -> bool:
    endpoint = api.endpoint_type[0] if isinstance(api.endpoint_type, list | tuple) else api.endpoint_type
    return isinstance(endpoint, str) and endpoint.strip().upper() == "PRIVATE"


def _api_signs(api: Api) -> list[str]:
    signs = []
    if isinstance(api.resource_policy, Policy) and _policy_limits(api.resource_policy):
        signs.append(
            f"the resource policy of API {api.id} admits only named accounts, an organisation or a VPC"
        )
    if _iam_only(api):
        signs.append(f"every route of API {api.id} requires IAM (SigV4) authorization")
    return signs


def _domain_signs(domain: ApiDomain) -> list[str]:
    signs = []
    if _words(domain.domain_name) & _INTERNAL_WORDS:
        signs.append(f"its name {domain.domain_name} says it is internal")
    for key, value in domain.tags:
        words = _words(value)
        audience = key.strip().lower() in _AUDIENCE_KEYS and "private" in words
        flag = key.strip().lower() in _INTERNAL_WORDS and "true" in words
        if words & _INTERNAL_WORDS or audience or flag:
            signs.append(f"its tag {key}={value} says it is internal")
            break
    return signs


@rule(
    "FG-DP-013",
    Layer.DATA,
    Severity.LOW,
    rows=("DP4",),
    references=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mutual-tls.html",
    ),
)
def api_mtls(workload: Workload) -> Iterator[Hit | Undecided]:
    """Internal API custom domain without mutual TLS.

    Why: an API meant for other services rather than for people - one whose
    resource policy admits only named accounts, an organisation or a VPC
    endpoint, one whose every route requires IAM (SigV4) authorization, or a
    domain named or tagged ``internal`` - knows its callers.  Mutual TLS
    makes each of them present a client certificate from your own trust
    store before any request reaches the API, so a
    leaked token or a misrouted caller cannot use the API without the
    certificate.  Public, consumer-facing domains are not reported; nor are
    edge-optimized, private and WebSocket domains, which API Gateway cannot
    serve with mutual TLS, nor domains of private APIs: those are reached
    only through VPC endpoints, often behind a load balancer that ends TLS
    itself, and mutual TLS is a setting of public regional domains.
    Fix: upload a trust store (a PEM bundle of your client CAs) to S3 and set
    ``MutualTlsAuthentication`` on the regional custom domain; issue client
    certificates to the calling services.
    SAM: ``Domain: {MutualTlsAuthentication: {TruststoreUri: s3://bucket/truststore.pem}}`` on the
    ``Api``/``HttpApi``.
    CloudFormation: ``MutualTlsAuthentication.TruststoreUri`` on the
    ``AWS::ApiGateway::DomainName`` / ``AWS::ApiGatewayV2::DomainName``.
    Serverless: ``tlsTruststoreUri`` in the serverless-domain-manager ``customDomain``.
    Terraform: a ``mutual_tls_authentication { truststore_uri = ... }`` block on the
    ``aws_api_gateway_domain_name`` / ``aws_apigatewayv2_domain_name``.
    """
    apis = {api.id: api for api in workload.apis}
    for domain in workload.domains:
        mapped = [apis[a] for a in domain.apis if isinstance(a, str) and a in apis]
        if mapped and all(api.kind is ApiKind.WEBSOCKET for api in mapped):
            continue  # no mutual TLS for WebSocket APIs
        if any(_private(api) for api in mapped):
            continue  # reached through VPC endpoints (often behind a TLS-terminating load balancer)
        signs = _domain_signs(domain) + [s for api in mapped for s in _api_signs(api)]
        if not signs:
            continue
        rtype = domain.resource_type or "AWS::ApiGateway::DomainName"
        where = domain.location.at(domain.field_lines.get("MutualTlsAuthentication"))
        truststore = _has_truststore(domain.mutual_tls)
        endpoint = _endpoint(domain)
        unknown = next((v for v in (truststore, endpoint) if isinstance(v, Unknown)), None)
        if unknown is not None:
            yield Undecided(domain.id, where, f"{signs[0]}, but {unknown.reason}")
        elif truststore is False and endpoint == "REGIONAL":
            name = domain.domain_name if isinstance(domain.domain_name, str) else domain.id
            message = f"custom domain {name} serves an internal API ({signs[0]}) without mutual TLS"
            yield Hit(domain.id, rtype, where, message, detail="; ".join(signs))
