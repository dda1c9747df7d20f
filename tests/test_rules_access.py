"""Access-control rules FG-AC-001..010 (006 aside) against hand-built workloads."""

from __future__ import annotations

from typing import Any

from faasguard.model import (
    Api,
    ApiKind,
    Bucket,
    Derived,
    Function,
    FunctionUrl,
    Location,
    Permission,
    Policy,
    Principal,
    Role,
    Route,
    Statement,
    Unknown,
    Workload,
)
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.access.api_auth import api_auth
from faasguard.rules.access.managed_policies import managed_policies
from faasguard.rules.access.not_action import not_action
from faasguard.rules.access.privilege_escalation import privilege_escalation
from faasguard.rules.access.resource_policy import resource_policy
from faasguard.rules.access.shared_role import shared_role
from faasguard.rules.access.trust_policy import trust_policy
from faasguard.rules.access.wildcard_actions import wildcard_actions
from faasguard.rules.access.wildcard_resources import wildcard_resources

F = "template.yaml"
ACCOUNT = Derived("${AWS::AccountId}", "pseudo")
LAMBDA_TRUST = Principal("Service", "lambda.amazonaws.com")


def at(line: int) -> Location:
    return Location(F, line)


def st(effect: Any = "Allow", line: int = 20, **kw: Any) -> Statement:
    """A statement at ``line``; Action/NotAction at +1, Resource/NotResource +2, Principal +3."""
    offsets = {"actions": ("Action", 1), "not_actions": ("NotAction", 1), "resources": ("Resource", 2)}
    offsets |= {"not_resources": ("NotResource", 2), "principals": ("Principal", 3)}
    lines = {key: line + off for arg, (key, off) in offsets.items() if arg in kw}
    return Statement(effect=effect, location=at(line), field_lines=lines, **kw)


def role(*stmts: Statement, rid: str = "AppRole", **kw: Any) -> Role:
    return Role(rid, at(5), policies=(Policy("AppPolicy", tuple(stmts), at(19)),), **kw)


def fn(fid: str = "Fn", role: Any = "AppRole", line: int = 40, **kw: Any) -> Function:
    return Function(fid, at(line), role=role, field_lines={"Role": line + 2}, **kw)


def wl(*roles: Role, functions: tuple[Function, ...] | None = None, **kw: Any) -> Workload:
    return Workload(
        F, "cloudformation", functions=(fn(),) if functions is None else functions, roles=roles, **kw
    )


def hits(rule: Rule, workload: Workload) -> list[tuple[str, str, int, str]]:
    return [
        (rule.id, h.resource, h.location.line, h.detail) for h in rule.check(workload) if isinstance(h, Hit)
    ]


def messages(rule: Rule, workload: Workload) -> list[str]:
    return [h.message for h in rule.check(workload) if isinstance(h, Hit)]


def undecided(rule: Rule, workload: Workload) -> list[tuple[str, int]]:
    return [(u.resource, u.location.line) for u in rule.check(workload) if isinstance(u, Undecided)]


# -- FG-AC-001 wildcard actions ------------------------------------------------


def test_ac001_fires_on_service_and_full_wildcards() -> None:
    workload = wl(role(st(actions=("s3:*", "dynamodb:GetItem", "*"), resources=("*",))))
    assert hits(wildcard_actions, workload) == [
        ("FG-AC-001", "AppRole", 21, "s3:*"),
        ("FG-AC-001", "AppRole", 21, "*"),
    ]
    assert "every s3 action" in messages(wildcard_actions, workload)[0]


def test_ac001_names_the_function_for_sam_implicit_roles() -> None:
    implicit = role(st(actions=("sqs:*",), resources=("*",)), rid="FnRole", implicit=True)
    workload = wl(implicit, functions=(fn(role="FnRole", resource_type="AWS::Serverless::Function"),))
    assert hits(wildcard_actions, workload) == [("FG-AC-001", "Fn", 21, "sqs:*")]


def test_ac001_ignores_deny_partial_wildcards_and_unused_roles() -> None:
    deny = st("Deny", actions=("*",), resources=("*",))
    partial = st(actions=("s3:Get*",), resources=("*",), line=30)
    assert hits(wildcard_actions, wl(role(deny, partial))) == []
    assert hits(wildcard_actions, wl(role(st(actions=("*",))), functions=(fn(role="Other"),))) == []


