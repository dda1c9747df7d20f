"""FG-AC-012: security group of a function allows unrestricted egress."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Location, SecurityGroupRule, Unknown, VpcConfig, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import as_int
from faasguard.rules.access._network import attached

_ANYWHERE = frozenset({"0.0.0.0/0", "::/0"})
_ALL_PROTOCOLS = frozenset({"-1", "all"})


def _open(egress: SecurityGroupRule) -> bool | Unknown:
    """True for an egress rule to anywhere on every protocol, or every TCP/UDP port."""
    cidr, protocol = egress.cidr, egress.protocol
    if isinstance(cidr, Unknown):
        return cidr
    if not isinstance(cidr, str) or cidr.strip() not in _ANYWHERE:
        return False
    if isinstance(protocol, Unknown):
        return protocol
    proto = str(protocol).strip().lower()
    if proto in _ALL_PROTOCOLS:
        return True
    if proto not in ("tcp", "udp", "6", "17"):
        return False
    low, high = as_int(egress.from_port), as_int(egress.to_port)
    for port in (low, high):
        if isinstance(port, Unknown):
            return port
    return low in (0, -1, None) and high in (65535, -1, None)


@rule(
    "FG-AC-012",
    Layer.ACCESS,
    Severity.MEDIUM,
    rows=("AC6",),
    references=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
        "https://owasp.org/www-project-serverless-top-10/",
    ),
)
def sg_egress(workload: Workload) -> Iterator[Hit | Undecided]:
    """Security group of a VPC function allows all outbound traffic to anywhere.

    Why: a function is put in a VPC to reach private resources; an egress
    rule to ``0.0.0.0/0`` or ``::/0`` on every protocol (``-1``) or every port
    lets injected code send data anywhere the network routes (a NAT gateway,
    a peered network).  A group declared without ``SecurityGroupEgress`` gets
    AWS's default allow-all rule.  Groups whose id comes from a parameter,
    an import or a literal ``sg-`` id are outside the template and not
    assessed.
    Fix: declare ``SecurityGroupEgress`` with only the destinations the function
    needs (the database's security group, a VPC endpoint's prefix list,
    ``443`` to the endpoints' CIDR); declaring it replaces the default rule.
    CloudFormation: ``SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 5432,
    ToPort: 5432, DestinationSecurityGroupId: !Ref DbSecurityGroup}]``.
    Serverless: declare the group under ``resources.Resources`` and name it in
    ``provider.vpc.securityGroupIds``.
    Terraform: ``egress`` blocks with ``security_groups``, ``prefix_list_ids`` or a
    narrow CIDR and port (or ``aws_vpc_security_group_egress_rule`` with
    ``referenced_security_group_id``) instead of ``protocol = "-1"`` to ``0.0.0.0/0``;
    a group with no ``egress`` at all has none (Terraform removes AWS's default rule).
    """
    users: dict[str, list[str]] = {}
    for fn in workload.functions:
        vpc = fn.vpc
        if isinstance(vpc, Unknown):
            yield Undecided(fn.id, fn.line_of("VpcConfig"), f"VpcConfig: {vpc.reason}")
        if not isinstance(vpc, VpcConfig):
            continue
        for group in attached(fn, vpc.security_group_ids, workload.security_groups, "security group"):
            if isinstance(group, Unknown):
                yield Undecided(fn.id, vpc.location, group.reason)
            else:
                users.setdefault(group.id, []).append(fn.id)
    for group in workload.security_groups:
        if group.id not in users:
            continue
        names = ", ".join(users[group.id])
        if group.egress is None:
            message = (
                f"security group {group.id} of {names} declares no SecurityGroupEgress, "
                "so AWS allows all outbound traffic"
            )
            yield Hit(group.id, "AWS::EC2::SecurityGroup", group.location, message, detail="default egress")
            continue
        if isinstance(group.egress, Unknown):
            yield Undecided(group.id, group.location, f"egress rules: {group.egress.reason}")
            continue
        seen: set[Location] = set()
        for egress in group.egress:
            verdict = _open(egress)
            if isinstance(verdict, Unknown):
                yield Undecided(group.id, egress.location, f"egress rule: {verdict.reason}")
            elif verdict and egress.location not in seen:
                seen.add(egress.location)
                proto = str(egress.protocol).strip().lower()
                scope = "every protocol" if proto in _ALL_PROTOCOLS else f"every {proto.upper()} port"
                message = f"security group {group.id} of {names} allows outbound traffic to {egress.cidr}"
                message += f" on {scope}"
                yield Hit(
                    group.id, "AWS::EC2::SecurityGroup", egress.location, message, detail=str(egress.cidr)
                )
