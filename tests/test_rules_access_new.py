"""FG-AC-011..013: MFA on Lambda admin for people, open egress, public subnets (and IAM users/groups)."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from faasguard.loaders._yaml import parse_yaml
from faasguard.loaders.cloudformation import load_template
from faasguard.model import Statement, Unknown, Workload
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.access._mfa import STRICT, TEMPORARY_ONLY, allow_requires_mfa, deny_without_mfa
from faasguard.rules.access.mfa_admin import mfa_admin
from faasguard.rules.access.public_subnet import public_subnet
from faasguard.rules.access.sg_egress import sg_egress

F = "template.yaml"


def _load(text: str) -> Workload:
    return load_template(parse_yaml(textwrap.dedent(text), F), F)


def _run(rule: Rule, text: str) -> tuple[list[Hit], list[Undecided]]:
    items = list(rule.check(_load(text)))
    return [i for i in items if isinstance(i, Hit)], [i for i in items if isinstance(i, Undecided)]


def _stmt(effect: str, conditions: dict[str, dict[str, tuple[Any, ...]]]) -> Statement:
    return Statement(effect, actions=("lambda:*",), resources=("*",), conditions=conditions)


# -- MFA condition strength ---------------------------------------------------


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ({"Bool": {"aws:multifactorauthpresent": ("true",)}}, STRICT),
        ({"Bool": {"aws:multifactorauthpresent": (True,)}}, STRICT),
        ({"BoolIfExists": {"aws:multifactorauthpresent": ("true",)}}, TEMPORARY_ONLY),
        ({"NumericLessThan": {"aws:multifactorauthage": ("3600",)}}, STRICT),
        ({"NumericLessThanIfExists": {"aws:multifactorauthage": ("3600",)}}, None),
        ({"Null": {"aws:multifactorauthage": ("false",)}}, STRICT),
        ({"Null": {"aws:multifactorauthpresent": ("false",)}}, None),  # temporary credentials only
        ({"Bool": {"aws:multifactorauthpresent": ("false",)}}, None),
        ({"Bool": {"aws:multifactorauthpresent": ("true", "false")}}, None),
        ({"StringEquals": {"aws:requestedregion": ("eu-west-1",)}}, None),
    ],
)
def test_allow_mfa_strength(conditions: dict[str, dict[str, tuple[Any, ...]]], expected: str | None) -> None:
    assert allow_requires_mfa(_stmt("Allow", conditions)) == expected


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ({"BoolIfExists": {"aws:multifactorauthpresent": ("false",)}}, STRICT),
        ({"Bool": {"aws:multifactorauthpresent": ("false",)}}, TEMPORARY_ONLY),
        ({"NumericGreaterThanIfExists": {"aws:multifactorauthage": ("1800",)}}, STRICT),
        ({"Null": {"aws:multifactorauthage": ("true",)}}, STRICT),
        ({"BoolIfExists": {"aws:multifactorauthpresent": ("true",)}}, None),
        (
            {"Bool": {"aws:multifactorauthpresent": ("false",), "aws:viaawsservice": ("false",)}},
            TEMPORARY_ONLY,
        ),
    ],
)
def test_deny_mfa_strength(conditions: dict[str, dict[str, tuple[Any, ...]]], expected: str | None) -> None:
    assert deny_without_mfa(_stmt("Deny", conditions)) == expected


def test_unknown_mfa_values_stay_unknown() -> None:
    value = Unknown("parameter RequireMfa has no default")
    assert isinstance(
        allow_requires_mfa(_stmt("Allow", {"Bool": {"aws:multifactorauthpresent": (value,)}})), Unknown
    )
    narrowed = {
        "BoolIfExists": {"aws:multifactorauthpresent": ("false",)},
        "StringEquals": {"aws:sourceip": ("1",)},
    }
    assert isinstance(deny_without_mfa(_stmt("Deny", narrowed)), Unknown)


# -- loader: users and groups ---------------------------------------------------

IDENTITIES = """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Admins:
    Type: AWS::IAM::Group
    Properties:
      GroupName: admins
  Alice:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Admins, outside-group]
      ManagedPolicyArns: [!Ref Shared, arn:aws:iam::aws:policy/ReadOnlyAccess]
  Bob:
    Type: AWS::IAM::User
    Properties: {UserName: bob}
  BobIsAdmin:
    Type: AWS::IAM::UserToGroupAddition
    Properties: {GroupName: admins, Users: [bob]}
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Admins]
      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:ListBucket, Resource: "*"}]}
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: inline
      Users: [!Ref Bob]
      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
