"""The exposure view (faasguard.exposure): who can invoke each function, what its role reaches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import faasguard.exposure as exposure_module
from faasguard.discover import Candidate, discover
from faasguard.engine import ScanOptions, load_file
from faasguard.exposure import (
    EntryKind,
    FunctionExposure,
    ReachKind,
    Verdict,
    exposure,
)
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
    Trigger,
    TriggerKind,
    Unknown,
    Workload,
)

F = "template.yaml"
FIXTURES = Path(__file__).parent / "rules" / "FG-AC-014"


def at(line: int) -> Location:
    return Location(F, line)


def st(effect: Any = "Allow", line: int = 20, **kw: Any) -> Statement:
    """A statement at ``line``; Action at +1, Resource at +2, Principal at +3."""
    offsets = {"actions": ("Action", 1), "resources": ("Resource", 2), "principals": ("Principal", 3)}
    lines = {key: line + off for arg, (key, off) in offsets.items() if arg in kw}
    return Statement(effect=effect, location=at(line), field_lines=lines, **kw)


def role(*stmts: Statement, rid: str = "AppRole", **kw: Any) -> Role:
    return Role(rid, at(5), policies=(Policy("AppPolicy", tuple(stmts), at(19)),), **kw)


ADMIN = st(actions=("*",), resources=("*",))
NARROW = st(actions=("dynamodb:GetItem",), resources=("arn:aws:dynamodb:us-east-1:123456789012:table/t",))


def fn(fid: str = "Fn", role: Any = "AppRole") -> Function:
    return Function(fid, at(40), role=role, field_lines={"Role": 42})


def url(auth: Any = "NONE", target: str = "Fn") -> FunctionUrl:
    return FunctionUrl(f"{target}Url", target, auth, at(60), field_lines={"AuthType": 61})


def wl(*roles: Role, functions: tuple[Function, ...] = (fn(),), **kw: Any) -> Workload:
    return Workload(F, "cloudformation", functions=functions, roles=roles, **kw)


def one(workload: Workload) -> FunctionExposure:
    (item,) = exposure(workload)
    return item


# -- the public surface ----------------------------------------------------------


def test_public_surface() -> None:
    assert set(exposure_module.__all__) == {
        "Doubt",
        "EntryKind",
        "EntryPoint",
        "FunctionExposure",
        "Reach",
        "ReachKind",
        "Verdict",
        "exposure",
    }
    for name in exposure_module.__all__:
        assert getattr(exposure_module, name) is not None


def test_one_item_per_function_in_source_order() -> None:
    workload = wl(role(NARROW), functions=(fn("B"), fn("A"), fn("C", role="Other")))
    assert [e.function_id for e in exposure(workload)] == ["B", "A", "C"]


# -- both halves decided ---------------------------------------------------------


def test_public_url_and_administrator_role_is_exposed() -> None:
    item = one(wl(role(ADMIN), function_urls=(url(),)))
    assert item.verdict is Verdict.EXPOSED
    assert (item.public, item.privileged) == (True, True)
    assert item.role == "AppRole"
    (entry,) = item.entry_points
    assert (entry.kind, entry.who, entry.resource, entry.location.line) == (
        EntryKind.FUNCTION_URL,
        "anyone on the internet",
        "FnUrl",
        61,
    )
    assert entry.via == "function URL (AuthType NONE)"
    (reach,) = item.reach  # administrator access stands for every other category
    assert reach.kind is ReachKind.ADMIN
    assert reach.location.line == 21


def test_public_function_with_a_narrow_role_is_not_exposed() -> None:
    item = one(wl(role(NARROW), function_urls=(url(),)))
    assert item.verdict is Verdict.NOT_EXPOSED
    assert (item.public, item.privileged) == (True, False)
    assert item.reach == () and item.reach_doubts == ()


def test_administrator_behind_an_iam_url_is_not_exposed() -> None:
    item = one(wl(role(ADMIN), function_urls=(url("AWS_IAM"),)))
    assert item.verdict is Verdict.NOT_EXPOSED
    assert (item.public, item.privileged) == (False, True)
    assert item.entry_points == ()


# -- reach categories ------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "kind", "actions"),
    [
        (
            st(actions=("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"), resources=("*",)),
            ReachKind.ESCALATION,
            ("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"),
        ),
        (st(actions=("iam:CreateUser",), resources=("*",)), ReachKind.IAM_WRITE, ("iam:CreateUser",)),
        (
            st(actions=("secretsmanager:GetSecretValue",), resources=("*",)),
            ReachKind.SECRETS,
            ("secretsmanager:GetSecretValue",),
        ),
        (
            st(actions=("ssm:GetParameter",), resources=("arn:aws:ssm:us-east-1:123456789012:parameter/*",)),
            ReachKind.SECRETS,
            ("ssm:GetParameter",),
        ),
        (st(actions=("s3:GetObject",), resources=("arn:aws:s3:::*/*",)), ReachKind.DATA, ("s3:GetObject",)),
        (
            st(actions=("dynamodb:*",), resources=("arn:aws:dynamodb:*:*:table/*",)),
            ReachKind.DATA,
            ("dynamodb:BatchGetItem",),  # the first of the table actions counted, alphabetically
        ),
        (
            st(actions=("lambda:InvokeFunction",), resources=("*",)),
            ReachKind.FUNCTIONS,
            ("lambda:InvokeFunction",),
        ),
    ],
)
def test_each_category(statement: Statement, kind: ReachKind, actions: tuple[str, ...]) -> None:
    item = one(wl(role(statement), function_urls=(url(),)))
    assert item.verdict is Verdict.EXPOSED
    assert item.reach[0].kind is kind
    assert item.reach[0].actions[: len(actions)] == actions


def test_every_action_on_one_service_is_not_administrator_access() -> None:
    s3_only = st(actions=("*",), resources=("arn:aws:s3:::*",))
    item = one(wl(role(s3_only), function_urls=(url(),)))
    assert [r.kind for r in item.reach] == [ReachKind.DATA]
    assert item.reach[0].evidence == "s3:DeleteObject, s3:GetObject, s3:PutObject on arn:aws:s3:::*"


def test_categories_come_most_dangerous_first() -> None:
    grants = st(actions=("lambda:InvokeFunction", "s3:GetObject", "secretsmanager:GetSecretValue"))
    both = Statement("Allow", actions=grants.actions, resources=("*",), location=at(20))
    item = one(wl(role(both), function_urls=(url(),)))
    assert [r.kind for r in item.reach] == [ReachKind.SECRETS, ReachKind.DATA, ReachKind.FUNCTIONS]
    assert item.reach[1].evidence == 's3:GetObject on Resource "*"'


@pytest.mark.parametrize(
    "statements",
    [
        # one bucket's objects, one table: not "every"
        (st(actions=("s3:GetObject",), resources=("arn:aws:s3:::orders/*",)),),
        # a resource-tag condition limits "*" to the function's own secrets
        (
            Statement(
                "Allow",
                actions=("secretsmanager:GetSecretValue",),
                resources=("*",),
                conditions={"stringequals": {"aws:resourcetag/app": ("orders",)}},
                location=at(20),
            ),
        ),
        # an unconditional Deny on "*" takes the action away
        (
            st(actions=("s3:*",), resources=("*",)),
            st("Deny", actions=("s3:*",), resources=("*",), line=30),
        ),
        # "deny everything but our table" keeps a table-wide grant to one table
        (
            st(actions=("dynamodb:*",), resources=("*",)),
            Statement(
                "Deny",
                actions=("dynamodb:*",),
                not_resources=("arn:aws:dynamodb:us-east-1:123456789012:table/orders",),
                location=at(30),
            ),
        ),
        # service-linked roles are the service's; an iam: condition key pins what may be written
        (st(actions=("iam:CreateServiceLinkedRole",), resources=("*",)),),
        (
            Statement(
                "Allow",
                actions=("iam:CreateRole", "iam:TagRole"),
                resources=("*",),
                conditions={"stringequals": {"iam:permissionsboundary": ("arn:aws:iam::1:policy/b",)}},
                location=at(20),
            ),
        ),
        # a Deny is a guard rail, never a grant
        (st("Deny", actions=("*",), resources=("*",)),),
    ],
)
def test_narrow_roles(statements: tuple[Statement, ...]) -> None:
    item = one(wl(role(*statements), function_urls=(url(),)))
    assert item.reach == ()
    assert item.verdict is Verdict.NOT_EXPOSED


def test_aws_managed_policy_documents_are_weighed() -> None:
    managed = Role(
        "AppRole", at(5), managed_policy_arns=(("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", at(9)),)
    )
    item = one(wl(managed, function_urls=(url(),)))
    assert item.verdict is Verdict.EXPOSED
    assert item.reach[0].kind is ReachKind.DATA
    assert item.reach[0].evidence.startswith("AmazonS3ReadOnlyAccess: s3:GetObject")
    assert item.reach[0].location.line == 9


def test_a_role_shared_by_functions_is_weighed_once() -> None:
    first, second = exposure(wl(role(ADMIN), functions=(fn("A"), fn("B"))))
    assert first.reach is second.reach


# -- undecided halves ------------------------------------------------------------


def test_unknown_auth_type_with_broad_role_is_undecided() -> None:
    item = one(wl(role(ADMIN), function_urls=(url(Unknown("parameter AuthType has no default")),)))
    assert item.verdict is Verdict.UNDECIDED
    assert item.public is None
    assert item.entry_points[0].undecided == "parameter AuthType has no default"


def test_unknown_auth_type_with_narrow_role_is_not_exposed() -> None:
    item = one(wl(role(NARROW), function_urls=(url(Unknown("no default")),)))
    assert item.verdict is Verdict.NOT_EXPOSED


def test_unknown_resource_leaves_the_reach_undecided() -> None:
    pending = st(actions=("secretsmanager:GetSecretValue",), resources=(Unknown("parameter SecretArn"),))
    item = one(wl(role(pending), function_urls=(url(),)))
    assert item.verdict is Verdict.UNDECIDED
    assert item.privileged is None
    assert [(d.location.line, d.reason) for d in item.reach_doubts] == [
        (22, "policy AppPolicy: parameter SecretArn")
    ]


def test_unknown_resource_on_named_actions_elsewhere_does_not_hide_a_reach() -> None:
    pending = st(actions=("secretsmanager:GetSecretValue",), resources=(Unknown("parameter SecretArn"),))
    broad = st(actions=("s3:GetObject",), resources=("*",), line=30)
    item = one(wl(role(pending, broad), function_urls=(url(),)))
    assert item.verdict is Verdict.EXPOSED
    assert item.reach[0].kind is ReachKind.DATA


def test_role_outside_the_workload_is_undecided() -> None:
    outside = fn(role=Derived("arn:aws:iam::123456789012:role/shared", "sub"))
    item = one(wl(functions=(outside,), function_urls=(url(),)))
    assert item.verdict is Verdict.UNDECIDED
    assert item.role is None
    assert item.reach_doubts[0].location.line == 42
    assert "is not declared in template.yaml" in item.reach_doubts[0].reason


def test_unresolved_policy_and_customer_managed_arn_are_doubts() -> None:
    pending = Role(
        "AppRole",
        at(5),
        policies=(Policy("Later", Unknown("Fn::ImportValue"), at(12)),),
        managed_policy_arns=(("arn:aws:iam::123456789012:policy/team", at(14)),),
    )
    item = one(wl(pending, function_urls=(url(),)))
    assert item.verdict is Verdict.UNDECIDED
    assert [d.location.line for d in item.reach_doubts] == [12, 14]


def test_a_permissions_boundary_turns_the_reach_into_a_doubt() -> None:
    bounded = role(ADMIN, permissions_boundary="arn:aws:iam::123456789012:policy/boundary")
    item = one(wl(bounded, function_urls=(url(),)))
    assert item.verdict is Verdict.UNDECIDED
    assert item.reach == ()
    assert "permissions boundary" in item.reach_doubts[0].reason


# -- entry points ----------------------------------------------------------------


def _api(*routes: Route, **kw: Any) -> Api:
    return Api("Api", ApiKind.REST, at(70), routes=routes, **kw)


def _route(authorization: Any = "NONE", method: str = "POST") -> Route:
    return Route("Api", method, "/orders", authorization, at(75), function_id="Fn")


def test_open_route_is_an_entry_point() -> None:
    item = one(wl(role(ADMIN), apis=(_api(_route()),)))
    (entry,) = item.entry_points
    assert (entry.kind, entry.via, entry.location.line) == (
        EntryKind.API_ROUTE,
        "route POST /orders of API Api (no authorization)",
        75,
    )
    assert item.verdict is Verdict.EXPOSED


@pytest.mark.parametrize(
    "api",
    [
        _api(_route("COGNITO_USER_POOLS")),
        _api(_route("JWT")),
        _api(_route(method="OPTIONS")),
        _api(_route(), endpoint_type="PRIVATE"),
        _api(_route(None), default_authorizer="Users"),
    ],
)
def test_authenticated_or_private_routes_are_not_entry_points(api: Api) -> None:
    item = one(wl(role(ADMIN), apis=(api,)))
    assert item.entry_points == ()
    assert item.verdict is Verdict.NOT_EXPOSED


def _permission(principal: Any, **kw: Any) -> Permission:
    return Permission(
        "Perm", at(80), "Fn", "lambda:InvokeFunction", principal, field_lines={"Principal": 83}, **kw
    )


@pytest.mark.parametrize(
    ("permission", "who"),
    [
        (_permission("*"), "any AWS account"),
        (_permission("sns.amazonaws.com"), "any AWS account through sns.amazonaws.com"),
        (_permission("alexa-appkit.amazon.com"), "any Alexa skill"),
        (
            _permission("sqs.amazonaws.com", source_arn="arn:aws:sqs:us-east-1:*:jobs"),
            "any AWS account through sqs.amazonaws.com",
        ),
    ],
)
def test_open_permissions(permission: Permission, who: str) -> None:
    item = one(wl(role(ADMIN), permissions=(permission,)))
    (entry,) = item.entry_points
    assert (entry.kind, entry.who, entry.location.line) == (EntryKind.PERMISSION, who, 83)
    assert item.verdict is Verdict.EXPOSED


@pytest.mark.parametrize(
    "permission",
    [
        _permission("sns.amazonaws.com", source_arn=Derived("${Topic}", "ref", frozenset({"Topic"}))),
        _permission("s3.amazonaws.com", source_account=Derived("${AWS::AccountId}", "pseudo")),
        # an S3 ARN carries no account, but the bucket name is its owner's: FG-AC-005's finding only
        _permission("s3.amazonaws.com", source_arn="arn:aws:s3:::uploads"),
        _permission("*", principal_org_id="o-abc123"),
        _permission("123456789012"),
    ],
)
def test_narrowed_permissions_are_not_entry_points(permission: Permission) -> None:
    item = one(wl(role(ADMIN), permissions=(permission,)))
    assert item.entry_points == ()


def test_unknown_principal_is_a_possible_entry_point() -> None:
    item = one(wl(role(ADMIN), permissions=(_permission(Unknown("parameter Caller has no default")),)))
    assert item.verdict is Verdict.UNDECIDED
    assert item.entry_points[0].undecided == "parameter Caller has no default"


def _bucket(statement: Statement, **kw: Any) -> Bucket:
    return Bucket("Uploads", at(90), policy=Policy("UploadsPolicy", (statement,), at(95)), **kw)


_PUBLIC_WRITE = st(
    actions=("s3:PutObject",),
    resources=("arn:aws:s3:::uploads/*",),
    principals=(Principal("*", "*"),),
    line=96,
)
_TRIGGER = Trigger(TriggerKind.S3, "Fn", at(92), "Uploads")


def test_bucket_anyone_can_write_is_an_entry_point() -> None:
    item = one(wl(role(ADMIN), buckets=(_bucket(_PUBLIC_WRITE),), triggers=(_TRIGGER,)))
    (entry,) = item.entry_points
    assert (entry.kind, entry.resource, entry.location.line) == (EntryKind.BUCKET, "Uploads", 99)
    assert item.verdict is Verdict.EXPOSED


@pytest.mark.parametrize(
    "bucket",
    [
        _bucket(_PUBLIC_WRITE, restrict_public=True),
        _bucket(
            st(
                actions=("s3:GetObject",),
                resources=("arn:aws:s3:::uploads/*",),
                principals=(Principal("*", "*"),),
            )
        ),
        Bucket("Uploads", at(90)),
    ],
)
def test_buckets_not_open_for_writing(bucket: Bucket) -> None:
    item = one(wl(role(ADMIN), buckets=(bucket,), triggers=(_TRIGGER,)))
    assert item.entry_points == ()


def test_open_entry_points_come_before_possible_ones() -> None:
    workload = wl(
        role(ADMIN),
        function_urls=(url(Unknown("no default")),),
        apis=(_api(_route()),),
    )
    item = one(workload)
    assert [e.kind for e in item.entry_points] == [EntryKind.API_ROUTE, EntryKind.FUNCTION_URL]
    assert [e.kind for e in item.open_entry_points] == [EntryKind.API_ROUTE]
    assert item.verdict is Verdict.EXPOSED


# -- real templates --------------------------------------------------------------


def _load(path: Path) -> Workload:
    (candidate,) = [c for c in discover([str(path)]) if isinstance(c, Candidate)]
    workload = load_file(candidate, ScanOptions(paths=[str(path)]))
    assert workload is not None
    return workload


def test_sam_template_end_to_end() -> None:
    items = {e.function_id: e for e in exposure(_load(FIXTURES / "sam_public_paths.yaml"))}
    assert {k: v.verdict for k, v in items.items()} == {
        "OrdersFunction": Verdict.EXPOSED,
        "ReportsFunction": Verdict.EXPOSED,
        "NotifierFunction": Verdict.EXPOSED,
    }
    assert items["OrdersFunction"].reach[0].kind is ReachKind.ESCALATION
    assert items["ReportsFunction"].entry_points[0].kind is EntryKind.API_ROUTE
    assert items["NotifierFunction"].reach[0].kind is ReachKind.SECRETS


def test_lookalike_template_end_to_end() -> None:
    items = {e.function_id: e for e in exposure(_load(FIXTURES / "sam_lookalike.yaml"))}
    assert items["LookupFunction"].verdict is Verdict.NOT_EXPOSED
    assert items["LookupFunction"].public is True
    assert items["OpsFunction"].privileged is True and items["OpsFunction"].public is False
    assert items["OrdersFunction"].public is False
    assert items["SettingsFunction"].public is False
    assert items["FanoutFunction"].public is False
    assert items["AuditFunction"].verdict is Verdict.UNDECIDED
    assert items["ArchiveFunction"].verdict is Verdict.UNDECIDED


# -- FG-AC-014 on top of the view ------------------------------------------------


def test_rule_names_the_whole_path_at_the_entry_point() -> None:
    from faasguard.rules._rule import Hit
    from faasguard.rules.access.exposure import public_privileged_function

    escalate = st(
        actions=("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"), resources=("*",)
    )
    workload = wl(
        role(escalate, rid="OrdersRole"), functions=(fn(role="OrdersRole"),), function_urls=(url(),)
    )
    (hit,) = public_privileged_function.check(workload)
    assert isinstance(hit, Hit)
    assert (hit.resource, hit.location.line) == ("Fn", 61)
    assert hit.message.startswith(
        "anyone on the internet → function URL (AuthType NONE) → Fn → role OrdersRole → "
        "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction: create and run a function"
    )
    assert hit.message.endswith("(privilege escalation); the role also: invokes or updates every function")


def test_rule_reports_undecided_at_the_value_that_decides() -> None:
    from faasguard.rules._rule import Undecided
    from faasguard.rules.access.exposure import public_privileged_function

    pending = st(actions=("secretsmanager:GetSecretValue",), resources=(Unknown("parameter SecretArn"),))
    (public_side,) = public_privileged_function.check(wl(role(pending), function_urls=(url(),)))
    assert isinstance(public_side, Undecided)
    assert public_side.location.line == 22
    assert "parameter SecretArn" in public_side.reason
    maybe_open = wl(role(ADMIN), function_urls=(url(Unknown("parameter Auth has no default")),))
    (entry_side,) = public_privileged_function.check(maybe_open)
    assert isinstance(entry_side, Undecided)
    assert entry_side.location.line == 61
    assert entry_side.reason.startswith("role AppRole has administrator access")
    assert list(public_privileged_function.check(wl(role(NARROW), function_urls=(url(),)))) == []
