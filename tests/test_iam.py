"""The iam/ helpers: action patterns, grants, conditions, principals, escalation paths."""

from __future__ import annotations

from typing import Any

import pytest

import faasguard.iam as iam
from faasguard.iam import (
    action_matches,
    arn_account,
    covers,
    escalations,
    function_roles,
    function_statements,
    grants,
    is_full_wildcard_action,
    is_own_account,
    is_public_principal,
    is_public_statement,
    principal_account,
    requires_star_resource,
    restricts_caller,
    scopes_resource,
    service_name,
    split_arn,
    unresolved_policies,
    unrestricted_resource,
)
from faasguard.model import Derived, Function, Location, Policy, Principal, Role, Statement, Unknown, Workload

F = "template.yaml"


def stmt(effect: Any = "Allow", line: int = 20, **kw: Any) -> Statement:
    return Statement(effect=effect, location=Location(F, line), **kw)


def role(rid: str = "Role", *statements: Statement, **kw: Any) -> Role:
    policy = Policy("P", tuple(statements), Location(F, 19))
    return Role(rid, Location(F, 5), policies=(policy,), **kw)


def test_public_surface_is_exported() -> None:
    assert sorted(iam.__all__) == sorted(set(iam.__all__))
    for name in iam.__all__:
        assert hasattr(iam, name), name


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("s3:GetObject", "s3:getobject", True),
        ("S3:Get*", "s3:GetObjectAcl", True),
        ("s3:Get*", "s3:PutObject", False),
        ("*", "iam:PassRole", True),
        ("iam:Put*Policy", "iam:PutRolePolicy", True),
        ("iam:Put?olePolicy", "iam:PutRolePolicy", True),
        ("iam:Put?olePolicy", "iam:PutUserPolicy", False),
        ("s3:Get[abc]", "s3:Geta", False),  # brackets are literal in IAM
        ("lambda:*", "lambda:InvokeFunction", True),
        ("lambda:*", "iam:PassRole", False),
    ],
)
def test_action_matches(pattern: str, action: str, expected: bool) -> None:
    assert action_matches(pattern, action) is expected


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("*", True),
        ("s3:*", True),
        ("*:*", True),
        (" iam:* ", True),
        ("s3:Get*", False),
        ("s3:*Object", False),
        ("s3:?*", True),
        ("s3:?", False),
    ],
)
def test_full_wildcard(action: str, expected: bool) -> None:
    assert is_full_wildcard_action(action) is expected


def test_grants_action_and_not_action() -> None:
    assert grants(stmt(actions=("s3:*",)), "s3:GetObject") is True
    assert grants(stmt(actions=("s3:*",)), "iam:PassRole") is False
    assert grants(stmt(not_actions=("iam:*",)), "s3:GetObject") is True
    assert grants(stmt(not_actions=("iam:*",)), "iam:PassRole") is False


def test_deny_never_grants_and_unknowns_stay_unknown() -> None:
    assert grants(stmt("Deny", actions=("*",)), "iam:PassRole") is False
    assert covers(stmt("Deny", actions=("*",)), "iam:PassRole") is True
    assert isinstance(grants(stmt(actions=(Unknown("param"),)), "iam:PassRole"), Unknown)
    assert isinstance(grants(stmt(Unknown("if"), actions=("*",)), "iam:PassRole"), Unknown)
    # an unknown effect does not matter when the action is not covered anyway
    assert grants(stmt(Unknown("if"), actions=("s3:*",)), "iam:PassRole") is False
    assert isinstance(grants(stmt(not_actions=(Unknown("param"),)), "s3:GetObject"), Unknown)


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("xray:PutTraceSegments", True),
        ("XRAY:puttracesegments", True),
        ("ec2:DescribeNetworkInterfaces", True),
        ("ec2:Describe*", True),  # a documented exception (STAR_RESOURCE_EXCEPTIONS)
        ("ec2:CreateNetworkInterface", True),  # Lambda's VPC permissions, documented on "*"
        ("ec2:*", False),
        ("*", False),
        ("s3:GetObject", False),
        ("s3:ListAllMyBuckets", True),
        ("s3:List*", False),  # s3:ListBucket accepts a bucket ARN
        ("rekognition:DetectLabels", True),
        ("dynamodb:GetItem", False),
        ("cloudwatch:PutMetricData", True),
        ("lamda:InvokeFunction", None),  # a typo: the catalogue does not know it
        ("newservice:DoThing", None),
    ],
)
def test_star_only_actions(action: str, expected: bool | None) -> None:
    assert requires_star_resource(action) is expected


