"""Signs that a function talks to a data store living in a VPC.

Three kinds of positive evidence, each naming what it saw:

* an ``Allow`` in the function's role for a data-plane action of a service
  that only answers inside a VPC (``rds-db:connect``, ``elasticache:Connect``,
  ``kafka-cluster:*``, DAX item actions, EFS client mounts ...), written out
  for that service: ``*`` or ``es:*`` show no intent and are not counted;
  OpenSearch (``es:ESHttp*``) counts only on a domain of the template that has
  VPC options, since public domains are common and reachable from anywhere;
* an environment variable holding the network endpoint of a data store of the
  template (``!GetAtt Db.Endpoint.Address``, ``aws_db_instance.db.address``),
  not its name or ARN (the RDS Data API, say, is an HTTPS API that needs no VPC);
* an environment variable whose literal value is a VPC data store's host name
  (``*.rds.amazonaws.com``, ``*.cache.amazonaws.com``, ``vpc-*.es.amazonaws.com`` ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from faasguard.model import DataStore, Derived, Function, Location, Role, Statement, Unknown

__all__ = ["Evidence", "env_evidence", "role_evidence"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sign: what it says, where it is written, and a key to compare it across functions."""

    text: str
    location: Location
    key: tuple[str, ...]


# service -> (data-plane action patterns (None: every action of the service), what it reaches,
#             whether a bare service wildcard ``service:*`` still shows intent)
_ACTIONS: dict[str, tuple[tuple[str, ...] | None, str, bool]] = {
    "rds-db": (None, "IAM authentication to RDS/Aurora", True),
    "elasticache": (("connect",), "IAM authentication to ElastiCache", False),
    "memorydb": (("connect",), "IAM authentication to MemoryDB", False),
    "kafka-cluster": (None, "MSK IAM access control", True),
    "neptune-db": (None, "Neptune data access", True),
    "dax": (
        (
            "getitem",
            "batchgetitem",
            "query",
            "scan",
            "putitem",
            "updateitem",
            "deleteitem",
            "batchwriteitem",
            "conditioncheckitem",
        ),
        "DAX data access",
        False,
    ),
    "elasticfilesystem": (("clientmount", "clientwrite", "clientrootaccess"), "EFS client access", False),
    "es": (("eshttp*",), "OpenSearch HTTP access", False),
}


def _data_action(pattern: str) -> tuple[str, str] | None:
    """(service, what it reaches) when an action pattern explicitly names a VPC data-plane action."""
    service, sep, action = pattern.strip().lower().partition(":")
    entry = _ACTIONS.get(service) if sep else None
    if entry is None or "*" in service or "?" in service:
        return None
    actions, label, wildcard_ok = entry
    if action == "*":
        return (service, label) if wildcard_ok else None
    if actions is None or any(fnmatchcase(a, action) or fnmatchcase(action, a) for a in actions):
        return service, label
    return None


def _vpc_domains(stmt: Statement, stores: Mapping[str, DataStore]) -> list[str]:
    """OpenSearch domains of the template, with VPC options, that the statement's resources name."""
    found = []
    for resource in stmt.resources:
        if isinstance(resource, Derived):
            for ref in sorted(resource.refs):
                store = stores.get(ref)
                if store is not None and store.kind == "OpenSearch" and store.in_vpc is True:
                    found.append(ref)
    return found


def role_evidence(role: Role, stores: Mapping[str, DataStore]) -> Iterator[Evidence]:
    """Allow statements of ``role`` that grant a VPC data-plane action."""
    for policy in role.policies:
        if isinstance(policy.statements, Unknown) or policy.source == "aws-managed":
            continue
        for stmt in policy.statements:
            if not stmt.allows:
                continue
            for action in stmt.actions:
                if isinstance(action, Unknown):
                    continue
                found = _data_action(action)
                if found is None:
                    continue
                service, label = found
                if service == "es":
                    domains = _vpc_domains(stmt, stores)
                    if not domains:
                        continue
                    label = f"to OpenSearch domain {domains[0]}, which lives in a VPC"
                where = stmt.location.at(stmt.field_lines.get("Action"))
                text = f"its role {role.id} allows {action.strip()} ({label})"
                yield Evidence(text, where, ("role", role.id, service))
                break


#: host names only resolvable to addresses inside a VPC (or of stores that live in one)
_HOST_SUFFIXES = (
    (r"rds\.amazonaws\.com", "an RDS/Aurora endpoint"),
    (r"cache\.amazonaws\.com", "an ElastiCache endpoint"),
    (r"memorydb\.[a-z0-9-]+\.amazonaws\.com", "a MemoryDB endpoint"),
    (r"redshift(?:-serverless)?\.amazonaws\.com", "a Redshift endpoint"),
    (r"docdb(?:-elastic)?\.amazonaws\.com", "a DocumentDB endpoint"),
    (r"neptune\.amazonaws\.com", "a Neptune endpoint"),
    (r"kafka(?:-serverless)?\.[a-z0-9-]+\.amazonaws\.com", "an MSK broker"),
    (r"efs\.[a-z0-9-]+\.amazonaws\.com", "an EFS mount target"),
    (r"dax-clusters\.[a-z0-9-]+\.amazonaws\.com", "a DAX endpoint"),
)
_HOSTS: tuple[tuple[re.Pattern[str], str], ...] = (
    *(
        (re.compile(r"(?<![\w-])[\w.-]+\." + suffix + r"(?![\w-])", re.I), label)
        for suffix, label in _HOST_SUFFIXES
    ),
    # public OpenSearch domains are search-<name>-<id>.<region>.es.amazonaws.com; VPC ones vpc-...
    (
        re.compile(r"(?<![\w.-])vpc-[\w-]+\.[a-z0-9-]+\.es\.amazonaws\.com", re.I),
        "an OpenSearch VPC endpoint",
    ),
)

#: GetAtt attributes that are network endpoints (``Endpoint.Address``, ``DomainEndpoint``,
#: ``PrimaryEndPoint.Address``, ``BootstrapBrokers`` ...), as opposed to names and ARNs
_ENDPOINT_ATTR = re.compile(r"endpoint|address|port|bootstrapbroker|dnsname", re.I)


def _endpoint_refs(value: Derived, stores: Mapping[str, DataStore]) -> list[DataStore]:
    found = []
    for ref in sorted(value.refs):
        store = stores.get(ref)
        if store is None or store.in_vpc is not True or store.public is False:
            continue  # a store declared not publicly accessible cannot be what a function outside reaches
        attrs = re.findall(r"\$\{" + re.escape(ref) + r"\.([A-Za-z0-9.]+)\}", str(value))
        if any(_ENDPOINT_ATTR.search(attr) for attr in attrs):
            found.append(store)
    return found


def env_evidence(fn: Function, stores: Mapping[str, DataStore]) -> Iterator[Evidence]:
    """Environment variables of ``fn`` that point at a VPC data store's endpoint."""
    if isinstance(fn.environment, Unknown):
        return
    for var in fn.environment:
        value = var.value
        if not isinstance(value, str):
            continue
        # the same declaration (Globals, provider.environment) has the same location in every function
        key = ("env", var.name, str(value), var.location.file, str(var.location.line))
        if isinstance(value, Derived):
            hits = _endpoint_refs(value, stores)
            if hits:
                store = hits[0]
                text = f"environment variable {var.name} holds the endpoint of {store.kind} {store.id}"
                yield Evidence(text, var.location, key)
                continue
        for pattern, label in _HOSTS:
            if pattern.search(value):
                yield Evidence(f"environment variable {var.name} names {label}", var.location, key)
                break
