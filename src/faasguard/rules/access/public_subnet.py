"""FG-AC-013: function attached to a public subnet."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, VpcConfig, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.access._network import attached


@rule(
    "FG-AC-013",
    Layer.ACCESS,
    Severity.MEDIUM,
    rows=("AC5",),
    references=(
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
    ),
)
def public_subnet(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function attached to a public subnet (one whose route table leads to an internet gateway).

    Why: Lambda never gives a function's network interfaces a public IP
    address, so a function in a public subnet cannot use the internet
    gateway: it has no internet access at all, and no access to AWS APIs
    either unless VPC endpoints exist.  Teams who hit the resulting timeouts
    tend to widen something else - drop the VPC, open security groups,
    move private resources to the public subnet.  It also places the
    function's interfaces next to internet-facing resources.
    Fix: attach the function to private subnets; give them a route to a NAT
    gateway (or VPC endpoints) if the function must call the internet or
    AWS services.
    CloudFormation: list private subnets in ``VpcConfig.SubnetIds``.
    SAM: list private subnets in ``VpcConfig.SubnetIds`` (or in ``Globals``).
    Serverless: list private subnets in ``provider.vpc.subnetIds`` or the
    function's ``vpc.subnetIds``.
    Terraform: ``vpc_config { subnet_ids = aws_subnet.private[*].id }``, subnets whose
    ``aws_route_table`` routes ``0.0.0.0/0`` to a ``nat_gateway_id``.
    """
    for fn in workload.functions:
        vpc = fn.vpc
        if not isinstance(vpc, VpcConfig):
            continue  # an unknown VpcConfig is reported by FG-AC-012
        where = fn.line_of("VpcConfig")
        public: list[str] = []
        for subnet in attached(fn, vpc.subnet_ids, workload.subnets, "subnet"):
            if isinstance(subnet, Unknown):
                yield Undecided(fn.id, where, subnet.reason)
            elif isinstance(subnet.routes_to_igw, Unknown):
                yield Undecided(fn.id, where, f"route of subnet {subnet.id}: {subnet.routes_to_igw.reason}")
            elif subnet.routes_to_igw:
                public.append(subnet.id)
        if public:
            names = ", ".join(public)
            message = (
                f"function {fn.id} is attached to public subnet{'s' if len(public) > 1 else ''} {names} "
                "(routed to an internet gateway); Lambda gives it no public IP, so it has no internet access"
            )
            yield Hit(fn.id, fn.resource_type, where, message, detail=names)