def test_star_resource_exceptions_use_no_question_mark_and_exist() -> None:
    for pattern in iam.STAR_RESOURCE_EXCEPTIONS:
        assert "?" not in pattern and pattern == pattern.lower()
        assert iam.expand(pattern), f"{pattern} matches no catalogue action"


def test_scopable_actions_of_a_wildcard() -> None:
    scopable = iam.scopable_actions("s3:List*")
    assert scopable is not None
    assert "s3:ListBucket" in scopable and "s3:ListAllMyBuckets" not in scopable
    assert iam.scopable_actions("xray:Put*") == frozenset()
    assert iam.scopable_actions("nosuchservice:*") is None


def test_conditions_narrow_only_with_positive_operators() -> None:
    assert (
        restricts_caller(stmt(conditions={"StringEquals": {"aws:sourceaccount": ("123456789012",)}})) is True
    )
    assert restricts_caller(stmt(conditions={"ArnLike": {"aws:sourcearn": ("arn:aws:sns:*:1:t",)}})) is True
    assert restricts_caller(stmt(conditions={"StringEquals": {"aws:principalorgid": (Unknown("import"),)}}))
    assert restricts_caller(stmt(conditions={"StringLike": {"aws:sourceaccount": ("*",)}})) is False
    assert restricts_caller(stmt(conditions={"StringNotEquals": {"aws:sourceaccount": ("1",)}})) is False
    assert restricts_caller(stmt(conditions={"StringEqualsIfExists": {"aws:sourcearn": ("a",)}})) is False
    assert restricts_caller(stmt(conditions={"Null": {"aws:sourcearn": ("false",)}})) is False
    assert (
        restricts_caller(stmt(conditions={"ForAllValues:StringEquals": {"aws:sourcevpce": ("v",)}})) is False
    )
    assert restricts_caller(stmt(conditions={"Bool": {"aws:securetransport": ("true",)}})) is False
    assert isinstance(restricts_caller(stmt(conditions=Unknown("if"))), Unknown)


def test_resource_scoping_conditions() -> None:
    assert scopes_resource(stmt(conditions={"StringEquals": {"aws:resourcetag/team": ("a",)}})) is True
    assert scopes_resource(stmt(conditions={"StringEquals": {"ssm:resourcetag/app": ("a",)}})) is True
    assert scopes_resource(stmt(conditions={"StringEquals": {"kms:viaservice": ("s3.x",)}})) is True
    assert scopes_resource(stmt(conditions={"Bool": {"aws:securetransport": ("true",)}})) is False


def test_public_principals_and_statements() -> None:
    assert is_public_principal(Principal("*", "*")) is True
    assert is_public_principal(Principal("AWS", "*")) is True
    assert is_public_principal(Principal("AWS", "arn:aws:iam::123456789012:root")) is False
    assert is_public_principal(Principal("Service", "s3.amazonaws.com")) is False
    assert isinstance(is_public_principal(Principal("AWS", Unknown("param"))), Unknown)
    public = stmt(principals=(Principal("*", "*"),), actions=("lambda:InvokeFunction",))
    assert is_public_statement(public) is True
    conditioned = stmt(
        principals=(Principal("*", "*"),), conditions={"StringEquals": {"aws:principalorgid": ("o-1",)}}
    )
    assert is_public_statement(conditioned) is False
    assert is_public_statement(stmt("Deny", principals=(Principal("*", "*"),))) is False
    assert is_public_statement(stmt(not_principals=(Principal("AWS", "arn:aws:iam::1:root"),))) is True


def test_principal_and_account_helpers() -> None:
    assert service_name("s3.amazonaws.com") == "s3"
    assert service_name("lambda.amazonaws.com.cn") == "lambda"
    assert service_name("alexa-appkit.amazon.com") == "alexa-appkit"
    assert service_name("123456789012") is None
    assert arn_account("arn:aws:s3:::bucket") == ""
    assert arn_account("arn:aws:sns:us-east-1:123456789012:topic") == "123456789012"
    assert arn_account("bucket") is None
    assert arn_account("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q") == "${AWS::AccountId}"
    assert split_arn("arn:aws:iam::${AWS::AccountId}:role/${Name}") == (
        "arn",
        "aws",
        "iam",
        "",
        "${AWS::AccountId}",
        "role/${Name}",
    )
    assert principal_account("123456789012") == "123456789012"
    assert principal_account("arn:aws:iam::123456789012:root") == "123456789012"
    assert principal_account("arn:aws:iam::${AWS::AccountId}:root") == "${AWS::AccountId}"
    assert principal_account("arn:aws:s3:::bucket") is None
    assert is_own_account("${AWS::AccountId}") is True
    assert is_own_account("*") is False
    assert isinstance(is_own_account("123456789012"), Unknown)