def test_ac001_unknown_values_are_undecided() -> None:
    unknown_action = st(actions=(Unknown("parameter without default"),))
    unknown_effect = st(Unknown("Fn::If"), actions=("*",), line=30)
    pending = Role("AppRole", at(5), policies=(Policy("Later", Unknown("ImportValue"), at(12)),))
    workload = wl(role(unknown_action, unknown_effect))
    assert hits(wildcard_actions, workload) == []
    assert undecided(wildcard_actions, workload) == [("AppRole", 21), ("AppRole", 31)]
    assert undecided(wildcard_actions, wl(pending)) == [("AppRole", 12)]


# -- FG-AC-002 Resource "*" ------------------------------------------------------


def test_ac002_fires_on_scoped_actions_with_star_resource() -> None:
    mixed = st(actions=("xray:PutTraceSegments", "s3:GetObject", "s3:PutObject"), resources=("*",))
    assert hits(wildcard_resources, wl(role(mixed))) == [
        ("FG-AC-002", "AppRole", 22, "s3:getobject,s3:putobject"),
    ]
    assert (
        'allows s3:GetObject, s3:PutObject on Resource "*"'
        in messages(wildcard_resources, wl(role(mixed)))[0]
    )


def test_ac002_star_only_actions_are_fine() -> None:
    vpc = st(actions=("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "xray:*Telemetry*"))
    vpc = st(
        actions=("ec2:CreateNetworkInterface", "ec2:Describe*", "cloudwatch:PutMetricData"), resources=("*",)
    )
    assert hits(wildcard_resources, wl(role(vpc))) == []


def test_ac002_look_alikes_do_not_fire() -> None:
    scoped = st(actions=("s3:GetObject",), resources=("arn:aws:s3:::bucket/*",))
    deny = st("Deny", actions=("s3:*",), resources=("*",), line=30)
    not_action = st(not_actions=("iam:*",), resources=("*",), line=40)
    tagged = st(
        actions=("ec2:StartInstances",),
        resources=("*",),
        conditions={"StringEquals": {"aws:resourcetag/team": ("payments",)}},
        line=50,
    )
    assert hits(wildcard_resources, wl(role(scoped, deny, not_action, tagged))) == []


def test_ac002_non_scoping_condition_still_fires() -> None:
    tls = st(
        actions=("sqs:SendMessage",),
        resources=("*",),
        conditions={"Bool": {"aws:securetransport": ("true",)}},
    )
    assert hits(wildcard_resources, wl(role(tls))) == [("FG-AC-002", "AppRole", 22, "sqs:sendmessage")]


def test_ac002_unknown_resource_is_undecided() -> None:
    unknown = st(actions=("s3:GetObject",), resources=(Unknown("parameter without default"),))
    assert hits(wildcard_resources, wl(role(unknown))) == []
    assert undecided(wildcard_resources, wl(role(unknown))) == [("AppRole", 22)]


# -- FG-AC-003 shared role --------------------------------------------------------


def test_ac003_one_hit_per_function_sharing_a_role() -> None:
    workload = wl(role(), functions=(fn("A", line=40), fn("B", line=50), fn("C", role="OtherRole", line=60)))
    assert hits(shared_role, workload) == [
        ("FG-AC-003", "A", 42, "AppRole"),
        ("FG-AC-003", "B", 52, "AppRole"),
    ]
    assert messages(shared_role, workload)[0] == "function A shares its role AppRole with B"


def test_ac003_same_arn_or_parameter_is_the_same_role() -> None:
    arn = "arn:aws:iam::123456789012:role/shared"
    param = Derived("arn:aws:iam::123456789012:role/default", "parameter:RoleArn")
    workload = wl(functions=(fn("A", role=arn), fn("B", role=arn, line=50), fn("C", role=param, line=60)))
    assert hits(shared_role, workload) == [("FG-AC-003", "A", 42, arn), ("FG-AC-003", "B", 52, arn)]
    by_param = wl(functions=(fn("A", role=param), fn("B", role=param, line=50)))
    assert [h[3] for h in hits(shared_role, by_param)] == ["parameter:RoleArn", "parameter:RoleArn"]


def test_ac003_own_roles_and_unknowns() -> None:
    own = wl(functions=(fn("A", role="ARole"), fn("B", role="BRole", line=50)))
    assert hits(shared_role, own) == []
    unknown = wl(functions=(fn("A", role=Unknown("ImportValue")), fn("B", role="BRole", line=50)))
    assert hits(shared_role, unknown) == []
    assert undecided(shared_role, unknown) == [("A", 42)]


# -- FG-AC-004 NotAction / NotResource ----------------------------------------------


def test_ac004_fires_on_allow_not_action_and_not_resource() -> None:
    stmts = (
        st(not_actions=("iam:*",), resources=("*",)),
        st(actions=("s3:*",), not_resources=("x",), line=30),
    )
    assert hits(not_action, wl(role(*stmts))) == [
        ("FG-AC-004", "AppRole", 21, "NotAction:iam:*"),
        ("FG-AC-004", "AppRole", 32, "NotResource:x"),
    ]


def test_ac004_deny_guard_rails_are_fine() -> None:
    guard = st("Deny", not_actions=("s3:GetObject",), not_resources=("arn:aws:s3:::b/*",))
    assert hits(not_action, wl(role(guard))) == []
    assert undecided(not_action, wl(role(st(Unknown("Fn::If"), not_actions=("iam:*",))))) == [("AppRole", 21)]


# -- FG-AC-005 resource-based permissions ---------------------------------------------


def perm(pid: str = "Perm", principal: Any = "*", **kw: Any) -> Permission:
    kw.setdefault("action", "lambda:InvokeFunction")
    return Permission(pid, at(70), target="Fn", principal=principal, field_lines={"Principal": 72}, **kw)


def test_ac005_public_permission_fires() -> None:
    assert hits(resource_policy, wl(permissions=(perm(),))) == [("FG-AC-005", "Perm", 72, "")]
    assert "lets anyone invoke Fn" in messages(resource_policy, wl(permissions=(perm(),)))[0]


def test_ac005_conditions_make_star_principal_fine() -> None:
    fine = (
        perm("A", source_account=ACCOUNT),
        perm("B", source_arn="arn:aws:sns:us-east-1:123456789012:t"),
        perm("C", principal_org_id="o-abc123"),
    )
    assert hits(resource_policy, wl(permissions=fine)) == []


def test_ac005_service_principal_needs_source() -> None:
    bare = perm("Sns", "sns.amazonaws.com")
    arn = perm(
        "Topic",
        "sns.amazonaws.com",
        source_arn=Derived("arn:aws:sns:${AWS::Region}:${AWS::AccountId}:t", "sub"),
    )
    assert hits(resource_policy, wl(permissions=(bare, arn))) == [("FG-AC-005", "Sns", 72, "")]


def test_ac005_s3_needs_source_account_because_bucket_arns_have_none() -> None:
    literal = perm("Lit", "s3.amazonaws.com", source_arn="arn:aws:s3:::uploads")
    getatt = perm(
        "Att", "s3.amazonaws.com", source_arn=Derived("${Uploads.Arn}", "getatt", frozenset({"Uploads"}))
    )
    both = perm("Both", "s3.amazonaws.com", source_arn="arn:aws:s3:::uploads", source_account=ACCOUNT)
    workload = wl(permissions=(literal, getatt, both), buckets=(Bucket("Uploads", at(90)),))
    assert hits(resource_policy, workload) == [("FG-AC-005", "Lit", 72, ""), ("FG-AC-005", "Att", 72, "")]
    assert "names no account" in messages(resource_policy, workload)[0]


def test_ac005_implicit_permission_is_reported_on_the_function() -> None:
    implicit = perm("FnUploadPermission", "s3.amazonaws.com", source_arn="arn:aws:s3:::b", implicit=True)
    workload = wl(permissions=(implicit,))
    assert hits(resource_policy, workload) == [("FG-AC-005", "Fn", 72, "FnUploadPermission")]


def test_ac005_alexa_needs_event_source_token() -> None:
    with_token = perm("Skill", "alexa-appkit.amazon.com", event_source_token="amzn1.ask.skill.1")
    without = perm("Open", "alexa-appkit.amazon.com")
    assert hits(resource_policy, wl(permissions=(with_token, without))) == [("FG-AC-005", "Open", 72, "")]


def test_ac005_cross_account_principals() -> None:
    own = perm("Own", Derived("arn:aws:iam::${AWS::AccountId}:root", "sub"))
    org = perm("Org", "111122223333", principal_org_id="o-abc123")
    literal = perm("Literal", "111122223333")
    workload = wl(permissions=(own, org, literal))
    assert hits(resource_policy, workload) == []
    assert undecided(resource_policy, workload) == [("Literal", 72)]


def test_ac005_public_function_url_is_left_to_ac006() -> None:
    url = FunctionUrl("FnUrl", "Fn", "NONE", at(80))
    kw: dict[str, Any] = {"action": "lambda:InvokeFunctionUrl", "function_url_auth_type": "NONE"}
    with_url = wl(functions=(fn(url=url),), permissions=(perm(**kw),), function_urls=(url,))
    assert hits(resource_policy, with_url) == []
    without_url = wl(permissions=(perm(**kw),))
    assert hits(resource_policy, without_url) == [("FG-AC-005", "Perm", 72, "")]
    iam_url = wl(permissions=(perm(action="lambda:InvokeFunctionUrl", function_url_auth_type="AWS_IAM"),))
    assert "any AWS account" in messages(resource_policy, iam_url)[0]


def test_ac005_layers_and_unknowns() -> None:
    layer = "AWS::Lambda::LayerVersionPermission"
    public = perm("Pub", resource_type=layer, action="lambda:GetLayerVersion")
    org = perm("Org", resource_type=layer, action="lambda:GetLayerVersion", principal_org_id="o-1")
    account = perm("Acct", "111122223333", resource_type=layer, action="lambda:GetLayerVersion")
    assert hits(resource_policy, wl(permissions=(public, org, account))) == [("FG-AC-005", "Pub", 72, "")]
    unknown = wl(
        permissions=(
            perm("U", Unknown("ImportValue")),
            perm("S", "s3.amazonaws.com", source_arn=Unknown("x")),
        )
    )
    assert hits(resource_policy, unknown) == []
    assert undecided(resource_policy, unknown) == [("U", 72), ("S", 72)]


# -- FG-AC-007 API routes --------------------------------------------------------------


def route(method: str = "GET", path: str = "/items", auth: Any = "NONE", line: int = 100, **kw: Any) -> Route:
    return Route("Api", method, path, auth, at(line), **kw)


def api(*routes: Route, kind: ApiKind = ApiKind.REST, **kw: Any) -> Workload:
    return wl(apis=(Api("Api", kind, at(95), routes=routes, **kw),))


def test_ac007_unauthenticated_route_fires() -> None:
    workload = api(route(), route("POST", "/orders", "AWS_IAM", line=110), route("OPTIONS", line=120))
    assert hits(api_auth, workload) == [("FG-AC-007", "Api", 100, "GET /items")]


def test_ac007_api_key_is_not_authentication() -> None:
    workload = api(route(api_key_required=True))
    assert hits(api_auth, workload) == [("FG-AC-007", "Api", 100, "GET /items")]
    assert "API keys identify callers" in messages(api_auth, workload)[0]


def test_ac007_private_or_policy_protected_apis_are_fine() -> None:
    assert hits(api_auth, api(route(), endpoint_type="PRIVATE")) == []
    assert hits(api_auth, api(route(), endpoint_type=("PRIVATE",))) == []
    assert hits(api_auth, api(route(), has_resource_policy=True)) == []


def test_ac007_default_authorizer_and_unknowns() -> None:
    assert hits(api_auth, api(route(auth=None), default_authorizer="Cognito")) == []
    assert hits(api_auth, api(route(auth=None))) == [("FG-AC-007", "Api", 100, "GET /items")]
    unknown = api(route(auth=Unknown("Fn::If")), route("GET", "/b", line=110), endpoint_type=Unknown("param"))
    assert hits(api_auth, unknown) == []
    assert undecided(api_auth, unknown) == [("Api", 100), ("Api", 110)]


def test_ac007_websocket_only_connect_is_authorised() -> None:
    workload = api(
        route("$connect", "$connect"), route("sendMessage", "sendMessage", line=110), kind=ApiKind.WEBSOCKET
    )
    assert hits(api_auth, workload) == [("FG-AC-007", "Api", 100, "$CONNECT $connect")]


# -- FG-AC-008 broad AWS-managed policies -------------------------------------------------


def managed(*arns: Any, **kw: Any) -> Role:
    return Role(
        "AppRole", at(5), managed_policy_arns=tuple((a, at(10 + i)) for i, a in enumerate(arns)), **kw
    )


def test_ac008_broad_managed_policies_fire() -> None:
    workload = wl(
        managed(
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            Derived("arn:aws-cn:iam::aws:policy/AmazonDynamoDBFullAccess", "sub"),
            "arn:aws:iam::123456789012:policy/TeamFullAccess",
        )
    )
    assert hits(managed_policies, workload) == [
        ("FG-AC-008", "AppRole", 10, "AdministratorAccess"),
        ("FG-AC-008", "AppRole", 12, "AmazonDynamoDBFullAccess"),
    ]


def test_ac008_sam_managed_name_on_implicit_role_names_the_function() -> None:
    implicit = Role(
        "FnRole",
        at(5),
        implicit=True,
        managed_policy_arns=(("arn:aws:iam::aws:policy/AmazonS3FullAccess", at(44)),),
    )
    workload = wl(implicit, functions=(fn(role="FnRole"),))
    assert hits(managed_policies, workload) == [("FG-AC-008", "Fn", 44, "AmazonS3FullAccess")]
    assert undecided(managed_policies, wl(managed(Unknown("ImportValue")))) == [("AppRole", 10)]


# -- FG-AC-009 trust policy -----------------------------------------------------------------


def trusted(*principals: Principal, effect: str = "Allow", **kw: Any) -> Role:
    trust = Policy("trust", (st(effect, actions=("sts:AssumeRole",), principals=principals),), at(6), "trust")
    return Role("AppRole", at(5), trust=trust, **kw)


def test_ac009_lambda_only_trust_is_fine() -> None:
    edge = Principal("Service", "edgelambda.amazonaws.com")
    assert hits(trust_policy, wl(trusted(LAMBDA_TRUST, edge))) == []
    assert hits(trust_policy, wl(trusted(Principal("AWS", "arn:aws:iam::${AWS::AccountId}:root")))) == []


def test_ac009_broader_trust_fires() -> None:
    workload = wl(trusted(LAMBDA_TRUST, Principal("Service", "states.amazonaws.com"), Principal("*", "*")))
    assert hits(trust_policy, workload) == [
        ("FG-AC-009", "AppRole", 23, "states.amazonaws.com"),
        ("FG-AC-009", "AppRole", 23, "*"),
    ]


def test_ac009_deny_and_unknowns() -> None:
    assert hits(trust_policy, wl(trusted(Principal("*", "*"), effect="Deny"))) == []
    literal = wl(trusted(Principal("AWS", "arn:aws:iam::111122223333:root")))
    assert hits(trust_policy, literal) == []
    assert undecided(trust_policy, literal) == [("AppRole", 23)]
    pending = Role("AppRole", at(5), trust=Policy("trust", Unknown("ImportValue"), at(6), "trust"))
    assert undecided(trust_policy, wl(pending)) == [("AppRole", 6)]


def test_ac009_items_point_at_not_principal_and_unknown_effect() -> None:
    lines = {"Action": 21, "NotPrincipal": 22}
    negated = Statement(
        "Allow",
        actions=("sts:AssumeRole",),
        not_principals=(Principal("Service", "ec2.amazonaws.com"),),
        location=at(20),
        field_lines=lines,
    )
    role_ = Role("AppRole", at(5), trust=Policy("trust", (negated,), at(6), "trust"))
    assert hits(trust_policy, wl(role_)) == [("FG-AC-009", "AppRole", 22, "NotPrincipal")]
    effect = Statement(
        Unknown("Fn::If"),
        actions=("sts:AssumeRole",),
        principals=(Principal("*", "*"),),
        location=at(30),
        field_lines={"Principal": 32},
    )
    pending = Role("AppRole", at(5), trust=Policy("trust", (effect,), at(6), "trust"))
    assert undecided(trust_policy, wl(pending)) == [("AppRole", 30)]


# -- FG-AC-010 privilege escalation ------------------------------------------------------------


def test_ac010_pass_role_with_create_function_is_a_path() -> None:
    create = st(actions=("lambda:CreateFunction", "lambda:InvokeFunction"), resources=("*",), line=20)
    passing = st(actions=("iam:PassRole",), resources=("*",), line=30)
    workload = wl(role(create, passing))
    assert hits(privilege_escalation, workload) == [("FG-AC-010", "AppRole", 31, "escalation")]
    message = messages(privilege_escalation, workload)[0]
    assert (
        "iam:PassRole (line 31) + lambda:CreateFunction (line 21) + lambda:InvokeFunction (line 21)"
        in message
    )


def test_ac010_scoped_pass_role_is_not_a_path() -> None:
    create = st(actions=("lambda:CreateFunction", "lambda:InvokeFunction"), resources=("*",))
    passing = st(actions=("iam:PassRole",), resources=("arn:aws:iam::123456789012:role/worker",), line=30)
    assert hits(privilege_escalation, wl(role(create, passing))) == []


def test_ac010_single_action_paths_and_wildcards() -> None:
    put = st(actions=("iam:PutRolePolicy",), resources=("arn:aws:iam::${AWS::AccountId}:role/me",))
    # its own role, named literally: a path
    assert hits(privilege_escalation, wl(role(put, name="me"))) == [
        ("FG-AC-010", "AppRole", 21, "escalation")
    ]
    everything = wl(role(st(actions=("*",), resources=("*",))))
    # one finding per role, whatever the number of paths
    assert hits(privilege_escalation, everything) == [("FG-AC-010", "AppRole", 21, "escalation")]
    [message] = messages(privilege_escalation, everything)
    assert "12 escalation paths" in message and "and 8 more" in message
    assert message.count("iam:") < 10  # the first few, not a wall of paths


def test_ac010_role_policy_on_another_named_role_is_not_its_own() -> None:
    """``iam:PutRolePolicy`` on another, literally named role does not raise the function's own role."""
    other = st(actions=("iam:PutRolePolicy", "iam:AttachRolePolicy"), resources=("arn:aws:iam::1:role/me",))
    assert hits(privilege_escalation, wl(role(other))) == []  # generated name: "me" is another role
    assert hits(privilege_escalation, wl(role(other, name="someone-else"))) == []
    own = Derived("arn:aws:iam::${AWS::AccountId}:role/${AppRole}", "getatt", frozenset({"AppRole"}))
    assert (
        len(hits(privilege_escalation, wl(role(st(actions=("iam:PutRolePolicy",), resources=(own,)))))) == 1
    )
    peer = Derived("arn:aws:iam::${AWS::AccountId}:role/${PeerRole}", "getatt", frozenset({"PeerRole"}))
    assert hits(privilege_escalation, wl(role(st(actions=("iam:PutRolePolicy",), resources=(peer,))))) == []
    stack = st(actions=("iam:PutRolePolicy",), resources=("arn:aws:iam::1:role/${AWS::StackName}-*",))
    assert len(hits(privilege_escalation, wl(role(stack)))) == 1  # may be its generated name
    unnamed = wl(role(other, name=Unknown("parameter RoleName")))
    # not assessed, at the role (its name is the unknown)
    assert hits(privilege_escalation, unnamed) == []
    assert undecided(privilege_escalation, unnamed) == [("AppRole", 5)]


def test_ac010_steps_respect_the_resources() -> None:
    """``Action: "*"`` on a bucket and a queue grants no IAM action; ``iam:*`` on a role no user action."""
    data = st(actions=("*",), resources=("arn:aws:s3:::orders", "arn:aws:s3:::orders/*", "arn:aws:sqs:*:1:q"))
    assert hits(privilege_escalation, wl(role(data))) == []
    roles_only = st(actions=("iam:*",), resources=("arn:aws:iam::1:role/*",))
    [message] = messages(privilege_escalation, wl(role(roles_only)))
    assert "iam:AddUserToGroup" not in message and "iam:CreateAccessKey" not in message
    assert "iam:Put*Policy" in message or "iam:PutRolePolicy" in message
    one_role = st(actions=("iam:*",), resources=("arn:aws:iam::1:role/worker",))
    # UpdateAssumeRolePolicy on a named role still lets it make that role trust it
    [message] = messages(privilege_escalation, wl(role(one_role)))
    assert "iam:UpdateAssumeRolePolicy" in message and "AddUserToGroup" not in message
    users_too = st(actions=("iam:*",), resources=("arn:aws:iam::1:user/*",))
    [message] = messages(privilege_escalation, wl(role(users_too)))
    assert "iam:CreateAccessKey" in message


def test_ac010_deny_boundary_and_unknowns() -> None:
    allow = st(actions=("iam:PutRolePolicy",), resources=("*",))
    deny = st("Deny", actions=("iam:*",), resources=("*",), line=30)
    assert hits(privilege_escalation, wl(role(allow, deny))) == []
    bounded = wl(role(allow, permissions_boundary="arn:aws:iam::123456789012:policy/boundary"))
    assert hits(privilege_escalation, bounded) == []
    assert undecided(privilege_escalation, bounded) == [("AppRole", 21)]
    unknown = wl(role(st(actions=(Unknown("parameter"),), resources=("arn:aws:iam::1:role/x",))))
    assert hits(privilege_escalation, unknown) == []
    # one item, on the Action line holding the unknown value, for every path it leaves open
    assert undecided(privilege_escalation, unknown) == [("AppRole", 21)]
