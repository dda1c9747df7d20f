"""FG-AC-015: function outside a VPC reaches private data stores."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Function, TriggerKind, Unknown, VpcConfig, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._datastores import Evidence, env_evidence, role_evidence


def _attached(fn: Function) -> bool | Unknown:
    """Whether the function is attached to a VPC (a ``VpcConfig`` that names subnets)."""
    vpc = fn.vpc
    if vpc is None:
        return False
    if isinstance(vpc, Unknown):
        return Unknown(f"VpcConfig: {vpc.reason}")
    # an empty VpcConfig detaches the function
    return not (isinstance(vpc, VpcConfig) and isinstance(vpc.subnet_ids, tuple) and not vpc.subnet_ids)


def _evidence(workload: Workload, fn: Function) -> list[Evidence]:
    stores = {store.id: store for store in workload.data_stores}
    found = list(env_evidence(fn, stores))
    role = workload.role(fn.role)
    if role is not None:
        # an MSK event source mapping connects with the function's role, from the cluster's own VPC
        polled = any(t.kind is TriggerKind.MSK and t.function_id == fn.id for t in workload.triggers)
        found.extend(e for e in role_evidence(role, stores) if not (polled and "kafka-cluster" in e.key))
    return found


@rule(
    "FG-AC-015",
    Layer.ACCESS,
    Severity.MEDIUM,
    rows=("AC5",),
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.Scenarios.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/elasticache-vpc-accessing.html",
    ),
)
def vpc_private_data(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function outside a VPC reaches private data stores.

    Why: databases, caches, search domains, Kafka clusters and file systems
    (RDS/Aurora and RDS Proxy, ElastiCache, MemoryDB, Redshift, OpenSearch
    domains with VPC options, DocumentDB, Neptune, MSK, EFS, DAX) sit in a
    VPC.  A function that is not attached to that VPC reaches them only if
    they are exposed to the internet (a publicly accessible database, an open
    security group) - or it does not reach them at all.  Either way the data
    store's network boundary is gone or about to be removed.  Only positive
    evidence counts: the function's role grants the store's data-plane action
    (``rds-db:connect``, ``elasticache:Connect``, ``kafka-cluster:*``, DAX item
    actions, EFS client mounts, ``es:ESHttp*`` on a VPC domain of the
    template), or one of its environment variables holds the store's
    endpoint (a reference to a store of the template, or a literal
    ``*.rds.amazonaws.com``-style host name).  A function without a VPC and
    without such evidence is not reported; names and ARNs (the RDS Data API,
    the Redshift Data API) need no VPC, and neither do event sources (Lambda
    polls MSK, Kafka, MQ and DocumentDB streams from the cluster's own VPC,
    with the function's role: its ``kafka-cluster`` grants serve the poller).
    When the same grant or variable also serves a function of the template
    that is in a VPC, the others are not reported.
    Fix: attach the function to private subnets of the data store's VPC with
    a security group the store admits, and keep the store private.
    SAM: ``VpcConfig: {SubnetIds: [...], SecurityGroupIds: [...]}`` on the function (or ``Globals``).
    CloudFormation: ``VpcConfig`` with ``SubnetIds`` and ``SecurityGroupIds`` on the
    ``AWS::Lambda::Function``.
    Serverless: ``provider.vpc`` or the function's ``vpc`` with ``subnetIds`` and ``securityGroupIds``.
    Terraform: a ``vpc_config { subnet_ids = ..., security_group_ids = ... }`` block on the
    ``aws_lambda_function``.
    """
    attached = {fn.id: _attached(fn) for fn in workload.functions}
    evidence = {fn.id: _evidence(workload, fn) for fn in workload.functions}
    # a grant or variable shared with a function in a VPC is most likely that function's
    inside = {e.key for fn_id, found in evidence.items() if attached[fn_id] is True for e in found}
    for fn in workload.functions:
        found = [e for e in evidence[fn.id] if e.key not in inside]
        state = attached[fn.id]
        if not found or state is True:
            continue
        where = fn.line_of("VpcConfig")
        if isinstance(state, Unknown):
            yield Undecided(fn.id, where, f"{found[0].text}, and {state.reason}")
            continue
        signs = "; ".join(dict.fromkeys(e.text for e in found[:3]))
        message = (
            f"function {fn.id} is not attached to a VPC, yet {signs}: it can reach the data store only "
            "if the store is exposed to the internet"
        )
        yield Hit(fn.id, fn.resource_type, where, message, detail=found[0].text)