def test_function_statements_and_roles() -> None:
    s1 = stmt(actions=("s3:GetObject",))
    shared = role("Shared", s1)
    pending = Role("Other", Location(F, 40), policies=(Policy("Q", Unknown("if"), Location(F, 41)),))
    arn = Derived("arn:aws:iam::${AWS::AccountId}:role/${Other}", "getatt", frozenset({"Other"}))
    fns = (
        Function("A", Location(F, 1), role="Shared"),
        Function("B", Location(F, 2), role="Shared"),
        Function("C", Location(F, 3), role=arn),
        Function("D", Location(F, 4), role="arn:aws:iam::123456789012:role/outside"),
    )
    workload = Workload(F, "cloudformation", functions=fns, roles=(shared, pending))
    assert [(r.id, [f.id for f in users]) for r, users in function_roles(workload)] == [
        ("Shared", ["A", "B"]),
        ("Other", ["C"]),
    ]
    assert [s for _, s in function_statements(workload, fns[0])] == [s1]
    assert list(function_statements(workload, fns[3])) == []
    assert [p.name for p in unresolved_policies(pending)] == ["Q"]


def test_unrestricted_resource() -> None:
    assert unrestricted_resource(stmt(resources=("*",))) is True
    assert unrestricted_resource(stmt(resources=("arn:aws:iam::123456789012:role/*",))) is True
    assert unrestricted_resource(stmt(resources=("arn:aws:iam::123456789012:role/app-*",))) is False
    assert unrestricted_resource(stmt(resources=("arn:aws:lambda:*:*:function:*",))) is True
    assert unrestricted_resource(stmt(resources=("arn:aws:iam::${AWS::AccountId}:role/*",))) is True
    assert unrestricted_resource(stmt(not_resources=("arn:aws:s3:::b",))) is True
    assert isinstance(unrestricted_resource(stmt(resources=(Unknown("p"),))), Unknown)


def names(statements: list[Statement]) -> list[str]:
    pairs = [(Policy("P", tuple(statements), Location(F, 1)), s) for s in statements]
    return [e.path.name for e in escalations(pairs) if e.unknown is None]


def test_escalation_paths_by_pattern() -> None:
    assert names([stmt(actions=("iam:PutRolePolicy",), resources=("arn:aws:iam::1:role/me",))]) == [
        "iam:Put*Policy"
    ]
    every = names([stmt(actions=("*",), resources=("*",))])
    assert "iam:PassRole+lambda:CreateFunction" in every and "sts:AssumeRole" in every
    assert names([stmt(actions=("iam:*",), resources=("*",))]) == [
        "iam:CreatePolicyVersion",
        "iam:Put*Policy",
        "iam:Attach*Policy",
        "iam:CreateAccessKey",
        "iam:AddUserToGroup",
        "iam:UpdateAssumeRolePolicy",
    ]


def test_escalation_needs_every_step_and_broad_pass_role() -> None:
    create = stmt(actions=("lambda:CreateFunction", "lambda:InvokeFunction"), resources=("*",))
    assert names([create]) == []
    assert names([create, stmt(actions=("iam:PassRole",), resources=("arn:aws:iam::1:role/fixed",))]) == []
    assert names([create, stmt(actions=("iam:PassRole",), resources=("*",))]) == [
        "iam:PassRole+lambda:CreateFunction"
    ]
    assert names([stmt(actions=("sts:AssumeRole",), resources=("arn:aws:iam::1:role/x",))]) == []


def test_unconditional_deny_blocks_escalation() -> None:
    allow = stmt(actions=("iam:*",), resources=("*",))
    deny = stmt("Deny", actions=("iam:Put*",), resources=("*",))
    assert "iam:Put*Policy" not in names([allow, deny])
    conditional = stmt("Deny", actions=("iam:Put*",), resources=("*",), conditions={"Bool": {"x": ("1",)}})
    assert "iam:Put*Policy" in names([allow, conditional])


def test_escalation_with_unknown_step_is_undecided() -> None:
    pairs = [(Policy("P", (), Location(F, 1)), stmt(actions=(Unknown("param"),), resources=("*",)))]
    found = list(escalations(pairs))
    assert found and all(e.unknown is not None for e in found)
