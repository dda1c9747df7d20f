"""FG-DP-005: API custom domain accepting TLS below 1.2."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from faasguard.model import ApiDomain, ApiKind, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text

#: Security policies that accept TLS 1.0/1.1 (every ``SecurityPolicy_*`` one starts at 1.2).
LEGACY_POLICIES = frozenset({"TLS_1_0"})
_MODERN = "TLS_1_2"


def _endpoint(value: Any) -> str | Unknown | None:
    value = value[0] if isinstance(value, list | tuple) and value else value
    found = text(value)
    return found.strip().upper() if isinstance(found, str) else found


def _is_v2(domain: ApiDomain, workload: Workload) -> bool:
    """Whether the domain is an ``AWS::ApiGatewayV2::DomainName`` (TLS 1.2 only, whatever is set).

    The model has no resource type for domains yet: the V2 resource is told
    by its ``DomainNameConfigurations`` property, or by SAM's naming of the
    domain it generates for an ``HttpApi`` (``<ApiId>DomainName``).
    """
    rtype = getattr(domain, "resource_type", None)
    if isinstance(rtype, str) and rtype:
        return rtype == "AWS::ApiGatewayV2::DomainName"
    if "DomainNameConfigurations" in domain.field_lines:
        return True
    return any(api.kind is not ApiKind.REST and domain.id == f"{api.id}DomainName" for api in workload.apis)


@rule("FG-DP-005", Layer.DATA, Severity.MEDIUM, rows=("DP3",))
def api_tls(workload: Workload) -> Iterator[Hit | Undecided]:
    """API custom domain accepts TLS 1.0.

    Why: the ``TLS_1_0`` security policy still accepts TLS 1.0 and 1.1, which
    have known weaknesses and are no longer allowed by PCI DSS; a client (or
    an attacker downgrading one) can use them.  A REST API custom domain
    without ``SecurityPolicy`` gets ``TLS_1_0``; private domains and HTTP API
    (V2) domains only offer TLS 1.2 and are not reported.
    Fix: set ``SecurityPolicy: TLS_1_2`` (or an enhanced ``SecurityPolicy_TLS13_*``
    policy) on the domain.
    SAM: ``Domain: {SecurityPolicy: TLS_1_2}`` on the ``Api``.
    CloudFormation: ``AWS::ApiGateway::DomainName`` ``SecurityPolicy: TLS_1_2``.
    Terraform: ``security_policy = "TLS_1_2"`` on the ``aws_api_gateway_domain_name``.
    """
    for domain in workload.domains:
        policy = text(domain.security_policy)
        where = domain.location.at(domain.field_lines.get("SecurityPolicy"))
        rtype = "AWS::ApiGatewayV2::DomainName" if _is_v2(domain, workload) else "AWS::ApiGateway::DomainName"
        if isinstance(policy, Unknown):
            yield Undecided(domain.id, where, f"SecurityPolicy: {policy.reason}")
            continue
        if policy is not None:
            name = policy.strip().upper()
            if name in LEGACY_POLICIES:
                yield Hit(
                    domain.id, rtype, where, f"custom domain {domain.id} accepts TLS 1.0 ({policy.strip()})"
                )
            elif name != _MODERN and not name.startswith("SECURITYPOLICY_"):
                yield Undecided(domain.id, where, f"unrecognised SecurityPolicy {policy!r}")
            continue
        if rtype == "AWS::ApiGatewayV2::DomainName":
            continue
        endpoint = _endpoint(domain.endpoint_type)
        if isinstance(endpoint, Unknown):
            yield Undecided(domain.id, domain.location, f"endpoint type: {endpoint.reason}")
        elif endpoint != "PRIVATE":
            kind = (endpoint or "EDGE").lower()
            message = f"{kind} custom domain {domain.id} has no SecurityPolicy, so API Gateway uses TLS_1_0"
            yield Hit(domain.id, rtype, where, message)