"""


def test_loader_fills_users_and_groups() -> None:
    workload = _load(IDENTITIES)
    users = {u.id: u for u in workload.users}
    groups = {g.id: g for g in workload.groups}
    assert users["Alice"].groups == ("Admins", "outside-group")
    assert [p.name for p in users["Alice"].policies] == ["Shared"]
    assert [a for a, _ in users["Alice"].managed_policy_arns] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    assert users["Bob"].groups == ("Admins",)
    assert [p.name for p in users["Bob"].policies] == ["inline"]
    assert [p.name for p in groups["Admins"].policies] == ["Shared"]


# -- FG-AC-011 ----------------------------------------------------------------------

GRANT = """
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Person:
    Type: AWS::IAM::{kind}
    Properties:
{extra}
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: lambda:UpdateFunctionCode
                Resource: "*"
{condition}
"""


def _grant(kind: str = "User", extra: str = "", condition: str = "") -> str:
    return GRANT.format(kind=kind, extra=extra, condition=condition)


def test_user_without_mfa_fires() -> None:
    hits, undecided = _run(mfa_admin, _grant())
    assert [(h.resource, h.location.line) for h in hits] == [("Person", 13)] and not undecided


def test_bool_if_exists_on_allow_is_weak_for_users_only() -> None:
    cond = "                Condition: {BoolIfExists: {aws:MultiFactorAuthPresent: 'true'}}"
    hits, _ = _run(mfa_admin, _grant(condition=cond))
    assert hits and "long-term access keys" in hits[0].message
    trust = """      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {AWS: '123456789012'}, Action: sts:AssumeRole}]"""
    hits, undecided = _run(mfa_admin, _grant("Role", trust, cond))
    assert not hits and not undecided


def test_user_in_a_group_outside_the_template_is_not_assessed() -> None:
    hits, undecided = _run(mfa_admin, _grant(extra="      Groups: [ops]"))
    assert not hits and "group ops" in undecided[0].reason


def test_user_with_permissions_boundary_is_not_assessed() -> None:
    extra = "      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary"
    hits, undecided = _run(mfa_admin, _grant(extra=extra))
    assert not hits and "boundary" in undecided[0].reason


@pytest.mark.parametrize(
    ("principal", "fires", "undecided"),
    [
        ("{AWS: '123456789012'}", True, False),
        ("{AWS: 'arn:aws:iam::123456789012:user/alice'}", True, False),
        ("'*'", True, False),
        ("{AWS: 'arn:aws:iam::123456789012:role/ci'}", False, False),
        ("{Service: codebuild.amazonaws.com}", False, False),
        ("{Federated: 'arn:aws:iam::123456789012:saml-provider/okta'}", False, True),
        (
            "{Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'}",
            False,
            False,
        ),
        ("{AWS: !Ref TrustedPrincipal}", False, True),
    ],
)
def test_role_trust_decides_who_is_a_person(principal: str, fires: bool, undecided: bool) -> None:
    trust = f"""      AssumeRolePolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {principal}, Action: [sts:AssumeRole, sts:AssumeRoleWithSAML]}}"""
    text = _grant("Role", trust).replace(
        "Resources:", "Parameters:\n  TrustedPrincipal: {Type: String}\nResources:", 1
    )
    hits, pending = _run(mfa_admin, text)
    assert bool(hits) is fires
    assert bool(pending) is undecided


def test_deny_in_a_group_covers_its_members() -> None:
    text = _grant(extra="      Groups: [!Ref Guard]") + textwrap.indent(
        textwrap.dedent("""
        Guard:
          Type: AWS::IAM::Group
          Properties:
            Policies:
              - PolicyName: mfa
                PolicyDocument:
                  Statement:
                    - Effect: Deny
                      Action: lambda:Update*
                      Resource: "*"
                      Condition: {BoolIfExists: {aws:MultiFactorAuthPresent: "false"}}
        """),
        "  ",
    )
    hits, undecided = _run(mfa_admin, text)
    assert not hits and not undecided


def test_deny_on_other_resources_does_not_cover() -> None:
    deny = """              - Effect: Deny
                Action: lambda:*
                Resource: arn:aws:lambda:eu-west-1:123456789012:function:billing
                Condition: {BoolIfExists: {aws:MultiFactorAuthPresent: "false"}}"""
    hits, _ = _run(mfa_admin, _grant(condition=deny))
    assert [h.resource for h in hits] == ["Person"]


# -- FG-AC-012 / FG-AC-013 -----------------------------------------------------------

VPC_FUNCTION = """
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Port: {Type: Number}
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: fn
      SecurityGroupEgress:
        - {egress}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fn
      VpcConfig: {SecurityGroupIds: [!Ref Sg], SubnetIds: [subnet-0aa]}
"""


@pytest.mark.parametrize(
    ("egress", "fires", "undecided"),
    [
        ("{IpProtocol: '-1', CidrIp: 0.0.0.0/0}", True, False),
        ("{IpProtocol: -1, CidrIpv6: '::/0'}", True, False),
        ("{IpProtocol: udp, FromPort: 0, ToPort: 65535, CidrIp: 0.0.0.0/0}", True, False),
        ("{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}", False, False),
        ("{IpProtocol: icmp, FromPort: -1, ToPort: -1, CidrIp: 0.0.0.0/0}", False, False),
        ("{IpProtocol: '-1', CidrIp: 10.0.0.0/8}", False, False),
        ("{IpProtocol: tcp, FromPort: 0, ToPort: !Ref Port, CidrIp: 0.0.0.0/0}", False, True),
    ],
)
def test_egress_rules(egress: str, fires: bool, undecided: bool) -> None:
    hits, pending = _run(sg_egress, VPC_FUNCTION.replace("{egress}", egress))
    assert bool(hits) is fires
    assert bool(pending) is undecided


def test_egress_rule_with_unknown_group_makes_the_group_undecided() -> None:
    text = VPC_FUNCTION.replace(
        "{egress}", "{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}"
    )
    text += """  Extra:
    Type: AWS::EC2::SecurityGroupEgress
    Properties: {GroupId: !Ref Port, IpProtocol: '-1', CidrIp: 0.0.0.0/0}
"""
    hits, pending = _run(sg_egress, text)
    assert not hits and pending


def test_public_subnet_with_unknown_route_table_is_not_assessed() -> None:
    text = """
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Table: {Type: String}
    Resources:
      Igw: {Type: AWS::EC2::InternetGateway}
      Route:
        Type: AWS::EC2::Route
        Properties: {RouteTableId: rtb-1, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
      Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1}}
      Assoc:
        Type: AWS::EC2::SubnetRouteTableAssociation
        Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref Table}
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Role: arn:aws:iam::123456789012:role/fn
          VpcConfig: {SecurityGroupIds: [sg-1], SubnetIds: [!Ref Subnet]}
    """
    hits, pending = _run(public_subnet, text)
    assert not hits and pending
